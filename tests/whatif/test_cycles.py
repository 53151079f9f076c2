"""The in-place cycles of mentormatch.whatif.cycles are exact (compiled = pure Python:
tests/whatif/test_local_kernels.py)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch.domain.availability import Availability
from mentormatch.solve.pricing import slot_potentials
from mentormatch.synth import generate
from mentormatch.whatif import cycles
from mentormatch.whatif.fixes import candidates, with_people
from mentormatch.whatif.local import negative_blocks_of
from mentormatch.whatif.lowest import smallest_certifying
from mentormatch.whatif.resolve import Engine, Solution, engine, resolve
from strategies import problems


@functools.lru_cache(maxsize=1)
def _base() -> tuple[mm.Problem, mm.MatchResult, Engine]:
    problem = generate(300, seed=5)
    result = mm.match(problem)
    return problem, result, engine(problem, result).prepare()


def _truth(problem: mm.Problem) -> Solution:
    return engine(problem, mm.match(problem)).solution


@pytest.mark.parametrize("lowest", [False, True])
def test_radius_fixes_by_cycles_equal_the_general_resolve_and_match(
        monkeypatch: pytest.MonkeyPatch, lowest: bool) -> None:
    monkeypatch.setattr(cycles, "ENABLED", True)
    monkeypatch.setattr(cycles, "LOWEST", lowest)
    _, result, eng = _base()
    methods: list[str] = []
    for u in result.unmatched[:40]:
        for cand in candidates(eng, u.student_id):
            if cand.kind != "radius":
                continue
            sol = resolve(eng, cand.problem, mentors=cand.mentors, pupil=u.student_id)
            other = resolve(eng, cand.problem, mentors=cand.mentors, forbid=(u.student_id,))
            methods += [sol.method, other.method]
            if "cycles" not in (sol.method, other.method):
                continue
            assert sol.optimal
            assert other.optimal
            assert sol.key() == resolve(eng, cand.problem, restricted=False).key()
            assert sol.key() == _truth(cand.problem).key()
            assert u.student_id not in other.assignment
            assert other.key() == resolve(eng, cand.problem, forbid=(u.student_id,),
                                          restricted=False).key()
        if methods.count("cycles") >= 4:
            break
    assert "cycles" in methods, methods


def test_cycles_are_off_by_default() -> None:
    _, result, eng = _base()
    assert not cycles.ENABLED
    for u in result.unmatched[:10]:
        for cand in candidates(eng, u.student_id):
            sol = resolve(eng, cand.problem, students=cand.students, mentors=cand.mentors,
                          pupil=u.student_id)
            assert sol.method != "cycles"


@settings(max_examples=60, deadline=None,  # each example runs several exact solves
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(problem=problems(max_students=8, max_mentors=4, references=False,
                        subjects=("maths", "français")),
       pick=st.integers(0, 100), km=st.sampled_from([2.0, 10.0, 1000.0]),
       lowest=st.booleans())
def test_cycles_equal_match_on_tiny_problems(monkeypatch: pytest.MonkeyPatch,
                                             problem: mm.Problem, pick: int,
                                             km: float, lowest: bool) -> None:
    """A volunteer travels further, and may add a pupil's windows to theirs."""
    monkeypatch.setattr(cycles, "ENABLED", True)
    monkeypatch.setattr(cycles, "LOWEST", lowest)
    result = mm.match(problem)
    eng = engine(problem, result)
    mentor = problem.mentors[pick % len(problem.mentors)]
    student = problem.students[(pick // 3) % len(problem.students)]
    update: dict[str, object] = {"max_travel_km": max(km, mentor.max_travel_km or 0.0)}
    both = "; ".join(x for x in (str(mentor.availability), str(student.availability)) if x)
    if pick % 2 and both:
        update["availability"] = Availability.parse(both)
    modified = with_people(problem, mentors={mentor.id: mentor.model_copy(update=update)})
    sol = resolve(eng, modified, mentors=(mentor.id,))   # no pupil: no single cycle first
    assert sol.optimal
    assert sol.key() == _truth(modified).key()
    assert sol.key() == resolve(eng, modified, restricted=False).key()
    if result.unmatched:
        pupil = result.unmatched[pick % len(result.unmatched)].student_id
        forbidden = resolve(eng, modified, mentors=(mentor.id,), forbid=(pupil,))
        assert pupil not in forbidden.assignment
        assert forbidden.key() == resolve(eng, modified, forbid=(pupil,),
                                          restricted=False).key()


def test_smallest_potentials_certify_the_full_graph_and_are_smallest() -> None:
    """``whatif.lowest``: dual feasible on the residual graph and on every feasible pair."""
    _, _, eng = _base()
    low = smallest_certifying(eng.enc, eng.fp, eng.net, eng.flow)
    net, flow, pi = eng.net, eng.flow, low.pi
    rc = net.cost - pi[net.tail] + pi[net.head]
    assert np.all(rc[flow < net.capacity] >= 0)
    assert np.all(rc[flow > 0] <= 0)
    assert len(negative_blocks_of(eng.enc, eng.fp, low.table, pi[: eng.enc.n_s])[0]) == 0
    assert np.array_equal(low.table, slot_potentials(eng.enc, net, pi))
    # smallest: lowering any node with an arc in breaks an arc (every node is held from below)
    held = np.zeros(net.sink + 1, dtype=bool)
    tight_in = np.r_[net.head[(flow < net.capacity) & (rc == 0)], net.tail[(flow > 0) & (rc == 0)]]
    held[tight_in] = True
    assert held[: eng.enc.n_s][pi[: eng.enc.n_s] > 0].all()
