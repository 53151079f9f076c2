"""The warm re-solve of mentormatch.whatif.resolve equals an independent match()."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch.network import SlotArcs
from mentormatch.synth import generate
from mentormatch.whatif.fixes import candidates, with_people
from mentormatch.whatif.resolve import Solution, engine, resolve
from strategies import problems


@functools.lru_cache(maxsize=1)
def _base() -> tuple[mm.Problem, mm.MatchResult]:
    problem = generate(300, seed=5)
    return problem, mm.match(problem)


def _truth(problem: mm.Problem) -> Solution:
    """match() on ``problem``, its pairs read as a Solution (objective accounted exactly)."""
    return engine(problem, mm.match(problem)).solution


def test_engine_reproduces_the_result_without_a_solve() -> None:
    problem, result = _base()
    eng = engine(problem, result)
    assert eng.solution.optimal
    assert eng.solution.matched_weight == result.matched_weight
    assert {p.student_id: p.mentor_id for p in result.pairs} == {
        s: m for s, (m, _) in eng.solution.assignment.items()}


def test_resolve_equals_match_on_capacity_pupil_and_new_mentor() -> None:
    problem, result = _base()
    eng = engine(problem, result)
    full = next(m for m in result.mentors if m.load >= m.capacity)
    mentor = next(m for m in problem.mentors if m.id == full.mentor_id)
    unmatched = next(s for s in problem.students if s.id == result.unmatched[0].student_id)
    cases = [
        (with_people(problem, mentors={mentor.id: mentor.model_copy(
            update={"capacity": mentor.capacity + 1})}), (), ()),
        (with_people(problem, students={unmatched.id: unmatched.model_copy(
            update={"has_device": True, "has_connection": True, "modality": "either"})}),
         (unmatched.id,), ()),
        (with_people(problem, added=(mentor.model_copy(update={"id": "NEW-1"}),)),
         (), ("NEW-1",)),
    ]
    for modified, students, mentors in cases:
        sol = resolve(eng, modified, students=students, mentors=mentors)
        assert sol.optimal
        assert sol.key() == _truth(modified).key()
        full = resolve(eng, modified, restricted=False)   # every pair priced
        assert full.optimal
        assert full.key() == sol.key()


def test_forbidding_a_pupil_equals_removing_their_pairs() -> None:
    problem, result = _base()
    eng = engine(problem, result)
    pupil = result.pairs[0].student_id
    sol = resolve(eng, problem, forbid=(pupil,))
    assert pupil not in sol.assignment
    # the same as the pupil needing a subject nobody offers... or simply: no better than base
    assert sol.key() >= eng.solution.key()
    student = next(s for s in problem.students if s.id == pupil)
    excluded = with_people(problem, students={pupil: student.model_copy(
        update={"excluded_mentors": tuple(m.id for m in problem.mentors)})})
    assert sol.key() == _truth(excluded).key()


@settings(max_examples=20, deadline=None,  # each example runs four exact solves
          suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=7, max_mentors=4, references=False),
       pick=st.integers(0, 100), kind=st.sampled_from(["capacity", "device", "add"]))
def test_resolve_equals_match_on_tiny_problems(problem: mm.Problem, pick: int,
                                               kind: str) -> None:
    result = mm.match(problem)
    eng = engine(problem, result)
    mentor = problem.mentors[pick % len(problem.mentors)]
    student = problem.students[pick % len(problem.students)]
    if kind == "capacity":
        modified = with_people(problem, mentors={mentor.id: mentor.model_copy(
            update={"capacity": mentor.capacity + 1})})
        sol = resolve(eng, modified)
    elif kind == "device":
        modified = with_people(problem, students={student.id: student.model_copy(
            update={"has_device": not student.has_device, "has_connection": True})})
        sol = resolve(eng, modified, students=(student.id,))
    else:
        modified = with_people(problem, added=(mentor.model_copy(update={"id": "ZNEW"}),))
        sol = resolve(eng, modified, mentors=("ZNEW",))
    assert sol.optimal
    assert sol.key() == _truth(modified).key()
    assert resolve(eng, modified, restricted=False).key() == sol.key()


def test_local_paths_equal_unrestricted_and_match() -> None:
    """The what-ifs of unmatched pupils: as-is, one local cycle, or re-solved — same optimum."""
    problem, result = _base()
    eng = engine(problem, result)
    methods = set()
    kinds = {"capacity": 0}
    for u in result.unmatched:
        if {"as-is", "cycle"} <= methods and methods & {"capacity=cycle", "capacity-cycle"}:
            break
        for cand in candidates(eng, u.student_id)[:8]:
            kinds[cand.kind] = kinds.get(cand.kind, 0) + 1
            sol = resolve(eng, cand.problem, students=cand.students, mentors=cand.mentors,
                          pupil=u.student_id)
            methods.add(sol.method)
            methods.add(f"{cand.kind}={sol.method}")
            assert sol.optimal
            full = resolve(eng, cand.problem, students=cand.students, mentors=cand.mentors,
                           restricted=False)
            assert full.method == "re-solve"
            assert sol.key() == full.key()
            assert sol.key() == _truth(cand.problem).key()
            if cand.mentor_side:   # the second re-solve of a volunteer's change
                other = resolve(eng, cand.problem, students=cand.students,
                                mentors=cand.mentors, forbid=(u.student_id,))
                methods.add(f"{cand.kind}-{other.method}")
                assert u.student_id not in other.assignment
                assert other.key() == resolve(eng, cand.problem, forbid=(u.student_id,),
                                              restricted=False).key()
    assert {"as-is", "cycle"} <= methods, methods
    assert methods & {"capacity=cycle", "capacity-cycle"}, methods


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=7, max_mentors=4, references=False),
       pick=st.integers(0, 100),
       kind=st.sampled_from(["device", "window", "capacity", "radius"]))
def test_local_cycle_equals_match_on_tiny_problems(problem: mm.Problem, pick: int,
                                                   kind: str) -> None:
    result = mm.match(problem)
    if not result.unmatched:
        return
    eng = engine(problem, result)
    pupil = result.unmatched[pick % len(result.unmatched)].student_id
    student = next(s for s in problem.students if s.id == pupil)
    mentor = problem.mentors[pick % len(problem.mentors)]
    students: tuple[str, ...] = ()
    mentors: tuple[str, ...] = ()
    if kind == "device":
        modified = with_people(problem, students={pupil: student.model_copy(
            update={"has_device": True, "has_connection": True, "modality": "either"})})
        students = (pupil,)
    elif kind == "window":
        modified = with_people(problem, students={pupil: student.model_copy(
            update={"availability": mentor.availability})})
        students = (pupil,)
    elif kind == "capacity":
        modified = with_people(problem, mentors={mentor.id: mentor.model_copy(
            update={"capacity": mentor.capacity + 1})})
        mentors = (mentor.id,)
    else:
        modified = with_people(problem, mentors={mentor.id: mentor.model_copy(
            update={"max_travel_km": 1000.0})})
        mentors = (mentor.id,)
    sol = resolve(eng, modified, students=students, mentors=mentors, pupil=pupil)
    assert sol.optimal
    assert sol.key() == _truth(modified).key()
    assert resolve(eng, modified, restricted=False).key() == sol.key()
    forbidden = resolve(eng, modified, students=students, mentors=mentors, forbid=(pupil,))
    assert forbidden.key() == resolve(eng, modified, forbid=(pupil,), restricted=False).key()


@pytest.mark.parametrize(("lift", "monotone", "incremental"),
                         [(True, True, True), (True, True, False), (False, True, True),
                          (True, False, True)])
def test_general_resolve_start_and_pricing_options(monkeypatch: pytest.MonkeyPatch,
                                                   lift: bool, monotone: bool,
                                                   incremental: bool) -> None:
    """A volunteer's wider radius by the general re-solve, whatever its start and pricing.

    Issue 17: the first network lifts the changed volunteer's slots (``LIFT_CHANGED``)
    and the restricted pricing reads only risen pupils and fallen slots
    (``MONOTONE_PRICING``), after the first round against the last round's potentials
    (``INCREMENTAL_PRICING``); every combination gives the optimum of
    ``restricted=False`` and of an independent ``match()``, the forbidden-pupil
    re-solve too.
    """
    from mentormatch.whatif import resolve as rv
    from mentormatch.whatif import restricted as rs

    monkeypatch.setattr(rv, "FULL_GRAPH", False)   # the general re-solve itself
    monkeypatch.setattr(rs, "LIFT_CHANGED", lift)
    monkeypatch.setattr(rs, "MONOTONE_PRICING", monotone)
    monkeypatch.setattr(rs, "INCREMENTAL_PRICING", incremental)
    problem, result = _base()
    eng = engine(problem, result)
    seen = several = 0
    for u in result.unmatched[:12]:
        for cand in candidates(eng, u.student_id):
            if cand.kind != "radius":
                continue
            # pupil=None: no cycle through the pupil, so a change others use is re-solved
            sol = resolve(eng, cand.problem, mentors=cand.mentors)
            assert sol.optimal
            full = resolve(eng, cand.problem, mentors=cand.mentors, restricted=False)
            assert sol.key() == full.key() == _truth(cand.problem).key()
            other = resolve(eng, cand.problem, mentors=cand.mentors, forbid=(u.student_id,))
            assert u.student_id not in other.assignment
            assert other.key() == resolve(eng, cand.problem, forbid=(u.student_id,),
                                          restricted=False).key()
            seen += sol.method == "re-solve"
            several += sol.rounds > 1
    assert seen >= 3, seen
    assert several >= 1, several   # a later round's pricing is exercised


def test_later_rounds_price_against_the_last_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-solves whose second round finds violators, priced from the last round.

    Issue 17 (``INCREMENTAL_PRICING``): after its first round the restricted pricing
    reads only the pupils that rose or that returned violators, and the volunteers
    with a slot that fell, against the last round's potentials. On these radius
    candidates (1,000 pupils, seed 2) the second round finds 1 violator: a pricing
    that missed it would give another objective than ``restricted=False`` and
    ``match()``.
    """
    from mentormatch.whatif import resolve as rv

    monkeypatch.setattr(rv, "FULL_GRAPH", False)   # the general re-solve itself
    problem = generate(1000, seed=2)
    result = mm.match(problem)
    eng = engine(problem, result)
    later = 0
    for pupil in ("S00086", "S00117"):
        for cand in candidates(eng, pupil):
            if cand.kind != "radius":
                continue
            sol = resolve(eng, cand.problem, mentors=cand.mentors)
            assert sol.optimal
            full = resolve(eng, cand.problem, mentors=cand.mentors, restricted=False)
            assert sol.key() == full.key()
            if sol.rounds > 2:
                later += 1
                assert sol.key() == _truth(cand.problem).key()
    assert later >= 2, later


