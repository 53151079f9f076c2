"""Round trips: models → file → models, across formats, delimiters and encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentormatch import InputError, Mentor, Student, read_mentors, read_students
from mentormatch.io import read_problem, write_mentors_csv, write_students_csv
from mentormatch.io.writers import atomic_write_text
from strategies import mentors, problems, students

# each example writes and reads files, all in the test's one tmp_path (overwritten each time)
FILES = settings(max_examples=40, suppress_health_check=[
    *settings.default.suppress_health_check, HealthCheck.function_scoped_fixture])

student_lists = st.lists(students(), min_size=1, max_size=5, unique_by=lambda s: s.id)
mentor_lists = st.lists(mentors(), min_size=1, max_size=4, unique_by=lambda m: m.id)


@FILES
@given(people=student_lists, delimiter=st.sampled_from([",", ";", "\t"]))
def test_students_csv_round_trip(tmp_path: Path, people: list[Student], delimiter: str) -> None:
    path = tmp_path / "students.csv"
    write_students_csv(path, people, delimiter=delimiter)
    assert read_students(path) == people


@FILES
@given(people=mentor_lists, delimiter=st.sampled_from([",", ";", "\t"]))
def test_mentors_csv_round_trip(tmp_path: Path, people: list[Mentor], delimiter: str) -> None:
    path = tmp_path / "mentors.csv"
    write_mentors_csv(path, people, delimiter=delimiter)
    assert read_mentors(path) == people


@FILES
@given(people=student_lists, wrap=st.booleans())
def test_students_json_round_trip(tmp_path: Path, people: list[Student], wrap: bool) -> None:
    data = [s.model_dump(mode="json") for s in people]
    path = tmp_path / "students.json"
    path.write_text(json.dumps({"students": data} if wrap else data, ensure_ascii=False),
                    encoding="utf-8")
    assert read_students(path) == people


@FILES
@given(people=mentor_lists)
def test_mentors_json_round_trip(tmp_path: Path, people: list[Mentor]) -> None:
    path = tmp_path / "mentors.json"
    path.write_text(json.dumps([m.model_dump(mode="json") for m in people]), encoding="utf-8")
    assert read_mentors(path) == people


@FILES
@given(problem=problems())
def test_problem_round_trip_through_csv(tmp_path: Path, problem) -> None:  # type: ignore[no-untyped-def]
    write_students_csv(tmp_path / "s.csv", problem.students)
    write_mentors_csv(tmp_path / "m.csv", problem.mentors, delimiter=";")
    again = read_problem(tmp_path / "s.csv", tmp_path / "m.csv", policy=problem.policy)
    assert again == problem


def _variants(text: str) -> dict[str, bytes]:
    """The same CSV content as people export it."""
    lf = text.replace("\r\n", "\n")
    return {
        "utf8-crlf": text.encode("utf-8"),
        "utf8-lf": lf.encode("utf-8"),
        "utf8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "cp1252": text.encode("cp1252"),
        "cp1252-lf": lf.encode("cp1252"),
        "utf16": text.encode("utf-16"),
    }


@FILES
@given(people=student_lists)
def test_same_content_any_export_gives_same_models(tmp_path: Path, people: list[Student]) -> None:
    results = []
    for delimiter in (",", ";", "\t"):
        base = tmp_path / "base.csv"
        write_students_csv(base, people, delimiter=delimiter)
        text = base.read_text(encoding="utf-8")
        for name, data in _variants(text).items():
            path = tmp_path / f"{name}.csv"
            path.write_bytes(data)
            results.append(read_students(path))
    assert all(r == people for r in results)


def test_coordinator_spreadsheet_export(tmp_path: Path) -> None:
    """A French Excel export: semicolons, cp1252, decimal commas, spaces, aliases, CRLF."""
    text = (
        "Identifiant ; Niveau ; Besoins ; Disponibilités ; Latitude ; Longitude ; Commune ;"
        " A un appareil ; Connexion ; Priorités ; Langues ; En attente depuis\r\n"
        " é1 ; 6ème ; Mathématiques | Français ; lun 17h-19h | mer 14h-18h ; 48,9362 ;"
        " 2,3574 ; Saint-Denis ; non ; x ; QPV | no_device ; français, arabe ; 01/09/2024\r\n"
        "E2;Terminale;philo;\"sam 9-12; dim 10-12\";;;;oui;oui;;;\r\n"
        ";;;;;;;;;;;\r\n"
        ";;;;;;;;;;;\r\n"
    )
    path = tmp_path / "eleves.csv"
    path.write_bytes(text.encode("cp1252"))
    s1, s2 = read_students(path)
    assert s1.id == "é1"
    assert s1.level == "6e"
    assert s1.needs == ("maths", "français")
    assert str(s1.availability) == "lun 17:00-19:00; mer 14:00-18:00"
    assert s1.location is not None
    assert (s1.location.latitude, s1.location.longitude) == (48.9362, 2.3574)
    assert s1.location.commune == "Saint-Denis"
    assert (s1.has_device, s1.has_connection) == (False, True)
    assert s1.priority_tags == ("qpv", "no_device")
    assert s1.languages == ("fr", "ar")
    assert str(s1.waiting_since) == "2024-09-01"
    assert s2.level == "Tle"
    assert s2.needs == ("philosophie",)
    assert str(s2.availability) == "sam 09:00-12:00; dim 10:00-12:00"
    assert s2.location is None


def test_blank_rows_in_the_middle_are_ignored_and_rows_keep_file_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id,level,needs,availability\nA,6e,maths,lun 17-19\n,,,\n\n"
                    "B,6x,maths,lun 17-19\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    assert [p.row for p in info.value.problems] == [5]


def test_neutralised_cells_read_back(tmp_path: Path) -> None:
    student = Student(id="-E1", level="6e", needs=["maths"], availability="lun 17-19",
                      association="=HYPERLINK(\"http://evil\")")
    path = tmp_path / "s.csv"
    write_students_csv(path, [student])
    raw = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in raw
    assert "'-E1" in raw
    assert read_students(path) == [student]


def test_atomic_write_text_then_read(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    atomic_write_text(path, json.dumps([{"id": "A", "level": "CP", "needs": ["lecture"],
                                         "availability": "mer 14-16"}]))
    assert read_students(path)[0].needs == ("français",)
