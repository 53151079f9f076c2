"""Exact re-solves of a modified problem, warm-started from the optimum in force.

A *what-if* (a fix for one pupil, a volunteer to recruit) is verified by
solving the modified problem exactly. :func:`resolve` does it without starting
from scratch, and is exact by the same LP-duality argument as ``match()``:

1. the modified problem's arrays and **full** feasible graph are the base ones
   with the changed people's rows re-encoded and re-enumerated
   (:func:`mentormatch.whatif.delta.modified`, checked against a full
   ``encode`` + ``feasible_pairs`` by the tests);
2. the candidate network is the final network of the optimum in force (its
   arcs, the changed people's replaced by their cheapest pairs of the new
   graph), the flow is the optimum in force (the changed people's pairs
   dropped), the potentials are the optimum's, which are dual feasible for
   the *whole* base graph (:class:`Engine`), except that a changed or added
   volunteer's slots start as dear as their arcs allow and the volunteer as
   its dearest slot (only its load arcs then violate: a few units to route,
   where the base's slot values saturated a pair arc per pupil a wider radius
   reaches);
3. the exact primal-dual (:func:`mentormatch.flow.primal_dual.primal_dual`)
   repairs flow and potentials on the network (a cold LAPJV solve if it gives
   up); then **pricing**: a pair of the new graph whose pupil did not rise
   and none of whose volunteer's session potentials fell (up to a common
   shift), and whose people did not change, has at least its reduced cost in
   the base optimum, hence non-negative; every other pair is priced
   (:func:`mentormatch.solve.pricing.price`), violators join the network and
   the loop repeats until none remains (a later round compares with the last
   round instead of the base, and prices the pupils it returned too; its
   violators are appended to the network when they open no new slot).
   :func:`mentormatch.verify.check_flow` certifies the final network. This step
   lives in :mod:`mentormatch.whatif.restricted`.

So the result is an optimum of the modified problem certified against its full
feasible graph — the objective of ``match(modified)``; among equally optimal
solutions it may pick another one (see ``docs/explain.md``). The tests compare
it with an independent :func:`mentormatch.match` on the modified problem.
``resolve(..., restricted=False)`` prices every pair instead (the same answer,
slower; the tests compare both).

The optimum in force (:func:`engine`) is itself rebuilt without a solve from a
:class:`~mentormatch.MatchResult`: its pairs are the flow, and the
solve-and-price loop certifies them against the full graph (falling back to a
full solve when the result is not optimal, e.g. stopped by a time limit). Its
``BIG`` (the lexicographic weight of a pupil) is taken :data:`BIG_SLACK` times
larger than needed, so that a modified problem with a few more or dearer pairs
keeps the same ``BIG`` and the base potentials stay a good start.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import FLOAT_EXACT
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.domain.problem import Problem
from mentormatch.errors import InternalError
from mentormatch.flow import NegativeCycleError, PrimalDualAbortedError
from mentormatch.flow.primal_dual import primal_dual
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
from mentormatch.solve.loop import MAX_ROUNDS, initial_arcs, initial_candidates
from mentormatch.solve.pricing import price, slot_potentials
from mentormatch.solve.reduction import optimal_flow, warm_potentials
from mentormatch.verify import check_flow
from mentormatch.whatif.delta import (
    Delta,
    PairIndex,
    Positions,
    _code_tables,
    _pairs_may_change,
    modified_delta,
    positions,
)
from mentormatch.whatif.fullgraph import (
    FullGraph,
    full_graph,
    full_graph_available,
    route_volunteer,
)
from mentormatch.whatif.local import (
    CycleResult,
    LocalCheckError,
    LocalGraph,
    best_cycle,
    capacity_cycle,
    certifies,
)
from mentormatch.whatif.restricted import (
    first_keys,
    flow_of,
    map_potentials,
    rank_within,
    restricted_loop,
)

__all__ = ["Engine", "Solution", "engine", "resolve"]

_log = logging.getLogger(__name__)

#: Cheapest pairs of a changed pupil or volunteer put in the first network.
CHANGED_PAIRS = 20
#: The engine's BIG is this many times the least valid one (module notes).
BIG_SLACK = 4
#: A change of one volunteer's pairs is re-solved on the full graph first
#: (:mod:`mentormatch.whatif.fullgraph`, compiled; needs numba), before the general re-solve.
FULL_GRAPH = True


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
    method : str
        How it was obtained: ``"as-is"`` (the optimum in force still certified),
        ``"cycle"`` (one cycle through the pupil, certified locally), ``"full"``
        (a volunteer's change routed on the full graph, :mod:`mentormatch.whatif.fullgraph`)
        or ``"re-solve"`` (the general warm re-solve, or a solve).
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
    method: str = "re-solve"

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
    largest: NDArray[np.int64] | None = field(default=None, repr=False)
    load_int: list[NDArray[np.int64]] | None = field(default=None, repr=False)
    _pair_keys: NDArray[np.int64] | None = field(default=None, repr=False)
    _table: NDArray[np.int64] | None = field(default=None, repr=False)
    _tables: dict[str, dict[object, int]] | None = field(default=None, repr=False)
    _index: PairIndex | None = field(default=None, repr=False)
    _local: LocalGraph | None = field(default=None, repr=False)
    _ids: tuple[dict[str, int], dict[str, int]] | None = field(default=None, repr=False)
    _load_total: int | None = field(default=None, repr=False)
    _largest_table: NDArray[np.int64] | None = field(default=None, repr=False)
    _positions: dict[int, tuple[tuple[Any, ...], dict[str, int]]] = field(
        default_factory=dict, repr=False)
    _arc_order: NDArray[np.int64] | None = field(default=None, repr=False)
    _full: FullGraph | None = field(default=None, repr=False)

    def positions(self, people: tuple[Any, ...]) -> dict[str, int]:
        """ID -> position in ``people``: kept for this engine's problem's two tuples.

        Other tuples (a modified problem's) are indexed afresh: the cache lives
        and dies with the engine (:func:`mentormatch.whatif.delta.positions`).
        """
        own = people is self.problem.students or people is self.problem.mentors
        return positions(people, self._positions if own else None)

    def ids(self) -> tuple[dict[str, int], dict[str, int]]:
        """Pupil ID -> row and volunteer ID -> row of ``enc`` (built once)."""
        if self._ids is None:
            self._ids = ({x: i for i, x in enumerate(self.enc.student_ids)},
                         {x: j for j, x in enumerate(self.enc.mentor_ids)})
        return self._ids

    def load_total(self) -> int:
        """Sum of every volunteer's load costs in force (computed once)."""
        if self._load_total is None:
            load = self.load_int if self.load_int is not None else mentor_load_costs(self.enc)
            self._load_total = sum(int(x.sum()) for x in load)
        return self._load_total

    def prepare(self) -> Engine:
        """Build every index the what-ifs use (once per result; returns ``self``)."""
        self.pair_index()
        self.code_tables()
        self.slot_table()
        self.local_graph()
        if FULL_GRAPH and full_graph_available():
            self.full_graph()
        self.ids()
        self.load_total()
        self.arc_order()
        self.positions(self.problem.students)
        self.positions(self.problem.mentors)
        return self

    def full_graph(self) -> FullGraph:
        """The arrays of the full-graph search (:mod:`mentormatch.whatif.fullgraph`, once)."""
        if self._full is None:
            self._full = full_graph(self)
        return self._full

    def pair_index(self) -> PairIndex:
        """Rows of the feasible graph by pupil and by volunteer (built once)."""
        if self._index is None:
            self._index = PairIndex.of(self.fp, self.enc.n_s, self.enc.n_m)
        return self._index

    def code_tables(self) -> dict[str, dict[object, int]]:
        """Codes of the languages, territories and associations (computed once)."""
        if self._tables is None:
            self._tables = _code_tables(self.enc)
        return self._tables

    def local_graph(self) -> LocalGraph:
        """The residual graph in force by node (:mod:`mentormatch.whatif.local`, built once)."""
        if self._local is None:
            self._local = LocalGraph.of(self.net, self.flow, self.potentials, self.enc.n_blocks)
        return self._local

    def slot_table(self) -> NDArray[np.int64]:
        """``(n_m, n_blocks)`` slot potentials of the optimum in force (computed once)."""
        if self._table is None:
            self._table = slot_potentials(self.enc, self.net, self.potentials)
        return self._table

    def arc_order(self) -> NDArray[np.int64]:
        """The base pair arcs ordered by ``(pupil, volunteer, block)`` (computed once)."""
        order = getattr(self, "_arc_order", None)   # engines pickled before it lack it
        if order is None:
            order = self._arc_order = np.argsort(
                self.arcs.keys(self.enc.n_m, self.enc.n_blocks), kind="stable")
        return order

    def largest_table(self) -> NDArray[np.int64]:
        """``(n_m, n_blocks)`` slot values of ``largest`` (computed once; needs ``largest``)."""
        if self._largest_table is None:
            if self.largest is None:
                raise ValueError("this engine has no largest potentials")
            self._largest_table = slot_potentials(self.enc, self.net, self.largest)
        return self._largest_table

    def pair_keys(self) -> NDArray[np.int64]:
        """Sorted ``si * n_m + mi`` keys of the full feasible graph (computed once)."""
        if self._pair_keys is None:
            self._pair_keys = np.sort(self.fp.si.astype(np.int64) * self.enc.n_m + self.fp.mi)
        return self._pair_keys


def _big(enc: Encoded, fp: FeasiblePairs, load_int: list[NDArray[np.int64]]) -> int:
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp.cost.max()) if len(fp) else 0) + max_session
    return lexicographic_big(enc, max_pair, load_int)


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
          big: int, start: NDArray[np.int64] | None,
          load_int: list[NDArray[np.int64]] | None = None
          ) -> tuple[Network, NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], SlotArcs,
                     bool, int]:
    """The solve-and-price loop from a carried assignment, pricing every pair."""
    load_int = mentor_load_costs(enc) if load_int is None else load_int
    net = build_network(enc, arcs, big, load_int)
    flow = flow_of(net, enc, arcs, assigned)
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
                out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply,
                                  flow, pi0, directions="alternate")
                flow, certified = out.flow, out.potentials - out.potentials.min(initial=0)
            except (PrimalDualAbortedError, ArithmeticError, ValueError):
                flow, certified = optimal_flow(net), None
            pot, largest = pricing_potentials(net, flow, certified=certified)
        keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
        priced = price(enc, fp, net, pot, keys)
        if len(priced.violators.si) == 0:
            break
        arcs = arcs.joined(priced.violators)
        new = build_network(enc, arcs, big, load_int)
        flow = carry_flow(new, net, flow)
        bound = warm_potentials(new, (net, flow, largest))
        start = bound
        net = new
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pot)
    return net, flow, pot, largest, arcs, bool(cert.optimal), rounds


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
    if enc.n_s and int(enc.s_weight.max()) * big * BIG_SLACK * enc.n_s < FLOAT_EXACT:
        big *= BIG_SLACK
    policy = problem.policy
    idx = initial_candidates(fp, enc.n_m, policy.candidates_per_student,
                             policy.candidates_per_mentor, enc.m_capacity)
    arcs = initial_arcs(enc, fp, idx)
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
        arcs = SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], arcs.cost[keep]).joined(
            SlotArcs(si, mi, blk, _arc_cost(enc, fp, si, mi, blk, cost)))
        assigned = np.r_[np.zeros(int(keep.sum()), dtype=bool), np.ones(len(si), dtype=bool)]
    try:
        net, flow, pot, largest, arcs, optimal, rounds = _loop(enc, fp, arcs, assigned, big,
                                                               None, load_int)
    except InternalError:
        optimal = False
    if not optimal:   # not an optimum: solve the problem itself
        from mentormatch.solve.loop import solve_with_pricing

        out = solve_with_pricing(enc, fp)
        net, flow, arcs, optimal, rounds = (out.network, out.flow, out.arcs, out.optimal,
                                            out.rounds)
        big = net.big
        pot, largest = pricing_potentials(net, flow)
    seconds = time.perf_counter() - t0
    sol = _solution(problem, enc, net, arcs, flow, big, optimal, rounds, seconds)
    return Engine(problem, enc, fp, net, flow, pot, arcs, big, sol, seconds, largest, load_int)


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
            mentors: tuple[str, ...] = (), forbid: tuple[str, ...] = (),
            restricted: bool = True, pupil: str | None = None) -> Solution:
    """Solve ``problem`` — ``base.problem`` with a few people changed — exactly, warm.

    Parameters
    ----------
    base : Engine
        The optimum in force (:func:`engine`).
    problem : Problem
        The modified problem: the same people, except the pupils ``students`` and
        the volunteers ``mentors`` (changed, or added at the end of the list;
        none removed).
    students, mentors : tuple of str
        IDs of pupils and volunteers known to differ from ``base.problem``; the
        others are found by comparing the people (unchanged people are usually
        the same objects, see :func:`mentormatch.whatif.fixes.with_people`).
    forbid : tuple of str
        Pupils who may not be paired (their pairs are removed from the graph):
        used to prove that *every* optimum pairs a pupil.
    restricted : bool
        Price only the pairs whose reduced cost may have changed (module notes);
        ``False`` prices every pair in every round (same result).
    pupil : str, optional
        The unmatched pupil the what-if is for: when the modified problem
        without this pupil's pairs is certified by the optimum in force, the
        exact answer is one cycle through them, found and certified locally
        (:mod:`mentormatch.whatif.local`); otherwise, or if that local
        certificate fails, the general re-solve. Same optimum value.

    Returns
    -------
    Solution
        A certified optimum of ``problem`` (module notes).
    """
    t0 = time.perf_counter()
    students, mentors = _changes(base.problem, problem, students, mentors, base.positions)
    enc, delta = modified_delta(base.enc, base.fp, problem, students=students, mentors=mentors,
                                index=base.pair_index(), tables=base.code_tables(),
                                where_of=base.positions)
    n_s, n_m, n_m0 = enc.n_s, enc.n_m, base.enc.n_m
    s_of, m_base = base.ids()
    changed_s = np.zeros(n_s, dtype=bool)
    changed_s[[s_of[x] for x in (*students, *forbid)]] = True
    if forbid:
        banned = np.zeros(n_s, dtype=bool)
        banned[[s_of[x] for x in forbid]] = True
        delta = delta.without(banned)
    changed_m = np.zeros(n_m, dtype=bool)
    changed_m[[m_base[x] for x in mentors if x in m_base]] = True
    changed_m[n_m0:] = True
    load_int = _load_costs(base, enc, changed_m)
    max_session = int(delta.base.session_cost.max()) if delta.base.session_cost.size else 0
    need = lexicographic_big(enc, delta.max_cost() + max_session,
                             [np.array([_load_total(base, load_int, changed_m)])])
    big = base.big if need <= base.big else need
    if big != base.big:
        restricted = False   # every unassigned arc changed: the base potentials do not carry
    if restricted and _certified_as_is(base, enc, delta, load_int, changed_s, changed_m,
                                       mentors, forbid):
        # the optimum in force stays optimal (whatif/local.py): no re-solve
        return replace(base.solution, problem=problem, rounds=0,
                       seconds=time.perf_counter() - t0, method="as-is")
    if restricted:
        local = _capacity_cycle(base, problem, enc, delta, load_int, students, mentors, forbid,
                                t0)
        if local is not None:
            return local
    if restricted and pupil is not None and not forbid and enc.n_m == base.enc.n_m:
        local = _local_cycle(base, problem, enc, delta, load_int, changed_s, changed_m,
                             mentors, pupil, t0)
        if local is not None:
            return local
    if restricted and not students and len(mentors) == 1 and enc.n_m == base.enc.n_m:
        local = _full_graph(base, problem, enc, delta, load_int, mentors[0], forbid, t0)
        if local is not None:
            return local
    a = base.arcs
    keep = ~changed_s[a.si] & ~changed_m[a.mi]
    assigned = base.flow[: base.net.n_pair_arcs][keep] > 0
    kept = SlotArcs(a.si[keep], a.mi[keep], a.block[keep], a.cost[keep])
    # the changed people's cheapest pairs of the new graph
    theirs = delta.rows_of(changed_s, changed_m)
    rows = np.flatnonzero(rank_within(theirs.si) < CHANGED_PAIRS)
    empty = np.zeros(0, dtype=np.int64)
    fresh = (initial_arcs(enc, theirs, rows) if rows.size
             else SlotArcs(empty, empty, empty, empty))
    arcs = kept.joined(fresh)
    assigned = np.r_[assigned, np.zeros(len(fresh.si), dtype=bool)]
    keys, slot_key = first_keys(base, enc, keep, fresh)
    start = map_potentials(base, enc, arcs, changed_m=changed_m, slot_key=slot_key)
    optimal = False
    if restricted:
        net, flow, got, optimal, rounds = restricted_loop(base, enc, delta, arcs, assigned,
                                                          big, start, changed_s, changed_m,
                                                          load_int, slot_key, keys)
        # a later round on a kept residual leaves its checks to the final certificate:
        # should it fail, the unrestricted loop answers (never seen; exact either way)
        if optimal:
            arcs = got
    if not optimal:
        net, flow, _, _, arcs, optimal, rounds = _loop(enc, delta.full(), arcs, assigned, big,
                                                       start, load_int)
    return _solution(problem, enc, net, arcs, flow, big, optimal, rounds,
                     time.perf_counter() - t0)


