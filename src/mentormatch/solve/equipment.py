"""Lending tablets and 4G keys jointly with the pairing: Lagrangian bound, MILP, certificate.

A pupil who accepts remote sessions but lacks a device or a connection (as the
policy requires them) may be paired remotely when the missing items are lent
from a stock covering them (:class:`~mentormatch.domain.equipment.EquipmentStock`:
their territory, their association or ``"*"``). Stocks couple the pupils of a
scope, so the problem is a min-cost flow with side constraints:

* **lendable pairs** ``L``: the pairs that are not feasible today and become
  feasible, meeting remotely, once the pupil has a device and a connection
  (:func:`build_lending`; a pair feasible today is never given a loan, so no
  item goes to a pupil who has it or who is paired in person);
* each used lendable pair lends the pupil's missing items, each item from one
  stock covering the pupil that holds that kind: the stock is a decision
  ``y[s, t, k]`` of the model, ``sum_s y[s, t, k] <= stock[k, t]``;
* objective, lexicographic: priority weight matched, then cost (one objective
  with the network's ``BIG``), then fewest items lent.

**Method** (:func:`solve_with_equipment`; ``docs/equipment.md``). With prices
``lambda[k, t] >= 0`` on the stocks, every lendable arc of pupil ``s`` costs
``sum_t min_k lambda[k, t]`` more and the match is a pure flow again, solved
exactly against the full graph by the flow engine
(:func:`~mentormatch.solve.loop.solve_with_pricing`); ``L(lambda) = optimum -
sum lambda * stock`` bounds every solution (weak duality).

1. Small problems (:data:`FULL_MILP_TRIPLES`): one MILP (HiGHS,
   :func:`scipy.optimize.milp`) on the whole feasible graph with the stock rows.
2. Otherwise rounds: a flow-engine solve at the current prices (first: none, the
   relaxation with unlimited stock) gives a bound; the MILP on that solve's tight
   arcs (reduced-cost fixing, :func:`_fixing`) gives a solution, optimal when it
   meets the bound; the next prices clear the stocks (first round,
   :func:`_clearing_multipliers`), then are the stock duals of the LP over every
   arc the flow solves produced (column generation on the Lagrangian dual).
   With no new prices the MILP's window widens until it has a solution and the
   gap is reported.
3. A gap left (in any round, or after the large problems' reserved-loan solve)
   is closed exactly when small: the arcs whose reduced cost in the best bound's
   solve exceeds the gap keep that solve's flow in every better solution
   (:func:`_fixing_closure`), so the MILP over the others and the pruned pairs
   within the gap is the optimum.

Every MILP solution is checked exactly in integers before it is used.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeWarning, linprog, milp

from mentormatch._arrays import lexsort_int
from mentormatch._backends import BackendChoice
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.candidates.quantise import MAX_ARC_COST
from mentormatch.candidates.rules.modality import accepts_remote
from mentormatch.domain.equipment import ITEMS, EquipmentStock
from mentormatch.errors import InternalError
from mentormatch.network import (
    Network,
    SlotArcs,
    build_network,
    expand_sessions,
    lexicographic_big,
    mentor_load_costs,
)
from mentormatch.solve.loop import SolveOutcome, solve_with_pricing
from mentormatch.solve.pricing import price
from mentormatch.solve.reduction import warm_potentials

_log = logging.getLogger(__name__)

__all__ = ["FULL_MILP_TRIPLES", "LP_MAX_ARCS", "MAX_ROUNDS", "WIDEN", "WINDOW_LIMIT",
           "EquipmentOutcome", "Lending", "build_lending", "solve_with_equipment"]

#: Up to this many (pupil, volunteer, session) triples in the whole feasible graph
#: (lendable pairs included), the MILP is solved on all of them: exact by itself.
FULL_MILP_TRIPLES = 20_000
#: When the Lagrangian rounds end with a gap (an integrality gap the Lagrangian bound cannot
#: close), the whole-graph MILP closes it up to this many triples; beyond, the gap is reported.
FALLBACK_MILP_TRIPLES = 200_000

#: Beyond this many arcs over all the flow solves, the LP giving the next multipliers is not
#: solved (its interior point grows faster than linearly: 13 s for 100,000 arcs at 3,000
#: pupils); the clearing prices of each solve are used while the bound improves.
LP_MAX_ARCS = 250_000

#: Options of the LP's interior point (HiGHS names, passed on verbatim). No crossover to a
#: vertex: the multipliers only need to be good, not extreme (any give a valid bound), and
#: the crossover took about half the LP's time at 3,000 pupils for the same certificate.
LP_OPTIONS: dict[str, object] = {"run_crossover": "off"}

#: Most restricted-MILP / Lagrangian rounds before the certificate reports a gap.
MAX_ROUNDS = 6

#: A restricted MILP without solution is retried with its reduced-cost window this many
#: times wider (starting from the largest pair cost) ...
WIDEN = 8

#: ... until the window exceeds this many times ``BIG``; then with every arc free.
WINDOW_LIMIT = 4


@dataclass(frozen=True)
class Lending:
    """What may be lent, to whom, from where, and the pairs it makes possible.

    Attributes
    ----------
    scopes : tuple of str
        Scope of each stock (row of ``stock``).
    stock : (n_scopes, 2) int64
        Devices and connections of each stock.
    need : (n_s, 2) bool
        Items each pupil needs lent to meet remotely (False for pupils who
        cannot be helped: no stock covering them holds what they lack).
    cover : (n_s, n_scopes, 2) bool
        Stock ``k`` covers pupil ``s`` and holds items of kind ``t`` the pupil needs.
    enc_lent : Encoded
        The problem with a device and a connection given to every pupil of ``need``.
    pairs : FeasiblePairs
        The lendable pairs (feasible with the loan, not without), their cost
        with the pupil meeting remotely; sorted by pupil, cost, volunteer.
    """

    scopes: tuple[str, ...]
    stock: NDArray[np.int64]
    need: NDArray[np.bool_]
    cover: NDArray[np.bool_]
    enc_lent: Encoded
    pairs: FeasiblePairs

    @property
    def items_needed(self) -> NDArray[np.int64]:
        """Items each pupil would be lent (0, 1 or 2)."""
        return self.need.sum(axis=1).astype(np.int64)


@dataclass(frozen=True)
class EquipmentOutcome:
    """The joint solve: the final :class:`SolveOutcome`, what is lent, bounds and multipliers.

    Attributes
    ----------
    outcome : SolveOutcome
        Network, flow and certificate figures of the final solution (true costs).
    lent : dict of int to tuple of (str, str)
        Pupil index → ``(item, scope)`` of each item lent.
    lambdas : (n_scopes, 2) int64
        Lagrange multipliers of the stocks (objective units per item).
    big : int
        The objective's ``BIG`` (one priority weight unit).
    bound_kind : str
        What proved the bound: ``"relaxation"``, ``"lagrangian"``, ``"milp"`` or
        ``"fixing"`` (:func:`_fixing_closure`).
    rounds, engine_solves : int
    milp_vars : int
        Variables of the last restricted MILP.
    items_optimal : bool
        The third tier (fewest items) was solved to optimality on the MILP's arcs.
    timings : dict
    """

    outcome: SolveOutcome
    lent: dict[int, tuple[tuple[str, str], ...]]
    lambdas: NDArray[np.int64]
    big: int
    bound_kind: str
    rounds: int
    engine_solves: int
    milp_vars: int
    items_optimal: bool
    timings: dict[str, float] = field(default_factory=dict)


def _missing(enc: Encoded) -> NDArray[np.bool_]:
    """(n_s, 2): the pupil accepts remote sessions but lacks the item the policy requires."""
    policy = enc.problem.policy
    remote = accepts_remote(enc.s_modes)
    dev = remote & ~enc.s_device & bool(policy.remote_requires_device)
    con = remote & ~enc.s_connection & bool(policy.remote_requires_connection)
    return np.column_stack([dev, con])


def scope_cover(enc: Encoded, scopes: Sequence[str]) -> NDArray[np.bool_]:
    """(n_s, n_scopes): stock ``k`` covers pupil ``s`` (territory, association or ``"*"``)."""
    out = np.zeros((enc.n_s, len(scopes)), dtype=bool)
    index = {sc: k for k, sc in enumerate(scopes)}
    for s, st in enumerate(enc.students):   # linear in pupils, not pupils × volunteers
        if "*" in index:
            out[s, index["*"]] = True
        terr = st.location.territory if st.location is not None else None
        for key in (terr, st.association):
            if key is not None and key in index:
                out[s, index[key]] = True
    return out


def build_lending(enc: Encoded, fp: FeasiblePairs,
                  stocks: Sequence[EquipmentStock]) -> Lending | None:
    """The lendable pairs of a problem, or None when no loan can make any pair.

    A pupil can be helped when, for each item they lack, some stock covering
    them holds that kind. The feasible graph of those pupils alone
    (:func:`_pupil_subset`) is enumerated once more with a device and a connection
    given to them; their pairs not in ``fp`` are the lendable pairs (a pair already
    feasible, in person, keeps its cost and gets no loan).
    """
    scopes = tuple(st.scope for st in stocks)
    stock = np.array([[st.devices, st.connections] for st in stocks],
                     dtype=np.int64).reshape(len(stocks), 2)
    missing = _missing(enc)
    cov = scope_cover(enc, scopes)
    cover = cov[:, :, None] & (stock > 0)[None, :, :] & missing[:, None, :]
    helped = missing.any(axis=1) & np.all(~missing | cover.any(axis=1), axis=1)
    if not helped.any():
        return None
    need = missing & helped[:, None]
    cover &= helped[:, None, None]
    enc_lent = dataclasses.replace(enc, s_device=enc.s_device | helped,
                                   s_connection=enc.s_connection | helped)
    if SUBSET_ENUMERATION:
        # only the helped pupils' pairs are needed: enumerate them alone (a third of the
        # pupils at the benchmark's sizes: a third of the time and memory)
        ids = np.flatnonzero(helped)
        full = feasible_pairs(_pupil_subset(enc_lent, ids), memory_budget=None)
        full = FeasiblePairs(ids[full.si].astype(np.int32), full.mi, full.cost,
                             full.session_cost, full.session_limit)
        rows = np.arange(len(full.si))
    else:
        full = feasible_pairs(enc_lent, memory_budget=None)
        rows = np.flatnonzero(helped[full.si])
    key_full = full.si[rows].astype(np.int64) * enc.n_m + full.mi[rows]
    mine = np.flatnonzero(helped[fp.si])
    key_fp = np.sort(fp.si[mine].astype(np.int64) * enc.n_m + fp.mi[mine])
    new = rows[~_member(key_fp, key_full)]
    pairs = FeasiblePairs(full.si[new], full.mi[new], full.cost[new], fp.session_cost)
    return Lending(scopes, stock, need, cover, enc_lent, pairs)


#: Enumerate the lendable pairs on the helped pupils alone (:func:`_pupil_subset`); tests
#: compare it with the enumeration of every pupil.
SUBSET_ENUMERATION = True


def _pupil_subset(enc: Encoded, ids: NDArray[np.int64]) -> Encoded:
    """``enc`` restricted to the pupils ``ids`` (sorted; canonical order kept), same volunteers.

    Every pupil array is taken at ``ids``, the excluded and same-person pair keys
    (``s * n_m + m``) renumbered; a pair's feasibility and cost depend only on its
    pupil's and volunteer's data, so the pairs of the subset are those of ``enc``.
    """
    pos = np.full(enc.n_s, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))

    def keys(k: NDArray[np.int64]) -> NDArray[np.int64]:
        s, m = k // enc.n_m, k % enc.n_m
        keep = pos[s] >= 0
        return np.sort(pos[s[keep]] * enc.n_m + m[keep])

    arrays = {f.name: getattr(enc, f.name)[ids] for f in dataclasses.fields(enc)
              if f.name.startswith("s_")}
    return dataclasses.replace(
        enc, student_ids=tuple(enc.student_ids[i] for i in ids.tolist()),
        students=tuple(enc.students[i] for i in ids.tolist()),
        excluded_keys=keys(enc.excluded_keys), self_keys=keys(enc.self_keys), **arrays)


def _member(sorted_keys: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.bool_]:
    if not sorted_keys.size:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[pos] == keys


def _merged(fp: FeasiblePairs, lend: Lending, extra: NDArray[np.int64] | None
            ) -> tuple[FeasiblePairs, NDArray[np.int64]]:
    """``fp`` plus the lendable pairs (their cost raised by ``extra[s]``), sorted; and lend keys.

    The two sorted parts are merged by placing each lendable pair at its final
    position (:func:`_merge_positions`) and filling the others in order: memory
    holds the output and a mask, not an order over every pair.
    """
    lp = lend.pairs
    cost = lp.cost.astype(np.int64)
    if extra is not None:
        cost = cost + extra[lp.si]
    n_m = lend.enc_lent.n_m
    keys = np.sort(lp.si.astype(np.int64) * n_m + lp.mi)
    pos = _merge_positions((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
    if pos is None:   # keys do not pack into one int64 (never at the benchmark's sizes)
        order = _merge_order((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
        si = np.concatenate([fp.si, lp.si])[order]
        mi = np.concatenate([fp.mi, lp.mi])[order]
        c = np.concatenate([fp.cost.astype(np.int64), cost])[order].astype(np.int32)
        return FeasiblePairs(si, mi, c, fp.session_cost), keys
    n = len(fp.si) + len(lp.si)
    is_a = np.ones(n, dtype=bool)
    is_a[pos] = False
    out = []
    for x, y in ((fp.si, lp.si), (fp.mi, lp.mi), (fp.cost, cost)):
        col = np.empty(n, dtype=np.int32)
        col[pos] = y
        col[is_a] = x
        out.append(col)
    return FeasiblePairs(out[0], out[1], out[2], fp.session_cost), keys


#: Rows of the larger part packed at a time by :func:`_merge_positions`.
MERGE_CHUNK = 1 << 22


def _merge_positions(a: tuple[NDArray[np.integer], ...], b: tuple[NDArray[np.integer], ...]
                     ) -> NDArray[np.int64] | None:
    """Final position of each row of ``b`` in the merge of ``a`` and ``b``, or None.

    Both are sorted by (pupil, cost, volunteer) and hold no common row (a
    per-pupil constant added to ``b``'s costs keeps it sorted). When the keys
    pack into one int64, each row of ``b`` is placed by a binary search in
    ``a``'s packed keys, :data:`MERGE_CHUNK` rows of ``a`` at a time (linear,
    instead of sorting ~45 million pairs at 30,000 pupils, and without an int64
    copy of every pair). None when the keys do not pack or a part is not sorted
    (never expected): the caller sorts.
    """
    n_a, n_b = len(a[0]), len(b[0])
    if n_b == 0:
        return np.zeros(0, dtype=np.int64)
    if n_a == 0:
        return np.arange(n_b, dtype=np.int64)
    lows = [min(int(x.min()), int(y.min())) for x, y in zip(a, b, strict=True)]
    highs = [max(int(x.max()), int(y.max())) for x, y in zip(a, b, strict=True)]
    widths = [(hi - lo).bit_length() for lo, hi in zip(lows, highs, strict=True)]
    if sum(widths) > 62:
        return None

    def pack(cols: tuple[NDArray[np.integer], ...], rows: slice | NDArray[np.int64]
             ) -> NDArray[np.int64]:
        k = (np.asarray(cols[0][rows], dtype=np.int64) - lows[0]) << (widths[1] + widths[2])
        k |= (np.asarray(cols[1][rows], dtype=np.int64) - lows[1]) << widths[2]
        k |= np.asarray(cols[2][rows], dtype=np.int64) - lows[2]
        return k

    kb = pack(b, slice(None))
    if np.any(kb[1:] < kb[:-1]):
        return None
    starts = np.arange(0, n_a, MERGE_CHUNK, dtype=np.int64)
    chunk = np.maximum(np.searchsorted(pack(a, starts), kb, side="right") - 1, 0)
    bounds = np.searchsorted(chunk, np.arange(len(starts) + 1))
    pos = np.empty(n_b, dtype=np.int64)
    last = -1
    for j, s0 in enumerate(starts.tolist()):
        ka = pack(a, slice(s0, min(s0 + MERGE_CHUNK, n_a)))
        if ka[0] < last or np.any(ka[1:] < ka[:-1]):
            return None
        last = int(ka[-1])
        lo_b, hi_b = int(bounds[j]), int(bounds[j + 1])
        pos[lo_b:hi_b] = s0 + np.searchsorted(ka, kb[lo_b:hi_b])
    return pos + np.arange(n_b, dtype=np.int64)


def _merge_order(a: tuple[NDArray[np.integer], ...], b: tuple[NDArray[np.integer], ...]
                 ) -> NDArray[np.int64]:
    """Order of ``a`` then ``b`` (each sorted by (pupil, cost, volunteer)) merged into one.

    The same order as ``np.lexsort`` of the concatenation (the two hold no common
    pair, so no key ties across them): from :func:`_merge_positions`, else a sort.
    """
    n_a, n_b = len(a[0]), len(b[0])
    pos_b = _merge_positions(a, b)
    if pos_b is None:
        cols = [np.concatenate([np.asarray(x, dtype=np.int64), np.asarray(y, dtype=np.int64)])
                for x, y in zip(a, b, strict=True)]
        return lexsort_int((cols[2], cols[1], cols[0]))
    order = np.empty(n_a + n_b, dtype=np.int64)
    is_b = np.zeros(n_a + n_b, dtype=bool)
    is_b[pos_b] = True
    order[pos_b] = n_a + np.arange(n_b)
    order[~is_b] = np.arange(n_a)
    return order


def _all_triples(enc: Encoded, fp: FeasiblePairs) -> SlotArcs:
    """Every (pupil, volunteer, session) of a feasible graph, with its arc cost."""
    si = fp.si.astype(np.int64)
    mi = fp.mi.astype(np.int64)
    row, blk = expand_sessions(enc.s_avail[si] & enc.m_avail[mi], enc.n_blocks)
    cost = fp.cost[row].astype(np.int64) + fp.session_cost[
        enc.s_primary[si[row]].astype(np.int64), blk]
    return SlotArcs(si[row], mi[row], blk, cost)


def _n_triples(enc: Encoded, fp: FeasiblePairs) -> int:
    """(pupil, volunteer, session) triples of a feasible graph, :data:`MERGE_CHUNK` pairs at a time.

    (In one piece its temporaries were the joint solve's peak of memory at 30,000 pupils.)
    """
    total = 0
    for lo in range(0, len(fp.si), MERGE_CHUNK):
        rows = slice(lo, lo + MERGE_CHUNK)
        common = enc.s_avail[fp.si[rows]] & enc.m_avail[fp.mi[rows]]
        total += int(np.bitwise_count(common).sum(dtype=np.int64))
    return total


def _union(a: SlotArcs, b: SlotArcs, n_m: int, n_blocks: int) -> SlotArcs:
    si = np.concatenate([a.si, b.si])
    mi = np.concatenate([a.mi, b.mi])
    blk = np.concatenate([a.block, b.block])
    cost = np.concatenate([a.cost, b.cost])
    _, first = np.unique((si * n_m + mi) * n_blocks + blk, return_index=True)
    return SlotArcs(si[first], mi[first], blk[first], cost[first])


def _true_cost(arcs: SlotArcs, lend_keys: NDArray[np.int64], extra: NDArray[np.int64] | None,
               n_m: int) -> SlotArcs:
    """Arcs of a Lagrangian solve with the multipliers taken off their cost."""
    if extra is None:
        return arcs
    is_lend = _member(lend_keys, arcs.si * n_m + arcs.mi)
    return SlotArcs(arcs.si, arcs.mi, arcs.block, arcs.cost - np.where(is_lend, extra[arcs.si], 0))


@dataclass(frozen=True)
class _Model:
    """A MILP over a network's free arcs, then one ``y`` per (pupil, item, stock).

    Arcs not free are fixed at ``x_fixed`` (their reduced cost is beyond the
    window, :func:`_fixing`); rows are the network's nodes, one link row per
    (pupil, item) — ``sum_k y[s, t, k] = lendable arcs of s used`` — and one
    stock row per (stock, item).
    """

    net: Network
    c: NDArray[np.float64]
    items: NDArray[np.float64]
    a: sp.csr_matrix
    lo: NDArray[np.float64]
    hi: NDArray[np.float64]
    upper: NDArray[np.float64]
    free: NDArray[np.int64]
    x_fixed: NDArray[np.int64]
    n_eq: int
    y_s: NDArray[np.int64]
    y_t: NDArray[np.int64]
    y_k: NDArray[np.int64]
    is_lend: NDArray[np.bool_]

    @property
    def n_free(self) -> int:
        """Free arc columns (the ``y`` columns follow)."""
        return len(self.free)

    def full(self, z: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Arc flow over every arc of the network, and ``y``, from a solution ``z``."""
        x = self.x_fixed.copy()
        x[self.free] = z[: self.n_free]
        return x, z[self.n_free:]


def _model(enc: Encoded, lend: Lending, net: Network, arcs: SlotArcs,
           lend_keys: NDArray[np.int64], fixed: NDArray[np.int64] | None = None) -> _Model:
    """The MILP of ``net`` (true costs) with the stocks; ``fixed``: -1 free, else the flow."""
    n_nodes, n_arcs = len(net.supply), len(net.tail)
    is_lend = np.zeros(n_arcs, dtype=bool)
    is_lend[: net.n_pair_arcs] = _member(lend_keys, arcs.si * enc.n_m + arcs.mi)
    if fixed is None:
        fixed = np.full(n_arcs, -1, dtype=np.int64)
    free = np.flatnonzero(fixed < 0)
    x_fixed = np.maximum(fixed, 0)
    col = np.full(n_arcs, -1, dtype=np.int64)
    col[free] = np.arange(len(free))
    lend_all = np.flatnonzero(is_lend)
    pupil_all = arcs.si[lend_all]
    ps = np.unique(pupil_all)
    # y variables: pupils with a lendable arc here, each item they need, each stock holding it
    ys, yk, yt = np.nonzero(lend.cover[ps])
    ys = ps[ys]
    n_y = len(ys)
    link_s, link_t = np.nonzero(lend.need[ps])
    link_s = ps[link_s]
    link_key = link_s * 2 + link_t   # sorted: np.nonzero is row-major
    n_link = len(link_s)
    nf = len(free)
    rows = [net.tail[free], net.head[free]]
    cols = [np.arange(nf), np.arange(nf)]
    vals = [np.ones(nf), -np.ones(nf)]
    balance = net.supply.astype(np.int64) - np.bincount(
        net.tail, weights=x_fixed, minlength=n_nodes).astype(np.int64) + np.bincount(
        net.head, weights=x_fixed, minlength=n_nodes).astype(np.int64)
    r0 = n_nodes
    rows.append(r0 + np.searchsorted(link_key, ys * 2 + yt))
    cols.append(nf + np.arange(n_y))
    vals.append(np.ones(n_y))
    link_rhs = np.zeros(n_link, dtype=np.int64)
    first = np.searchsorted(link_s, pupil_all, side="left")
    last = np.searchsorted(link_s, pupil_all, side="right")
    for j in range(2):   # a pupil has at most two link rows
        has = first + j < last
        arc = lend_all[has]
        row = first[has] + j
        is_free = col[arc] >= 0
        rows.append(r0 + row[is_free])
        cols.append(col[arc[is_free]])
        vals.append(-np.ones(int(is_free.sum())))
        np.add.at(link_rhs, row[~is_free], x_fixed[arc[~is_free]])
    r1 = r0 + n_link
    n_scopes = len(lend.scopes)
    rows.append(r1 + yk * 2 + yt)
    cols.append(nf + np.arange(n_y))
    vals.append(np.ones(n_y))
    a = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(r1 + 2 * n_scopes, nf + n_y))
    lo = np.concatenate([balance, link_rhs, np.full(2 * n_scopes, -np.inf)]).astype(np.float64)
    hi = np.concatenate([balance, link_rhs, lend.stock.reshape(-1)]).astype(np.float64)
    c = np.concatenate([net.cost[free].astype(np.float64), np.zeros(n_y)])
    items = np.concatenate([np.zeros(nf), np.ones(n_y)])
    upper = np.concatenate([net.capacity[free].astype(np.float64), np.ones(n_y)])
    return _Model(net, c, items, a, lo, hi, upper, free, x_fixed, n_nodes + n_link, ys, yt, yk,
                  is_lend)


