"""A volunteer's change re-solved on the full graph in one pass (whatif/fullgraph.py).

Issue 17: successive shortest paths on the implicit full residual graph (every
pair of the feasible graph read by volunteer), certified by ``check_flow`` on
the compact network and a pricing of every pair that could violate. The
optimum must equal ``restricted=False`` and an independent ``match()``, with
and without the forbidden pupil. The compiled path needs numba: without it
these tests skip visibly (and ``resolve`` falls back to the general re-solve,
which the other tests of ``tests/whatif`` cover).
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch.synth import generate
from mentormatch.whatif import fullgraph
from mentormatch.whatif.fixes import candidates, with_people
from mentormatch.whatif.resolve import Solution, engine, resolve
from strategies import problems

pytestmark = pytest.mark.skipif(not fullgraph.full_graph_available(),
                                reason="the full-graph path is compiled (numba, the fast extra)")


def _truth(problem: mm.Problem) -> Solution:
    """match() on ``problem``, its pairs read as a Solution (objective accounted exactly)."""
    return engine(problem, mm.match(problem)).solution


@functools.lru_cache(maxsize=1)
def _seed2() -> tuple[mm.Problem, mm.MatchResult]:
    problem = generate(1000, seed=2)
    return problem, mm.match(problem)


def test_radius_fixes_that_need_rounds_equal_unrestricted_and_match() -> None:
    """The radius candidates of 1,000 pupils (seed 2) whose general re-solve takes rounds."""
    problem, result = _seed2()
    eng = engine(problem, result)
    eng.prepare()
    full = 0
    for pupil in ("S00086", "S00117"):
        for cand in candidates(eng, pupil):
            if cand.kind != "radius":
                continue
            sol = resolve(eng, cand.problem, mentors=cand.mentors, pupil=pupil)
            assert sol.optimal
            ref = resolve(eng, cand.problem, mentors=cand.mentors, restricted=False)
            assert sol.key() == ref.key() == _truth(cand.problem).key()
            full += sol.method == "full"
            _check_assignment(cand.problem, sol)
            other = resolve(eng, cand.problem, mentors=cand.mentors, forbid=(pupil,))
            assert pupil not in other.assignment
            assert other.key() == resolve(eng, cand.problem, mentors=cand.mentors,
                                          forbid=(pupil,), restricted=False).key()
            full += other.method == "full"
    assert full >= 4, full


def _check_assignment(problem: mm.Problem, sol: Solution) -> None:
    """The solution's pairs are feasible pairs of ``problem`` within capacities."""
    loads: dict[str, int] = {}
    for _sid, (mid, _block) in sol.assignment.items():
        loads[mid] = loads.get(mid, 0) + 1
    caps = {m.id: m.capacity for m in problem.mentors}
    assert all(n <= caps[m] for m, n in loads.items())


def test_state_is_the_flow_in_force() -> None:
    """The engine's arrays of the full graph hold the optimum in force (held pairs, loads)."""
    problem, result = _seed2()
    eng = engine(problem, result)
    fg = eng.full_graph()
    enc = eng.enc
    matched = fg.held_m >= 0
    assert int(matched.sum()) == len(eng.solution.assignment)
    for u in np.flatnonzero(matched)[:50].tolist():
        mid, block = eng.solution.assignment[enc.student_ids[u]]
        assert enc.mentor_ids[int(fg.held_m[u])] == mid
        assert int(fg.held_b[u]) == block
    assert np.array_equal(fg.load, np.bincount(fg.held_m[matched], minlength=enc.n_m))
    assert np.array_equal(fg.unassigned == 1, ~matched)
    # the columns: every pair of the feasible graph once, by volunteer
    assert len(fg.col_p) == len(eng.fp)
    idx = eng.pair_index()
    assert np.array_equal(fg.col_p, eng.fp.si[idx.m_order])


