"""Bad input: each case an InputError naming the place (file, row, column)."""

from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

import pytest

from mentormatch import InputError, read_mentors, read_students
from mentormatch.domain import Vocabulary, default_vocabulary
from mentormatch.errors import InputProblem
from mentormatch.io import read_policy, read_problem

S_HEAD = "id,level,needs,availability"
M_HEAD = "id,subjects,availability,capacity,group_size,latitude,longitude"


def _csv(tmp_path: Path, text: str, name: str = "students.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(func, path: Path) -> list[InputProblem]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        func(path)
    assert all(p.source == path.name for p in info.value.problems)
    return list(info.value.problems)


def _one(func, path: Path, code: str) -> InputProblem:  # type: ignore[no-untyped-def]
    problems = _errors(func, path)
    assert [p.code for p in problems] == [code], problems
    return problems[0]


def _student_csv(tmp_path: Path, row: str) -> Path:
    return _csv(tmp_path, f"{S_HEAD}\nOK1,6e,maths,lun 17-19\n{row}\n")


def test_input_error_is_value_error() -> None:
    assert issubclass(InputError, ValueError)


# --- duplicate IDs ---------------------------------------------------------------------------


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD}\nA,6e,maths,lun 17-19\nB,6e,maths,lun 17-19\n"
                          "A,5e,maths,mar 17-19\n")
    problems = _errors(read_students, path)
    assert [(p.code, p.row, p.field) for p in problems] == [
        ("duplicate_id", 2, "id"), ("duplicate_id", 4, "id")]
    assert "2, 4" in problems[0].message


def test_duplicate_ids_nfc_vs_nfd_and_spaces(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Zoé")
    nfd = unicodedata.normalize("NFD", "Zoé")
    assert nfc != nfd
    path = _csv(tmp_path, f'{S_HEAD}\n{nfc},6e,maths,lun 17-19\n" {nfd} ",6e,maths,lun 17-19\n')
    problems = _errors(read_students, path)
    assert [(p.code, p.row) for p in problems] == [("duplicate_id", 2), ("duplicate_id", 3)]


def test_duplicate_ids_in_json_use_array_positions(tmp_path: Path) -> None:
    item = {"id": "A", "level": "6e", "needs": ["maths"], "availability": "lun 17-19"}
    path = tmp_path / "s.json"
    path.write_text(json.dumps([item, {**item, "id": " A "}]))
    problems = _errors(read_students, path)
    assert [(p.code, p.row) for p in problems] == [("duplicate_id", 1), ("duplicate_id", 2)]


# --- one bad cell ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "code", "field"),
    [
        ("  ,6e,maths,lun 17-19", "empty_id", "id"),
        ("X,6x,maths,lun 17-19", "unknown_level", "level"),
        ("X,6e,mathz,lun 17-19", "unknown_subject", "needs"),
        ("X,6e,maths,lun 19-17", "window_inverted", "availability"),
        ("X,6e,maths,lun 17:15-19", "time_off_grid", "availability"),
        ("X,6e,maths,lun 17-25", "time_out_of_day", "availability"),
        ("X,6e,maths,lun 17-17", "window_empty", "availability"),
        ("X,6e,maths,xyz 17-19", "unknown_day", "availability"),
        ("X,6e,maths,le soir", "availability_syntax", "availability"),
        ("X,6e,maths|maths,lun 17-19", "duplicate_value", "needs"),
        ("X,6e,,lun 17-19", "missing_field", "needs"),
    ],
)
def test_bad_student_cell(tmp_path: Path, row: str, code: str, field: str) -> None:
    problem = _one(read_students, _student_csv(tmp_path, row), code)
    assert (problem.row, problem.field) == (3, field)
    assert problem.message


@pytest.mark.parametrize(
    ("cells", "code", "field"),
    [
        ("nan,2.3", "not_finite", "latitude"),
        ("48.8,inf", "not_finite", "longitude"),
        ("-inf,2.3", "not_finite", "latitude"),
        ("91,2.3", "out_of_range", "latitude"),
        ("48.8,-181", "out_of_range", "longitude"),
        ("nord,2.3", "wrong_type", "latitude"),
    ],
)
def test_bad_coordinates(tmp_path: Path, cells: str, code: str, field: str) -> None:
    path = _csv(tmp_path, f"{S_HEAD},latitude,longitude\nX,6e,maths,lun 17-19,{cells}\n")
    problem = _one(read_students, path, code)
    assert (problem.row, problem.field) == (2, field)


def test_coordinate_half_given_is_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},latitude,longitude\nX,6e,maths,lun 17-19,48.8,\n")
    problem = _one(read_students, path, "missing_field")
    assert problem.field == "longitude"


