"""Solve with pruning and a proof: candidate set → solve → price → add violators → repeat.

1. **Candidate set**: the ``k`` cheapest volunteers of each pupil together with
   the ``k`` cheapest pupils of each volunteer (``Policy.candidates_per_student``
   / ``candidates_per_mentor``), plus each pupil's cheapest pairs to volunteers
   those pupil lists leave room at (:data:`ESCAPES_PER_STUDENT`), each pair with
   its cheapest common sessions.
2. **Solve** the candidate network exactly and get certifying potentials: by
   its reduction to an assignment (:mod:`mentormatch.solve.reduction`, backend
   ``"assignment"``) or by :func:`mentormatch.flow.min_cost_flow` with the
   named backend (``"auto"``: :func:`mentormatch.flow.backends.choose_backend`,
   ``kind="match"``). From the second round on, the last round's flow is
   carried over and, unless it is still optimal, *repaired*
   (:func:`reoptimize`, the primal–dual of :mod:`mentormatch.flow.primal_dual`)
   within a budget, or re-solved when the repair gives up.
3. **Price** every feasible (pupil, volunteer, session) of the full graph by its
   reduced cost (:mod:`mentormatch.solve.pricing`); add every violator and
   solve again, until none remains.

When no pruned arc has a negative reduced cost, the potentials are dual
feasible for the *full* feasible graph, so the dual objective bounds every
solution of it: the candidate optimum is optimal for the full graph.

The tuning constants below were chosen by measurement; the figures are in
``docs/performance.md``.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import FLOAT_EXACT, group_rank, lexsort_int, ranges, stable_argsort
from mentormatch._backends import BackendChoice
from mentormatch._progress import Reporter
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.continuity.plan import Tiers
from mentormatch.errors import InputError, InternalError
from mentormatch.flow import (
    FlowResult,
    NegativeCycleError,
    PrimalDualAbortedError,
    choose_backend,
    min_cost_flow,
)
from mentormatch.flow.primal_dual import primal_dual, tighten_sources
from mentormatch.network import (
    Network,
    SlotArcs,
    build_network,
    carry_flow,
    expand_sessions,
    lexicographic_big,
    mentor_load_costs,
)
from mentormatch.solve.duals import pricing_potentials
from mentormatch.solve.pricing import price
from mentormatch.solve.reduction import Warm, optimal_flow, priced_loads, warm_potentials
from mentormatch.verify import check_flow

if TYPE_CHECKING:
    from mentormatch.solve.tiers import Face

_log = logging.getLogger(__name__)

__all__ = ["ESCAPES_PER_STUDENT", "SolveOutcome", "first_arcs", "initial_arcs",
           "initial_candidates", "reoptimize", "solve_with_pricing"]

#: Safety cap on solve-and-price rounds (each round adds every violator, so
#: this is never reached in practice; reaching it is an internal error).
MAX_ROUNDS = 100

#: Pairs handled at once when choosing each volunteer's cheapest pupils.
CANDIDATE_CHUNK = 4_000_000

#: The first of those chunks (they grow ×4 up to :data:`CANDIDATE_CHUNK`; see :func:`_chunks`).
CANDIDATE_FIRST_CHUNK = 250_000

#: Most violating pairs after which the next round still checks whether the carried
#: flow is optimal as it is (the check only ever succeeds after a handful; more on
#: larger problems, see :data:`KEEP_CHECK_PUPILS_PER_VIOLATOR`).
KEEP_CHECK_VIOLATORS = 100

#: On large problems the keep check is allowed one violating pair per this many pupils.
KEEP_CHECK_PUPILS_PER_VIOLATOR = 1000

#: The warm-start repair does not start when more than 1 / this of the pupils must
#: move: a from-scratch re-solve is then faster.
REPAIR_MOVING_DIVISOR = 2

#: The repair's phase budget is ``sqrt(pupils) / REPAIR_PHASE_DIVISOR`` phases (a phase
#: costs a small fraction of a re-solve), at least :data:`REPAIR_MIN_PHASES`.
REPAIR_PHASE_DIVISOR = 2

#: Smallest phase budget of the repair.
REPAIR_MIN_PHASES = 20

#: Among a pair's equally cheap sessions, the first-round choice rotates with the
#: pupil by this many blocks per pupil index, so a volunteer's candidates spread
#: over its blocks instead of crowding onto one.
SESSION_ROTATION = 7

#: Sessions per candidate pair in the first round.
SESSIONS_PER_PAIR = 2

#: Per pupil, its cheapest pairs to volunteers with room in the first round
#: (see :func:`initial_candidates`).
ESCAPES_PER_STUDENT = 3


@dataclass(frozen=True)
class SolveOutcome:
    """The final network, its optimal flow and potentials, and the proof's figures."""

    network: Network
    flow: NDArray[np.int64]
    potentials: NDArray[np.int64]
    arcs: SlotArcs
    objective: int
    dual_bound: int
    optimal: bool
    status: str
    rounds: int
    pairs_priced: int
    solves: int
    backend: str
    timings: dict[str, float] = field(default_factory=dict)


