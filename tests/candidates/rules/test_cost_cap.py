"""The cost cap holds on the pair's cost as reported, session included, compared exactly.

Issue 14, defect 8a: the cap was compared with the quantised pair cost
*without* its session term, so a pair whose every common session is late
passed a cap its reported ``Pair.cost`` exceeded.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mentormatch as mm
from engine_oracle import brute_force
from mentormatch import Mentor, Policy, Problem, Student
from mentormatch.candidates.costs import session_costs
from mentormatch.candidates.encode import encode
from mentormatch.candidates.reference import evaluate_pairs
from strategies import problems

ORIGIN = {"latitude": 48.9, "longitude": 2.35}


def _pair(availability: str) -> tuple[Student, Mentor]:
    s = Student(id="s", level="6e", needs=["maths"], availability=availability,
                location=ORIGIN, modality="in_person")
    m = Mentor(id="m", subjects=["maths:3e"], availability=availability, location=ORIGIN,
               modality="in_person", has_clearance=True)
    return s, m


def _costs(s: Student, m: Mentor, policy: Policy) -> tuple[float, float]:
    """(pair terms, reported cost of the pair's only session) in cost units."""
    enc = encode(Problem(students=[s], mentors=[m], policy=policy))
    terms = float(evaluate_pairs(enc, np.array([0]), np.array([0])).total[0])
    result = mm.match(Problem(students=[s], mentors=[m], policy=policy))
    (pair,) = result.pairs
    assert sum(pair.breakdown.values()) == terms + pair.breakdown["session_time"]
    return terms, sum(pair.breakdown.values())


def test_late_session_counts_against_the_cap() -> None:
    """Only Sunday evening in common: terms alone pass the cap, terms + session do not."""
    s, m = _pair("dim 20-22")
    terms, reported = _costs(s, m, Policy())
    assert reported > terms  # the late session costs something
    cap = (terms + reported) / 2
    result = mm.match(Problem(students=[s], mentors=[m], policy=Policy(max_pair_cost=cap)))
    assert not result.pairs
    (u,) = result.unmatched
    assert u.codes == ("not_worth_cost",)
    assert u.reasons[0].details["eliminated_by"] == {"cost_cap": 1}
    assert result.certificate.optimal


def test_cap_is_compared_exactly_not_after_rounding() -> None:
    """A cap equal to the reported cost passes; the next float below does not (no 0.1 steps)."""
    s, m = _pair("dim 20-21")
    _, reported = _costs(s, m, Policy())
    at = mm.match(Problem(students=[s], mentors=[m], policy=Policy(max_pair_cost=reported)))
    assert len(at.pairs) == 1
    below = math.nextafter(reported, -math.inf)
    under = mm.match(Problem(students=[s], mentors=[m], policy=Policy(max_pair_cost=below)))
    assert not under.pairs
    assert under.unmatched[0].codes == ("not_worth_cost",)


def test_only_sessions_within_the_cap_are_chosen() -> None:
    """Monday 17h is cheap, Sunday evening is not: under the cap the pair meets on Monday."""
    s, m = _pair("lun 17-18; dim 21-22")
    cheap = mm.match(Problem(students=[s], mentors=[m], policy=Policy()))
    (pair,) = cheap.pairs
    assert pair.session.weekday == 0
    # a cap between the two sessions' costs keeps the pair, on the cheap session only
    s2, m2 = _pair("dim 21-22")
    _, late = _costs(s2, m2, Policy())
    capped = mm.match(Problem(students=[s], mentors=[m],
                              policy=Policy(max_pair_cost=(pair.cost + late) / 2)))
    assert [p.session.weekday for p in capped.pairs] == [0]


@settings(max_examples=40)  # each example runs match() and a brute force
@given(problem=problems(max_students=5, max_mentors=3, subjects=("maths",)),
       cap=st.floats(0.0, 12.0, allow_nan=False))
def test_every_pair_within_cap_and_optimum_equals_brute_force(problem: Problem,
                                                             cap: float) -> None:
    policy = problem.policy.model_copy(update={"max_pair_cost": cap})
    capped = Problem(students=problem.students, mentors=problem.mentors,
                     policy=Policy.model_validate(policy.model_dump()))
    result = mm.match(capped)
    assert result.certificate.optimal
    for p in result.pairs:
        assert sum(p.breakdown.values()) <= cap
    weight, cost = brute_force(capped)
    assert result.matched_weight == weight
    scale = capped.policy.cost_scale
    assert sum(p.cost_int for p in result.pairs) + round(
        sum(m.load_cost for m in result.mentors) * scale) == cost
    # the session table the cap reads is the reported session term, entry for entry: the
    # pupil's group and the pair's own session block
    sess = session_costs(capped.policy)
    enc = encode(capped)
    row = {sid: k for k, sid in enumerate(enc.student_ids)}
    minutes = capped.policy.session_minutes
    for p in result.pairs:
        assert p.breakdown["session_time"] in set(sess.ravel().tolist())
        block = (p.session.weekday * 24 * 60 + p.session.start) // minutes
        group = int(enc.s_primary[row[p.student_id]])
        assert p.breakdown["session_time"] == sess[group, block]
