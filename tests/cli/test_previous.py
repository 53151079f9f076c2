"""``mentormatch match --previous``: the weekly re-run (issue 15)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import mentormatch as mm
from mentormatch.cli.main import main
from mentormatch.io.writers import write_mentors_csv as write_mentors
from mentormatch.io.writers import write_students_csv as write_students


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def call(*args: str | Path) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    return call


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_weekly_rerun_with_previous(
        tmp_path: Path, cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    p = mm.synth.generate(120, seed=3)
    write_students(tmp_path / "students.csv", p.students)
    write_mentors(tmp_path / "mentors.csv", p.mentors)
    r = cli("match", tmp_path / "students.csv", tmp_path / "mentors.csv", "-o", tmp_path / "w1",
            "-q")
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "w1" / "changes.csv").exists()
    first = mm.read_result(tmp_path / "w1")
    # week 2: one volunteer left, pupils added
    gone = first.pairs[0].mentor_id
    newcomers = [s.model_copy(update={"id": "N" + s.id, "current_mentor": None,
                                      "excluded_mentors": ()})
                 for s in mm.synth.generate(20, seed=9).students]
    studs = [s.model_copy(update={"current_mentor": None if s.current_mentor == gone
                                  else s.current_mentor}) for s in p.students] + newcomers
    mentors = [m for m in p.mentors if m.id != gone]
    studs = [s.model_copy(update={"excluded_mentors": tuple(x for x in s.excluded_mentors
                                                            if x != gone)}) for s in studs]
    write_students(tmp_path / "students2.csv", studs)
    write_mentors(tmp_path / "mentors2.csv", mentors)
    r = cli("match", tmp_path / "students2.csv", tmp_path / "mentors2.csv", "--previous",
            tmp_path / "w1", "-o", tmp_path / "w2", "-q")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Changes: ")
    rows = _rows(tmp_path / "w2" / "changes.csv")
    kinds = {row["student_id"]: row for row in rows}
    assert set(kinds) == {s.id for s in studs}
    for pair in first.pairs:
        row = kinds[pair.student_id]
        if pair.mentor_id == gone:
            assert (row["kind"], row["reason"]) == ("ended", "mentor_left")
        else:
            assert row["kind"] in ("kept", "moved")
    second = mm.read_result(tmp_path / "w2")
    assert second.changes
    assert {c.student_id for c in second.changes} == set(kinds)
    report = (tmp_path / "w2" / "report.html").read_text(encoding="utf-8")
    assert "Changes since the last match" in report
    r = cli("match", tmp_path / "students2.csv", tmp_path / "mentors2.csv", "--previous",
            tmp_path / "w1", "-o", tmp_path / "w3", "-q", "--lang", "fr")
    assert r.stdout.startswith("Changements : ")
    assert "Changements depuis le dernier appariement" in (
        tmp_path / "w3" / "report.html").read_text(encoding="utf-8")


def test_previous_of_another_programme_is_refused(
        tmp_path: Path, cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    p = mm.synth.generate(30, seed=1)
    write_students(tmp_path / "s.csv", p.students)
    write_mentors(tmp_path / "m.csv", p.mentors)
    other = mm.Problem(
        students=[s.model_copy(update={"id": "X" + s.id, "current_mentor": None,
                                       "excluded_mentors": ()}) for s in p.students],
        mentors=[m.model_copy(update={"id": "Y" + m.id, "excluded_students": ()})
                 for m in p.mentors])
    mm.match(other).to_json(tmp_path / "old" / "result.json") if (tmp_path / "old").mkdir() \
        is None else None
    r = cli("match", tmp_path / "s.csv", tmp_path / "m.csv", "--previous", tmp_path / "old",
            "-o", tmp_path / "out", "-q")
    assert r.returncode != 0
    assert "result_mismatch" in r.stderr or "none of the pupils" in r.stderr


def test_read_result_round_trips_folder_and_refuses_edited_files(tmp_path: Path) -> None:
    from mentormatch.result.bundle import write_bundle

    p = mm.synth.generate(60, seed=2)
    first = mm.match(p)
    again = mm.match(p.model_copy(update={}), previous=first)
    write_bundle(again, tmp_path / "r")
    back = mm.read_result(tmp_path / "r")
    assert back.pairs == again.pairs
    assert back.changes == again.changes
    assert mm.read_result(tmp_path / "r" / "result.json") == back
    # the spreadsheets alone give the pairs in force back
    only_csv = tmp_path / "csv"
    only_csv.mkdir()
    for name in ("pairs.csv", "unmatched.csv", "mentors.csv"):
        shutil.copy(tmp_path / "r" / name, only_csv / name)
    from_csv = mm.read_result(only_csv)
    assert [(q.student_id, q.mentor_id, q.subject, q.session) for q in from_csv.pairs] == [
        (q.student_id, q.mentor_id, q.subject, q.session) for q in again.pairs]
    assert [u.student_id for u in from_csv.unmatched] == [u.student_id for u in again.unmatched]
    # a pairs.csv edited by hand no longer matches result.json: refused, pupils named
    text = (tmp_path / "r" / "pairs.csv").read_text(encoding="utf-8").splitlines()
    first_id = text[1].split(",")[0]
    (tmp_path / "r" / "pairs.csv").write_text("\n".join([text[0], *text[2:]]) + "\n",
                                              encoding="utf-8")
    with pytest.raises(mm.InputError) as err:
        mm.read_result(tmp_path / "r")
    assert err.value.problems[0].code == "result_mismatch"
    assert first_id in err.value.problems[0].message
