"""match() (``pipeline.py``): optimality against brute force, certificate, order independence.

Tests that take ``backend`` run once per backend (``--backends``, ``tests/conftest.py``).
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mentormatch as mm
from backends import MATCH_BACKENDS
from engine_oracle import brute_force, common_sessions, feasible
from mentormatch import Policy, Problem
from mentormatch._extras import available
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.flow import backends as flow_backends
from mentormatch.solve import loop as solve_mod
from strategies import problems


def _cost_part(result: mm.MatchResult) -> int:
    """Quantised pair + load costs of a result (the objective without penalties)."""
    scale = result.problem.policy.cost_scale
    return sum(p.cost_int for p in result.pairs) + round(
        sum(m.load_cost for m in result.mentors) * scale)


def _certified(result: mm.MatchResult) -> None:
    cert = result.certificate
    assert cert.optimal, cert.status
    assert cert.gap == 0
    assert cert.objective == cert.dual_bound


@pytest.mark.backends(*MATCH_BACKENDS)
@settings(max_examples=40)  # each example runs match(), about 30 ms; times 5 backends
@given(problem=problems(max_students=5, max_mentors=3))
def test_optimum_equals_brute_force(problem: Problem, backend: str) -> None:
    result = mm.match(problem, backend=backend)
    _certified(result)
    weight, cost = brute_force(problem)
    assert result.matched_weight == weight
    assert _cost_part(result) == cost


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4, subjects=("maths", "français")))
def test_pairs_are_feasible_and_nothing_lost(problem: Problem) -> None:
    result = mm.match(problem)
    _certified(result)
    students = {s.id: s for s in problem.students}
    mentors = {m.id: m for m in problem.mentors}
    ids = [p.student_id for p in result.pairs] + [u.student_id for u in result.unmatched]
    assert sorted(ids) == sorted(students)
    assert {m.mentor_id for m in result.mentors} == set(mentors)
    sessions: dict[tuple[str, int, int], int] = {}
    for p in result.pairs:
        s, m = students[p.student_id], mentors[p.mentor_id]
        assert feasible(problem, s, m)
        block = (p.session.weekday * 24 * 60 + p.session.start) // problem.policy.session_minutes
        assert block in common_sessions(s, m, problem.policy.session_minutes)
        key = (p.mentor_id, p.session.weekday, p.session.start)
        sessions[key] = sessions.get(key, 0) + 1
        assert sessions[key] <= m.group_size
    for load in result.mentors:
        assert load.load == len(load.students) <= load.capacity


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4), st.randoms(use_true_random=False))
def test_order_independent(problem: Problem, rnd: random.Random) -> None:
    students, mentors = list(problem.students), list(problem.mentors)
    rnd.shuffle(students)
    rnd.shuffle(mentors)
    shuffled = Problem(students=students, mentors=mentors, policy=problem.policy)
    a, b = mm.match(problem), mm.match(shuffled)
    assert a.pairs == b.pairs
    assert [u.student_id for u in a.unmatched] == [u.student_id for u in b.unmatched]


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4))
def test_feasible_graph_matches_scalar_oracle(problem: Problem) -> None:
    enc = encode(problem)
    fp = feasible_pairs(enc)
    engine = {(enc.student_ids[s], enc.mentor_ids[m]) for s, m in zip(fp.si, fp.mi, strict=True)}
    oracle = {(s.id, m.id) for s in problem.students for m in problem.mentors
              if feasible(problem, s, m)}
    assert engine == oracle


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4, subjects=("maths",)))
def test_pruning_and_pricing_reach_the_same_optimum(problem: Problem) -> None:
    tight = problem.policy.model_copy(update={"candidates_per_student": 1,
                                              "candidates_per_mentor": 0})
    pruned = mm.match(Problem(students=problem.students, mentors=problem.mentors, policy=tight))
    full = mm.match(problem)
    _certified(pruned)
    assert pruned.certificate.objective == full.certificate.objective


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4, subjects=("maths", "français")))
def test_matched_count_equals_independent_max_flow(problem: Problem) -> None:
    """With equal weights, the optimum matches as many pupils as a maximum flow can."""
    pol = problem.policy.model_copy(update={"priority_weights": {
        k: 0 for k in problem.policy.priority_weights}})
    equal = Problem(students=problem.students, mentors=problem.mentors, policy=pol)
    result = mm.match(equal)
    g = nx.DiGraph()
    minutes = pol.session_minutes
    for s in problem.students:
        g.add_edge("src", ("s", s.id), capacity=1)
        for m in problem.mentors:
            if feasible(equal, s, m):
                for b in common_sessions(s, m, minutes):
                    g.add_edge(("s", s.id), ("slot", m.id, b), capacity=1)
                    g.add_edge(("slot", m.id, b), ("m", m.id), capacity=m.group_size)
    for m in problem.mentors:
        g.add_edge(("m", m.id), "sink", capacity=m.capacity)
    value = nx.maximum_flow_value(g, "src", "sink") if "sink" in g else 0
    assert len(result.pairs) == value


@pytest.mark.backends(*MATCH_BACKENDS)
def test_backends_agree(backend: str) -> None:
    problem = mm.synth.generate(60, seed=3)
    ref = mm.match(problem, backend="networkx")
    other = mm.match(problem, backend=backend)
    _certified(other)
    assert other.certificate.objective == ref.certificate.objective


def test_auto_uses_the_core_path_up_to_the_measured_crossover(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # OR-Tools installed or not: measured slower than the core path up to 30,000 pupils
    monkeypatch.setattr(flow_backends.ortools, "is_available", lambda: True)
    monkeypatch.setattr(flow_backends.auction, "is_available", lambda: False)  # core install
    result = mm.match(mm.synth.generate(60, seed=3))
    _certified(result)
    assert result.certificate.backend == "assignment"


def test_auto_uses_ortools_beyond_the_crossover(monkeypatch: pytest.MonkeyPatch) -> None:
    if not available("ortools"):
        pytest.skip("OR-Tools not installed (extra 'ortools')")
    monkeypatch.setattr(flow_backends, "AUTO_CORE_MAX_PUPILS", 10)
    monkeypatch.setattr(flow_backends.auction, "is_available", lambda: False)  # no [fast]
    problem = mm.synth.generate(60, seed=3)
    result = mm.match(problem)
    _certified(result)
    assert result.certificate.backend == "ortools"
    core = mm.match(problem, backend="assignment")
    assert result.certificate.objective == core.certificate.objective


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_warm_resolves_in_the_loop_reach_the_optimum(seed: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # no repair budget at all: every round after the first re-solves warm, and every
    # abandoned raised arc sends the re-solve to its cold fallback
    monkeypatch.setattr(solve_mod, "_repair_budget",
                        lambda net: {"max_units": 0, "max_phases": 1})
    problem = mm.synth.generate(300, seed=seed)
    result = mm.match(problem, backend="assignment")
    _certified(result)
    assert result.certificate.rounds >= 2
    ref = mm.match(problem, backend="networkx")
    assert result.certificate.objective == ref.certificate.objective


def test_synthetic_3000_certified_and_complete() -> None:
    problem = mm.synth.generate(3000, seed=1)
    result = mm.match(problem)
    _certified(result)
    assert result.n_students == 3000
    assert len(result.mentors) == len(problem.mentors)


def test_greedy_never_beats_optimum() -> None:
    problem = mm.synth.generate(400, seed=5)
    result = mm.match(problem)
    greedy = mm.greedy_match(problem)
    assert greedy.matched_weight <= result.matched_weight
    if greedy.matched_weight == result.matched_weight:
        assert greedy.cost >= _cost_part(result)


def test_empty_problem() -> None:
    result = mm.match(Problem(students=[], mentors=[], policy=Policy()))
    assert result.pairs == ()
    assert result.unmatched == ()
    assert result.certificate.optimal


@settings(max_examples=60)  # each example runs match(), about 30 ms
@given(problems(max_students=6, max_mentors=4, subjects=("maths", "français")))
def test_core_assignment_path_agrees_with_networkx(problem: Problem) -> None:
    fast = mm.match(problem, backend="assignment")
    ref = mm.match(problem, backend="networkx")
    _certified(fast)
    assert fast.certificate.objective == ref.certificate.objective