def _group_heads(idx: NDArray[np.int64], group: NDArray[np.int64], cost: NDArray[np.int64],
                 k: int) -> NDArray[np.int64]:
    """Entries of ``idx`` among the ``k`` cheapest of their group (ties: smaller ``idx``)."""
    c = cost.astype(np.int64)
    c -= c.min(initial=0)
    key = group.astype(np.int64) * (int(c.max(initial=0)) + 1) + c
    order = stable_argsort(key)  # entries come in increasing idx
    return np.sort(idx[order[group_rank(group[order]) < k]])


def _chunks(n: int) -> list[tuple[int, int]]:
    """Row ranges of the volunteer pools' pass: :data:`CANDIDATE_FIRST_CHUNK`, growing ×4.

    Every pair of the first chunk enters the pools (none is full yet); once a pool is
    full, only pairs cheaper than its worst do. A small first chunk fills most pools
    at a fraction of the cost (at 30,000 pupils the pass took 0.6 s instead of
    0.95–1.4 s with 4 million rows at once); the pools, hence the result, are the
    same with any ranges.
    """
    out = []
    lo, size = 0, CANDIDATE_FIRST_CHUNK
    while lo < n:
        out.append((lo, min(n, lo + size)))
        lo, size = out[-1][1], min(CANDIDATE_CHUNK, 4 * size)
    return out


def initial_candidates(fp: FeasiblePairs, n_m: int, k_s: int, k_m: int,
                       capacity: NDArray[np.int64] | None = None,
                       k_escape: int = ESCAPES_PER_STUDENT,
                       among: NDArray[np.bool_] | None = None) -> NDArray[np.int64]:
    """Return indices into ``fp`` of the initial candidate pairs.

    ``fp`` is sorted by pupil then cost; the ``k_s`` first pairs of each pupil
    and the ``k_m`` cheapest pairs of each volunteer (ties: first in ``fp``)
    are kept. The volunteer side is computed chunk by chunk with a running
    pool of at most ``k_m`` pairs per volunteer, so memory stays bounded.

    With ``capacity`` (one per volunteer), each pupil also gets its ``k_escape``
    cheapest pairs to volunteers *with room*: named by fewer pupils' ``k_s``
    lists than their capacity. Without such an escape, a pupil holding a
    contested place has no other arc in the network than "unassigned", the
    potentials price its place at the lexicographic ``BIG`` level, and every
    pruned pair of that pupil to a volunteer with room violates by about
    ``BIG``: the pricing rounds that follow then move thousands of pupils
    (the escapes' gain is measured in ``docs/performance.md``).

    Parameters
    ----------
    fp : FeasiblePairs
        The full feasible graph, sorted by pupil then cost.
    n_m : int
        Number of volunteers.
    k_s, k_m : int
        Cheapest pairs kept per pupil and per volunteer.
    capacity : numpy.ndarray of int64, optional
        Capacity of each volunteer; without it, no escapes.
    k_escape : int
        Escapes per pupil (:data:`ESCAPES_PER_STUDENT`).
    among : numpy.ndarray of bool, optional
        One per pupil: only these pupils' rows count (the same indices as
        ``initial_candidates`` of the sub-graph of their rows, mapped back, without
        gathering it).

    Returns
    -------
    numpy.ndarray of int64
        Sorted distinct indices into ``fp``.
    """
    n = len(fp)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    si = fp.si
    starts = np.flatnonzero(np.r_[True, si[1:] != si[:-1]])
    counts = np.diff(np.r_[starts, n])
    if among is not None:
        keep = among[si[starts]]
        if not keep.any():
            return np.zeros(0, dtype=np.int64)
        starts, counts = starts[keep], counts[keep]
    owner, offset = ranges(np.minimum(counts, k_s))
    own = starts[owner] + offset
    chosen = [own]
    if capacity is not None and k_escape > 0:
        ok = (np.bincount(fp.mi[own], minlength=n_m) < capacity)[fp.mi]
        if among is not None:
            ok &= among[si]
        sel = np.flatnonzero(ok)
        chosen.append(sel[group_rank(si[sel]) < k_escape])
    if k_m > 0:
        pool = np.zeros(0, dtype=np.int64)
        # a pair can only join a volunteer's pool if it is strictly cheaper than the
        # worst of a full pool (every pool pair comes earlier in fp and wins ties)
        worst = np.full(n_m, np.iinfo(np.int64).max, dtype=np.int64)
        for lo, hi in _chunks(n):
            cheaper = fp.cost[lo:hi] < worst[fp.mi[lo:hi]]
            if among is not None:
                cheaper &= among[si[lo:hi]]
            new = lo + np.flatnonzero(cheaper)
            idx = np.concatenate([pool, new])
            pool = _group_heads(idx, fp.mi[idx], fp.cost[idx], k_m)
            pm = fp.mi[pool]
            full = np.bincount(pm, minlength=n_m) >= k_m
            top = np.zeros(n_m, dtype=np.int64)
            np.maximum.at(top, pm, fp.cost[pool].astype(np.int64))
            worst = np.where(full, top, np.iinfo(np.int64).max)
        chosen.append(pool)
    out = np.sort(np.concatenate(chosen))
    return out[np.r_[True, out[1:] != out[:-1]]]