def _lp_multipliers(m: _Model, n_scopes: int) -> NDArray[np.float64] | None:
    """Duals of the stock rows in the LP relaxation (objective units per item, >= 0).

    Interior point without crossover (:data:`LP_OPTIONS`; faster than simplex here,
    measured at 3,000 pupils): any multipliers give a valid bound, so their
    precision only affects the rounds.
    """
    if not len(m.c):
        return None
    eq, ineq = slice(0, m.n_eq), slice(m.n_eq, None)
    with warnings.catch_warnings():
        # HiGHS options scipy does not name are passed on verbatim (with a warning)
        warnings.simplefilter("ignore", OptimizeWarning)
        res = linprog(m.c, A_ub=m.a[ineq], b_ub=m.hi[ineq], A_eq=m.a[eq], b_eq=m.hi[eq],
                      bounds=np.column_stack([np.zeros(len(m.c)), m.upper]),
                      method="highs-ipm", options=dict(LP_OPTIONS))
    if res.status != 0 or res.ineqlin is None:
        return None
    return np.maximum(-np.asarray(res.ineqlin.marginals, dtype=np.float64), 0).reshape(
        n_scopes, 2)


#: The exact closing step (:func:`_fixing_closure`) runs when at most this many arcs of the
#: bound's network (and pruned pairs) have a reduced cost within the gap.
CLOSE_MAX_FREE = 50_000
#: Most pruned triples within the gap enumerated per pupil (the pricing's buffers are
#: pupils × this); a pupil with more leaves the closing step out.
CLOSE_PER_PUPIL = 64
#: The closing step is tried (tests switch it off to show what it closes).
CLOSE = True