def test_appended_violators_build_the_same_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """A later round's network by appending its violators equals ``build_network``'s.

    Issue 17 (``APPEND_ARCS``): when no violator opens a new slot, the re-solve appends
    them to the network instead of rebuilding it; every such network is compared,
    array by array, with the one ``build_network`` makes of the same triples.
    """
    from mentormatch.network import SlotArcs, build_network
    from mentormatch.whatif import resolve as rv
    from mentormatch.whatif import restricted as rs

    monkeypatch.setattr(rv, "FULL_GRAPH", False)   # the general re-solve itself
    made = 0
    own = rs._appended

    def checked(net, enc, extra):  # type: ignore[no-untyped-def]
        nonlocal made
        out = own(net, enc, extra)
        if out is None:
            return None
        p = net.n_pair_arcs
        slot = net.head[:p] - net.n_s
        arcs = SlotArcs(net.tail[:p], net.slot_mentor[slot], net.slot_block[slot],
                        net.cost[:p]).joined(extra)
        first = p + net.n_slots
        load = net.cost[first: first + net.n_load_arcs]
        cuts = np.cumsum(np.bincount(net.load_mentor, minlength=enc.n_m))[:-1]
        ref = build_network(enc, arcs, net.big, np.split(load, cuts))
        for name in ("tail", "head", "capacity", "cost", "supply", "slot_mentor",
                     "slot_block", "load_mentor"):
            assert np.array_equal(getattr(out, name), getattr(ref, name)), name
        assert (out.n_slots, out.n_pair_arcs, out.n_load_arcs) == (
            ref.n_slots, ref.n_pair_arcs, ref.n_load_arcs)
        made += 1
        return out

    monkeypatch.setattr(rs, "_appended", checked)
    problem = generate(1000, seed=2)
    eng = engine(problem, mm.match(problem))
    for pupil in ("S00086", "S00117"):
        for cand in candidates(eng, pupil):
            if cand.kind == "radius":
                sol = resolve(eng, cand.problem, mentors=cand.mentors)
                assert sol.key() == resolve(eng, cand.problem, mentors=cand.mentors,
                                            restricted=False).key()
    assert made >= 1, made