@pytest.mark.parametrize(
    ("capacity", "group_size", "code", "field"),
    [
        ("-1", "1", "out_of_range", "capacity"),
        ("0", "1", "out_of_range", "capacity"),
        ("1.5", "1", "wrong_type", "capacity"),
        ('"1,5"', "1", "wrong_type", "capacity"),
        ("deux", "1", "wrong_type", "capacity"),
        ("1", "0", "out_of_range", "group_size"),
    ],
)
def test_bad_mentor_numbers(
    tmp_path: Path, capacity: str, group_size: str, code: str, field: str
) -> None:
    path = _csv(tmp_path, f"{M_HEAD}\nM,maths:3e,lun 17-19,{capacity},{group_size},,\n",
                "mentors.csv")
    problem = _one(read_mentors, path, code)
    assert (problem.row, problem.field) == (2, field)


def test_unknown_subject_suggests_and_respects_vocabulary(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{M_HEAD}\nM,robotique:Tle|mathématiques:3e,lun 17-19,1,1,,\n",
                "mentors.csv")
    problem = _one(read_mentors, path, "unknown_subject")
    assert problem.value == "robotique"
    vocab = default_vocabulary().extended({"robotique": ["robot"]})
    assert read_mentors(path, vocabulary=vocab)[0].subjects[0].subject == "robotique"
    only = Vocabulary({"maths": ()})
    problem = _errors(lambda p: read_mentors(p, vocabulary=only), path)[0]
    assert problem.code == "unknown_subject"


def test_unknown_subject_suggestions_in_message(tmp_path: Path) -> None:
    problem = _one(read_students, _student_csv(tmp_path, "X,6e,mathz,lun 17-19"),
                   "unknown_subject")
    assert "maths" in problem.message


def test_bad_boolean_and_date(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},has_device,waiting_since\n"
                          "X,6e,maths,lun 17-19,peut-être,31/02/2024\n")
    problems = _errors(read_students, path)
    assert [(p.code, p.field) for p in problems] == [
        ("wrong_type", "has_device"), ("wrong_type", "waiting_since")]


def test_invalid_choice_and_language(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},modality,languages\nX,6e,maths,lun 17-19,bus,klingon\n")
    problems = _errors(read_students, path)
    assert sorted((p.code, p.field) for p in problems) == [
        ("invalid_choice", "modality"), ("unknown_language", "languages")]


# --- file and header problems ----------------------------------------------------------------


def test_unknown_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},niveua_scolaire\nX,6e,maths,lun 17-19,\n")
    problem = _one(functools.partial(read_students, strict=True), path, "unknown_column")
    assert (problem.row, problem.field) == (1, "niveua_scolaire")
    assert "did you mean 'level'" in problem.message


def test_unknown_field_json(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"id": "A", "level": "6e", "needs": ["maths"],
                                 "availability": "lun 17-19", "favourite_colour": "blue"}]))
    problem = _one(functools.partial(read_students, strict=True), path, "unknown_field")
    assert (problem.row, problem.field, problem.value) == (1, "favourite_colour", None)


def test_duplicate_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},niveau\nX,6e,maths,lun 17-19,5e\n")
    problem = _one(read_students, path, "duplicate_column")
    assert problem.field == "niveau"


def test_unnamed_column_with_data(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD},\nX,6e,maths,lun 17-19,\nY,6e,maths,lun 17-19,oops\n")
    problem = _one(read_students, path, "unknown_column")
    assert problem.row == 3


