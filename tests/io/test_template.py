"""Issue 16: ``mentormatch template`` writes files that read back without a problem."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentormatch.cli.main import main
from mentormatch.errors import MissingExtraError
from mentormatch.io.template import write_template


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_xlsx_template_validates(tmp_path: Path, lang: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / ("modele.xlsx" if lang == "fr" else "template.xlsx")
    assert main(["template", "--lang", lang, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    names = ["Élèves", "Bénévoles", "Colonnes"] if lang == "fr" else [
        "Students", "Mentors", "Columns"]
    assert book.sheetnames == names
    students = list(book[names[0]].iter_rows(values_only=True))
    assert len(students) == 2  # headers and one example row
    assert students[0][0] == ("Identifiant" if lang == "fr" else "id")
    explained = {row[1] for row in book[names[2]].iter_rows(min_row=2, values_only=True)}
    assert set(students[0]) <= explained
    capsys.readouterr()
    assert main(["validate", str(out), str(out)]) == 0
    text = capsys.readouterr().out
    assert "1 pupils" in text
    assert "1 volunteers" in text
    assert "warning" not in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_csv_template_is_two_files_that_validate(tmp_path: Path, lang: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    written = write_template(tmp_path / "modele.csv", lang=lang)
    suffixes = ("eleves", "benevoles") if lang == "fr" else ("students", "mentors")
    assert [p.name for p in written] == [f"modele_{s}.csv" for s in suffixes]
    head = written[0].read_bytes()
    if lang == "fr":
        assert head.startswith(b"\xef\xbb\xbfIdentifiant;")
        assert b"48,9102" in head
    assert main(["validate", *map(str, written)]) == 0
    assert "no problem found" in capsys.readouterr().out


def test_template_refuses_to_overwrite(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "modele.csv"
    assert main(["template", "-o", str(out)]) == 0
    before = (tmp_path / "modele_eleves.csv").read_bytes()
    assert main(["template", "-o", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert (tmp_path / "modele_eleves.csv").read_bytes() == before
    assert main(["template", "-o", str(out), "--overwrite"]) == 0
    assert main(["template", "-o", str(tmp_path / "modele.ods")]) == 2


def test_missing_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    with pytest.raises(MissingExtraError) as info:
        write_template(tmp_path / "modele.xlsx")
    assert info.value.extra == "xlsx"
    assert main(["template", "-o", str(tmp_path / "modele.xlsx")]) == 2
    assert "mentormatch[xlsx]" in capsys.readouterr().err
    assert not (tmp_path / "modele.xlsx").exists()
