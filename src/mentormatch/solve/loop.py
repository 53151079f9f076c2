"""Solve with pruning and a proof: candidate set → solve → price → add violators → repeat.

1. **Candidate set**: the ``k`` cheapest volunteers of each pupil together with
   the ``k`` cheapest pupils of each volunteer (``Policy.candidates_per_student``
   / ``candidates_per_mentor``), plus each pupil's cheapest pairs to volunteers
   those pupil lists leave room at (:data:`ESCAPES_PER_STUDENT`), each pair with
   its cheapest common sessions.
2. **Solve** the candidate network exactly (a backend of :mod:`mentormatch.flow`,
   or the engine's assignment fast path) and get certifying potentials.
3. **Price** every feasible (pupil, volunteer, session) of the full graph by its
   reduced cost (:mod:`mentormatch.solve.pricing`); add every violator and
   solve again, until none remains.

When no pruned arc has a negative reduced cost, the potentials are dual
feasible for the *full* feasible graph, so the dual objective bounds every
solution of it: the candidate optimum is optimal for the full graph.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import group_rank, lexsort_int, ranges, stable_argsort
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.errors import InternalError
from mentormatch.flow import FlowResult, min_cost_flow
from mentormatch.flow.backends import ortools as _ortools
from mentormatch.flow.potentials import NegativeCycleError
from mentormatch.flow.primal_dual import PrimalDualAbortedError, primal_dual, tighten_sources
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

_log = logging.getLogger(__name__)

__all__ = ["ESCAPES_PER_STUDENT", "SolveOutcome", "initial_candidates", "solve_with_pricing"]

#: Safety cap on solve-and-price rounds (each round adds every violator, so
#: this is never reached in practice; reaching it is an internal error).
MAX_ROUNDS = 100

#: Pairs handled at once when choosing each volunteer's cheapest pupils.
CANDIDATE_CHUNK = 4_000_000

#: Largest problem (pupils) for which ``backend="auto"`` re-solves on the core path
#: even when OR-Tools is installed. Measured ``match()`` times, core ÷ OR-Tools: 0.72,
#: 0.97, 0.75, 0.90 at 1,000, 3,000, 10,000, 30,000 pupils (benchmark, same run); run
#: side by side, one per core: 0.99 at 30,000, 1.09 at 40,000, 1.14 at 50,000 and 1.37
#: at 100,000 (1,000 s against 729 s). Only the from-scratch re-solves differ: the
#: candidates, the pricing and the repairs are shared.
AUTO_CORE_MAX_PUPILS = 35_000

#: Most violating pairs after which the next round still checks whether the carried
#: flow is optimal as it is (more, per 1,000 pupils, on larger problems).
KEEP_CHECK_VIOLATORS = 100

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


def initial_candidates(fp: FeasiblePairs, n_m: int, k_s: int, k_m: int,
                       capacity: NDArray[np.int64] | None = None,
                       k_escape: int = ESCAPES_PER_STUDENT) -> NDArray[np.int64]:
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
    ``BIG``: the pricing rounds that follow then move thousands of pupils.
    Measured on ``synth.generate(30000)``: the solve-and-price loop took 92 s
    with 3 escapes against 102 s without (the repair of round 3 went from
    19.5 s to 11 s), for 46,000 more first-round pairs.

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
    owner, offset = ranges(np.minimum(np.diff(np.r_[starts, n]), k_s))
    own = starts[owner] + offset
    chosen = [own]
    if capacity is not None and k_escape > 0:
        room = np.bincount(fp.mi[own], minlength=n_m) < capacity
        sel = np.flatnonzero(room[fp.mi])
        chosen.append(sel[group_rank(si[sel]) < k_escape])
    if k_m > 0:
        pool = np.zeros(0, dtype=np.int64)
        # a pair can only join a volunteer's pool if it is strictly cheaper than the
        # worst of a full pool (every pool pair comes earlier in fp and wins ties)
        worst = np.full(n_m, np.iinfo(np.int64).max, dtype=np.int64)
        for lo in range(0, n, CANDIDATE_CHUNK):
            hi = min(n, lo + CANDIDATE_CHUNK)
            new = lo + np.flatnonzero(fp.cost[lo:hi] < worst[fp.mi[lo:hi]])
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


def _initial_arcs(enc: Encoded, fp: FeasiblePairs, idx: NDArray[np.int64],
                  per_pair: int = SESSIONS_PER_PAIR) -> SlotArcs:
    """Candidate pairs, each with up to ``per_pair`` of its cheapest common sessions.

    Among sessions of equal cost the choice rotates with the pupil, so that a
    volunteer's candidates do not all crowd onto the same block (pricing adds
    any other session that would help).
    """
    si = fp.si[idx].astype(np.int64)
    mi = fp.mi[idx].astype(np.int64)
    row, blk = expand_sessions(enc.s_avail[si] & enc.m_avail[mi], enc.n_blocks)
    cost = fp.cost[idx][row].astype(np.int64) + fp.session_cost[
        enc.s_primary[si[row]].astype(np.int64), blk]
    spread = (blk + si[row] * 7) % max(enc.n_blocks, 1)
    order = lexsort_int((spread, cost, row))
    keep = order[group_rank(row[order]) < per_pair]
    return SlotArcs(si[row[keep]], mi[row[keep]], blk[keep], cost[keep])


def _concat(a: SlotArcs, b: SlotArcs) -> SlotArcs:
    return SlotArcs(np.concatenate([a.si, b.si]), np.concatenate([a.mi, b.mi]),
                    np.concatenate([a.block, b.block]), np.concatenate([a.cost, b.cost]))


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
    (searching in ``"alternate"`` directions), after the pupils' potentials are
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
                      max_units=max_units, max_phases=max_phases)
    pot = out.potentials
    pot -= pot.min(initial=0)
    return out.flow, pot


def _repair_budget(net: Network) -> dict[str, int]:
    """The warm-start repair's budget (measured at 3,000-30,000 pupils; see the loop)."""
    return {"max_units": net.n_s // 2, "max_phases": max(20, math.isqrt(net.n_s) // 2)}


def _warm_resolve(net: Network, carried: NDArray[np.int64], bound: NDArray[np.int64]
                  ) -> tuple[NDArray[np.int64], NDArray[np.int64] | None]:
    """Re-solve ``net`` exactly by LAPJV, warm-started by the last round's volunteer prices.

    The prices go on the load arcs the carried flow uses
    (:func:`~mentormatch.solve.reduction.priced_loads`). If the optimum of the
    priced network still uses them all, it is optimal for ``net``; otherwise
    it is repaired from the priced network's potentials (only the abandoned
    raised arcs violate), or, if that repair gives up, ``net`` is solved cold.
    Returns the flow and, after a repair, its certifying potentials.
    Measured on the round-2 network of ``synth.generate(30000)``, cold and warm
    interleaved three times: 28.6-29.9 s warm (LAPJV 24 s, then one raised arc
    left and repaired in 2.5 s) against 31.9-33.8 s cold.
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


def solve_with_pricing(enc: Encoded, fp: FeasiblePairs, *, backend: str = "auto") -> SolveOutcome:
    """Solve the match exactly against the full feasible graph (see module docs)."""
    policy = enc.problem.policy
    timings: dict[str, float] = {"solve": 0.0, "price": 0.0}
    load_int = mentor_load_costs(enc)
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp.cost.max()) if len(fp) else 0) + max_session
    big = lexicographic_big(enc, max_pair, load_int)
    idx = initial_candidates(fp, enc.n_m, policy.candidates_per_student,
                             policy.candidates_per_mentor, enc.m_capacity)
    arcs = _initial_arcs(enc, fp, idx)
    fast = backend == "assignment" or (backend == "auto" and (
        enc.n_s <= AUTO_CORE_MAX_PUPILS or not _ortools.is_available()))
    # the last round's (network, flow, largest certifying potentials)
    warm: Warm | None = None
    rounds = solves = 0
    margin = 0
    violating = 0   # violating pairs found by the last pricing
    net = build_network(enc, arcs, big, load_int)
    res: FlowResult | None = None
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InternalError("pricing did not converge")
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
            # The keep check (a Bellman-Ford, 0.3-0.7 s at 30,000 pupils) only ever
            # succeeded after a handful of violators (measured: 1 at 10,000 pupils,
            # 7 at 30,000); after more, go straight to the repair, which is exact too.
            check = violating <= max(KEEP_CHECK_VIOLATORS, net.n_s // 1000)
            kept = _still_optimal(net, carried, bound) if check else None
            _log.debug("keep check: %s in %.2f s", kept is not None if check else "skipped",
                       time.perf_counter() - t1)
            if kept is not None:
                flow, pot, largest = kept
                how = "kept"
            else:
                # Exact primal-dual repair of the carried flow (solve/warmstart.py)
                # instead of re-solving from scratch, within a budget measured at
                # 3,000-30,000 pupils: a phase costs ~1/50 to ~1/80 of a re-solve, so
                # the repair wins when it needs fewer than ~sqrt(n)/2 phases. It gives
                # up as soon as its routing rate projects past that; the backend
                # re-solves then. It does not start when more than half the pupils
                # must move (measured: 5,170 of 10,000 and 18,161 of 30,000 after
                # round 1, each given up after 6-8 phases; 11,479 of 30,000 was
                # repaired in 66 phases, faster than a re-solve).
                t1 = time.perf_counter()
                try:
                    flow, certified = reoptimize(net, carried, bound, **_repair_budget(net))
                    how = "reoptimized"
                    _log.debug("repair in %.2f s", time.perf_counter() - t1)
                except (PrimalDualAbortedError, ArithmeticError, ValueError) as exc:
                    _log.debug("warm-start repair gave up (%s); re-solving", exc)
        name = res.backend if res is not None else backend
        if flow is None and fast:  # exact numpy/scipy path for this network family
            solves += 1
            name = "assignment"
            if carried is not None and bound is not None:
                flow, certified = _warm_resolve(net, carried, bound)
                how = "solved warm"
            else:
                flow = optimal_flow(net)
        elif flow is None:
            solves += 1
            res = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                                backend=backend)
            if res.status != "optimal":  # every pupil has an unassigned arc: always feasible
                raise InternalError(f"the match network was reported {res.status}")
            flow, name = res.flow, res.backend
        if pot is None:
            pot, largest = _pricing_potentials(net, flow, certified)
        res = FlowResult("optimal", int(net.cost @ flow), flow, pot, name)
        warm = (net, flow, largest)
        timings["solve"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
        priced = price(enc, fp, net, res.potentials, keys, margin=margin)
        timings["price"] += time.perf_counter() - t0
        _log.debug("round %d (%s): %d arcs, objective %s, %d violating pairs (min rc %d), "
                   "solve+price so far %.2f s + %.2f s", rounds,
                   how, len(net.tail), res.cost,
                   priced.n_violating_pairs, priced.min_reduced_cost, timings["solve"],
                   timings["price"])
        if len(priced.violators.si) == 0:
            break
        violating = priced.n_violating_pairs
        # Once the violations are of the size of pair costs (not of the lexicographic
        # BIG), the next potentials move by about that much: also add the pairs within
        # that margin of violating, which would otherwise come one round at a time.
        margin = -priced.min_reduced_cost if -priced.min_reduced_cost <= max_pair else 0
        arcs = _concat(arcs, priced.violators)
        net = build_network(enc, arcs, big, load_int)
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, res.flow,
                      res.potentials)
    assert res.cost is not None
    return SolveOutcome(
        network=net, flow=res.flow, potentials=res.potentials, arcs=arcs,
        objective=int(res.cost), dual_bound=cert.dual_objective, optimal=cert.optimal,
        status="optimal" if cert.optimal else "; ".join(cert.violations[:3]),
        rounds=rounds, solves=solves,
        pairs_priced=len(fp) - len(np.unique(arcs.si * enc.n_m + arcs.mi)),
        backend=res.backend, timings=timings,
    )