def test_kept_residual_and_largest_potentials_across_rounds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The residual kept across the rounds and the largest potentials searched on it.

    Issue 17 (``KEEP_RESIDUAL``): each later round's repair runs on the last round's
    compiled residual with the appended violators' copies merged in; every such
    residual is compared, array by array, with a fresh build on the new network at
    the same flow and potentials (a kept residual that missed an appended arc, or
    kept a stale reduced cost, fails), and every largest-potentials vector searched
    on it with the full search's (one not recomputed fails). The optimum equals
    ``KEEP_RESIDUAL = False``'s and ``restricted=False``'s.
    """
    pytest.importorskip("numba", reason="the kept residual is the compiled one (fast extra)")
    from mentormatch.flow.potentials import shortest_distances
    from mentormatch.flow.residual import CompiledResidual
    from mentormatch.whatif import restricted as rs

    merged = searched = 0
    own_kept, own_largest = rs._kept, CompiledResidual.largest

    def kept(residual, followed, net, new, flow, pi):  # type: ignore[no-untyped-def]
        nonlocal merged
        out = own_kept(residual, followed, net, new, flow, pi)
        if out is not None:
            ref = CompiledResidual(new.tail, new.head, new.capacity, new.cost, flow, pi)
            for name in ("frm", "to", "group", "arc", "sign", "rc", "res", "partner", "flow"):
                assert np.array_equal(getattr(out[0], name), getattr(ref, name)), name
            merged += 1
        return out

    def largest(self, potentials, start):  # type: ignore[no-untyped-def]
        nonlocal searched
        got = own_largest(self, potentials, start)
        if got is not None:
            n = potentials.shape[0]
            live = self.res > 0
            # the residual arcs of the flow, read off the copies (tail -> head, cost)
            rt, rh = self.frm[live].astype(np.int64), self.to[live].astype(np.int64)
            rc = self.rc[live] + potentials[rt] - potentials[rh]
            assert np.array_equal(got, shortest_distances(n, rh, rt, rc, start))
            searched += 1
        return got

    monkeypatch.setattr(rs, "_kept", kept)
    monkeypatch.setattr(CompiledResidual, "largest", largest)
    from mentormatch.whatif import resolve as rv
    monkeypatch.setattr(rv, "FULL_GRAPH", False)   # the general re-solve itself
    problem = generate(1000, seed=2)
    eng = engine(problem, mm.match(problem))
    for pupil in ("S00086", "S00117"):
        for cand in candidates(eng, pupil):
            if cand.kind != "radius":
                continue
            sol = resolve(eng, cand.problem, mentors=cand.mentors)
            assert sol.optimal
            with monkeypatch.context() as m:
                m.setattr(rs, "KEEP_RESIDUAL", False)
                plain = resolve(eng, cand.problem, mentors=cand.mentors)
            assert sol.key() == plain.key() == resolve(
                eng, cand.problem, mentors=cand.mentors, restricted=False).key()
            assert sol.rounds == plain.rounds
    assert merged >= 2, merged
    assert searched >= 4, searched


def test_first_keys_equal_a_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first network's sorted keys and slots, without a sort: ``np.sort``'s and ``np.unique``'s.

    Issue 17: :func:`~mentormatch.whatif.restricted.first_keys` reads the kept base
    arcs in the engine's key order and merges the fresh ones in; compared on every
    re-solve of radius candidates and an added volunteer (a recruitment item: more
    volunteers, other key values, the same order).
    """
    from mentormatch.whatif import resolve as rv
    from mentormatch.whatif import restricted as rs

    seen = 0
    own = rs.first_keys

    def checked(base, enc, keep, fresh):  # type: ignore[no-untyped-def]
        nonlocal seen
        keys, slots = own(base, enc, keep, fresh)
        a = base.arcs
        arcs = SlotArcs(a.si[keep], a.mi[keep], a.block[keep], a.cost[keep]).joined(fresh)
        assert np.array_equal(keys, np.sort(arcs.keys(enc.n_m, enc.n_blocks)))
        assert np.array_equal(slots, np.unique(arcs.mi * enc.n_blocks + arcs.block))
        seen += 1
        return keys, slots

    monkeypatch.setattr(rv, "first_keys", checked)
    monkeypatch.setattr(rv, "FULL_GRAPH", False)   # the general re-solve itself
    problem, result = _base()
    eng = engine(problem, result)
    for u in result.unmatched[:6]:
        for cand in candidates(eng, u.student_id):
            if cand.kind == "radius":
                resolve(eng, cand.problem, mentors=cand.mentors)
    extra = problem.mentors[0].model_copy(update={"id": "ZZ-NEW"})
    resolve(eng, with_people(problem, added=(extra,)), mentors=("ZZ-NEW",))
    assert seen >= 3, seen
