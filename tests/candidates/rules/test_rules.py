"""Hard rules at their exact boundaries, and the reasons given for unmatched pupils."""

from __future__ import annotations

import math

import numpy as np
import pytest

import mentormatch as mm
from mentormatch import Mentor, Policy, Problem, Student
from mentormatch.candidates.rules.distance import EARTH_RADIUS_KM

ORIGIN = {"latitude": 48.9, "longitude": 2.35}


def _north(km: float) -> dict[str, float]:
    """A point ``km`` due north of ORIGIN (great-circle distance exactly ``km``)."""
    return {"latitude": 48.9 + math.degrees(km / EARTH_RADIUS_KM), "longitude": 2.35}


def student(**kw: object) -> Student:
    base: dict[str, object] = dict(id="s", level="6e", needs=["maths"], availability="lun 17-18",
                                   location=ORIGIN, modality="in_person")
    base.update(kw)
    return Student(**base)  # type: ignore[arg-type]


def mentor(**kw: object) -> Mentor:
    base: dict[str, object] = dict(id="m", subjects=["maths:3e"], availability="lun 17-18",
                                   location=ORIGIN, modality="in_person", has_clearance=True)
    base.update(kw)
    return Mentor(**base)  # type: ignore[arg-type]


def matched(s: Student, m: Mentor, policy: Policy | None = None) -> bool:
    result = mm.match(Problem(students=[s], mentors=[m], policy=policy or Policy()))
    assert result.certificate.optimal
    return len(result.pairs) == 1


def reason(s: Student, m: Mentor, policy: Policy | None = None) -> mm.result.Reason:
    result = mm.match(Problem(students=[s], mentors=[m], policy=policy or Policy()))
    assert len(result.unmatched) == 1
    return result.unmatched[0].reasons[0]


def test_distance_equal_to_radius_passes_and_just_beyond_fails() -> None:
    assert matched(student(), mentor(location=_north(5.0), max_travel_km=5.0))
    assert not matched(student(), mentor(location=_north(5.01), max_travel_km=5.0))
    assert reason(student(), mentor(location=_north(5.01), max_travel_km=5.0)).details[
        "eliminated_by"] == {"distance": 1}


def test_default_radius_from_policy() -> None:
    far = mentor(location=_north(12.0))
    assert not matched(student(), far)
    assert matched(student(), far, Policy(default_travel_km=12.0))


def test_session_exactly_filling_window_passes() -> None:
    assert matched(student(availability="mer 14:00-15:00"),
                   mentor(availability="mer 14:00-15:00"))
    # A 60-minute window not aligned on the hourly grid holds no whole session block.
    assert not matched(student(availability="mer 14:30-15:30"),
                       mentor(availability="mer 14:30-15:30"))
    assert matched(student(availability="mer 14:30-15:30"),
                   mentor(availability="mer 14:30-15:30"), Policy(session_minutes=30))


def test_level_equal_to_mentor_maximum_passes() -> None:
    assert matched(student(level="3e"), mentor(subjects=["maths:3e"]))
    assert not matched(student(level="2de"), mentor(subjects=["maths:3e"]))
    assert reason(student(level="2de"), mentor(subjects=["maths:3e"])).details[
        "eliminated_by"] == {"level": 1}


def test_remote_needs_device_and_connection() -> None:
    s = student(modality="remote", has_device=False)
    m = mentor(modality="either", location=_north(300))
    assert reason(s, m).details["eliminated_by"] == {"device": 1}
    assert matched(s, m, Policy(remote_requires_device=False))
    assert not matched(student(modality="remote", has_connection=False), m)
    assert matched(student(modality="remote"), m)


def test_clearance_for_minor_in_person() -> None:
    m = mentor(has_clearance=False)
    assert reason(student(), m).details["eliminated_by"] == {"clearance": 1}
    assert matched(student(level="post-bac", needs=["orientation"]),
                   mentor(has_clearance=False, subjects=["orientation:post-bac"]))
    assert matched(student(), m, Policy(clearance_for_minors_in_person=False))