def _local_cycle(base: Engine, problem: Problem, enc: Encoded, delta: Delta,
                 load_int: list[NDArray[np.int64]], changed_s: NDArray[np.bool_],
                 changed_m: NDArray[np.bool_], mentors: tuple[str, ...], pupil: str,
                 t0: float) -> Solution | None:
    """The what-if as one cycle through an unmatched ``pupil`` (None: not applicable)."""
    if pupil in base.solution.assignment:
        return None
    s = base.ids()[0][pupil]
    others = np.flatnonzero(delta.extra.si != s)
    x = delta.extra
    rest = FeasiblePairs(x.si[others], x.mi[others], x.cost[others], x.session_cost)
    banned = changed_s.copy()
    banned[:] = False
    banned[s] = True
    if not _certified_as_is(base, enc, delta, load_int, changed_s | banned, changed_m, mentors,
                            (pupil,), extra=rest):
        return None
    net, a = base.net, base.arcs
    lg = base.local_graph()
    no_m = np.zeros(enc.n_m, dtype=bool)
    one = np.zeros(enc.n_s, dtype=bool)
    one[s] = True
    s_pairs = delta.rows_of(one, no_m)
    skip = np.zeros(len(net.cost), dtype=bool)
    skip[: net.n_pair_arcs] = a.si == s
    pair_flow = base.flow[: net.n_pair_arcs] > 0
    load = np.bincount(a.mi[pair_flow], minlength=base.enc.n_m)
    loads: dict[int, tuple[NDArray[np.int64], int]] = {}
    base_load = base.load_int if base.load_int is not None else mentor_load_costs(base.enc)
    m_base = base.ids()[1]
    for mid in mentors:
        j = m_base[mid]
        if _pairs_may_change(base.enc.mentors[j], enc.mentors[j]):
            skip[: net.n_pair_arcs] |= (a.mi == j) & ~pair_flow
        if not np.array_equal(load_int[j], base_load[j]):
            first = net.n_pair_arcs + net.n_slots
            skip[first: first + net.n_load_arcs] |= net.load_mentor == j
            loads[j] = (np.asarray(load_int[j], dtype=np.int64), int(load[j]))
    try:
        out = best_cycle(lg, net, base.flow, a, enc, base.slot_table(), s, s_pairs,
                         lambda mask: delta.rows_of(mask, no_m), skip, loads)
    except (LocalCheckError, OverflowError):
        return None
    return _apply(base, problem, enc, out, t0)