def initial_arcs(enc: Encoded, fp: FeasiblePairs, idx: NDArray[np.int64],
                  per_pair: int = SESSIONS_PER_PAIR) -> SlotArcs:
    """Candidate pairs, each with up to ``per_pair`` of its cheapest common sessions.

    Among sessions of equal cost the choice rotates with the pupil, so that a
    volunteer's candidates do not all crowd onto the same block (pricing adds
    any other session that would help).
    """
    si = fp.si[idx].astype(np.int64)
    mi = fp.mi[idx].astype(np.int64)
    row, blk = expand_sessions(fp.common_blocks(enc, idx), enc.n_blocks)
    cost = fp.cost[idx][row].astype(np.int64) + fp.session_cost[
        enc.s_primary[si[row]].astype(np.int64), blk]
    spread = (blk + si[row] * SESSION_ROTATION) % max(enc.n_blocks, 1)
    keep = _least_per_row(row, cost, spread, per_pair)
    return SlotArcs(si[row[keep]], mi[row[keep]], blk[keep], cost[keep])


def _least_per_row(row: NDArray[np.int64], cost: NDArray[np.int64], spread: NDArray[np.int64],
                   k: int) -> NDArray[np.int64]:
    """Positions of each row's ``k`` least ``(cost, spread)``, by row then that order.

    ``row`` is non-decreasing and ``spread`` distinct within a row, so the packed
    ``(cost, spread)`` keys are distinct within a row and each row's least are
    peeled off ``k`` times by a minimum per row (``np.minimum.reduceat``) instead
    of sorting every entry (at 30,000 pupils, 3.3 million sessions: 0.06–0.08 s
    against 0.24 s). The same positions as ``lexsort((spread, cost, row))`` cut to ``k``
    per row.
    """
    n = row.shape[0]
    if n == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    c0 = int(cost.min())
    s_bits = int(spread.max()).bit_length()
    if (int(cost.max()) - c0).bit_length() + s_bits > 62:
        order = lexsort_int((spread, cost, row))
        return order[group_rank(row[order]) < k]
    key = (cost - c0) << s_bits
    key |= spread
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    counts = np.diff(np.r_[starts, n])
    picks = np.minimum(counts, k)
    offset = np.cumsum(picks) - picks
    out = np.empty(int(picks.sum()), dtype=np.int64)
    done = np.iinfo(np.int64).max        # above every key: a row's picked entries
    for j in range(min(k, int(counts.max()))):
        least = np.minimum.reduceat(key, starts)
        live = j < counts
        hit = np.flatnonzero((key == np.repeat(least, counts)) & np.repeat(live, counts))
        out[offset[live] + j] = hit
        key[hit] = done
    return out


def _distinct_pairs(sorted_keys: NDArray[np.int64], n_blocks: int) -> int:
    """Distinct pairs among sorted triple keys ``(s * n_m + m) * n_blocks + b`` (no sort)."""
    if not sorted_keys.size:
        return 0
    pairs = sorted_keys // n_blocks
    return int(np.count_nonzero(pairs[1:] != pairs[:-1])) + 1