def _fixing_closure(enc: Encoded, fp: FeasiblePairs, lend: Lending,
                    lend_keys: NDArray[np.int64], bout: SolveOutcome, blam: NDArray[np.int64],
                    upper: int, big: int, load_int: list[NDArray[np.int64]]
                    ) -> tuple[_Model, SlotArcs] | None:
    """The MILP that closes a gap exactly: reduced-cost fixing against a Lagrangian bound.

    ``bout`` is a certified flow-engine solve at multipliers ``blam`` (flow ``x*``,
    potentials ``pi`` dual feasible for the *full* graph) and ``L = cost_lam(x*) -
    lam . stock`` its bound. For every flow ``x`` respecting the stocks, ``cost(x) >=
    cost_lam(x) - lam . stock = L + sum_a |rc_a| |x_a - x*_a|`` (complementary
    slackness makes every term non-negative). So every solution of cost at most
    ``upper`` (the best one found) differs from ``x*`` only on arcs with ``|rc| <=
    upper - L``: the MILP with the other arcs of the network fixed at ``x*``, plus the
    pruned triples of reduced cost at most ``upper - L`` (found by the flow engine's
    pricing, every session of their pairs added), holds every optimal solution. Its
    optimum is the optimum — for the third tier too. Returns the model and its arcs
    (true costs), or None when the window holds more than :data:`CLOSE_MAX_FREE`
    arcs (or a cost cap restricts sessions: not handled here).
    """
    if not bout.optimal or fp.session_limit is not None:
        return None
    window = upper - (bout.dual_bound - int((blam * lend.stock).sum()))
    if window < 0:
        return None
    net_b, pot = bout.network, bout.potentials
    rc = net_b.cost - pot[net_b.tail] + pot[net_b.head]
    if int(np.count_nonzero(np.abs(rc) <= window)) > CLOSE_MAX_FREE:
        return None
    extra = _multiplier_cost(lend, blam)
    fpl = _merged(fp, lend, extra)[0]
    keys = np.sort(bout.arcs.keys(enc.n_m, enc.n_blocks))
    shift = np.full(enc.n_s, -(window + 1), dtype=np.int64)   # "violators": rc <= window
    priced = price(enc, fpl, net_b, pot, keys, per_student=CLOSE_PER_PUPIL, near_per_student=0,
                   pupil_offset=shift, compiled=True)
    del fpl
    v = priced.violators
    if priced.n_violating_pairs > len(v.si):   # some pupil has more: not all enumerated
        return None
    g = enc.s_primary[v.si].astype(np.int64)
    pair_l = v.cost - fp.session_cost[g, v.block] + (window + 1)   # Lagrangian pair cost
    pkey, first = np.unique(v.si * enc.n_m + v.mi, return_index=True)
    if len(pkey) > CLOSE_MAX_FREE:
        return None
    ps, pm = pkey // enc.n_m, pkey % enc.n_m
    pair_true = pair_l[first] - np.where(_member(lend_keys, pkey), extra[ps], 0)
    row, blk = expand_sessions(enc.s_avail[ps] & enc.m_avail[pm], enc.n_blocks)
    new = SlotArcs(ps[row], pm[row], blk, pair_true[row] + fp.session_cost[
        enc.s_primary[ps[row]].astype(np.int64), blk])
    arcs = _union(_true_cost(bout.arcs, lend_keys, extra, enc.n_m), new, enc.n_m, enc.n_blocks)
    net = build_network(enc, arcs, big, load_int)
    cost_l = net.cost.copy()
    npa = net.n_pair_arcs
    cost_l[:npa] += np.where(_member(lend_keys, arcs.si * enc.n_m + arcs.mi), extra[arcs.si], 0)
    pot_u = warm_potentials(net, (net_b, bout.flow, pot))
    if pot_u is None:
        return None
    rc_u = cost_l - pot_u[net.tail] + pot_u[net.head]
    fixed = np.full(len(rc_u), -1, dtype=np.int64)
    fixed[rc_u > window] = 0
    low = rc_u < -window
    fixed[low] = net.capacity[low]
    _log.debug("closing by fixing: window %d, %d pruned pairs, %d free arcs of %d", window,
               len(pkey), int((fixed < 0).sum()), len(fixed))
    if int((fixed < 0).sum()) > CLOSE_MAX_FREE:
        return None
    return _model(enc, lend, net, arcs, lend_keys, fixed), arcs