def _full_graph(base: Engine, problem: Problem, enc: Encoded, delta: Delta,
                load_int: list[NDArray[np.int64]], mentor: str, forbid: tuple[str, ...],
                t0: float) -> Solution | None:
    """A volunteer's changed pairs re-solved on the full graph (None: not applicable)."""
    if not FULL_GRAPH:
        return None
    j = base.ids()[1][mentor]
    banned = np.zeros(enc.n_s, dtype=bool)
    if forbid:
        banned[[base.ids()[0][x] for x in forbid]] = True
    out = route_volunteer(base, enc, delta, j, load_int, banned)
    if out is None:
        return None
    assignment = dict(base.solution.assignment)
    for u in np.flatnonzero(out.moved).tolist():
        sid = enc.student_ids[u]
        if out.held_m[u] >= 0:
            assignment[sid] = (enc.mentor_ids[int(out.held_m[u])], int(out.held_b[u]))
        else:
            assignment.pop(sid, None)
    sol = base.solution
    return Solution(problem, assignment, out.matched_weight, out.soft_cost, True, out.units,
                    time.perf_counter() - t0, sol.blocks_per_day, sol.session_minutes, "full")


def _apply(base: Engine, problem: Problem, enc: Encoded, out: CycleResult, t0: float
           ) -> Solution:
    """The optimum in force with a certified cycle applied, as a :class:`Solution`."""
    sol = base.solution
    assignment = dict(sol.assignment)
    matched = sol.matched_weight
    for u, got in out.moved.items():
        sid = enc.student_ids[u]
        weight = int(enc.s_weight[u])
        before = sid in assignment
        if got is None:
            assignment.pop(sid, None)
            matched -= weight if before else 0
        else:
            assignment[sid] = (enc.mentor_ids[got[0]], got[1])
            matched += 0 if before else weight
    total = int(enc.s_weight.sum())
    objective = sol.soft_cost + (total - sol.matched_weight) * base.big + out.cost_delta
    soft = objective - (total - matched) * base.big
    return Solution(problem, assignment, matched, soft, True, out.rounds,
                    time.perf_counter() - t0, sol.blocks_per_day, sol.session_minutes, "cycle")


