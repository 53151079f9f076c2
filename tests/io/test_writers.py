"""Writers: formula neutralisation, atomic files, staged sets of files, XLSX reading."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from mentormatch import MissingExtraError, Student, read_students
from mentormatch.io import (
    atomic_write_bytes,
    atomic_write_text,
    neutralize_cell,
    write_csv,
    write_students_csv,
)
from mentormatch.io.writers import staged_output
from mentormatch.io.xlsx import cell_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("  =1+1", "'  =1+1"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-0,25", "-0,25"),
        ("-1e-3", "-1e-3"),
        ("- 3", "'- 3"),
        (-3, "-3"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (True, "true"),
        (None, ""),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_neutralize_cell(value: Any, expected: str) -> None:
    assert neutralize_cell(value) == expected


def test_write_csv_neutralises_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    rows: list[dict[str, Any]] = [
        {"name": "=cmd|' /C calc'!A0", "n": -4, "tags": ["a", "b"]}, {"name": "ok"}]
    write_csv(path, rows, ["name", "n", "tags"], delimiter=";")
    text = path.read_text(encoding="utf-8")
    got = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert got == [["name", "n", "tags"], ["'=cmd|' /C calc'!A0", "-4", "a|b"], ["ok", "", ""]]


def test_write_csv_refuses_unknown_keys_and_bad_delimiter(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not in columns"):
        write_csv(tmp_path / "x.csv", [{"a": 1, "b": 2}], ["a"])
    with pytest.raises(ValueError, match="delimiter"):
        write_csv(tmp_path / "x.csv", [], ["a"], delimiter="|")
    assert not list(tmp_path.iterdir())


def test_write_csv_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, [{"a": "é"}], ["a"], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfa\r\n")


def test_list_item_with_separator_refused(tmp_path: Path) -> None:
    s = Student(id="A", level="6e", needs=["maths"], availability="lun 17-19",
                excluded_mentors=["M|1"])
    with pytest.raises(ValueError, match="separator"):
        write_students_csv(tmp_path / "s.csv", [s])


def test_atomic_write_replaces(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    atomic_write_text(path, "one")
    atomic_write_text(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_atomic_write_failure_mid_write_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.csv"
    path.write_text("old content")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(path, b"new content that never lands")
    assert path.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def test_atomic_write_failure_leaves_no_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(src: Any, dst: Any) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="rename failed"):
        write_csv(tmp_path / "new.csv", [{"a": 1}], ["a"])
    assert not list(tmp_path.iterdir())


def test_failure_while_rendering_writes_nothing(tmp_path: Path) -> None:
    class Bad:
        def __str__(self) -> str:
            raise RuntimeError("cannot render")

    path = tmp_path / "f.csv"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        write_csv(path, [{"a": 1}, {"a": Bad()}], ["a"])
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def test_encoding_error_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(tmp_path / "f.txt", "é", encoding="ascii")
    assert not list(tmp_path.iterdir())


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


# --- XLSX ------------------------------------------------------------------------------------


def test_staged_output_publishes_a_new_folder_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    with staged_output(out) as stage:
        assert stage.parent == out.parent
        assert not out.exists()
        (stage / "a.txt").write_text("a", encoding="utf-8")
        (stage / "b.txt").write_text("b", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]  # no staging left


def test_staged_output_into_an_existing_folder_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old", encoding="utf-8")
    (tmp_path / "keep.txt").write_text("keep", encoding="utf-8")
    with staged_output(tmp_path) as stage:
        (stage / "a.txt").write_text("new", encoding="utf-8")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "keep"


def test_staged_output_failure_leaves_everything_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "a.txt").write_text("old", encoding="utf-8")
    def half_written(target: Path) -> None:
        with staged_output(target) as stage:
            (stage / "a.txt").write_text("half", encoding="utf-8")
            raise RuntimeError("disk full")

    for target in (old, tmp_path / "new"):
        with pytest.raises(RuntimeError):
            half_written(target)
    assert (old / "a.txt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]


def _workbook(path: Path, rows: list[list[Any]]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for r in rows:
        sheet.append(r)
    book.save(path)


def test_read_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "eleves.xlsx"
    _workbook(path, [
        ["Identifiant", "Niveau", "Besoins", "Disponibilités", "Latitude", "Longitude",
         "Département", "A un appareil", "En attente depuis"],
        ["E1", "6e", "maths|français", "lun 17-19; mer 14-18", 48.85, 2.35, 93, True,
         dt.datetime(2024, 9, 1)],
        [None] * 9,
        [1234, "CM2", "lecture", "sam 9-12", None, None, None, False, None],
    ])
    s1, s2 = read_students(path)
    assert s1.location is not None
    assert (s1.location.latitude, s1.location.departement) == (48.85, "93")
    assert s1.has_device is True
    assert s1.waiting_since == dt.date(2024, 9, 1)
    assert s2.id == "1234"
    assert s2.has_device is False


def test_xlsx_errors_use_sheet_rows(tmp_path: Path) -> None:
    from mentormatch import InputError

    path = tmp_path / "s.xlsx"
    _workbook(path, [["id", "level", "needs", "availability"], ["A", "6e", "maths", "lun 17-19"],
                     [None, None, None, None], ["B", "6x", "maths", "lun 17-19"]])
    with pytest.raises(InputError) as info:
        read_students(path)
    (p,) = info.value.problems
    assert (p.code, p.row, p.field, p.source) == ("unknown_level", 4, "level", "s.xlsx")


def test_xlsx_unreadable(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    from mentormatch import InputError

    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as info:
        read_students(path)
    assert info.value.codes == ["unreadable_file"]


def test_xlsx_without_extra_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"PK\x03\x04")
    # A None entry makes "import openpyxl" raise ImportError, as when it is not installed.
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"mentormatch\[xlsx\]") as info:
        read_students(path)
    assert info.value.extra == "xlsx"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (3, "3"), (3.0, "3"), (48.85, "48.85"), (True, "oui"),
     (dt.date(2024, 1, 2), "2024-01-02"), (dt.datetime(2024, 1, 2), "2024-01-02"), ("x", "x")],
)
def test_cell_text(value: Any, text: str) -> None:
    assert cell_text(value) == text