def test_extra_cells(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{S_HEAD}\nX,6e,maths,lun 17-19,surprise\nY,6e,maths,lun 17-19,,\n")
    problem = _one(read_students, path, "extra_cells")
    assert problem.row == 2


def test_missing_required_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,needs\nX,maths\n")
    problems = _errors(read_students, path)
    assert [(p.code, p.field, p.row) for p in problems] == [
        ("missing_column", "level", 1), ("missing_column", "availability", 1)]


@pytest.mark.parametrize("content", ["", "\n\n", " ;;\r\n", "\ufeff"])
def test_empty_csv(tmp_path: Path, content: str) -> None:
    _one(read_students, _csv(tmp_path, content), "empty_file")


def test_header_only_is_empty(tmp_path: Path) -> None:
    _one(read_students, _csv(tmp_path, f"{S_HEAD}\n\n"), "empty_file")


@pytest.mark.parametrize("content", ["", "[]", '{"students": []}'])
def test_empty_json(tmp_path: Path, content: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    _one(read_students, path, "empty_file")


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('[{"id": "A",]')
    problem = _one(read_students, path, "invalid_json")
    assert "line 1" in problem.message


@pytest.mark.parametrize("content", ['{"id": "A"}', '"A"', "42"])
def test_json_not_an_array(tmp_path: Path, content: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    _one(read_students, path, "wrong_type")


def test_json_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps([
        "not an object",
        {"id": 5.5, "subjects": "maths", "availability": 3, "capacity": "two",
         "has_clearance": "maybe", "location": {"latitude": "x", "longitude": 2}},
    ]))
    problems = _errors(read_mentors, path)
    assert {p.code for p in problems} == {"wrong_type"}
    assert problems[0].row == 1
    assert {p.field for p in problems[1:]} == {
        "id", "subjects", "availability", "capacity", "has_clearance", "location.latitude"}
    assert {p.row for p in problems[1:]} == {2}


def test_csv_syntax(tmp_path: Path) -> None:
    path = _csv(tmp_path, f'{S_HEAD}\nX,6e,"maths,lun 17-19\n')
    _one(read_students, path, "csv_syntax")


def test_file_not_found(tmp_path: Path) -> None:
    _one(read_students, tmp_path / "nope.csv", "file_not_found")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "dir.csv"
    path.mkdir()
    _one(read_students, path, "unreadable_file")


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    _one(read_students, path, "unsupported_format")


def test_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(S_HEAD.encode() + b"\nX,6e,maths\x81,lun 17-19\n")
    _one(read_students, path, "encoding_error")


# --- several errors, references --------------------------------------------------------------


def test_several_errors_all_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, (
        f"{S_HEAD},latitude,longitude,bogus\n"
        "A,6e,maths,lun 17-19,48.8,2.3,\n"
        "A,6x,mathz,lun 19-17,nan,2.3,\n"
        ",CP,maths,xyz 17-19,95,2.3,\n"
        "B,CM1,maths,lun 17-19,48.8,2.3,\n"
    ))
    problems = _errors(functools.partial(read_students, strict=True), path)
    found = {(p.code, p.row, p.field) for p in problems}
    assert found == {
        ("unknown_column", 1, "bogus"),
        ("duplicate_id", 2, "id"), ("duplicate_id", 3, "id"),
        ("unknown_level", 3, "level"), ("unknown_subject", 3, "needs"),
        ("window_inverted", 3, "availability"), ("not_finite", 3, "latitude"),
        ("empty_id", 4, "id"), ("unknown_day", 4, "availability"),
        ("out_of_range", 4, "latitude"),
    }
    assert [p.row for p in problems] == sorted(p.row or 0 for p in problems)


def test_column_aliases_name_the_column_as_written(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Identifiant;Niveau;Besoins;Disponibilités\nX;6x;maths;lun 17-19\n")
    problem = _one(read_students, path, "unknown_level")
    assert problem.field == "Niveau"


def test_reference_to_missing_person(tmp_path: Path) -> None:
    s = _csv(tmp_path, f"{S_HEAD},excluded_mentors,current_mentor\n"
                       "A,6e,maths,lun 17-19,M1|M9,\nB,6e,maths,lun 17-19,,M7\n")
    m = _csv(tmp_path, "id,subjects,availability,excluded_students\n"
                       "M1,maths,lun 17-19,\nM2,maths,lun 17-19,Z\n", "mentors.csv")
    with pytest.raises(InputError) as info:
        read_problem(s, m)
    found = {(p.code, p.source, p.row, p.field, p.value) for p in info.value.problems}
    assert found == {
        ("unknown_reference", "students.csv", 2, "excluded_mentors", "M9"),
        ("unknown_reference", "students.csv", 3, "current_mentor", "M7"),
        ("unknown_reference", "mentors.csv", 3, "excluded_students", "Z"),
    }


def test_read_problem_collects_both_files(tmp_path: Path) -> None:
    s = _csv(tmp_path, f"{S_HEAD}\nA,6x,maths,lun 17-19\n")
    m = _csv(tmp_path, "id,subjects,availability\nM1,maths:9e,lun 17-19\n", "mentors.csv")
    with pytest.raises(InputError) as info:
        read_problem(s, m)
    assert {(p.source, p.code) for p in info.value.problems} == {
        ("students.csv", "unknown_level"), ("mentors.csv", "unknown_level")}


def test_unknown_priority_tag_via_problem(tmp_path: Path) -> None:
    s = _csv(tmp_path, f"{S_HEAD},priority_tags\nA,6e,maths,lun 17-19,qvp\n")
    m = _csv(tmp_path, "id,subjects,availability\nM1,maths,lun 17-19\n", "mentors.csv")
    with pytest.raises(InputError) as info:
        read_problem(s, m)
    (p,) = info.value.problems
    assert (p.code, p.row, p.source) == ("unknown_priority_tag", 2, "students.csv")
    assert "qpv" in p.message


# --- policy files ----------------------------------------------------------------------------


def test_read_policy_json_and_toml(tmp_path: Path) -> None:
    j = tmp_path / "p.json"
    j.write_text('{"default_travel_km": 5, "weights": {"remote": 1}}')
    t = tmp_path / "p.toml"
    t.write_text("[policy]\ndefault_travel_km = 5\n[policy.weights]\nremote = 1\n")
    assert read_policy(j) == read_policy(t)
    assert read_policy(j).default_travel_km == 5


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("p.toml", "default_travel_km = = 5", "invalid_toml"),
        ("p.json", "{", "invalid_json"),
        ("p.json", "", "empty_file"),
        ("p.json", "[1]", "wrong_type"),
        ("p.json", '{"radius": 5}', "unknown_field"),
        ("p.json", '{"session_minutes": 45}', "invalid_value"),
        ("p.json", '{"default_travel_km": -1}', "out_of_range"),
        ("p.json", '{"backend": "magic"}', "invalid_choice"),
    ],
)
def test_bad_policy(tmp_path: Path, name: str, content: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    _one(read_policy, path, code)