def _capacity_cycle(base: Engine, problem: Problem, enc: Encoded, delta: Delta,
                    load_int: list[NDArray[np.int64]], students: tuple[str, ...],
                    mentors: tuple[str, ...], forbid: tuple[str, ...], t0: float
                    ) -> Solution | None:
    """One more place at one volunteer as one cycle (None: not that case, or not certified)."""
    if students or len(mentors) != 1 or enc.n_m != base.enc.n_m or not base.solution.optimal:
        return None
    j = enc.mentor_ids.index(mentors[0])
    old = base.load_int if base.load_int is not None else mentor_load_costs(base.enc)
    new = np.asarray(load_int[j])
    if (_pairs_may_change(base.enc.mentors[j], enc.mentors[j])
            or len(new) != len(old[j]) + 1 or not np.array_equal(new[:-1], old[j])):
        return None
    banned = np.zeros(enc.n_s, dtype=bool)
    if forbid:
        banned[[enc.student_ids.index(x) for x in forbid]] = True
    no_s = np.zeros(enc.n_s, dtype=bool)
    try:
        out = capacity_cycle(base.local_graph(), base.net, base.flow, base.arcs, enc,
                             base.slot_table(), j, int(new[-1]),
                             lambda mask: delta.rows_of(no_s, mask), banned)
    except (LocalCheckError, OverflowError):
        return None
    return _apply(base, problem, enc, out, t0)