def _solve_milp(m: _Model, objective: NDArray[np.float64],
                extra: LinearConstraint | None = None) -> NDArray[np.int64] | None:
    if not len(objective):   # every arc fixed, nothing lent: the check in integers judges
        return np.zeros(0, dtype=np.int64)
    cons = [LinearConstraint(m.a, m.lo, m.hi)]
    if extra is not None:
        cons.append(extra)
    res = milp(objective, constraints=cons, integrality=np.ones(len(objective)),
               bounds=Bounds(np.zeros(len(objective)), m.upper),
               options={"mip_rel_gap": 0.0, "presolve": True})
    if res.x is None or not res.success:
        return None
    return np.rint(res.x).astype(np.int64)


def _exact(m: _Model, lend: Lending, arcs: SlotArcs, z: NDArray[np.int64]) -> int | None:
    """The solution's objective in integers, or None if it breaks a row (checked on all arcs)."""
    x, y = m.full(z)
    net = m.net
    if np.any(x < 0) or np.any(x > net.capacity) or np.any(y < 0) or np.any(y > 1):
        return None
    n_nodes = len(net.supply)
    out = np.bincount(net.tail, weights=x, minlength=n_nodes) - np.bincount(
        net.head, weights=x, minlength=n_nodes)
    if np.any(out.astype(np.int64) != net.supply):
        return None
    lent = np.zeros(lend.need.shape, dtype=np.int64)   # per (pupil, item): items drawn
    np.add.at(lent, (m.y_s, m.y_t), y)
    used = np.zeros(len(lend.need), dtype=np.int64)   # per pupil: lendable arcs used
    np.add.at(used, arcs.si[m.is_lend[: len(arcs.si)]], x[: len(arcs.si)][m.is_lend[
        : len(arcs.si)]])
    if np.any(lent != used[:, None] * lend.need):
        return None
    drawn = np.zeros(lend.stock.shape, dtype=np.int64)
    np.add.at(drawn, (m.y_k, m.y_t), y)
    if np.any(drawn > lend.stock):
        return None
    return int(sum(int(v) for v in (net.cost.astype(np.int64) * x).tolist() if v))


