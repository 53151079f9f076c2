"""Hostile but realistic files (issue 14, defects 1-6): each gives a bounded, clear InputError.

No timing is asserted here: ``python -m benchmarks.parsers`` measures that the
parsers are linear in the length of their input.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

import mentormatch as mm
from mentormatch import InputError, read_mentors, read_students
from mentormatch.domain.availability import parse_availability
from mentormatch.io import limits

S_HEAD = "id,level,needs,availability"
M_HEAD = "id,subjects,availability,capacity"


def _codes(func, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        func(path)
    assert all(p.source == path.name for p in info.value.problems)
    return info.value.codes


# --- 1. unbounded time on small input --------------------------------------------------------


def test_day_name_followed_by_many_spaces_is_an_error() -> None:
    # was quadratic in the regex (25 s of CPU for 40,000 spaces)
    with pytest.raises(PydanticCustomError):
        parse_availability("lun" + " " * 40_000 + "x")


def test_too_long_csv_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"{S_HEAD}\nE1,6e,maths,lun{' ' * 40_000}x\nE2,6e,maths,lun 17-19\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    [problem] = info.value.problems
    assert (problem.code, problem.row, problem.field) == ("cell_too_long", 2, "availability")
    assert len(str(info.value)) < 500


def test_too_long_json_string_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"id": "E1", "level": "6e", "needs": ["maths" * 5_000],
                                 "availability": "lun 17-19"}]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    [problem] = info.value.problems
    assert (problem.code, problem.row, problem.field) == ("cell_too_long", 1, "needs[0]")


@given(st.text(max_size=200))
def test_any_availability_text_parses_or_is_an_error(text: str) -> None:
    try:
        windows = parse_availability(text)
    except PydanticCustomError:
        return
    assert all(0 <= w.start < w.end <= 24 * 60 for w in windows)


@given(st.text(alphabet=st.sampled_from("lunmardi 0123456789:hH-–à,;|\n\t"), max_size=300))
def test_availability_like_text_parses_or_is_an_error(text: str) -> None:
    with contextlib.suppress(PydanticCustomError):
        parse_availability(text)


@given(st.lists(st.text(max_size=30), min_size=4, max_size=4))
def test_any_csv_row_reads_or_is_an_input_error(tmp_path_factory: pytest.TempPathFactory,
                                                 cells: list[str]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "s.csv"
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    path.write_bytes(f"{S_HEAD}\n{row}\n".encode("utf-8", "surrogatepass"))
    with contextlib.suppress(InputError):
        read_students(path)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["id", "level", "needs", "availability",
                                                       "x"]), inner, max_size=4),
                    max_leaves=12))
def test_any_json_reads_or_is_an_input_error(tmp_path_factory: pytest.TempPathFactory,
                                             doc: object) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with contextlib.suppress(InputError):
        read_students(path)


@given(st.one_of(st.text(max_size=20), st.booleans(), st.integers(), st.floats()))
def test_any_capacity_is_a_number_or_a_validation_error(value: object) -> None:
    try:
        mentor = mm.Mentor(id="M", subjects=["maths:3e"], availability="lun 17-19",
                           capacity=value)
    except ValueError:
        return
    assert isinstance(mentor.capacity, int)
    assert not isinstance(value, bool)


# --- 2. unbounded memory from error collection -----------------------------------------------


def test_many_duplicate_ids_give_bounded_messages(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(S_HEAD + "\n" + "A,6e,maths,lun 17-19\n" * 3_000, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    problems = info.value.problems
    assert len(problems) <= limits.MAX_PROBLEMS + 1
    assert max(len(p.message) for p in problems) < 200
    assert "3,000 rows in all" in problems[0].message


def test_junk_rows_stop_after_the_problem_cap(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(S_HEAD + "\n" + "".join(f"J{i},zz,??,??\n" for i in range(20_000)),
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_students(path)
    problems = info.value.problems
    assert len(problems) <= limits.MAX_PROBLEMS + 4
    assert problems[-1].code == "too_many_problems"


# --- 3. decompression bombs and file size ----------------------------------------------------


def _workbook(path: Path, rows: list[list[object]]) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl not installed (extra 'xlsx')")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_xlsx_bomb_is_refused_before_inflating(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    _workbook(path, [["id", "level", "needs", "availability"],
                     ["E1", "6e", "maths", "lun 17-19"]])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * 5_000_000)  # 5 MB in about 5 kB
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000_000)
    assert _codes(read_students, path) == ["file_too_large"]


def test_csv_over_the_size_limit_is_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.csv"
    path.write_text(S_HEAD + "\n" + "E1,6e,maths,lun 17-19\n" * 100, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000)
    assert _codes(read_students, path) == ["file_too_large"]


# --- 4. raw exceptions from readers ----------------------------------------------------------


def test_deeply_nested_json_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert _codes(read_students, path) == ["invalid_json"]


def test_huge_json_number_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('[{"id": "M1", "subjects": ["maths:3e"], "availability": "lun 17-19", '
                    f'"capacity": {"9" * 5_000}}}]', encoding="utf-8")
    assert _codes(read_mentors, path) == ["invalid_json"]


def test_truncated_xlsx_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    _workbook(path, [["id", "level", "needs", "availability"]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert _codes(read_students, path) == ["unreadable_file"]


def test_broken_sheet_xml_is_an_input_error(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    _workbook(good, [["id", "level", "needs", "availability"],
                     ["E1", "6e", "maths", "lun 17-19"]])
    path = tmp_path / "s.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            dst.writestr(info, data)
    assert _codes(read_students, path) == ["unreadable_file"]


# --- 5. invalid text -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["E\ud800", "E\x00", "E\x1b[31m"])
def test_ids_with_control_characters_or_surrogates_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="control character or an unpaired surrogate"):
        mm.Student(id=bad, level="6e", needs=["maths"], availability="lun 17-19")
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"id": bad, "level": "6e", "needs": ["maths"],
                                 "availability": "lun 17-19"}]), encoding="utf-8")
    assert _codes(read_students, path) == ["invalid_text"]


def test_mixed_utf8_and_cp1252_is_refused_with_the_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(f"{S_HEAD}\nZoé,6e,maths,lun 17-19\n".encode()
                     + "Zoé2,6e,maths,lun 17-19\n".encode("cp1252"))
    with pytest.raises(InputError) as info:
        read_students(path)
    [problem] = info.value.problems
    assert (problem.code, problem.row) == ("encoding_mixed", 3)


def test_plain_cp1252_file_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(f"{S_HEAD}\nZoé,6e,maths,lun 17-19\n".encode("cp1252"))
    assert [s.id for s in read_students(path)] == ["Zoé"]


# --- 6. silent number coercions --------------------------------------------------------------


@pytest.mark.parametrize("cell", ["1_0", "4_8"])
def test_digit_separators_are_not_numbers(tmp_path: Path, cell: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(f"{M_HEAD}\nM1,maths:3e,lun 17-19,{cell}\n", encoding="utf-8")
    assert _codes(read_mentors, path) == ["invalid_number"]


def test_json_true_is_not_a_capacity(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps([{"id": "M1", "subjects": ["maths:3e"],
                                 "availability": "lun 17-19", "capacity": True}]),
                    encoding="utf-8")
    assert _codes(read_mentors, path) == ["invalid_number"]