def test_exclusions_both_ways_and_self() -> None:
    assert not matched(student(excluded_mentors=["m"]), mentor())
    assert not matched(student(), mentor(excluded_students=["s"]))
    assert reason(student(id="x"), mentor(id="x")).details["eliminated_by"] == {"self": 1}


def test_language_and_gender() -> None:
    assert not matched(student(languages=["ar"]), mentor(languages=["en"]))
    assert matched(student(languages=["ar"]), mentor(languages=["en"]),
                   Policy(require_common_language=False))
    required = student(mentor_gender="f", mentor_gender_required=True)
    assert not matched(required, mentor(gender="m"))
    assert matched(required, mentor(gender="f"))
    assert matched(student(mentor_gender="f"), mentor(gender="m"))  # a wish, not a rule


def test_modality() -> None:
    assert reason(student(modality="remote"), mentor(modality="in_person")).details[
        "eliminated_by"] == {"modality": 1}


def test_pupil_no_one_teaches() -> None:
    mentors = [mentor(id=f"m{i}", subjects=["anglais"]) for i in range(3)]
    result = mm.match(Problem(students=[student(needs=["philosophie"], level="Tle")],
                              mentors=mentors))
    (u,) = result.unmatched
    assert u.codes == ("no_candidate",)
    assert u.reasons[0].details["eliminated_by"] == {"subject": 3}


def test_pupil_whose_only_mentor_is_full() -> None:
    a = student(id="a", priority_tags=["qpv"])
    b = student(id="b")
    result = mm.match(Problem(students=[a, b], mentors=[mentor(capacity=1)]))
    assert [p.student_id for p in result.pairs] == ["a"]  # priority pupil first
    (u,) = result.unmatched
    assert u.student_id == "b"
    assert u.codes == ("capacity_taken",)
    assert u.reasons[0].details["taken_by"] == {"m": ["a"]}


def test_not_worth_cost() -> None:
    s, m = student(), mentor(location=_north(8.0))
    r = reason(s, m, Policy(max_pair_cost=2.0))
    assert r.code == "not_worth_cost"
    assert r.details["eliminated_by"] == {"cost_cap": 1}


def test_priority_then_cost_lexicographic() -> None:
    """Two plain pupils beat one priority pupil; among equals, the cheaper pair wins."""
    near, far = student(id="near"), student(id="far", location=_north(4.0))
    result = mm.match(Problem(students=[near, far], mentors=[mentor(capacity=1)]))
    assert [p.student_id for p in result.pairs] == ["near"]


def test_continuity_keeps_current_mentor() -> None:
    s = student(current_mentor="m2")
    result = mm.match(Problem(students=[s], mentors=[mentor(id="m1"),
                                                     mentor(id="m2", location=_north(3.0))]))
    assert result.pairs[0].mentor_id == "m2"


def test_mentor_sessions_never_overlap_one_to_one() -> None:
    """Two pupils free only at the same hour cannot both see a one-to-one mentor."""
    pupils = [student(id="a"), student(id="b")]
    result = mm.match(Problem(students=pupils, mentors=[mentor(capacity=2)]))
    assert len(result.pairs) == 1
    group = mm.match(Problem(students=pupils, mentors=[mentor(capacity=2, group_size=2)]))
    assert len(group.pairs) == 2
    assert group.pairs[0].session == group.pairs[1].session


def test_breakdown_sums_to_cost() -> None:
    result = mm.match(mm.synth.generate(200, seed=2))
    scale = result.problem.policy.cost_scale
    for p in result.pairs:
        assert p.cost == pytest.approx(sum(p.breakdown.values()))
        assert abs(p.cost * scale - p.cost_int) <= 1.0
    assert np.all([m.load <= m.capacity for m in result.mentors])