def test_full_graph_off_gives_the_same_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    """``FULL_GRAPH = False`` (the general re-solve) and the default agree."""
    from mentormatch.whatif import resolve as rv

    problem, result = _seed2()
    eng = engine(problem, result)
    cands = [c for c in candidates(eng, "S00086") if c.kind == "radius"]
    assert cands
    on = [resolve(eng, c.problem, mentors=c.mentors).key() for c in cands]
    monkeypatch.setattr(rv, "FULL_GRAPH", False)
    off = [resolve(eng, c.problem, mentors=c.mentors) for c in cands]
    assert all(s.method != "full" for s in off)
    assert on == [s.key() for s in off]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=7, max_mentors=4, references=False),
       pick=st.integers(0, 100),
       kind=st.sampled_from(["radius", "window", "both"]))
def test_full_graph_equals_match_on_tiny_problems(problem: mm.Problem, pick: int,
                                                  kind: str) -> None:
    """A volunteer's wider radius or more windows, on tiny problems: the same optimum."""
    result = mm.match(problem)
    eng = engine(problem, result)
    mentor = problem.mentors[pick % len(problem.mentors)]
    update: dict[str, object] = {}
    if kind in ("radius", "both"):
        update["max_travel_km"] = 1000.0
    if kind in ("window", "both"):
        other = problem.students[pick % len(problem.students)]
        update["availability"] = other.availability
    try:
        changed = mentor.model_copy(update=update)
        modified = with_people(problem, mentors={mentor.id: changed})
    except (ValueError, TypeError):
        return
    sol = resolve(eng, modified, mentors=(mentor.id,))
    assert sol.optimal
    assert sol.key() == _truth(modified).key()
    assert sol.key() == resolve(eng, modified, restricted=False).key()
    for u in result.unmatched[:1]:
        forbidden = resolve(eng, modified, mentors=(mentor.id,), forbid=(u.student_id,))
        assert u.student_id not in forbidden.assignment
        assert forbidden.key() == resolve(eng, modified, forbid=(u.student_id,),
                                          restricted=False).key()


class _Spoiled:
    """The compiled kernels, with ``route`` spoiling its answer in one way."""

    def __init__(self, real: object, how: str) -> None:
        self.real, self.how = real, how

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)

    def route(self, *args: object) -> int:
        n_s, n_m = int(args[0]), int(args[1])  # type: ignore[call-overload]
        pi, excess = args[29], args[31]
        if self.how == "no-route":   # the imbalances left as they are
            return 0
        status = int(self.real.route(*args))  # type: ignore[attr-defined]
        held_m, unassigned = args[19], args[22]
        if self.how == "potential":   # a held volunteer dearer: its held slots break slackness
            m = int(held_m[held_m >= 0][0])  # type: ignore[index]
            pi[n_s + m] += 10_000  # type: ignore[index]
        if self.how == "pricing":   # an unmatched pupil dearer: still complementary, but
            col = np.asarray(args[11], dtype=np.int64)   # its pairs violate: the pricing's
            p = int(col[np.asarray(unassigned)[col] == 1][0])  # job (a pupil of j's column)
            pi[p] += 10**9  # type: ignore[index]
        assert excess is not None
        assert n_m > 0
        return status


@pytest.mark.parametrize("how", ["no-route", "potential", "pricing"])
def test_a_spoiled_search_fails_its_certificate(monkeypatch: pytest.MonkeyPatch,
                                                how: str) -> None:
    """The certificate is independent of the search: a wrong state is caught (re-solve)."""
    problem, result = _seed2()
    eng = engine(problem, result)
    eng.prepare()
    cands = [c for c in candidates(eng, "S00086") if c.kind == "radius"]
    honest = [resolve(eng, c.problem, mentors=c.mentors) for c in cands]
    assert any(s.method == "full" for s in honest)
    real = fullgraph._kernels()
    monkeypatch.setattr(fullgraph, "_kernels", lambda: _Spoiled(real, how))
    for cand, ref in zip(cands, honest, strict=True):
        sol = resolve(eng, cand.problem, mentors=cand.mentors)
        if ref.method == "full":
            assert sol.method == "re-solve"
        assert sol.key() == ref.key()
