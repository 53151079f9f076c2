"""Every public constructor and validator raises InputError with JSON Pointers (issue 14, #7)."""

from __future__ import annotations

from typing import Any

import pytest

import mentormatch as mm

S: dict[str, Any] = {"id": "E1", "level": "6e", "needs": ["maths"], "availability": "lun 17-19"}
M: dict[str, Any] = {"id": "M1", "subjects": ["maths:3e"], "availability": "lun 17-19"}


def _problems(build: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str | None]]:
    with pytest.raises(mm.InputError) as info:
        build(*args, **kwargs)
    assert isinstance(info.value, ValueError)
    return [(p.code, p.pointer) for p in info.value.problems]


def test_student_constructor_raises_input_error_with_pointers() -> None:
    assert _problems(mm.Student, **{**S, "availability": "lun 25-26",
                                    "location": {"latitude": "x", "longitude": 2}}) == [
        ("time_out_of_day", "/availability"), ("wrong_type", "/location/latitude")]


def test_mentor_and_policy_constructors_raise_input_error() -> None:
    assert _problems(mm.Mentor, **{**M, "capacity": 0}) == [("out_of_range", "/capacity")]
    assert _problems(mm.Policy, default_travel_km=-1) == [
        ("out_of_range", "/default_travel_km")]
    assert _problems(mm.Policy.model_validate, {"seed": "x"}) == [("wrong_type", "/seed")]


def test_problem_places_a_pupils_own_problem_under_its_index() -> None:
    assert _problems(mm.Problem, students=[S, {**S, "id": "E2", "level": "6x"}],
                     mentors=[M]) == [("unknown_level", "/students/1/level")]


@pytest.mark.parametrize("build", ["init", "model_validate"])
def test_cross_entity_problems_keep_their_place(build: str) -> None:
    data = {"students": [{**S, "current_mentor": "Z"}], "mentors": [M]}
    make = mm.Problem.model_validate if build == "model_validate" else (
        lambda d: mm.Problem(**d))
    assert _problems(make, data) == [("unknown_reference", "/students/0/current_mentor")]
