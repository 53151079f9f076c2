"""Closing a gap exactly with the duals of the LP over the core (step 7).

The Lagrangian bound with *integer* multipliers stops short of the LP bound (at
10,000 pupils: 12 cost units below the core LP's value), and reduced-cost fixing
against it frees almost every arc (the solves are degenerate). This step takes
the LP's own duals instead and fixes only what lies **outside** the core.

Let the MILP be ``min c.x`` s.t. ``A_eq x = b`` (the network's nodes, the link
rows), ``A_ub x <= h`` (the stocks), ``0 <= x <= u``, over *every* column of the
full problem (every feasible triple, lendable ones included, every ``y``). For
**any** duals ``pi`` (free) and ``mu <= 0``, with ``rc = c - A_eq' pi - A_ub' mu``,
every feasible ``x`` has

``c.x >= LB + sum_{rc > 0} rc_j x_j + sum_{rc < 0} |rc_j| (u_j - x_j)``,
``LB = pi.b + mu.h + sum_{rc < 0} rc_j u_j``

(weak duality, every term non-negative). So every solution of cost at most
``U`` (the best found) has ``x_j = 0`` where ``rc_j > U - LB`` and ``x_j = u_j``
where ``rc_j < -(U - LB)``. The duals here are those of the LP over the core
(:func:`~mentormatch.solve.equipment.rounds._core_arcs`), rounded to multiples of
``1 / DUAL_SCALE`` — rounded or not, they give a valid ``LB``, computed exactly
in integers (costs times ``DUAL_SCALE``). Nodes and rows the core does not hold
get the duals that keep their columns' reduced costs non-negative: a slot not in
the network its volunteer's potential (its arc to the volunteer has ``rc = 0``),
a pupil's link row without lendable arcs in the core the cheapest covering
stock's price of the item (every ``y`` then has ``rc >= 0``).

The columns outside the core with ``rc <= U - LB`` are found by the flow
engine's pricing (:func:`~mentormatch.solve.pricing.price`) with integer
potentials rounded so that its reduced costs are never above the exact ones
(pupils' up, the others' down; a lendable pair's link duals down), every pupil's
triples shifted by the window: it returns a superset of them (at most
:data:`PER_PUPIL` pairs per pupil, else the step gives up), every session of
those pairs joins, and ``LB`` is recomputed over the columns of the final model
(those found may have ``rc < 0``; the pricing repeats while the window grows).
Every other column has ``rc > U - LB >= 0``: it is 0 in every solution at most
``U`` and adds nothing to ``LB``. The MILP over the core and the columns found,
with the columns of ``|rc| > U - LB`` fixed, therefore holds **every** solution
of cost at most ``U``: its optimum is the optimum, fewest items included.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeWarning, linprog, milp

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import Network, SlotArcs, build_network, expand_sessions
from mentormatch.solve.equipment.arcs import _merged, _union
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member
from mentormatch.solve.equipment.model import _Model, _model
from mentormatch.solve.pricing import PricingResult, price

_log = logging.getLogger(__name__)

#: The duals are rounded to multiples of ``1 / DUAL_SCALE`` (the bound is exact in those units).
DUAL_SCALE = 256
#: The step runs when the core holds at most this many arcs (its LP and MILP grow with it).
MAX_CORE_ARCS = 200_000
#: Most columns left free in the closing MILP.
MAX_FREE = 250_000
#: Most pairs within the window enumerated per pupil by the pricing (else the step gives up).
PER_PUPIL = 256
#: Seconds given to HiGHS for the closing MILP (no proof when it stops before optimality).
MILP_SECONDS = 900.0
#: The interior point **with** crossover: a vertex, exact duals (half-integers here). Without
#: it, HiGHS's relative tolerance (1e-8 of an objective of 1e11) leaves duals hundreds of
#: units off: at 10,000 pupils their bound was 112,936,951,488 against the LP's
#: 112,936,951,607.5 (crossover: 10.0 s against 8.8 s).
CLOSING_LP_OPTIONS: dict[str, object] = {"run_crossover": "on"}


@dataclass(frozen=True)
class Duals:
    """Duals of the full problem, times :data:`DUAL_SCALE`, in integers.

    ``pupil`` (n_s), ``slot`` (n_m, n_blocks: every slot, present or not),
    ``mentor`` (n_m), ``sink``: node potentials (``rc = cost - pi[tail] +
    pi[head]``); ``link`` (n_s, 2): duals of the rows ``sum_k y[s, t, k] =
    lendable arcs of s used`` (a lendable arc's ``rc`` adds those of its pupil's
    items); ``price`` (n_scopes, 2) ``>= 0``: minus the stock rows' duals.
    """

    pupil: NDArray[np.int64]
    slot: NDArray[np.int64]
    mentor: NDArray[np.int64]
    sink: int
    link: NDArray[np.int64]
    price: NDArray[np.int64]

    def node_potentials(self, net: Network) -> NDArray[np.int64]:
        """The potentials of ``net``'s nodes (pupils, slots, volunteers, sink)."""
        return np.concatenate([self.pupil, self.slot[net.slot_mentor, net.slot_block],
                               self.mentor, [self.sink]]).astype(np.int64)

    def lend_dual(self, lend: Lending) -> NDArray[np.int64]:
        """Per pupil: the link duals of the items they need (added to a lendable arc's rc)."""
        return np.where(lend.need, self.link, 0).sum(axis=1).astype(np.int64)


