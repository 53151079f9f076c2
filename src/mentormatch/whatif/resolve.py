"""Exact re-solves of a modified problem, warm-started from the optimum in force.

A *what-if* (a fix for one pupil, a volunteer to recruit) is verified by
solving the modified problem exactly. :func:`resolve` does it without starting
from scratch:

1. the modified problem is encoded and its **full** feasible graph enumerated
   (:func:`~mentormatch.candidates.encode.encode`,
   :func:`~mentormatch.candidates.generate.feasible_pairs`), as ``match()`` does;
2. the candidate network starts from the final network of the optimum in force
   (its arcs mapped by the people's IDs; the arcs of the pupil or volunteer that
   changed are replaced by their cheapest pairs of the new graph) and the flow
   starts from the optimum in force (:class:`Engine`);
3. the solve-and-price loop of :mod:`mentormatch.solve.loop` then runs on it:
   if the carried flow is still optimal on the network, its certifying
   potentials come from shortest paths; otherwise it is repaired by the exact
   primal-dual (:func:`mentormatch.solve.loop.reoptimize`, a cold LAPJV solve
   if the repair gives up); the pricing of *every* feasible pair of the new
   graph adds violators until none remains, and
   :func:`mentormatch.verify.check_flow` certifies the final network.

The result is therefore an optimum of the modified problem certified against
its full feasible graph — the same objective as ``match(modified)``; among
equally optimal solutions it may pick another one (see ``docs/explain.md``).
The tests compare it with an independent :func:`mentormatch.match` on the
modified problem.

The optimum in force (:func:`engine`) is itself rebuilt without a solve from a
:class:`~mentormatch.MatchResult`: its pairs are the flow, and the same loop
certifies them against the full graph (falling back to a full solve when the
result is not optimal, e.g. stopped by a time limit).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.domain.problem import Problem
from mentormatch.errors import InternalError
from mentormatch.flow import NegativeCycleError, PrimalDualAbortedError
from mentormatch.network import (
    Network,
    SlotArcs,
    build_network,
    carry_flow,
    lexicographic_big,
    mentor_load_costs,
)
from mentormatch.result.model import MatchResult
from mentormatch.solve.duals import pricing_potentials
from mentormatch.solve.loop import MAX_ROUNDS, _initial_arcs, initial_candidates, reoptimize
from mentormatch.solve.pricing import price
from mentormatch.solve.reduction import optimal_flow, warm_potentials
from mentormatch.verify import check_flow

__all__ = ["Engine", "Solution", "engine", "resolve"]

#: Cheapest pairs of a changed pupil or volunteer put in the first network.
CHANGED_PAIRS = 20


@dataclass(frozen=True)
class Solution:
    """A certified optimum of a (possibly modified) problem.

    Attributes
    ----------
    problem : Problem
        The problem solved.
    assignment : dict of str to (str, int)
        Pupil ID -> (volunteer ID, session block) of every matched pupil.
    matched_weight : int
        Priority weight matched (the first, lexicographic, objective).
    soft_cost : int
        Total quantised soft cost (the second objective).
    optimal : bool
        The certificate of the final network held and pricing found no violator.
    rounds : int
        Solve-and-price rounds.
    seconds : float
        Wall time of the re-solve.
    """

    problem: Problem
    assignment: dict[str, tuple[str, int]]
    matched_weight: int
    soft_cost: int
    optimal: bool
    rounds: int
    seconds: float
    blocks_per_day: int
    session_minutes: int

    def key(self) -> tuple[int, int]:
        """Lexicographic objective as a sortable key: (-matched weight, soft cost)."""
        return (-self.matched_weight, self.soft_cost)

    def session(self, student_id: str) -> tuple[int, int, int] | None:
        """(weekday, start minute, end minute) of a pupil's session, or None."""
        got = self.assignment.get(student_id)
        if got is None:
            return None
        day, k = divmod(got[1], self.blocks_per_day)
        start = k * self.session_minutes
        return day, start, start + self.session_minutes


@dataclass
class Engine:
    """The optimum in force as engine arrays: what every what-if starts from."""

    problem: Problem
    enc: Encoded
    fp: FeasiblePairs
    net: Network
    flow: NDArray[np.int64]
    potentials: NDArray[np.int64]
    arcs: SlotArcs
    big: int
    solution: Solution
    seconds: float = 0.0
    _pair_keys: NDArray[np.int64] | None = field(default=None, repr=False)

    def pair_keys(self) -> NDArray[np.int64]:
        """Sorted ``si * n_m + mi`` keys of the full feasible graph (computed once)."""
        if self._pair_keys is None:
            self._pair_keys = np.sort(self.fp.si.astype(np.int64) * self.enc.n_m + self.fp.mi)
        return self._pair_keys


