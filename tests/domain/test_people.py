"""Student, Mentor, Policy and Problem validation rules."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from mentormatch import InputError, Mentor, Policy, Problem, Student
from strategies import mentors, policies, problems, students

S = {"id": "E1", "level": "6e", "needs": ["maths"], "availability": "lun 17-19"}
M = {"id": "M1", "subjects": ["maths:3e"], "availability": "lun 17-19"}


def _codes(model: type, data: dict[str, Any]) -> set[tuple[str, str | None]]:
    with pytest.raises(InputError) as info:
        model(**data)
    return {(p.code, p.field) for p in info.value.problems}


def test_student_defaults_and_canonical_forms() -> None:
    s = Student(**{**S, "id": " E\u0301 ", "needs": ["Mathématiques", "HG"],
                   "modality": "présentiel", "languages": ["français", "ar", "fr"],
                   "priority_tags": ["QPV", "No device"], "mentor_gender": "Femme"})
    assert s.id == "É"
    assert s.needs == ("maths", "histoire-géographie")
    assert s.modality == "in_person"
    assert s.languages == ("fr", "ar")
    assert s.priority_tags == ("qpv", "no_device")
    assert s.mentor_gender == "f"
    assert (s.has_device, s.has_connection, s.mentor_gender_required) == (True, True, False)
    assert s.minor
    assert not Student(**{**S, "level": "post-bac"}).minor
    assert Student(**{**S, "level": "post-bac", "is_minor": True}).minor


def test_models_are_frozen() -> None:
    s = Student(**S)
    with pytest.raises(ValidationError):
        s.level = "5e"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"id": "  "}, ("empty_id", "id")),
        ({"id": 3.5}, ("wrong_type", "id")),
        ({"level": "7e"}, ("unknown_level", "level")),
        ({"needs": []}, ("empty_value", "needs")),
        ({"needs": ["maths", "math"]}, ("duplicate_value", "needs")),
        ({"availability": "lun 19-17"}, ("window_inverted", "availability")),
        ({"availability": 5}, ("wrong_type", "availability")),
        ({"modality": "bus"}, ("invalid_choice", "modality")),
        ({"mentor_gender": "?"}, ("invalid_choice", "mentor_gender")),
        ({"languages": ["klingon"]}, ("unknown_language", "languages.0")),
        ({"location": {"latitude": math.nan, "longitude": 2}},
         ("not_finite", "location.latitude")),
        ({"location": {"latitude": 48, "longitude": math.inf}},
         ("not_finite", "location.longitude")),
        ({"location": {"latitude": -91, "longitude": 2}}, ("out_of_range", "location.latitude")),
        ({"location": {"latitude": 48}}, ("missing_field", "location.longitude")),
        ({"colour": "blue"}, ("unknown_field", "colour")),
        ({"waiting_since": "yesterday"}, ("wrong_type", "waiting_since")),
        ({"has_device": "maybe"}, ("wrong_type", "has_device")),
    ],
)
def test_student_rules(change: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in _codes(Student, {**S, **change})


def test_missing_required_fields() -> None:
    assert _codes(Student, {}) == {("missing_field", f)
                                   for f in ("id", "level", "needs", "availability")}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"capacity": -1}, ("out_of_range", "capacity")),
        ({"capacity": 0}, ("out_of_range", "capacity")),
        ({"capacity": 1.5}, ("wrong_type", "capacity")),
        ({"group_size": 0}, ("out_of_range", "group_size")),
        ({"max_travel_km": -2}, ("out_of_range", "max_travel_km")),
        ({"subjects": []}, ("empty_value", "subjects")),
        ({"subjects": ["maths:3e", "math:Tle"]}, ("duplicate_value", "subjects")),
        ({"subjects": ["maths:9e"]}, ("unknown_level", "subjects.0.max_level")),
        ({"role": "boss"}, ("invalid_choice", "role")),
    ],
)
def test_mentor_rules(change: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in _codes(Mentor, {**M, **change})


def test_mentor_subject_forms() -> None:
    m = Mentor(**{**M, "subjects": ["maths:3e", {"subject": "Français", "max_level": "CM2"},
                                    "orientation"], "role": "tuteur"})
    assert [(o.subject, o.max_level) for o in m.subjects] == [
        ("maths", "3e"), ("français", "CM2"), ("orientation", "Tle")]
    assert m.role == "tutor"
    assert m.max_level_of("français") == "CM2"
    assert m.max_level_of("svt") is None


def test_policy_defaults_and_rules() -> None:
    p = Policy()
    assert p.session_minutes == 60
    assert p.weight_of(("qpv", "no_device")) == p.base_weight + 5
    assert Policy(priority_weights={"Rep Plus": 2}).priority_weights == {"rep_plus": 2}
    assert _codes(Policy, {"session_minutes": 45}) == {("invalid_value", "session_minutes")}
    assert ("out_of_range", "weights.remote") in _codes(Policy, {"weights": {"remote": -1}})
    assert ("invalid_choice", "backend") in _codes(Policy, {"backend": "magic"})


def _problem_error(**kwargs: Any) -> set[tuple[str, str | None, int | None, str | None]]:
    with pytest.raises(InputError) as info:
        Problem(**kwargs)
    return {(p.code, p.source, p.row, p.field) for p in info.value.problems}


def test_problem_duplicates_nfc_and_spaces() -> None:
    found = _problem_error(students=[{**S, "id": "Zoé"}, {**S, "id": " Zoe\u0301"}],
                           mentors=[M])
    assert found == {("duplicate_id", "students", 0, "id"), ("duplicate_id", "students", 1, "id")}


def test_problem_references_subjects_tags() -> None:
    found = _problem_error(
        strict=True,
        students=[{**S, "needs": ["robotique"], "excluded_mentors": ["M9"],
                   "current_mentor": "M8", "priority_tags": ["vip"]}],
        mentors=[{**M, "excluded_students": ["E7"], "subjects": ["cuisine"]}],
    )
    assert found == {
        ("unknown_subject", "students", 0, "needs[0]"),
        ("unknown_reference", "students", 0, "excluded_mentors"),
        ("unknown_reference", "students", 0, "current_mentor"),
        ("unknown_priority_tag", "students", 0, "priority_tags"),
        ("unknown_reference", "mentors", 0, "excluded_students"),
        ("unknown_subject", "mentors", 0, "subjects[0]"),
    }


def test_problem_extra_subjects_and_model_errors() -> None:
    p = Problem(students=[{**S, "needs": ["robotique"]}], mentors=[M],
                policy=Policy(extra_subjects={"robotique": ["robot"]}))
    assert p.vocabulary.lookup("robot") == "robotique"
    found = _problem_error(students=[{**S, "level": "7e"}], mentors=[M])
    assert found == {("unknown_level", "students", 0, "level")}


def test_same_person_may_be_mentee_and_mentor() -> None:
    problem = Problem(students=[{**S, "id": "X"}], mentors=[{**M, "id": "X"}])
    assert problem.students[0].id == problem.mentors[0].id == "X"


@settings(max_examples=30)  # a smoke test of the strategies; their users test the rest
@given(students(), mentors(), policies(), problems())
def test_strategies_build_valid_objects(s: Student, m: Mentor, p: Policy, pb: Problem) -> None:
    assert Student.model_validate(s.model_dump(mode="json")) == s
    assert Mentor.model_validate(m.model_dump(mode="json")) == m
    assert Policy.model_validate(p.model_dump(mode="json")) == p
    assert 1 <= len(pb.students) <= 6
    assert 1 <= len(pb.mentors) <= 4
    assert Problem.model_validate(pb.model_dump(mode="json")) == pb
