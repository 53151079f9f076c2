"""CLI progress (issue 16, item 8): live stages with an estimate on a terminal, quiet otherwise."""

from __future__ import annotations

import io
import types
from pathlib import Path

import pytest

import mentormatch as mm
from mentormatch.cli._progress import CliProgress
from mentormatch.cli.main import main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("progress")
    assert main(["synth", "--students", "150", "--seed", "2", "--out", str(d), "--force",
                 "-q"]) == 0
    return d / "students.csv", d / "mentors.csv"


def test_terminal_shows_live_stages_with_an_estimate() -> None:
    out = io.StringIO()
    p = CliProgress("auto", stream=out, tty=True)
    p.step("matching")
    result = mm.match(mm.synth.generate(200, seed=1), progress=p.engine)
    p.done(f"{len(result.pairs)} pairs")
    text = out.getvalue()
    assert "\r[mentormatch]   candidates 200/200 pupils (100 %)" in text
    assert "solve round 1" in text
    assert "pricing" in text
    assert text.endswith(" pairs (" + text.rsplit("pairs (", 1)[1])  # the step's end line


def test_estimate_of_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    p = CliProgress("auto", stream=out, tty=True, lang="fr")
    now = [0.0]
    monkeypatch.setattr("mentormatch.cli._progress.time",
                        types.SimpleNamespace(perf_counter=lambda: now[0]))
    p.engine("candidates", 0, 30_000)      # stage starts at t = 0
    now[0] = 10.0
    p.engine("candidates", 10_000, 30_000)  # a third in 10 s: about 20 s left
    assert "candidats 10\u202f000/30\u202f000 élèves (33 %, environ 20 s restantes)" in \
        out.getvalue()


def test_not_a_terminal_is_quiet_and_verbose_prints_stage_lines() -> None:
    quiet = io.StringIO()
    p = CliProgress("auto", stream=quiet, tty=False)
    p.step("matching")
    mm.match(mm.synth.generate(50, seed=1), progress=p.engine)
    p.done()
    assert quiet.getvalue() == ""
    loud = io.StringIO()
    v = CliProgress("verbose", stream=loud, tty=False)
    v.step("matching")
    mm.match(mm.synth.generate(50, seed=1), progress=v.engine)
    v.done()
    lines = loud.getvalue().splitlines()
    assert lines[0] == "[mentormatch] matching ..."
    assert any(ln.startswith("[mentormatch]   candidates 50/50 pupils") and "done in" in ln
               for ln in lines)
    assert "\r" not in loud.getvalue()


def test_cli_match_quiet_by_default_off_a_terminal(
        files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    students, mentors = files
    assert main(["match", str(students), str(mentors), "-o", str(tmp_path / "a")]) == 0
    assert "[mentormatch]" not in capsys.readouterr().err
    assert main(["match", str(students), str(mentors), "-o", str(tmp_path / "b"),
                 "--verbose"]) == 0
    err = capsys.readouterr().err
    assert "[mentormatch] matching" in err
    assert "solve round 1, done in" in err
    assert main(["match", str(students), str(mentors), "-o", str(tmp_path / "c"), "-q",
                 "-v"]) == 2  # one or the other
