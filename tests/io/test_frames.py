"""DataFrames in and out (extra ``pandas``; skipped visibly without it)."""

from __future__ import annotations

import warnings

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
    # rows are the DataFrame's index labels (issue 19): the second row is label 1
    assert ("unknown_level", 1) in where
    assert ("window_inverted", 1) in where
    assert ("unknown_subject", 1) in where
    assert ("duplicate_id", 1) in where


def test_errors_name_index_labels_of_a_subset() -> None:
    df = pd.DataFrame({"id": ["a", "b", "c"], "level": ["6e", "7e", "CM2"],
                       "needs": ["maths"] * 3, "availability": ["lun 17-19"] * 3},
                      index=[10, 20, 30])
    with pytest.raises(mm.InputError) as info:
        students_from_dataframe(df[df["id"] != "a"])
    assert [(p.code, p.row, p.field) for p in info.value.problems] == [
        ("unknown_level", 20, "level")]
    # a header problem has no row
    with pytest.raises(mm.InputError) as info:
        students_from_dataframe(df.drop(columns=["needs"]))
    assert [(p.code, p.row) for p in info.value.problems] == [("missing_column", None)]


def test_list_set_tuple_cells_and_pandas_dtypes() -> None:
    df = pd.DataFrame({
        "id": pd.Series(["a", "b", "c"], dtype="string"),
        "level": pd.Categorical(["6e", "CM2", "6e"]),
        "needs": [["maths", "français"], ("anglais",), {"svt"}],
        "availability": ["lun 17-19", "mer 14-16", "sam 10-12"],
        "priority_tags": [["qpv"], [], ["no_device", "qpv"]],
        "latitude": pd.array([48.9, None, 45.7], dtype="Float64"),
        "longitude": pd.array([2.35, None, 4.8], dtype="Float64"),
        "has_device": pd.array([True, None, False], dtype="boolean"),
        "waiting_since": pd.to_datetime(["2025-09-01", None, "2025-10-02"]),
    })
    a, b, c = students_from_dataframe(df)
    assert a.needs == ("maths", "français")
    assert a.priority_tags == ("qpv",)  # not '[qpv]' nor '_qpv_'
    assert c.needs == ("svt",)
    assert c.priority_tags == ("no_device", "qpv")
    assert b.location is None
    assert b.has_device is True  # NA: the default
    assert c.has_device is False
    assert b.waiting_since is None
    assert str(c.waiting_since) == "2025-10-02"
    mentors = mentors_from_dataframe(pd.DataFrame({
        "id": ["m"], "subjects": [["maths:3e", "français"]], "availability": ["lun 17-19"],
        "capacity": pd.array([2], dtype="Int64"), "excluded_students": [[]]}))
    assert [o.subject for o in mentors[0].subjects] == ["maths", "français"]
    assert mentors[0].capacity == 2


def test_subset_of_pupils_drops_absent_exclusions_with_a_warning() -> None:
    problem = mm.synth.generate(200, seed=1)
    first = problem.mentors[0].model_copy(update={"excluded_students": (
        problem.students[0].id, problem.students[1].id)})
    mentors = [first, *problem.mentors[1:]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mm.Problem(students=problem.students, mentors=mentors)  # the whole: no warning
    subset = problem.students[1:]  # a subset without the first pupil
    with pytest.warns(mm.errors.InputWarning, match="excluded_students"):
        sub = mm.Problem(students=subset, mentors=mentors)
    assert sub.mentors[0].excluded_students == (problem.students[1].id,)
    assert not any(m.excluded_students for m in sub.mentors[1:])
    with pytest.raises(mm.InputError) as info:
        mm.Problem(students=subset, mentors=mentors, strict=True)
    assert set(info.value.codes) == {"unknown_reference"}


def test_result_dataframe_dtypes() -> None:
    problem = mm.synth.generate(80, seed=2)
    df = mm.match(problem).to_dataframe()
    assert len(df) == 80
    assert str(df["matched"].dtype) == "boolean"
    assert str(df["distance_km"].dtype) == "Float64"
    assert df["subject"].dtype == "category"
    assert df["weekday"].dtype == "Int64"
    assert str(df["start"].dtype) == "object"
    assert all(isinstance(t, list) for t in df["priority_tags"])
    one_hot = mm.match(problem).to_dataframe(tags="columns")
    assert one_hot["tag_qpv"].dtype == "boolean"