def core_duals(enc: Encoded, lend: Lending, net: Network, m: _Model
               ) -> Duals | None:
    """The LP over the model ``m`` of the core (every arc free) and its duals, completed.

    Interior point with crossover (:data:`CLOSING_LP_OPTIONS`): any duals give a
    valid bound (rounding them to ``1 / DUAL_SCALE`` is exact below), but the closer
    to optimal, the smaller the window.
    """
    eq, ineq = slice(0, m.n_eq), slice(m.n_eq, None)
    for method, options in (("highs-ipm", CLOSING_LP_OPTIONS), ("highs-ds", {})):
        # the dual simplex when the interior point fails (never seen)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)
            res = linprog(m.c, A_ub=m.a[ineq], b_ub=m.hi[ineq], A_eq=m.a[eq], b_eq=m.hi[eq],
                          bounds=np.column_stack([np.zeros(len(m.c)), m.upper]),
                          method=method, options=dict(options))
        if res.status == 0 and res.eqlin is not None and res.ineqlin is not None:
            break
        _log.debug("LP closure: the core LP by %s: %s", method, res.message)
    else:
        return None
    d = DUAL_SCALE
    y = np.rint(np.asarray(res.eqlin.marginals, dtype=np.float64) * d).astype(np.int64)
    n_nodes = len(net.supply)
    pot = y[:n_nodes]
    price_ = np.maximum(np.rint(-np.asarray(res.ineqlin.marginals) * d), 0).astype(
        np.int64).reshape(lend.stock.shape)
    link_s = np.unique(m.y_s)
    ls, lt = np.nonzero(lend.need[link_s])
    link_y = y[n_nodes: n_nodes + len(ls)]   # rows ordered (pupil, item)
    if LIFT:
        pot = _lifted(net, m, pot, np.asarray(res.x, dtype=np.float64)[: m.n_free],
                      link_s[ls], link_y, lend)
    mentor = pot[net.mentor_node0: net.mentor_node0 + net.n_m]
    slot = np.repeat(mentor[:, None], enc.n_blocks, axis=1)
    slot[net.slot_mentor, net.slot_block] = pot[net.n_s: net.n_s + net.n_slots]
    # link rows: the LP's for the pupils of the model, else the cheapest covering price
    big_p = np.iinfo(np.int64).max // 4
    cheapest = np.where(lend.cover, price_[None, :, :], big_p).min(axis=1)   # (n_s, 2)
    link = np.where(lend.need, cheapest, 0).astype(np.int64)
    link[link_s[ls], lt] = link_y
    return Duals(pot[: enc.n_s].copy(), slot, mentor.copy(), int(pot[net.sink]), link, price_)