def _big(enc: Encoded, fp: FeasiblePairs, load_int: list[NDArray[np.int64]]) -> int:
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp.cost.max()) if len(fp) else 0) + max_session
    return lexicographic_big(enc, max_pair, load_int)


def _flow_of(net: Network, enc: Encoded, arcs: SlotArcs,
             assigned: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Flow on ``net`` sending each pupil on its ``assigned`` pair arc (or unassigned)."""
    pair = assigned.astype(np.int64)
    slot = np.bincount(net.head[: net.n_pair_arcs] - net.n_s, weights=pair,
                       minlength=net.n_slots).astype(np.int64)
    load = np.bincount(arcs.mi[assigned], minlength=enc.n_m)
    counts = np.bincount(net.load_mentor, minlength=enc.n_m)
    first = np.cumsum(counts) - counts
    rank = np.arange(net.n_load_arcs) - first[net.load_mentor]
    load_flow = (rank < load[net.load_mentor]).astype(np.int64)
    matched = np.bincount(arcs.si[assigned], minlength=enc.n_s)
    if matched.max(initial=0) > 1 or np.any(load > enc.m_capacity):
        raise InternalError("a carried assignment is not feasible")
    return np.concatenate([pair, slot, load_flow, 1 - matched]).astype(np.int64)


def _solution(problem: Problem, enc: Encoded, net: Network, arcs: SlotArcs,
              flow: NDArray[np.int64], big: int, optimal: bool, rounds: int,
              seconds: float) -> Solution:
    on = np.flatnonzero(flow[: net.n_pair_arcs] > 0)
    assignment = {enc.student_ids[int(arcs.si[a])]: (enc.mentor_ids[int(arcs.mi[a])],
                                                    int(arcs.block[a])) for a in on}
    unassigned = flow[len(flow) - enc.n_s:]
    objective = int(net.cost @ flow)
    unmatched_weight = int(enc.s_weight @ unassigned)
    return Solution(problem, assignment, int(enc.s_weight.sum()) - unmatched_weight,
                    objective - unmatched_weight * big, optimal, rounds, seconds,
                    enc.blocks_per_day, problem.policy.session_minutes)


def _loop(enc: Encoded, fp: FeasiblePairs, arcs: SlotArcs, assigned: NDArray[np.bool_],
          big: int, start: NDArray[np.int64] | None
          ) -> tuple[Network, NDArray[np.int64], NDArray[np.int64], SlotArcs, bool, int]:
    """The solve-and-price loop from a carried assignment (module notes, step 3)."""
    load_int = mentor_load_costs(enc)
    net = build_network(enc, arcs, big, load_int)
    flow = _flow_of(net, enc, arcs, assigned)
    bound: NDArray[np.int64] | None = None
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InternalError("the what-if re-solve did not converge")
        try:
            pot, largest = pricing_potentials(net, flow, bound=bound)
        except NegativeCycleError:
            pi0 = start if start is not None and len(start) == net.sink + 1 else \
                np.zeros(net.sink + 1, dtype=np.int64)
            try:
                flow, certified = reoptimize(net, flow, pi0)
            except (PrimalDualAbortedError, ArithmeticError, ValueError):
                flow, certified = optimal_flow(net), None
            pot, largest = pricing_potentials(net, flow, certified=certified)
        keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
        priced = price(enc, fp, net, pot, keys)
        if len(priced.violators.si) == 0:
            break
        arcs = SlotArcs(*(np.concatenate([getattr(arcs, f), getattr(priced.violators, f)])
                          for f in ("si", "mi", "block", "cost")))
        new = build_network(enc, arcs, big, load_int)
        flow = carry_flow(new, net, flow)
        bound = warm_potentials(new, (net, flow, largest))
        start = bound
        net = new
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pot)
    return net, flow, pot, arcs, bool(cert.optimal), rounds


def _session_block(enc: Encoded, weekday: int, start: int) -> int:
    return weekday * enc.blocks_per_day + start // enc.problem.policy.session_minutes


def engine(problem: Problem, result: MatchResult | None = None) -> Engine:
    """The optimum in force as engine arrays (see the module notes).

    Parameters
    ----------
    problem : Problem
        The problem that was matched.
    result : MatchResult, optional
        Its result. Its pairs are certified against the full graph without a
        solve; without it (or when they are not optimal, e.g. a time-limited
        match) the problem is solved.
    """
    t0 = time.perf_counter()
    enc = encode(problem)
    fp = feasible_pairs(enc)
    load_int = mentor_load_costs(enc)
    big = _big(enc, fp, load_int)
    policy = problem.policy
    idx = initial_candidates(fp, enc.n_m, policy.candidates_per_student,
                             policy.candidates_per_mentor, enc.m_capacity)
    arcs = _initial_arcs(enc, fp, idx)
    assigned = np.zeros(len(arcs.si), dtype=bool)
    if result is not None and result.certificate.optimal and result.pairs:
        s_of = {sid: i for i, sid in enumerate(enc.student_ids)}
        m_of = {mid: j for j, mid in enumerate(enc.mentor_ids)}
        try:
            si = np.array([s_of[p.student_id] for p in result.pairs], dtype=np.int64)
            mi = np.array([m_of[p.mentor_id] for p in result.pairs], dtype=np.int64)
        except KeyError as exc:
            raise InternalError(f"the result names {exc} that the problem does not hold") \
                from None
        blk = np.array([_session_block(enc, p.session.weekday, p.session.start)
                        for p in result.pairs], dtype=np.int64)
        cost = np.array([p.cost_int for p in result.pairs], dtype=np.int64)
        # the result's pairs join the candidates (a duplicate triple is dropped)
        pk = (si * enc.n_m + mi) * enc.n_blocks + blk
        ak = arcs.keys(enc.n_m, enc.n_blocks)
        keep = ~np.isin(ak, pk)
        arcs = SlotArcs(np.concatenate([arcs.si[keep], si]), np.concatenate([arcs.mi[keep], mi]),
                        np.concatenate([arcs.block[keep], blk]),
                        np.concatenate([arcs.cost[keep], _arc_cost(enc, fp, si, mi, blk, cost)]))
        assigned = np.r_[np.zeros(int(keep.sum()), dtype=bool), np.ones(len(si), dtype=bool)]
    try:
        net, flow, pot, arcs, optimal, rounds = _loop(enc, fp, arcs, assigned, big, None)
    except InternalError:
        optimal = False
    if not optimal:   # not an optimum: solve the problem itself
        from mentormatch.solve.loop import solve_with_pricing

        out = solve_with_pricing(enc, fp)
        net, flow, pot, arcs, optimal, rounds = (out.network, out.flow, out.potentials,
                                                 out.arcs, out.optimal, out.rounds)
    seconds = time.perf_counter() - t0
    sol = _solution(problem, enc, net, arcs, flow, big, optimal, rounds, seconds)
    return Engine(problem, enc, fp, net, flow, pot, arcs, big, sol, seconds)


def _arc_cost(enc: Encoded, fp: FeasiblePairs, si: NDArray[np.int64], mi: NDArray[np.int64],
              blk: NDArray[np.int64], fallback: NDArray[np.int64]) -> NDArray[np.int64]:
    """Arc costs (pair + session) of triples, read from ``fp`` (``fallback`` if absent)."""
    out = fallback.copy()
    starts = np.searchsorted(fp.si, si, side="left")
    ends = np.searchsorted(fp.si, si, side="right")
    for r, (a, b) in enumerate(zip(starts, ends, strict=True)):  # one pupil at a time
        hit = np.flatnonzero(fp.mi[a:b] == mi[r])
        if hit.size:
            g = int(enc.s_primary[si[r]])
            out[r] = int(fp.cost[a + hit[0]]) + int(fp.session_cost[g, blk[r]])
    return out


def resolve(base: Engine, problem: Problem, *, students: tuple[str, ...] = (),
            mentors: tuple[str, ...] = (), forbid: tuple[str, ...] = ()) -> Solution:
    """Solve ``problem`` — ``base.problem`` with a few people changed — exactly, warm.

    Parameters
    ----------
    base : Engine
        The optimum in force (:func:`engine`).
    problem : Problem
        The modified problem: the same people, except the pupils ``students`` and
        the volunteers ``mentors`` (changed, added; none removed).
    students, mentors : tuple of str
        IDs of the pupils and volunteers that differ from ``base.problem``.
    forbid : tuple of str
        Pupils who may not be paired (their pairs are removed from the graph):
        used to prove that *every* optimum pairs a pupil.

    Returns
    -------
    Solution
        A certified optimum of ``problem`` (module notes).
    """
    t0 = time.perf_counter()
    enc = encode(problem)
    fp = feasible_pairs(enc)
    if forbid:
        banned = np.zeros(enc.n_s, dtype=bool)
        banned[[enc.student_ids.index(x) for x in forbid]] = True
        ok = ~banned[fp.si]
        fp = FeasiblePairs(fp.si[ok], fp.mi[ok], fp.cost[ok], fp.session_cost)
        students = (*students, *forbid)
    load_int = mentor_load_costs(enc)
    big = max(base.big, _big(enc, fp, load_int))
    old = base.enc
    s_of = {sid: i for i, sid in enumerate(enc.student_ids)}
    m_of = {mid: j for j, mid in enumerate(enc.mentor_ids)}
    s_map = np.array([s_of[x] for x in old.student_ids], dtype=np.int64)
    m_map = np.array([m_of[x] for x in old.mentor_ids], dtype=np.int64)
    changed_s = np.zeros(enc.n_s, dtype=bool)
    changed_s[[s_of[x] for x in students]] = True
    changed_m = np.zeros(enc.n_m, dtype=bool)
    changed_m[[m_of[x] for x in mentors]] = True
    a = base.arcs
    si, mi = s_map[a.si], m_map[a.mi]
    keep = ~changed_s[si] & ~changed_m[mi]
    assigned = base.flow[: base.net.n_pair_arcs][keep] > 0
    kept = SlotArcs(si[keep], mi[keep], a.block[keep], a.cost[keep])
    # the changed people's cheapest pairs of the new graph
    rows = np.flatnonzero(changed_s[fp.si] | changed_m[fp.mi])
    rank_s = _rank_within(fp.si[rows])
    rows = rows[rank_s < CHANGED_PAIRS * max(1, len(mentors)) + CHANGED_PAIRS]
    fresh = _initial_arcs(enc, fp, rows) if rows.size else SlotArcs(*(np.zeros(0, np.int64),) * 4)
    arcs = SlotArcs(*(np.concatenate([getattr(kept, f), getattr(fresh, f)])
                      for f in ("si", "mi", "block", "cost")))
    assigned = np.r_[assigned, np.zeros(len(fresh.si), dtype=bool)]
    start = _map_potentials(base, enc, s_map, m_map, arcs)
    net, flow, _, arcs, optimal, rounds = _loop(enc, fp, arcs, assigned, big, start)
    return _solution(problem, enc, net, arcs, flow, big, optimal, rounds,
                     time.perf_counter() - t0)


def _rank_within(group: NDArray[np.int32]) -> NDArray[np.int64]:
    """Rank of each entry within its run of equal values (runs are contiguous)."""
    n = len(group)
    if not n:
        return np.zeros(0, dtype=np.int64)
    start = np.r_[True, group[1:] != group[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    return np.arange(n) - first


def _map_potentials(base: Engine, enc: Encoded, s_map: NDArray[np.int64],
                    m_map: NDArray[np.int64], arcs: SlotArcs) -> NDArray[np.int64]:
    """The base potentials on the nodes of the network of ``arcs`` (a repair's start)."""
    slot_key = np.unique(arcs.mi * enc.n_blocks + arcs.block)
    n_slots = len(slot_key)
    out = np.zeros(enc.n_s + n_slots + enc.n_m + 1, dtype=np.int64)
    bn = base.net
    pi = base.potentials
    out[s_map] = pi[: bn.n_s]
    m0 = enc.n_s + n_slots
    out[m0 + m_map] = pi[bn.mentor_node0: bn.mentor_node0 + bn.n_m]
    out[-1] = pi[bn.sink]
    old_key = m_map[bn.slot_mentor] * enc.n_blocks + bn.slot_block
    order = np.argsort(old_key)
    pos = np.searchsorted(old_key[order], slot_key)
    pos_c = np.minimum(pos, max(len(order) - 1, 0))
    hit = (pos < len(order)) & (old_key[order][pos_c] == slot_key) if len(order) else \
        np.zeros(n_slots, dtype=bool)
    mentor_pi = out[m0 + slot_key // enc.n_blocks]
    out[enc.n_s: m0] = np.where(hit, pi[bn.n_s + order[pos_c]], mentor_pi) if len(order) \
        else mentor_pi
    return out
