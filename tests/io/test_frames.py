"""DataFrames in and out (extra ``pandas``; skipped visibly without it)."""

from __future__ import annotations

import pytest

import mentormatch as mm
from mentormatch.io.frames import (
    mentors_from_dataframe,
    mentors_to_dataframe,
    students_from_dataframe,
    students_to_dataframe,
)

pd = pytest.importorskip("pandas", reason="pandas not installed (extra 'pandas')")


def test_round_trip_through_dataframes() -> None:
    problem = mm.synth.generate(60, seed=4)
    students = students_from_dataframe(students_to_dataframe(problem.students))
    mentors = mentors_from_dataframe(mentors_to_dataframe(problem.mentors))
    assert students == list(problem.students)
    assert mentors == list(problem.mentors)


def test_native_cells_and_missing_values() -> None:
    df = pd.DataFrame({
        "id": ["a", "b"], "level": ["6e", "CM2"], "needs": ["maths", "français|maths"],
        "availability": ["lun 17-19", "mer 14-16"], "latitude": [48.9, None],
        "longitude": [2.35, None], "has_device": [True, False],
    })
    students = students_from_dataframe(df)
    assert students[0].location is not None
    assert students[1].location is None
    assert students[1].has_device is False


def test_errors_name_row_and_column() -> None:
    df = pd.DataFrame({"id": ["a", "a"], "level": ["6e", "7e"], "needs": ["maths", "mahts"],
                       "availability": ["lun 17-19", "lun 19-17"]})
    with pytest.raises(mm.InputError) as info:
        students_from_dataframe(df)
    where = {(p.code, p.row) for p in info.value.problems}
    assert ("unknown_level", 3) in where
    assert ("window_inverted", 3) in where
    assert ("unknown_subject", 3) in where
    assert ("duplicate_id", 3) in where