def _multiplier_cost(lend: Lending, lam: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per pupil: the cheapest multipliers of the items they need (0 for others)."""
    masked = np.where(lend.cover, lam[None, :, :], np.iinfo(np.int64).max // 4)
    best = masked.min(axis=1, initial=np.iinfo(np.int64).max // 4)
    return np.where(lend.need, best, 0).sum(axis=1).astype(np.int64)


def _fixing(net: Network, pot: NDArray[np.int64], window: int) -> NDArray[np.int64]:
    """Reduced-cost fixing: arcs with ``rc > window`` at 0, ``rc < -window`` at capacity.

    ``rc = cost - pot[tail] + pot[head]`` with the network's (Lagrangian) costs.
    """
    rc = net.cost - pot[net.tail] + pot[net.head]
    fixed = np.full(len(rc), -1, dtype=np.int64)
    fixed[rc > window] = 0
    low = rc < -window
    fixed[low] = net.capacity[low]
    return fixed


def _loan_values(lend: Lending, out: SolveOutcome, n_m: int, lend_keys: NDArray[np.int64],
                 lam: NDArray[np.int64]
                 ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """What a loan is worth to each pupil in a Lagrangian solve (see :func:`_clearing_multipliers`).

    Returns the value per pupil, whether the solve lends to them, and the pupils
    who can be lent and value it (positive value).
    """
    net, pot = out.network, out.potentials
    n_s = len(lend.need)
    extra = _multiplier_cost(lend, lam)
    npa = net.n_pair_arcs
    rc = net.cost - pot[net.tail] + pot[net.head]
    via = rc[:npa]
    si = out.arcs.si
    is_lend = _member(lend_keys, si * n_m + out.arcs.mi)
    used = out.flow[:npa] > 0
    big_rc = np.iinfo(np.int64).max // 4
    best_plain = np.full(n_s, big_rc, dtype=np.int64)
    np.minimum.at(best_plain, si[~is_lend & ~used], via[~is_lend & ~used])
    un = npa + net.n_slot_arcs + net.n_load_arcs + np.arange(n_s)
    best_plain = np.minimum(best_plain, rc[un])
    best_lend = np.full(n_s, big_rc, dtype=np.int64)
    np.minimum.at(best_lend, si[is_lend & ~used], via[is_lend & ~used])
    lent = np.zeros(n_s, dtype=bool)
    lent[si[is_lend & used]] = True
    value = np.where(lent, extra + best_plain, extra - best_lend)
    cand = np.flatnonzero(lend.need.any(axis=1) & (value > 0) & (lent | (best_lend < big_rc)))
    return value, lent, cand


WARM = True


def _warm_start(enc: Encoded, out: SolveOutcome, lend_keys: NDArray[np.int64],
                change: NDArray[np.int64], allowed: NDArray[np.bool_] | None, big: int,
                load_int: list[NDArray[np.int64]]
                ) -> tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]]:
    """A flow-engine warm start from a solve ``out``: its arcs, flow and potentials.

    Lendable arcs of pupil ``s`` cost ``change[s]`` more; with ``allowed``, the
    lendable arcs of the other pupils are dropped (their flow with them: the
    repair routes those pupils again).
    """
    arcs = out.arcs
    is_lend = _member(lend_keys, arcs.si * enc.n_m + arcs.mi)
    cost = arcs.cost + np.where(is_lend, change[arcs.si], 0)
    npa = out.network.n_pair_arcs
    if allowed is None:
        return SlotArcs(arcs.si, arcs.mi, arcs.block, cost), out.flow, out.potentials
    keep = ~is_lend | allowed[arcs.si]
    new = SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], cost[keep])
    net = build_network(enc, new, big, load_int)
    flow = np.concatenate([out.flow[:npa][keep], np.zeros(net.n_slots, dtype=np.int64),
                           out.flow[npa + out.network.n_slots:]])
    pot = warm_potentials(net, (out.network, out.flow, out.potentials))
    return new, flow, out.potentials if pot is None else pot


def _solve(enc: Encoded, fp: FeasiblePairs, backend: BackendChoice, deadline: float | None,
           big: int, start: tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]] | None
           ) -> SolveOutcome:
    """A flow-engine solve, warm-started when ``start`` is given; cold if the warm one fails.

    The final check of :func:`~mentormatch.solve.loop.solve_with_pricing` is the
    judge: a warm solve whose flow it does not certify (never expected) is redone cold.
    """
    out = solve_with_pricing(enc, fp, backend=backend, deadline=deadline, big=big, start=start)
    if start is not None and not out.optimal and out.status != "time_limit":
        _log.warning("warm-started lending solve not certified (%s); solving cold", out.status)
        out = solve_with_pricing(enc, fp, backend=backend, deadline=deadline, big=big)
    return out


def _reserve(lend: Lending, order: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Pupils, in ``order``, whose every missing item still fits a covering stock (reserved).

    Each item is taken from the covering stock with the fewest pupils covered
    (most local first). Lending to every reserved pupil at once respects the stocks.
    """
    left = lend.stock.copy()
    breadth = lend.cover.any(axis=2).sum(axis=0)
    chosen = np.zeros(len(lend.need), dtype=bool)
    for s in order:   # pupils who can be lent (thousands at most), not pupils × volunteers
        need = np.flatnonzero(lend.need[s])
        picks = []
        for t in need:
            ks = np.flatnonzero(lend.cover[s, :, t] & (left[:, t] > 0))
            picks.append(int(ks[np.argmin(breadth[ks])]) if ks.size else -1)
        if need.size and all(p >= 0 for p in picks):
            for t, p in zip(need, picks, strict=True):
                left[p, t] -= 1
            chosen[s] = True
    return chosen


def _clearing_multipliers(lend: Lending, out: SolveOutcome, n_m: int,
                          lend_keys: NDArray[np.int64], lam: NDArray[np.int64]
                          ) -> NDArray[np.int64]:
    """Next multipliers: the prices that clear each stock, from the last flow solve's potentials.

    With multipliers ``lam`` each lendable arc of pupil ``s`` costs ``extra[s]``
    more. A pupil lent items in that solve values the loan at ``extra[s]`` plus
    the reduced cost of their best arc *without* a loan (the "unassigned" arc
    included): how far the price may rise before they give the loan up. A pupil
    not lent values it at ``extra[s]`` minus the reduced cost of their best
    lendable arc, when positive. Pupils are then served in decreasing value,
    each item from the covering stock with the fewest pupils covered (most local
    first); the first pupil a stock cannot serve sets its price (their value
    split over the items they need); a stock that serves everyone costs 0. This
    is the LP's price when pupils do not compete for volunteers; the flow engine
    then re-solves with the interactions, and the best bound is kept.
    """
    value, _, cand = _loan_values(lend, out, n_m, lend_keys, lam)
    new = np.zeros(lend.stock.shape, dtype=np.int64)
    left = lend.stock.copy()
    breadth = lend.cover.any(axis=2).sum(axis=0)
    for s in cand[np.argsort(-value[cand], kind="stable")]:   # pupils who can be lent
        need = np.flatnonzero(lend.need[s])
        picks = []
        for t in need:
            ks = np.flatnonzero(lend.cover[s, :, t] & (left[:, t] > 0))
            picks.append(int(ks[np.argmin(breadth[ks])]) if ks.size else -1)
        if all(p >= 0 for p in picks):
            for t, p in zip(need, picks, strict=True):
                left[p, t] -= 1
            continue
        share = int(value[s]) // max(len(need), 1)
        for t, p in zip(need, picks, strict=True):
            if p < 0:
                ks = np.flatnonzero(lend.cover[s, :, t])
                new[ks, t] = np.maximum(new[ks, t], share)
    return new


def solve_with_equipment(enc: Encoded, fp: FeasiblePairs, lend: Lending, *,
                         backend: BackendChoice = "auto",
                         deadline: float | None = None,
                         prices: NDArray[np.int64] | None = None) -> EquipmentOutcome:
    """Pair and lend jointly, exactly, with a certificate (see module docs).

    Parameters
    ----------
    enc, fp : the encoded problem and its feasible graph (without loans)
    lend : Lending
        From :func:`build_lending`.
    backend : str
        The flow engine's backend (:func:`~mentormatch.solve.loop.solve_with_pricing`).
    deadline : float, optional
        Passed to the flow engine's solves.
    prices : (n_scopes, 2) int64, optional
        Multipliers to start the rounds from instead of the relaxation (a warm
        start: those of a solve of the same problem with slightly other stocks,
        :func:`mentormatch.equipment.verify_marginals`). Any prices give a valid
        bound; the result is exact either way, only the rounds differ.

    Returns
    -------
    EquipmentOutcome
    """
    timings: dict[str, float] = {"milp": 0.0, "lagrangian": 0.0}
    load_int = mentor_load_costs(enc)
    fp0, lend_keys = _merged(fp, lend, None)
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp0.cost.max()) if len(fp0) else 0) + max_session
    big = lexicographic_big(enc, max_pair, load_int)
    n_scopes = len(lend.scopes)
    cap = max(0, (MAX_ARC_COST - max(int(lend.pairs.cost.max(initial=0)), 0)) // 2)
    t0 = time.perf_counter()
    lam = np.zeros((n_scopes, 2), dtype=np.int64)
    extra0: NDArray[np.int64] | None = None
    if prices is not None and np.any(prices > 0):
        lam = np.minimum(np.maximum(np.asarray(prices, dtype=np.int64), 0), cap)
        extra0 = _multiplier_cost(lend, lam)
    relaxed = solve_with_pricing(enc, fp0 if extra0 is None else _merged(fp, lend, extra0)[0],
                                 backend=backend, deadline=deadline, big=big)
    n_triples = _n_triples(enc, fp0)
    if n_triples > FALLBACK_MILP_TRIPLES:
        del fp0   # only the whole-graph MILPs need it again (540 MB at 30,000 pupils)
    # the relaxation's figures: its network is freed once later solves replace it
    head = (relaxed.rounds, relaxed.solves, relaxed.pairs_priced, relaxed.backend,
            relaxed.timings)
    timings["relaxation"] = time.perf_counter() - t0
    engine = 1
    lower = relaxed.dual_bound - int((lam * lend.stock).sum())
    kind = "relaxation" if extra0 is None else "lagrangian"
    best: tuple[int, NDArray[np.int64], _Model, SlotArcs] | None = None
    rounds = 0
    best_from = bound_from = 1   # the flow solve (count) behind the best solution, the bound

    def attempt(model: _Model, arcs: SlotArcs) -> int | None:
        nonlocal best
        t1 = time.perf_counter()
        z = _solve_milp(model, model.c)
        timings["milp"] += time.perf_counter() - t1
        value = None if z is None else _exact(model, lend, arcs, z)
        nonlocal best_from
        if z is not None and value is not None and (best is None or value < best[0]):
            best, best_from = (value, z, model, arcs), engine
        return value

    def close(bout: SolveOutcome, blam: NDArray[np.int64]) -> bool:
        """Close the gap exactly by reduced-cost fixing (:func:`_fixing_closure`) if small."""
        nonlocal best, lower, kind
        if best is None or best[0] <= lower or not CLOSE:
            return False
        t1 = time.perf_counter()
        got = _fixing_closure(enc, fp, lend, lend_keys, bout, blam, best[0], big, load_int)
        timings["closing"] = timings.get("closing", 0.0) + time.perf_counter() - t1
        if got is None:
            return False
        previous, best = best, None
        value = attempt(*got)
        if value is None or value > previous[0]:   # never expected: the best is in the window
            best = previous
            return False
        lower, kind = value, "fixing"
        return True

    if n_triples <= FULL_MILP_TRIPLES:
        # small: the MILP on the whole feasible graph is the optimum by itself
        arcs = _all_triples(enc, fp0)
        model = _model(enc, lend, build_network(enc, arcs, big, load_int), arcs, lend_keys)
        if attempt(model, arcs) is None:
            raise InternalError("the lending MILP found no solution")
        assert best is not None
        lower, kind, rounds = best[0], "milp", 1
    else:
        out, extra = relaxed, extra0
        # every arc of every flow solve (true costs): the LP's columns
        pool = _true_cost(relaxed.arcs, lend_keys, extra0, enc.n_m)
        del relaxed
        tried = [lam]
        lp_last: tuple[int, NDArray[np.int64]] | None = None   # pool size and LP multipliers
        bound_out, bound_lam = out, lam   # the solve that gave the best bound
        improved = True
        while True:
            rounds += 1
            arcs = _true_cost(out.arcs, lend_keys, extra, enc.n_m)
            net = build_network(enc, arcs, big, load_int)
            # an upper bound: the MILP on the tight arcs of the last flow solve (reduced
            # cost 0 with its potentials); on the relaxation it has a solution iff the
            # stocks suffice, and with the right multipliers it usually has one
            model = _model(enc, lend, net, arcs, lend_keys,
                           _fixing(out.network, out.potentials, 0))
            value = attempt(model, arcs)
            _log.debug("lending round %d: %d free arcs, value %s, upper %s, bound %d",
                       rounds, model.n_free, value, best and best[0], lower)
            if (best is not None and best[0] <= lower) or close(bound_out, bound_lam):
                break
            # beyond LP_MAX_ARCS the LP is not solved: the clearing prices of each
            # solve are the next multipliers, while the bound improves
            large = len(pool.si) > LP_MAX_ARCS
            new = lam
            if rounds < MAX_ROUNDS and (improved or not large):
                # next multipliers: the stock rows' duals of the LP over every arc seen so
                # far (column generation: the flow engine prices the full graph); at
                # first, the prices clearing the stocks at the relaxation (no LP needed)
                t1 = time.perf_counter()
                if extra is None or large:
                    new = _clearing_multipliers(lend, out, enc.n_m, lend_keys, lam)
                elif lp_last is not None and lp_last[0] == len(pool.si):
                    # no new arc since the last LP (the pool only grows): the same LP,
                    # the same multipliers; not solved again
                    new = lp_last[1]
                else:
                    lp = _lp_multipliers(_model(enc, lend, build_network(
                        enc, pool, big, load_int), pool, lend_keys), n_scopes)
                    new = lam if lp is None else np.rint(lp).astype(np.int64)
                    lp_last = (len(pool.si), new)
                new = np.minimum(new, cap)
                timings["lp"] = timings.get("lp", 0.0) + time.perf_counter() - t1
            if any(np.array_equal(new, old) for old in tried):
                # final multipliers: widen the MILP's reduced-cost window until it has a
                # solution (every arc free at last); the gap, if any, is reported
                window = max_pair
                while value is None and extra is not None and not large:
                    fixed = (_fixing(out.network, out.potentials, window)
                             if window <= WINDOW_LIMIT * big else None)
                    model = _model(enc, lend, net, arcs, lend_keys, fixed)
                    value = attempt(model, arcs)
                    _log.debug("lending round %d: window %d, %d free arcs, value %s", rounds,
                               window, model.n_free, value)
                    if fixed is None:
                        break
                    window *= WIDEN
                break
            tried.append(new)
            lam = new
            del net, arcs, model   # memory during the next solve (the best is kept in ``best``)
            t1 = time.perf_counter()
            extra = _multiplier_cost(lend, lam)
            old_extra = _multiplier_cost(lend, tried[-2]) if len(tried) > 1 else None
            start = (_warm_start(enc, out, lend_keys, extra - (
                0 if old_extra is None else old_extra), None, big, load_int)
                if WARM else None)
            out = _solve(enc, _merged(fp, lend, extra)[0], backend, deadline, big, start)
            engine += 1
            timings["lagrangian"] += time.perf_counter() - t1
            if not large:   # beyond the LP's size the pool only serves to say so
                pool = _union(pool, _true_cost(out.arcs, lend_keys, extra, enc.n_m), enc.n_m,
                              enc.n_blocks)
            bound = out.dual_bound - int((lam * lend.stock).sum())
            # large problems go on with clearing prices only while the bound rises by
            # at least one unit of priority weight (each round is a flow-engine solve)
            improved = bound > lower + (big if large else 0)
            if bound > lower:
                lower, kind, bound_from = bound, "lagrangian", engine
                bound_out, bound_lam = out, lam
        lam = bound_lam   # the multipliers behind the bound: the marginal values
        if best is None and len(pool.si) <= LP_MAX_ARCS:
            # no window gave a solution: every arc seen so far free
            net = build_network(enc, pool, big, load_int)
            attempt(_model(enc, lend, net, pool, lend_keys), pool)
        if (best is None or best[0] > lower) and n_triples > FALLBACK_MILP_TRIPLES:
            # too large for the whole-graph MILP: a solution from the flow engine with the
            # loans reserved (pupils the best Lagrangian solve lends to first, within the
            # stocks), then the gap is reported
            t1 = time.perf_counter()
            value_s, lent_s, cand = _loan_values(lend, bound_out, enc.n_m, lend_keys, bound_lam)
            # the pupils valuing a loan first (those lent first), then every other pupil
            # with a lendable pair: leftovers of the stocks still widen the choice
            rest = np.setdiff1d(np.unique(lend.pairs.si).astype(np.int64), cand)
            order = np.concatenate([cand[np.lexsort((-value_s[cand], ~lent_s[cand]))],
                                    rest[np.argsort(-value_s[rest], kind="stable")]])
            chosen = _reserve(lend, order)
            keep = chosen[lend.pairs.si]
            sub = dataclasses.replace(lend, pairs=FeasiblePairs(
                lend.pairs.si[keep], lend.pairs.mi[keep], lend.pairs.cost[keep],
                lend.pairs.session_cost))
            bound_extra = _multiplier_cost(lend, bound_lam)
            start = (_warm_start(enc, bound_out, lend_keys, -bound_extra,
                                 chosen, big, load_int) if WARM else None)
            res = _solve(enc, _merged(fp, sub, None)[0], backend, deadline, big, start)
            engine += 1
            timings["reserved"] = time.perf_counter() - t1
            model = _model(enc, lend, res.network, res.arcs, lend_keys, res.flow)
            value = attempt(model, res.arcs)
            _log.debug("lending: %d pupils reserved, value %s, bound %d", int(chosen.sum()),
                       value, lower)
        if best is not None and best[0] > lower:
            close(bound_out, bound_lam)
        if (best is not None and best[0] > lower
                and n_triples <= FALLBACK_MILP_TRIPLES):
            # The Lagrangian bound cannot close an integrality gap (its best value is the
            # LP bound): the MILP on the whole feasible graph is exact by itself. Its
            # solution replaces the best one, so the third tier is proven on every arc.
            arcs = _all_triples(enc, _merged(fp, lend, None)[0])
            model = _model(enc, lend, build_network(enc, arcs, big, load_int), arcs,
                           lend_keys)
            previous_best, best = best, None
            value = attempt(model, arcs)
            if value is None:   # never expected: the earlier solution is feasible here
                best = previous_best
            else:
                lower, kind = value, "milp"
    if best is None:
        raise InternalError("the lending MILP found no solution")
    upper, z, model, arcs = best
    items_optimal = False
    if upper <= lower:
        # third tier: fewest items among the solutions of this objective (on the model's arcs)
        t1 = time.perf_counter()
        const = int((model.net.cost * model.x_fixed).sum())
        z3 = _solve_milp(model, model.items,
                         LinearConstraint(model.c[None, :], -np.inf, upper - const + 0.5))
        timings["milp"] += time.perf_counter() - t1
        if z3 is not None and _exact(model, lend, arcs, z3) == upper:
            # proven when the MILP's window holds every solution of this objective: its
            # arcs were fixed by the potentials of the solve that gave the bound
            z, items_optimal = z3, kind in ("milp", "fixing") or best_from == bound_from
    x, y = model.full(z)
    lent: dict[int, tuple[tuple[str, str], ...]] = {}
    for j in np.flatnonzero(y > 0):
        s, t, k = int(model.y_s[j]), int(model.y_t[j]), int(model.y_k[j])
        lent[s] = (*lent.get(s, ()), (ITEMS[t], lend.scopes[k]))
    lent = {s: tuple(sorted(v, key=lambda iv: ITEMS.index(iv[0]))) for s, v in lent.items()}
    if not lam.any() and len(model.c) <= LP_MAX_ARCS:
        # the marginal values: the LP multipliers of the final model
        lp = _lp_multipliers(model, n_scopes)
        if lp is not None:
            lam = np.minimum(np.rint(lp).astype(np.int64), cap)
    optimal = upper <= lower
    outcome = SolveOutcome(
        network=model.net, flow=x, potentials=np.zeros(len(model.net.supply), dtype=np.int64),
        arcs=arcs, objective=upper, dual_bound=min(lower, upper), optimal=optimal,
        status="optimal" if optimal else "gap", rounds=head[0], solves=head[1],
        pairs_priced=head[2], backend=head[3], timings={**head[4], **timings})
    return EquipmentOutcome(outcome, lent, lam, big, kind, rounds, engine, len(model.c),
                            items_optimal, timings)


def marginal_estimates(eq: EquipmentOutcome, lend: Lending) -> list[tuple[str, str, float]]:
    """``(scope, item, priority weight)`` one more item would match, from the multipliers."""
    out = []
    for k, scope in enumerate(lend.scopes):
        for t, item in enumerate(ITEMS):
            out.append((scope, item, float(eq.lambdas[k, t]) / eq.big))
    return out