#: Raise the slots' and volunteers' potentials as far as the LP's solution allows
#: (:func:`_lifted`).
LIFT = True
#: Most a potential is raised by :func:`_lifted` (times DUAL_SCALE).
LIFT_CAP = 1 << 50


def _lifted(net: Network, m: _Model, pot: NDArray[np.int64], x: NDArray[np.float64],
            link_pupil: NDArray[np.int64], link_y: NDArray[np.int64], lend: Lending
            ) -> NDArray[np.int64]:
    """The slots' and volunteers' potentials raised as far as complementary slackness allows.

    The core LP's duals are far from unique where the core holds few arcs (an
    interior point's, or a vertex's, potentials of a volunteer with room can sit
    anywhere in a wide range), and the arcs outside the core then look far
    cheaper than they are. Raising a node's potential by ``delta`` raises the
    reduced cost of the arcs into it and lowers that of the arcs out of it; with
    the pupils' and the sink's potentials kept, ``delta[p] <= L + delta[q]`` for
    every residual arc ``p -> q`` of the LP's solution ``x`` (length ``L``: the
    reduced cost of a forward arc, minus that of a backward one) keeps every
    reduced cost's sign where ``x`` needs it: the duals stay optimal. The largest
    such ``delta`` is the shortest residual distance to a pupil or the sink. The
    bound is recomputed exactly afterwards anyway (any duals are valid).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n_nodes = len(net.supply)
    rc = net.cost * DUAL_SCALE - pot[net.tail] + pot[net.head]
    npa = net.n_pair_arcs
    lend_dual = np.zeros(len(lend.need), dtype=np.int64)
    np.add.at(lend_dual, link_pupil, link_y)
    rc[:npa] += np.where(m.is_lend[:npa], lend_dual[net.tail[:npa]], 0)
    fwd = x < net.capacity - 1e-9
    bwd = x > 1e-9
    # reversed residual graph: for p -> q of length L, the edge q -> p
    src = np.concatenate([net.head[fwd], net.tail[bwd]])
    dst = np.concatenate([net.tail[fwd], net.head[bwd]])
    length = np.concatenate([np.maximum(rc[fwd], 0), np.maximum(-rc[bwd], 0)])
    order = np.lexsort((length, dst, src))   # parallel arcs: the shortest
    src, dst, length = src[order], dst[order], length[order]
    first = np.r_[True, (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])]
    g = csr_matrix((length[first].astype(np.float64), (src[first], dst[first])),
                   shape=(n_nodes, n_nodes))
    fixed_nodes = np.r_[np.arange(net.n_s), net.sink]
    dist = dijkstra(g, directed=True, indices=fixed_nodes, min_only=True)
    delta = np.where(np.isfinite(dist), np.minimum(dist, LIFT_CAP), LIFT_CAP).astype(np.int64)
    delta[fixed_nodes] = 0
    return pot + delta


def _column_rc(enc: Encoded, lend: Lending, duals: Duals, m: _Model, arcs: SlotArcs
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Reduced costs (times DUAL_SCALE) of the network's arcs and of the model's ``y``."""
    net = m.net
    pot = duals.node_potentials(net)
    rc = net.cost * DUAL_SCALE - pot[net.tail] + pot[net.head]
    npa = net.n_pair_arcs
    rc[:npa] += np.where(m.is_lend[:npa], duals.lend_dual(lend)[arcs.si], 0)
    rc_y = duals.price[m.y_k, m.y_t] - duals.link[m.y_s, m.y_t]
    return rc, rc_y