def _certified_as_is(base: Engine, enc: Encoded, delta: Delta,
                     load_int: list[NDArray[np.int64]], changed_s: NDArray[np.bool_],
                     changed_m: NDArray[np.bool_], mentors: tuple[str, ...],
                     forbid: tuple[str, ...], extra: FeasiblePairs | None = None) -> bool:
    """Whether the optimum in force certifies the modified problem (:func:`certifies`)."""
    if not base.solution.optimal:
        return False
    reenumerated = changed_m.copy()
    s_of, m_base = base.ids()
    for mid in mentors:
        j = m_base.get(mid)
        if j is not None and not _pairs_may_change(base.enc.mentors[j], enc.mentors[j]):
            reenumerated[j] = False
    banned = None
    if forbid:
        banned = np.zeros(enc.n_s, dtype=bool)
        banned[[s_of[x] for x in forbid]] = True
    a = base.arcs
    return certifies(enc0=base.enc, pi=base.potentials, table=base.slot_table(),
                     sink=base.net.sink, mentor_node0=base.net.mentor_node0,
                     n_pair_arcs=base.net.n_pair_arcs, arcs_si=a.si, arcs_mi=a.mi,
                     arcs_block=a.block, arcs_cost=a.cost, flow=base.flow,
                     load_int0=base.load_int if base.load_int is not None
                     else mentor_load_costs(base.enc),
                     enc=enc, extra=delta.extra if extra is None else extra,
                     load_int=load_int, changed_s=changed_s,
                     changed_m=changed_m, reenumerated_m=reenumerated, banned=banned)


