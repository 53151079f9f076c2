"""Issue 16, must show: a real-looking association export from validate to outputs.

``tests/data/eleves_association.csv`` and ``benevoles_association.csv`` are
Windows-1252, ``;``-separated, with French headers, decimal commas, dd/mm/yyyy
dates and contact columns (names, phones, e-mails, notes).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest

from mentormatch.cli.main import main
from mentormatch.io import read_mentors, read_students

DATA = Path(__file__).parents[1] / "data"
STUDENTS = DATA / "eleves_association.csv"
MENTORS = DATA / "benevoles_association.csv"
STUDENT_KEPT = ["Nom", "Prénom", "Date de naissance", "Téléphone", "Email", "Remarques"]
MENTOR_KEPT = ["Nom", "Prénom", "Téléphone", "Email", "Profession", "Remarques"]


def _personal() -> set[str]:
    """Every name, phone and e-mail of the files (what must never leak)."""
    words: set[str] = set()
    for person in [*read_students(STUDENTS), *read_mentors(MENTORS)]:
        for key in ("Nom", "Prénom", "Téléphone", "Email"):
            if person.extra.get(key):
                words.add(person.extra[key])
    return words


def _text_of(path: Path) -> str:
    """A written file's text; for a workbook, the text of every part of the zip."""
    if path.suffix == ".xlsx":
        import zipfile

        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist())
    return path.read_text(encoding="utf-8-sig")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_files_are_a_real_looking_export() -> None:
    raw = STUDENTS.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # Windows-1252, as Excel saves "CSV (séparateur : point-virgule)"
    text = raw.decode("cp1252")
    assert text.splitlines()[0].startswith("Identifiant;Nom;Prénom;")
    assert "48,9" in text
    assert "/2012" in text
    assert "@example.org" in text


def test_validate_accepts_and_lists_kept_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(STUDENTS), str(MENTORS)]) == 0
    out = capsys.readouterr().out
    assert "8 pupils" in out
    assert "5 volunteers" in out
    assert f"{STUDENTS.name}: columns kept as they are (not used for matching): " \
           + ", ".join(STUDENT_KEPT) in out
    assert ", ".join(MENTOR_KEPT) in out
    assert "warning" not in out  # no silly suggestion for Nom, Prénom, Téléphone...
    assert main(["validate", "--format", "json", str(STUDENTS), str(MENTORS)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["kept_columns"] == {STUDENTS.name: STUDENT_KEPT, MENTORS.name: MENTOR_KEPT}
    assert doc["warnings"] == []


def test_strict_refuses_the_kept_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(STUDENTS), str(MENTORS)]) == 1
    out = capsys.readouterr().out
    assert out.count("[unknown_column]") == len(STUDENT_KEPT) + len(MENTOR_KEPT)
    assert "did you mean" not in out  # no more 'Nom' → 'minor'


def test_french_values_are_read() -> None:
    s = {p.id: p for p in read_students(STUDENTS)}
    m = {p.id: p for p in read_mentors(MENTORS)}
    assert s["E-2024-001"].level == "6e"
    assert s["E-2024-001"].needs == ("maths", "français")
    assert s["E-2024-001"].location is not None
    assert s["E-2024-001"].location.latitude == pytest.approx(48.93814, abs=0.01)
    assert s["E-2024-002"].has_device is False
    assert s["E-2024-002"].modality == "either"
    assert s["E-2024-002"].priority_tags == ("qpv", "no_device")
    assert str(s["E-2024-002"].waiting_since) == "2024-09-15"
    assert s["E-2024-001"].extra["Date de naissance"] == "14/03/2012"
    assert m["B-101"].max_travel_km == 7.5
    assert m["B-101"].role == "tutor"
    assert m["B-103"].modality == "remote"
    assert m["B-103"].has_clearance is False
    assert m["B-104"].extra["Remarques"] == (
        "Indisponible pendant les vacances ; rappeler en janvier")


def test_match_writes_names_next_to_ids(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["match", str(STUDENTS), str(MENTORS), "-o", str(out), "-q"]) == 0
    pairs = _rows(out / "pairs.csv")
    head = list(pairs[0])
    assert head[:8] == ["student_id", *(f"student.{c}" for c in STUDENT_KEPT), "mentor_id"]
    assert head[8:14] == [f"mentor.{c}" for c in MENTOR_KEPT]
    first = {r["student_id"]: r for r in pairs}["E-2024-001"]
    assert (first["student.Nom"], first["student.Prénom"]) == ("Benali", "Yasmine")
    assert first["mentor.Email"].endswith("@example.org")
    unmatched = _rows(out / "unmatched.csv")
    assert unmatched
    assert list(unmatched[0])[:3] == ["student_id", "student.Nom", "student.Prénom"]
    assert all(r["student.Nom"] for r in unmatched)
    mentors = _rows(out / "mentors.csv")
    assert len(mentors) == 5
    assert list(mentors[0])[:3] == ["mentor_id", "mentor.Nom",
                                                          "mentor.Prénom"]
    assert {r["mentor.Nom"] for r in mentors} >= {"Lefèvre", "Okafor"}
    assert "Travel radius:" in capsys.readouterr().out


def test_pseudonymise_writes_no_personal_data(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["match", str(STUDENTS), str(MENTORS), "-o", str(out), "-q",
                 "--pseudonymise"]) == 0
    personal = _personal()
    files = sorted(out.iterdir())
    assert len(files) >= 6
    for path in files:
        text = _text_of(path)
        assert not [w for w in personal if w in text], path.name
    assert "student.Nom" not in (out / "pairs.csv").read_text(encoding="utf-8-sig")
    assert not [w for w in personal if w in capsys.readouterr().out]


def test_debug_log_holds_no_personal_data(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with caplog.at_level(logging.DEBUG):
        assert main(["match", str(STUDENTS), str(MENTORS), "-o", str(tmp_path / "o")]) == 0
        assert main(["validate", str(STUDENTS), str(MENTORS)]) == 0
    assert caplog.records, "the run logs at DEBUG level"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    logged += "\n" + capsys.readouterr().err  # progress messages too
    personal = _personal()
    assert len(personal) >= 30
    assert not [w for w in personal if w in logged]


def test_errors_about_kept_cells_never_quote_them(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = STUDENTS.read_bytes().decode("cp1252").replace("Tablette à prêter ?", "x" * 20_000)
    bad = tmp_path / "eleves.csv"
    bad.write_bytes(text.encode("cp1252"))
    assert main(["validate", str(bad), str(MENTORS)]) == 1
    out = capsys.readouterr().out
    assert "[cell_too_long]" in out
    assert "column 'Remarques'" in out
    assert "xxx" not in out