def _bound(lend: Lending, duals: Duals, m: _Model, rc: NDArray[np.int64],
           rc_y: NDArray[np.int64]) -> int:
    """``LB`` times DUAL_SCALE over the model's columns (every other column has rc >= 0)."""
    net = m.net
    pot = duals.node_potentials(net)
    value = int((pot * net.supply).sum()) - int((duals.price * lend.stock).sum())
    value += int(np.minimum(rc, 0).dot(net.capacity))
    value += int(np.minimum(rc_y, 0).sum())
    return value


def _priced(enc: Encoded, fp: FeasiblePairs, lend: Lending, duals: Duals, net: Network,
            arcs: SlotArcs, window: int, per_pupil: int
            ) -> tuple[PricingResult, NDArray[np.int64]]:
    """The pricing of the pairs not in ``arcs`` with rounded potentials, shifted by the window.

    Its integer reduced costs are never above the exact ones (pupils' potentials
    rounded up, slots' and volunteers' down, a lendable pair's link duals down:
    ``extra``, also returned); a triple is a violator when that reduced cost is at
    most ``window``.
    """
    d = DUAL_SCALE
    pot = duals.node_potentials(net)
    pi = np.where(np.arange(len(pot)) < enc.n_s, -((-pot) // d), pot // d).astype(np.int64)
    extra = duals.lend_dual(lend) // d   # floor
    fpl = _merged(fp, lend, extra)
    keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
    shift = np.full(enc.n_s, -(window + 1), dtype=np.int64)
    return price(enc, fpl, net, pi, keys, per_student=per_pupil, near_per_student=0,
                 pupil_offset=shift, compiled=True), extra


def _outside(enc: Encoded, fp: FeasiblePairs, lend: Lending, lend_keys: LendKeys,
             duals: Duals, net: Network, arcs: SlotArcs, window: int) -> SlotArcs | None:
    """Every session of the pairs not in ``arcs`` whose reduced cost may be ``<= window``.

    The pricing's integer reduced costs are never above the exact ones: pupils'
    potentials rounded up, slots' and volunteers' down, a lendable pair's link
    duals down. Returns true costs; None when a pupil has more than
    :data:`PER_PUPIL` such pairs (not all enumerated).
    """
    priced, extra = _priced(enc, fp, lend, duals, net, arcs, window, PER_PUPIL)
    v = priced.violators
    if priced.n_violating_pairs > len(v.si):
        _log.debug("LP closure: a pupil has more than %d pairs within %d", PER_PUPIL, window)
        return None
    g = enc.s_primary[v.si].astype(np.int64)
    pair_l = v.cost - fp.session_cost[g, v.block] + (window + 1)   # with ``extra``
    pkey, first = np.unique(v.si * enc.n_m + v.mi, return_index=True)
    ps, pm = pkey // enc.n_m, pkey % enc.n_m
    pair_true = pair_l[first] - np.where(_member(lend_keys, pkey), extra[ps], 0)
    row, blk = expand_sessions(enc.s_avail[ps] & enc.m_avail[pm], enc.n_blocks)
    return SlotArcs(ps[row], pm[row], blk, pair_true[row] + fp.session_cost[
        enc.s_primary[ps[row]].astype(np.int64), blk])


@dataclass(frozen=True)
class Closing:
    """The closing MILP (None: too large), its arcs (true costs), the bound ``ceil(LB)``."""

    model: _Model | None
    arcs: SlotArcs
    bound: int


def _bound_only(enc: Encoded, fp: FeasiblePairs, lend: Lending, duals: Duals, m: _Model,
                arcs: SlotArcs) -> Closing:
    """The bound of the duals alone when the MILP would be too large.

    Lowering each pupil's potential by the most negative reduced cost of its
    triples outside the model (``deficit``, from the pricing with rounded
    potentials: never below the exact one) makes every such triple's reduced
    cost non-negative; its own columns' reduced costs only rise, its supply is
    1: ``LB - sum of deficits`` bounds the full problem.
    """
    rc, rc_y = _column_rc(enc, lend, duals, m, arcs)
    lb = _bound(lend, duals, m, rc, rc_y)
    priced, _ = _priced(enc, fp, lend, duals, m.net, arcs, -1, 1)
    lb -= priced.pupil_deficit * DUAL_SCALE
    _log.debug("LP closure: the bound alone, LB %d/%d (pupils' deficit %d)", lb, DUAL_SCALE,
               priced.pupil_deficit)
    return Closing(None, arcs, -((-lb) // DUAL_SCALE))


def lp_closure(enc: Encoded, fp: FeasiblePairs, lend: Lending, lend_keys: LendKeys,
               core: SlotArcs, upper: int, big: int, load_int: list[NDArray[np.int64]]
               ) -> Closing | None:
    """The MILP that holds every solution of cost at most ``upper`` (see module docs).

    ``core``: arcs (true costs) whose LP gives the duals. None when the core or
    the MILP is too large, a pupil has too many pairs within the window, a cost
    cap restricts sessions, or the LP fails.
    """
    if fp.session_limit is not None or len(core.si) > MAX_CORE_ARCS:
        return None
    net = build_network(enc, core, big, load_int)
    m = _model(enc, lend, net, core, lend_keys)
    duals = core_duals(enc, lend, net, m)
    if duals is None:
        _log.debug("LP closure: the core LP failed")
        return None
    d = DUAL_SCALE
    arcs = core
    window = -1
    for _ in range(8):   # the window only grows (columns found lower LB); a few passes
        rc, rc_y = _column_rc(enc, lend, duals, m, arcs)
        lb = _bound(lend, duals, m, rc, rc_y)
        # floor of the window (the pricing's reduced costs are integers); at least 0:
        # every column of negative reduced cost joins (LB counts them)
        w = max((upper * d - lb) // d, 0)
        if w <= window:
            break
        _log.debug("LP closure: LB %d/%d over %d arcs, pricing within %d", lb, d,
                   len(arcs.si), w)
        window = w
        found = _outside(enc, fp, lend, lend_keys, duals, m.net, arcs, window)
        if found is None:
            return _bound_only(enc, fp, lend, duals, m, arcs)
        arcs = _union(arcs, found, enc.n_m, enc.n_blocks)
        m = _model(enc, lend, build_network(enc, arcs, big, load_int), arcs, lend_keys)
    else:
        _log.debug("LP closure: the window still grows after 8 pricing passes")
        return None
    rc, rc_y = _column_rc(enc, lend, duals, m, arcs)
    lb = _bound(lend, duals, m, rc, rc_y)
    gap_d = upper * d - lb
    if gap_d < 0:   # never expected: the best solution is feasible, LB is a bound
        _log.warning("LP closure: bound above the best solution; not used")
        return None
    fixed = np.full(len(rc), -1, dtype=np.int64)
    fixed[rc > gap_d] = 0
    low = rc < -gap_d
    fixed[low] = m.net.capacity[low]
    model = _model(enc, lend, m.net, arcs, lend_keys, fixed)
    _log.debug("LP closure: LB %d/%d, window %d, %d arcs (%d of the core), %d free",
               lb, d, window, len(arcs.si), len(core.si), model.n_free)
    if model.n_free > MAX_FREE:
        return None
    return Closing(model, arcs, -((-lb) // d))


def solve_closing(m: _Model) -> NDArray[np.int64] | None:
    """The closing MILP by HiGHS (``mip_rel_gap`` 0, :data:`MILP_SECONDS`); None if not optimal."""
    if not len(m.c):
        return np.zeros(0, dtype=np.int64)
    res = milp(m.c, constraints=[LinearConstraint(m.a, m.lo, m.hi)],
               integrality=np.ones(len(m.c)), bounds=Bounds(np.zeros(len(m.c)), m.upper),
               options={"mip_rel_gap": 0.0, "presolve": True, "time_limit": MILP_SECONDS})
    if res.x is None or res.status != 0:
        return None
    return np.rint(res.x).astype(np.int64)
