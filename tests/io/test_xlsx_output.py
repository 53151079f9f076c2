"""pairs.xlsx: sheets in the chosen language, real numbers and times, no formula runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from example_result import make_result
from mentormatch.io.writers import write_xlsx
from mentormatch.result.bundle import write_tables

openpyxl = pytest.importorskip("openpyxl")


def test_sheets_headers_numbers_and_times_in_french(tmp_path: Path) -> None:
    changes = [{"student_id": "s1", "change": "new"}]
    write_tables(make_result(), tmp_path, lang="fr", delimiter=";", xlsx=True, changes=changes)
    book = openpyxl.load_workbook(tmp_path / "pairs.xlsx")
    assert book.sheetnames == ["Binômes", "Élèves sans binôme", "Bénévoles", "Changements"]
    pairs = book["Binômes"]
    header = [c.value for c in pairs[1]]
    assert header[:3] == ["élève", "bénévole", "matière"]
    row = [c.value for c in pairs[2]]
    assert isinstance(row[header.index("début")], dt.time)
    assert isinstance(row[header.index("coût")], int | float)
    text = (tmp_path / "pairs.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("élève;bénévole;matière")
    assert (tmp_path / "changes.csv").exists()


def test_no_changes_sheet_without_changes_and_english_headers(tmp_path: Path) -> None:
    write_tables(make_result(), tmp_path, lang="en", xlsx=True)
    book = openpyxl.load_workbook(tmp_path / "pairs.xlsx")
    assert book.sheetnames == ["Pairs", "Unmatched pupils", "Volunteers"]
    assert [c.value for c in book["Pairs"][1]][:2] == ["student_id", "mentor_id"]
    assert not (tmp_path / "changes.csv").exists()


def test_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "x.xlsx", [("s", ["a", "b"], [["=1+1", -3.5]])])
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["s"]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3.5