def _still_optimal(net: Network, carried: NDArray[np.int64], bound: NDArray[np.int64] | None
                   ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None:
    """The carried flow with its pricing potentials, if it is still optimal.

    Shortest paths on the new residual graph, started from ``bound`` (the
    previous round's largest potentials), either converge (the flow is
    optimal; :func:`~mentormatch.solve.duals.pricing_potentials`) or find a
    negative cycle (``None``).
    """
    try:
        return (carried, *pricing_potentials(net, carried, bound=bound))
    except NegativeCycleError:
        return None


def _pricing_potentials(net: Network, flow: NDArray[np.int64],
                        certified: NDArray[np.int64] | None
                        ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """:func:`~mentormatch.solve.duals.pricing_potentials` of a flow a solver called optimal."""
    try:
        return pricing_potentials(net, flow, certified=certified)
    except NegativeCycleError as exc:
        raise InternalError(f"a solver returned a non-optimal flow: {exc}") from exc


def reoptimize(net: Network, flow: NDArray[np.int64], potentials: NDArray[np.int64], *,
               max_units: int | None = None, max_phases: int | None = None
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Repair a flow of ``net`` after arcs were appended: optimal flow and certifying potentials.

    The network's arrays go to :func:`mentormatch.flow.primal_dual.primal_dual`
    (searching in ``"alternate"`` directions, its per-phase passes compiled when
    numba is installed: same result), after the pupils' potentials are
    raised as far as dual feasibility allows
    (:func:`~mentormatch.flow.primal_dual.tighten_sources`), so that a pupil
    whose new arc is cheaper leaves its current one.

    Parameters
    ----------
    net : Network
        The network (the previous round's arcs plus appended pupil → slot arcs).
    flow : numpy.ndarray of int64
        A flow within the arcs' bounds (the previous optimum carried, new arcs empty).
    potentials : numpy.ndarray of int64
        Starting potentials (the previous round's, mapped onto ``net``).
    max_units, max_phases : int, optional
        The repair's budget (see :func:`~mentormatch.flow.primal_dual.primal_dual`).

    Returns
    -------
    flow : numpy.ndarray of int64
        An optimal flow of ``net``.
    potentials : numpy.ndarray of int64
        Certifying potentials, shifted so that none is negative.

    Raises
    ------
    ValueError, ArithmeticError, mentormatch.flow.primal_dual.PrimalDualAbortedError
        As :func:`~mentormatch.flow.primal_dual.primal_dual`: the caller re-solves.
    """
    pi = tighten_sources(net.tail, net.head, net.capacity, net.cost,
                         np.asarray(potentials, dtype=np.int64))
    out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply,
                      np.asarray(flow, dtype=np.int64), pi, directions="alternate",
                      max_units=max_units, max_phases=max_phases, compiled=True)
    pot = out.potentials
    pot -= pot.min(initial=0)
    return out.flow, pot


def _repair_budget(net: Network) -> dict[str, int]:
    """The warm-start repair's budget: units and phases (see the constants)."""
    return {"max_units": net.n_s // REPAIR_MOVING_DIVISOR,
            "max_phases": max(REPAIR_MIN_PHASES, math.isqrt(net.n_s) // REPAIR_PHASE_DIVISOR)}


def _warm_resolve(net: Network, carried: NDArray[np.int64], bound: NDArray[np.int64]
                  ) -> tuple[NDArray[np.int64], NDArray[np.int64] | None]:
    """Re-solve ``net`` exactly by LAPJV, warm-started by the last round's volunteer prices.

    The prices go on the load arcs the carried flow uses
    (:func:`~mentormatch.solve.reduction.priced_loads`). If the optimum of the
    priced network still uses them all, it is optimal for ``net``; otherwise
    it is repaired from the priced network's potentials (only the abandoned
    raised arcs violate), or, if that repair gives up, ``net`` is solved cold.
    Returns the flow and, after a repair, its certifying potentials. (Warm is
    faster than cold on large rounds; the compiled auction is not: it re-solves
    cold. Figures in ``docs/performance.md``.)
    """
    pnet, raised = priced_loads(net, carried, bound)
    flow = optimal_flow(pnet)
    left = int(np.count_nonzero(flow[raised] == 0))
    _log.debug("warm LAPJV: %d load arcs priced, %d left", int(raised.sum()), left)
    if left == 0:
        return flow, None
    pi, _ = _pricing_potentials(pnet, flow, None)   # LAPJV's flow is optimal for pnet
    try:
        return reoptimize(net, flow, pi, **_repair_budget(net))
    except (PrimalDualAbortedError, ArithmeticError, ValueError) as exc:
        _log.debug("repair after the warm LAPJV gave up (%s); solving cold", exc)
        return optimal_flow(net), None


#: Largest total of "unassigned" costs of a network with continuity tiers (float64-exact,
#: as without tiers: beyond it OR-Tools refuses the cost range and LAPJV is inexact).
TIERED_LIMIT = FLOAT_EXACT


def _tiered(arcs: SlotArcs, tiers: Tiers | None, move: int, n_blocks: int) -> SlotArcs:
    """``arcs`` with one *move* added to the arcs that leave a stable pupil's pair in force."""
    if tiers is None or tiers.stay_key is None or not move:
        return arcs
    own = tiers.stay_key[arcs.si]
    moved = (own >= 0) & (arcs.mi * n_blocks + arcs.block != own)
    return SlotArcs(arcs.si, arcs.mi, arcs.block, arcs.cost + move * moved)


def _with_stays(arcs: SlotArcs, tiers: Tiers, n_m: int, n_blocks: int) -> SlotArcs:
    """``arcs`` plus each stable pupil's own (volunteer, session) arc, once."""
    if tiers.stay_key is None or tiers.stay_cost is None:
        return arcs
    si = np.flatnonzero(tiers.stay_key >= 0).astype(np.int64)
    mi, blk = np.divmod(tiers.stay_key[si], n_blocks)
    have = np.sort(arcs.keys(n_m, n_blocks))
    keys = (si * n_m + mi) * n_blocks + blk
    pos = np.minimum(np.searchsorted(have, keys), max(len(have) - 1, 0))
    new = ~(have[pos] == keys) if len(have) else np.ones(len(si), dtype=bool)
    return arcs.joined(SlotArcs(si[new], mi[new], blk[new], tiers.stay_cost[si[new]]))


#: Cheapest pupils per volunteer among the first candidates of a stable re-run: none
#: (most volunteers are full of pairs in force; the pupils' own lists and escapes
#: suffice: at 30,000 pupils the same pricing rounds, and 1.4 s of selection instead
#: of 2.6 s, docs/performance.md).
TIERED_CANDIDATES_PER_MENTOR = 0


def _first_candidates(enc: Encoded, fp: FeasiblePairs, tiers: Tiers | None) -> NDArray[np.int64]:
    """:func:`initial_candidates`; with pairs in force, for the pupils without one only.

    A stable pupil (:attr:`~mentormatch.continuity.plan.Tiers.stay_key`) starts with
    its pair in force alone (added by the caller): it rarely moves, and pricing adds
    any other arc that pays. The escapes count the places those pairs take, and the
    volunteers' own lists are :data:`TIERED_CANDIDATES_PER_MENTOR` long.
    """
    policy = enc.problem.policy
    k_s = policy.candidates_per_student
    if tiers is None or tiers.stay_key is None or not tiers.n_stable:
        return initial_candidates(fp, enc.n_m, k_s, policy.candidates_per_mentor,
                                  enc.m_capacity)
    stays = tiers.stay_key >= 0
    taken = np.bincount(tiers.stay_key[stays] // max(enc.n_blocks, 1), minlength=enc.n_m)
    return initial_candidates(fp, enc.n_m, k_s, TIERED_CANDIDATES_PER_MENTOR,
                              enc.m_capacity - taken, among=~stays)


def first_arcs(enc: Encoded, fp: FeasiblePairs, tiers: Tiers | None = None) -> SlotArcs:
    """The first candidate network's triples (:func:`initial_candidates`, cheapest sessions).

    With ``tiers``, a stable pupil's own arc is its only one (see
    :func:`_first_candidates`; the caller adds it).
    """
    return initial_arcs(enc, fp, _first_candidates(enc, fp, tiers))


def solve_with_pricing(enc: Encoded, fp: FeasiblePairs, *,
                       backend: BackendChoice = "auto",
                       deadline: float | None = None,
                       progress: Reporter | None = None,
                       tiers: Tiers | None = None, big: int | None = None,
                       face: Face | None = None,
                       initial: SlotArcs | None = None,
                       start: tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]] | None = None
                       ) -> SolveOutcome:
    """Solve the match exactly against the full feasible graph, with a certificate.

    Builds the first candidate network (:func:`initial_candidates`), then
    repeats: solve it exactly (kept, repaired or re-solved; see the module
    notes), price every feasible pair of the full graph with the solution's
    potentials, and add the violators, until no pair violates.

    Parameters
    ----------
    enc : Encoded
        The problem as arrays (:func:`mentormatch.candidates.encode.encode`).
    fp : FeasiblePairs
        The full feasible graph, sorted by pupil then cost
        (:func:`mentormatch.candidates.generate.feasible_pairs`).
    backend : str
        ``"auto"`` or a backend name (``"assignment"``, ``"networkx"``, ``"highs"``,
        ``"ortools"``, ``"auction"``, ``"primal_dual"``, ``"network_simplex"``).
        How each round's network is solved from scratch: ``"assignment"`` by
        its reduction (:mod:`mentormatch.solve.reduction`), another name by
        :func:`mentormatch.flow.min_cost_flow` with that backend, ``"auto"``
        by :func:`mentormatch.flow.backends.choose_backend` (``kind="match"``).
    deadline : float, optional
        A :func:`time.perf_counter` value. Checked after each round's pricing:
        once it has passed and some pair still violates, the loop stops with
        that round's flow (feasible for the full problem, optimal on the
        candidates), ``status="time_limit"``, ``optimal=False`` and the dual
        bound ``objective - pupil_deficit`` (see
        :class:`~mentormatch.solve.pricing.PricingResult`). A round is never
        interrupted, so the loop may run past the deadline by one round.
    progress : Reporter, optional
        Told ``("solve", round, None)`` at each round, ``("pricing", pupils,
        pupils)`` during each pricing and ``("certify", 0|1, 1)``
        (:mod:`mentormatch._progress`); may raise :class:`~mentormatch.errors.Cancelled`.
    tiers : Tiers, optional
        Pairs in force (:mod:`mentormatch.continuity.plan`): places left per
        volunteer and session, load costs after the fixed load, pupils who
        must stay matched and their own arcs. With stable pupils the
        objective has three exact tiers: ``MOVE`` is the cost tier's bound
        (:func:`~mentormatch.network.lexicographic_big`), every arc leaving
        a stable pupil's pair in force costs ``MOVE`` more, and the coverage
        unit ``BIG`` is ``(stable pupils + 1) * MOVE``, above any total of
        moves and costs. Pricing adds ``MOVE`` to the stable pupils' pruned
        triples (their own arc is always in the network), so the certificate
        proves the tiered objective against the full feasible graph.
    big : int, optional
        The unassigned arcs' ``BIG`` (default: :func:`~mentormatch.network.lexicographic_big`
        of ``fp``); the lending solves (:mod:`mentormatch.solve.equipment`) share one.
    face : Face, optional
        Phase 2 of the two-phase continuity tiers (:mod:`mentormatch.solve.tiers`):
        pricing by :meth:`~mentormatch.solve.tiers.Face.price` (the face's triples
        only, costed with its rewards); the first arcs come in ``initial``.
    initial : SlotArcs, optional
        The first candidate triples (default: :func:`first_arcs`); the continuity
        tiers' two phases share theirs (:mod:`mentormatch.solve.tiers`).
    start : (SlotArcs, flow, potentials), optional
        A warm start (the lending solves, after a change of some arcs' costs): the
        first candidate set (instead of :func:`first_arcs`), a flow over
        its network within the arcs' bounds (node balances need not hold) and
        potentials; the first round repairs that flow (:func:`reoptimize`) instead
        of solving from scratch. With ``tiers``, ``start[0]`` must hold every stable
        pupil's own arc (the stable tiers' warm phases, :mod:`mentormatch.solve.tiers`).

    Returns
    -------
    SolveOutcome
        The final network, its optimal flow and potentials, the candidate
        arcs, the objective and the dual bound of the certificate (checked by
        :func:`mentormatch.verify.check_flow` on the final network), and the
        loop's figures (rounds, solves, pairs priced, backend, timings).

    Raises
    ------
    InternalError
        If the loop does not converge within :data:`MAX_ROUNDS` rounds or a
        solver returns a non-optimal flow (never expected).
    """
    report = progress if progress is not None else Reporter()
    timings: dict[str, float] = {"solve": 0.0, "price": 0.0}
    load_int = mentor_load_costs(enc) if tiers is None or tiers.load_int is None \
        else tiers.load_int
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp.cost.max()) if len(fp) else 0) + max_session
    if big is None:
        big = lexicographic_big(enc, max_pair, load_int)
    move = 0
    net_opts: dict[str, Any] = {}
    offset = None
    if tiers is not None:
        net_opts = {"slot_room": tiers.slot_room, "must_match": tiers.must_match}
        if tiers.n_stable:
            # lexicographic tiers: coverage, then moves, then cost (see the docstring)
            move, big = big, (tiers.n_stable + 1) * big
            assert tiers.stay_key is not None
            assert tiers.must_match is not None
            if int(enc.s_weight[~tiers.must_match].sum()) * big >= TIERED_LIMIT:
                raise InputError.single(
                    "objective_overflow",
                    f"continuity 'stable' with {tiers.n_stable:,} pairs in force needs "
                    "objective tiers too large to solve exactly (coverage unit "
                    f"{big:,}); use Policy(continuity='keep'), or a smaller "
                    "Policy.cost_scale (1 instead of 10 divides the tiers by about 10)",
                    field="policy.continuity", value=big)
            offset = np.where(tiers.stay_key >= 0, move, 0).astype(np.int64)
    t0 = time.perf_counter()
    if start is not None:
        arcs = start[0]
    else:
        arcs = first_arcs(enc, fp, tiers) if initial is None else initial
    if tiers is not None:
        arcs = _tiered(_with_stays(arcs, tiers, enc.n_m, enc.n_blocks), tiers, move,
                       enc.n_blocks)
    timings["select"] = time.perf_counter() - t0
    chosen = choose_backend("match", pupils=enc.n_s) if backend == "auto" else backend
    fast = chosen in ("assignment", "auction")
    # the last round's (network, flow, largest certifying potentials)
    warm: Warm | None = None
    rounds = solves = 0
    margin = 0
    violating = 0   # violating pairs found by the last pricing
    t0 = time.perf_counter()
    net = build_network(enc, arcs, big, load_int, **net_opts)
    timings["network"] = time.perf_counter() - t0
    if start is not None:
        # warm: the given flow is repaired in the first round (no keep check: the
        # costs changed), the potentials shifted to the "largest" convention (<= 0)
        warm = (net, start[1], start[2] - start[2].max(initial=0))
        violating = net.n_s + KEEP_CHECK_VIOLATORS + 1   # no keep check: not even balanced
    res: FlowResult | None = None
    stopped_bound: int | None = None
    keys: NDArray[np.int64] | None = None   # sorted keys of the network's triples
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InternalError("pricing did not converge")
        report("solve", rounds, None)
        t0 = time.perf_counter()
        flow: NDArray[np.int64] | None = None
        certified: NDArray[np.int64] | None = None   # potentials certifying a repaired flow
        pot = None
        how = "solved"
        # the last round's largest potentials on this network (None in the first round):
        # an upper bound of this round's if the flow is kept, and any start will do
        # for the repair (it re-tightens the pupils, the only nodes they differ on
        # from the pricing potentials)
        bound = warm_potentials(net, warm)
        carried: NDArray[np.int64] | None = None
        if warm is not None and bound is not None:
            carried = carry_flow(net, warm[0], warm[1])
            t1 = time.perf_counter()
            # The keep check (a Bellman-Ford) only ever succeeds after a handful of
            # violators; after more, go straight to the repair, which is exact too.
            check = violating <= max(KEEP_CHECK_VIOLATORS,
                                     net.n_s // KEEP_CHECK_PUPILS_PER_VIOLATOR)
            kept = _still_optimal(net, carried, bound) if check else None
            _log.debug("keep check: %s in %.2f s", kept is not None if check else "skipped",
                       time.perf_counter() - t1)
            if kept is not None:
                flow, pot, largest = kept
                how = "kept"
            elif chosen == "auction" and rounds > 1 and margin == 0:
                # After violations of the coverage tier (BIG, not pair costs) pupils move
                # along long chains and the repair needs tens of phases; the compiled
                # auction re-solves faster (figures in docs/performance.md).
                _log.debug("coverage-tier violators: re-solving by the auction")
            else:
                # Exact primal-dual repair of the carried flow instead of re-solving
                # from scratch, within a budget (_repair_budget): a phase costs a
                # small fraction of a re-solve, so the repair wins when it needs
                # fewer than ~sqrt(n)/2 phases. It gives up as soon as its routing
                # rate projects past that, and does not start when more than half
                # the pupils must move; the backend re-solves then.
                t1 = time.perf_counter()
                try:
                    flow, certified = reoptimize(net, carried, bound, **_repair_budget(net))
                    how = "reoptimized"
                    _log.debug("repair in %.2f s", time.perf_counter() - t1)
                except (PrimalDualAbortedError, ArithmeticError, ValueError) as exc:
                    _log.debug("warm-start repair gave up (%s); re-solving", exc)
        name = res.backend if res is not None else chosen
        if flow is None and fast:  # exact numpy/scipy path for this network family
            solves += 1
            name = chosen
            compiled = chosen == "auction"
            # LAPJV gains from the last round's prices; the auction solves cold faster
            # than warm plus its repair (figures in docs/performance.md)
            if carried is not None and bound is not None and not compiled:
                flow, certified = _warm_resolve(net, carried, bound)
                how = "solved warm"
            else:
                flow = optimal_flow(net, fast=compiled)
        elif flow is None:
            solves += 1
            res = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                                backend=chosen)
            if res.status != "optimal":  # every pupil has an unassigned arc: always feasible
                raise InternalError(f"the match network was reported {res.status}")
            flow, name = res.flow, res.backend
        if pot is None:
            pot, largest = _pricing_potentials(net, flow, certified)
        objective = int(net.cost @ flow)
        res = FlowResult("optimal", objective, flow, pot, name)
        warm = (net, flow, largest)
        timings["solve"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        if keys is None:   # later rounds merge the violators' keys in (below)
            keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
        if face is None:
            priced = price(enc, fp, net, res.potentials, keys, margin=margin, progress=report,
                           pupil_offset=offset, compiled=True)
        else:
            priced = face.price(enc, net, res.potentials, keys, margin=margin, progress=report)
        timings["price"] += time.perf_counter() - t0
        _log.debug("round %d (%s): %d arcs, objective %s, %d violating pairs (min rc %d), "
                   "solve+price so far %.2f s + %.2f s", rounds,
                   how, len(net.tail), res.cost,
                   priced.n_violating_pairs, priced.min_reduced_cost, timings["solve"],
                   timings["price"])
        if len(priced.violators.si) == 0:
            break
        if deadline is not None and time.perf_counter() >= deadline:
            # out of time: this round's flow is feasible for the full problem, and its
            # potentials lowered by each pupil's deficit are a dual solution of it
            stopped_bound = objective - priced.pupil_deficit
            break
        violating = priced.n_violating_pairs
        # Once the violations are of the size of pair costs (not of the lexicographic
        # BIG), the next potentials move by about that much: also add the pairs within
        # that margin of violating, which would otherwise come one round at a time.
        margin = -priced.min_reduced_cost if -priced.min_reduced_cost <= max_pair else 0
        arcs = arcs.joined(priced.violators)
        # the joined triples' sorted keys: one merge of two sorted runs (a stable sort
        # of int64 is a timsort) instead of sorting millions of keys again each round
        keys = np.sort(np.concatenate(
            [keys, np.sort(priced.violators.keys(enc.n_m, enc.n_blocks))]), kind="stable")
        t0 = time.perf_counter()
        net = build_network(enc, arcs, big, load_int, **net_opts)
        timings["network"] += time.perf_counter() - t0
    if res is None or res.cost is None:  # set from the flow in every round
        raise InternalError("the pricing loop ended without an objective")
    t0 = time.perf_counter()
    report("certify", 0, 1)
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, res.flow,
                      res.potentials)
    timings["certify"] = time.perf_counter() - t0
    report("certify", 1, 1)
    status = "optimal" if cert.optimal else "; ".join(cert.violations[:3])
    dual_bound, optimal = cert.dual_bound, cert.optimal
    if stopped_bound is not None and cert.optimal:  # optimal on the candidates only
        status, dual_bound, optimal = "time_limit", stopped_bound, False
    return SolveOutcome(
        network=net, flow=res.flow, potentials=res.potentials, arcs=arcs,
        objective=int(res.cost), dual_bound=dual_bound, optimal=optimal,
        status=status,
        rounds=rounds, solves=solves,
        pairs_priced=len(fp) - _distinct_pairs(keys, enc.n_blocks),
        backend=res.backend, timings=timings,
    )
