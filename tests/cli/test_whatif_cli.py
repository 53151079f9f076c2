"""mentormatch explain (fixes, backups), mentormatch recruit, match --alternates/--recruit."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mentormatch.cli.main import main


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("whatif")
    assert main(["synth", "--students", "300", "--out", str(root), "-q"]) == 0
    assert main(["match", str(root / "students.csv"), str(root / "mentors.csv"), "-o",
                 str(root / "out"), "-q"]) == 0
    return root


def test_explain_prints_verified_fixes(done: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(done)
    doc = json.loads((done / "out" / "result.json").read_text(encoding="utf-8"))
    shown = 0
    for u in doc["unmatched"][:6]:
        capsys.readouterr()
        assert main(["explain", "out", u["student_id"], "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        for fix in data.get("fixes", []):
            assert fix["matched"]
            assert fix["mentor_id"]
            shown += 1
    assert shown
    for u in doc["unmatched"][:6]:
        assert main(["explain", "out", u["student_id"], "--lang", "fr"]) == 0
        out = capsys.readouterr().out
        if "solutions vérifiées" in out:
            assert "en binôme avec" in out
            break
    else:
        pytest.fail("no French fix shown")


def test_recruit_lists_verified_profiles(done: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(done)
    capsys.readouterr()
    assert main(["recruit", "out", "--top", "2", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "Bénévoles à recruter" in out
    assert "élève" in out
    assert main(["recruit", "out", "--top", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data
    assert all(d["gain_weight"] > 0 for d in data)


def test_recruit_needs_the_input_files(done: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "result.json").write_bytes((done / "out" / "result.json").read_bytes())
    assert main(["recruit", "copy"]) == 2


def test_match_alternates_column_is_opt_in(done: Path) -> None:
    argv = ["match", str(done / "students.csv"), str(done / "mentors.csv"), "-q"]
    assert main([*argv, "-o", str(done / "alt"), "--alternates", "2", "--recruit", "1"]) == 0
    plain = list(csv.reader((done / "out" / "pairs.csv").open(encoding="utf-8")))
    extra = list(csv.reader((done / "alt" / "pairs.csv").open(encoding="utf-8")))
    assert extra[0] == [*plain[0], "alternates"]
    assert [row[:-1] for row in extra] == plain
    assert "alternates" not in plain[0]
    assert 'id="recruitment"' in (done / "alt" / "report.html").read_text(encoding="utf-8")
    assert 'id="recruitment"' not in (done / "out" / "report.html").read_text(encoding="utf-8")


#: English words that no French line of explain/recruit may hold.
_ENGLISH = ("Pupil ", " volunteer", "runner-up", "cost per criterion", "is paired", "has no ",
            "eliminated", " took ", "optimal:", "the lower", "subject ", "in person",
            "not computed", "fixes", "backup", "criterion", "flexibility", "level gap",
            "Volunteers to recruit", "gains verified")


def test_explain_and_recruit_print_french_only(done: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(done)
    doc = json.loads((done / "out" / "result.json").read_text(encoding="utf-8"))
    ids = [p["student_id"] for p in doc["pairs"][:4]] + \
        [u["student_id"] for u in doc["unmatched"][:3]]
    capsys.readouterr()
    for sid in ids:
        assert main(["explain", "out", sid, "--lang", "fr", "--fixes", "1"]) == 0
        out = capsys.readouterr().out
        assert "L'élève" in out
        found = [w for w in _ENGLISH if w in out]
        assert not found, (found, out)
    assert main(["explain", "out", ids[0], "--lang", "en"]) == 0
    assert "is paired with volunteer" in capsys.readouterr().out
    assert main(["recruit", "out", "--top", "1", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert not [w for w in _ENGLISH if w in out], out
    assert main(["explain", "out", "NOPE", "--lang", "fr"]) == 1
    assert "aucun élève" in capsys.readouterr().err
