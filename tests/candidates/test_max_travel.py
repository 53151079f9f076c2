"""Issue 16, item 7: ``Policy.max_travel_km`` caps every volunteer's own radius."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch import Policy, Problem
from mentormatch.candidates.encode import encode, travel_radius_km
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.candidates.reference import feasible_mask
from mentormatch.result.radius import radius_line, radius_rule
from strategies import problems


def _with(problem: Problem, **policy: object) -> Problem:
    return Problem(students=problem.students, mentors=problem.mentors,
                   policy=problem.policy.model_copy(update=policy))


def _explicit_radius(problem: Problem) -> Problem:
    """The same problem with every volunteer's capped radius written on the volunteer."""
    radius = travel_radius_km(list(problem.mentors), problem.policy)
    mentors = [m.model_copy(update={"max_travel_km": float(r)})
               for m, r in zip(problem.mentors, radius, strict=True)]
    return Problem(students=problem.students, mentors=mentors,
                   policy=problem.policy.model_copy(update={"max_travel_km": None}))


def test_radius_rule() -> None:
    problem = mm.synth.generate(40, seed=3)
    # the trap: every synthetic volunteer who meets in person has their own radius
    assert all(m.max_travel_km is not None for m in problem.mentors if m.modality != "remote")
    own = [m.max_travel_km if m.max_travel_km is not None else 10.0 for m in problem.mentors]
    base = travel_radius_km(list(problem.mentors), problem.policy)
    assert base.tolist() == own
    in_person = np.array([m.modality != "remote" for m in problem.mentors])
    other_default = travel_radius_km(list(problem.mentors), Policy(default_travel_km=1))
    assert (other_default == base)[in_person].all()
    capped = travel_radius_km(list(problem.mentors), Policy(max_travel_km=5))
    assert capped.tolist() == [min(float(r), 5.0) for r in own]
    no_own = [m.model_copy(update={"max_travel_km": None}) for m in problem.mentors]
    assert set(travel_radius_km(no_own, Policy(default_travel_km=15,
                                               max_travel_km=12)).tolist()) == {12.0}


def test_cap_changes_the_match_and_holds() -> None:
    problem = mm.synth.generate(150, seed=5)
    wide, narrow = mm.match(problem), mm.match(_with(problem, max_travel_km=3))
    assert narrow.certificate.optimal
    far = [p.distance_km for p in narrow.pairs
           if p.modality == "in_person" and p.distance_km is not None]
    assert far
    assert max(far) <= 3 + 1e-9
    assert [(p.student_id, p.mentor_id) for p in wide.pairs] != [
        (p.student_id, p.mentor_id) for p in narrow.pairs]
    # the same pairs as with each capped radius written on the volunteer
    same = mm.match(_explicit_radius(_with(problem, max_travel_km=3)))
    assert [(p.student_id, p.mentor_id, p.cost_int) for p in same.pairs] == [
        (p.student_id, p.mentor_id, p.cost_int) for p in narrow.pairs]
    assert len(narrow.pairs) < len(wide.pairs)


def test_a_cap_above_every_radius_changes_nothing() -> None:
    problem = mm.synth.generate(80, seed=2)
    a, b = mm.match(problem), mm.match(_with(problem, max_travel_km=1000))
    assert [(p.student_id, p.mentor_id, p.cost_int, p.session) for p in a.pairs] == [
        (p.student_id, p.mentor_id, p.cost_int, p.session) for p in b.pairs]


@settings(max_examples=25, deadline=None)
@given(problem=problems(), cap=st.sampled_from([0.0, 0.5, 2.0, 5.0, 50.0]))
def test_generated_pairs_respect_the_cap_as_the_reference_does(problem: Problem,
                                                                cap: float) -> None:
    capped = _with(problem, max_travel_km=cap)
    enc = encode(capped)
    pairs = feasible_pairs(enc)
    si, mi = np.meshgrid(np.arange(enc.n_s), np.arange(enc.n_m), indexing="ij")
    si, mi = si.ravel().astype(np.int64), mi.ravel().astype(np.int64)
    ref = feasible_mask(enc, si, mi)
    assert set(zip(pairs.si.tolist(), pairs.mi.tolist(), strict=True)) == set(
        zip(si[ref].tolist(), mi[ref].tolist(), strict=True))
    explicit = encode(_explicit_radius(capped))
    assert np.array_equal(explicit.m_radius_km, enc.m_radius_km)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_summary_says_which_rule_applied(lang: str) -> None:
    problem = mm.synth.generate(30, seed=1)
    line = radius_line(problem, lang)
    assert line.startswith("Travel radius:" if lang == "en" else "Rayon de déplacement")
    assert "default_travel_km" in line  # every volunteer has their own: the default is unused
    capped = _with(problem, max_travel_km=2.5)
    rule = radius_rule(capped)
    assert rule.cap_km == 2.5
    assert rule.capped == sum(
        (m.max_travel_km or 0) > 2.5 for m in problem.mentors if m.modality != "remote")
    assert ("2,5 km" if lang == "fr" else "2.5 km") in radius_line(capped, lang)
    no_own = Problem(students=problem.students, mentors=[
        m.model_copy(update={"max_travel_km": None}) for m in problem.mentors],
        policy=problem.policy)
    assert ("10 km par défaut" if lang == "fr" else "default 10 km") in radius_line(no_own, lang)