def _load_total(base: Engine, load_int: list[NDArray[np.int64]],
                changed_m: NDArray[np.bool_]) -> int:
    """Sum of ``load_int`` from the base's sum, recounting the changed volunteers only."""
    base_load = base.load_int if base.load_int is not None else mentor_load_costs(base.enc)
    n_m0 = base.enc.n_m
    total = base.load_total()
    for j in np.flatnonzero(changed_m).tolist():
        total += int(load_int[j].sum()) - (int(base_load[j].sum()) if j < n_m0 else 0)
    return total


def _load_costs(base: Engine, enc: Encoded, changed_m: NDArray[np.bool_]
                ) -> list[NDArray[np.int64]]:
    """Quantised load costs of ``enc``'s volunteers: the base's, recomputed where changed."""
    if base.load_int is None:
        return mentor_load_costs(enc)
    changed = np.flatnonzero(changed_m)
    if not changed.size:
        return base.load_int
    fresh = mentor_load_costs(replace(enc, m_capacity=enc.m_capacity[changed]))
    out = list(base.load_int) + [fresh[0]] * (enc.n_m - base.enc.n_m)
    for k, j in enumerate(changed):
        out[int(j)] = fresh[k]
    return out


def _changes(old: Problem, new: Problem, students: tuple[str, ...], mentors: tuple[str, ...],
             where_of: Positions = positions) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The IDs of the pupils and volunteers of ``new`` that differ from ``old``'s."""
    if len(new.students) != len(old.students) or len(new.mentors) < len(old.mentors):
        raise ValueError("a what-if may change and add people, not remove them")
    s_out = dict.fromkeys(students)
    m_out = dict.fromkeys(mentors)
    n_m0 = len(old.mentors)
    # a what-if keeps everyone in place (fixes.with_people): compare position by position,
    # identical objects first (a comparison of two models is much dearer than ``is``)
    s_moved = [k for k, (a, b) in enumerate(zip(new.students, old.students, strict=True))
               if a is not b]
    m_moved = [k for k, (a, b) in enumerate(zip(new.mentors[:n_m0], old.mentors, strict=True))
               if a is not b]
    known = where_of(old.mentors)
    if (all(new.students[k].id == old.students[k].id for k in s_moved)
            and all(new.mentors[k].id == old.mentors[k].id for k in m_moved)
            and not any(m.id in known for m in new.mentors[n_m0:])):
        s_out.update((new.students[k].id, None) for k in s_moved
                     if new.students[k] != old.students[k])
        m_out.update((new.mentors[k].id, None) for k in m_moved
                     if new.mentors[k] != old.mentors[k])
        m_out.update((m.id, None) for m in new.mentors[n_m0:])
        return tuple(s_out), tuple(m_out)
    s_old = {s.id: s for s in old.students}
    m_old = {m.id: m for m in old.mentors}
    if any(s.id not in s_old for s in new.students):
        raise ValueError("a what-if may not replace a pupil")
    s_out.update((s.id, None) for s in new.students
                 if s is not s_old[s.id] and s != s_old[s.id])
    m_out.update((m.id, None) for m in new.mentors
                 if m.id not in m_old or (m is not m_old[m.id] and m != m_old[m.id]))
    return tuple(s_out), tuple(m_out)

