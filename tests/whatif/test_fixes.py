"""Every fix reported for an unmatched pupil is reproduced by an independent match()."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import mentormatch as mm
from mentormatch.candidates.reference import feasible_mask
from mentormatch.synth import generate
from mentormatch.whatif.explain import engine_of
from mentormatch.whatif.fixes import find_fixes
from mentormatch.whatif.resolve import engine
from strategies import problems


@functools.lru_cache(maxsize=2)
def _base(n: int = 300) -> tuple[mm.Problem, mm.MatchResult]:
    problem = generate(n, seed=11)
    return problem, mm.match(problem)


def _check(fix: mm.Problem, student_id: str, matched: bool, key: tuple[int, int] | None
           ) -> None:
    again = mm.match(fix)
    if matched:   # every optimum pairs the pupil, so match() does
        assert again.pair_of(student_id) is not None
    if key is not None:
        assert engine(fix, again).solution.key() == key


def _fixes_reproduced(n: int, pupils: int, least: int) -> None:
    _problem, result = _base(n)
    kinds = set()
    found = 0
    for u in result.unmatched[:pupils]:
        ex = result.explain(u.student_id)
        assert not ex.matched
        assert ex.reasons == u.reasons
        assert len(ex.fixes) <= 3
        assert [(f.displaced, f.cost_delta) for f in ex.fixes] == sorted(
            (f.displaced, f.cost_delta) for f in ex.fixes)
        for fix in ex.fixes:
            assert fix.matched
            assert fix.mentor_id is not None
            assert fix.session is not None
            assert fix.displaced == len(fix.displaced_ids)
            assert fix.description
            assert fix.describe("fr") != fix.describe("en")
            kinds.add(fix.kind)
            found += 1
            again = mm.match(fix.problem)
            assert again.pair_of(u.student_id) is not None
        for fix in ex.tried:   # the unverified ones too: the re-solve says the truth
            if not fix.matched:
                again = mm.match(fix.problem)
                pair = again.pair_of(u.student_id)
                # not matched in every optimum: either unmatched, or only by a tie
                assert pair is None or again.matched_weight == engine(
                    fix.problem, again).solution.matched_weight
    assert found >= least
    assert len(kinds) >= min(2, least)


def test_fixes_of_unmatched_pupils_are_reproduced_by_match() -> None:
    _fixes_reproduced(300, 3, 2)


@pytest.mark.slow
def test_fixes_of_many_unmatched_pupils_are_reproduced_by_match() -> None:
    _fixes_reproduced(1000, 15, 10)


def test_fix_objective_equals_match_objective() -> None:
    problem, result = _base()
    eng = engine_of(result)
    from mentormatch.whatif.resolve import resolve

    checked = 0
    for u in (x.student_id for x in result.unmatched):
        _, tried = find_fixes(eng, u)
        for fix in tried[:3]:
            students = tuple(s.id for s, o in zip(fix.problem.students, problem.students,
                                                  strict=True) if s != o)
            mentors = tuple(m.id for m, o in zip(fix.problem.mentors, problem.mentors,
                                                 strict=True) if m != o)
            sol = resolve(eng, fix.problem, students=students, mentors=mentors)
            _check(fix.problem, u, fix.matched, sol.key())
            checked += 1
        if checked >= 3:
            break
    assert checked >= 3


def test_matched_pupil_gets_contrast_and_alternates() -> None:
    _problem, result = _base()
    eng = engine_of(result)
    enc = eng.enc
    loads = {m.mentor_id: m for m in result.mentors}
    room = np.array([loads[m].load < loads[m].capacity for m in enc.mentor_ids])
    from mentormatch.whatif.alternates import alternates

    every = alternates(eng, None, 3)
    assert set(every) == {p.student_id for p in result.pairs}
    sample = [p for p in result.pairs if every[p.student_id]][:10] + list(result.pairs[:10])
    with_backup = 0
    for pair in sample:
        ex = result.explain(pair.student_id)
        assert ex.alternates == every[pair.student_id]
        assert ex.matched
        assert ex.pair == pair
        assert not ex.fixes
        if ex.contrast is not None:
            assert ex.contrast.runner_up != pair.mentor_id
            full = loads[ex.contrast.runner_up]
            assert ex.contrast.runner_up_full == (full.load >= full.capacity)
        s = enc.student_ids.index(pair.student_id)
        ok = feasible_mask(enc, np.full(enc.n_m, s), np.arange(enc.n_m)) & room
        allowed = {enc.mentor_ids[m] for m in np.flatnonzero(ok)} - {pair.mentor_id}
        for alt in ex.alternates:
            assert alt.mentor_id in allowed
            assert alt.reduced_cost >= 0   # the optimum's potentials are dual feasible
        assert [a.extra_cost for a in ex.alternates] == sorted(a.extra_cost for a in ex.alternates)
        with_backup += bool(ex.alternates)
    assert with_backup > 0


@settings(max_examples=15, deadline=None,  # each example runs several exact solves
          suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=7, max_mentors=4, references=False))
def test_fixes_on_tiny_problems_are_reproduced_by_match(problem: mm.Problem) -> None:
    result = mm.match(problem)
    for u in result.unmatched[:2]:
        ex = result.explain(u.student_id)
        for fix in ex.tried:
            again = mm.match(fix.problem)
            if fix.matched:
                assert again.pair_of(u.student_id) is not None
            assert engine(fix.problem, again).solution.matched_weight >= result.matched_weight
