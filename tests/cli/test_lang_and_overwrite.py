"""The command line in French (--lang fr), and no output folder overwritten by surprise."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mentormatch.cli.main import main

CP = subprocess.CompletedProcess[str]

#: English words that must not appear in French text (outside IDs, codes and quoted values).
ENGLISH = {
    "the", "is", "are", "of", "and", "with", "by", "for", "no", "not", "every", "pupil",
    "pupils", "volunteer", "volunteers", "matched", "unmatched", "pairs", "pair", "overview",
    "coverage", "reasons", "reason", "certificate", "timings", "priority", "level", "subject",
    "territory", "row", "column", "missing", "unknown", "required", "problem", "problems",
    "found", "input", "value", "did", "you", "mean", "used", "several", "rows", "cannot",
    "read", "expected", "known", "columns", "file", "error", "time", "filled",  # not "places"
    "optimal", "objective", "round", "rounds", "backend", "share", "what", "would",
    "help", "why", "stage", "seconds", "utilisation", "main", "rule", "eliminated",
}


def _english_words(text: str) -> set[str]:
    """English words of ``text`` once codes ``[x]``, quoted values and paths are removed."""
    text = re.sub(r"\[[a-z_]+\]|'[^']*'|« [^»]* »|\S+\.(csv|json|xlsx|html)|/\S+"
                  r"|colonnes connues : [^)]*", " ", text)
    return {w for w in re.findall(r"[A-Za-z_]+", text.lower()) if w in ENGLISH}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CP]:
    def call(*args: str | Path) -> CP:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    return call


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mentormatch.io.writers import write_mentors_csv, write_students_csv
    from mentormatch.synth import generate

    d = tmp_path_factory.mktemp("data")
    problem = generate(50, seed=3)
    write_students_csv(d / "students.csv", problem.students)
    write_mentors_csv(d / "mentors.csv", problem.mentors)
    return d


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: content hash and modification time."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- no output overwritten by surprise ------------------------------------------------------


def test_rerun_into_an_existing_folder_refuses_and_changes_no_byte(
        data: Path, tmp_path: Path, cli: Callable[..., CP]) -> None:
    out = tmp_path / "out"
    args = ("match", data / "students.csv", data / "mentors.csv", "-o", out, "-q")
    assert cli(*args).returncode == 0
    before = _snapshot(out)
    r = cli(*args)
    assert r.returncode == 2
    assert "--overwrite" in r.stderr
    assert "nothing was written" in r.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder


def test_overwrite_replaces_the_results_whole_and_keeps_other_files(
        data: Path, tmp_path: Path, cli: Callable[..., CP]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "changes.csv").write_text("stale", encoding="utf-8")  # an old result file
    args = ("match", data / "students.csv", data / "mentors.csv", "-o", out, "-q")
    assert cli(*args).returncode == 2
    assert cli(*args, "--overwrite").returncode == 0
    names = {p.name for p in out.iterdir()}
    assert "notes.txt" in names
    assert "pairs.csv" in names
    assert "changes.csv" not in names  # the previous results are replaced whole
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_impossible_output_location_is_exit_2(data: Path, tmp_path: Path,
                                                 cli: Callable[..., CP]) -> None:
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("x", encoding="utf-8")
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", blocker / "out", "-q")
    assert r.returncode == 2
    assert "not a directory" in r.stderr
    assert "internal error" not in r.stderr


_SIGTERM_WHILE_WRITING = """
import os, signal, sys
import mentormatch.io.writers as w
real = w.atomic_write_text
def write(path, text, **kw):
    if str(path).endswith("report.html"):
        os.kill(os.getpid(), signal.SIGTERM)  # the coordinator's session is closed
    return real(path, text, **kw)
w.atomic_write_text = write
from mentormatch.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_sigterm_while_writing_leaves_the_old_folder_whole_and_no_temporary_folder(
        data: Path, tmp_path: Path, cli: Callable[..., CP]) -> None:
    out = tmp_path / "out"
    args = ["match", str(data / "students.csv"), str(data / "mentors.csv"), "-o", str(out),
            "-q"]
    assert cli(*args).returncode == 0
    before = _snapshot(out)
    script = tmp_path.parent / f"{tmp_path.name}-sigterm.py"
    script.write_text(textwrap.dedent(_SIGTERM_WHILE_WRITING), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    r = subprocess.run([sys.executable, str(script), *args, "--overwrite"],
                       capture_output=True, text=True, timeout=120, env=env, check=False)
    script.unlink()
    assert r.returncode == 130, r.stderr
    assert "interrupted" in r.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --- French ---------------------------------------------------------------------------------


def test_french_match_summary_csv_and_report(data: Path, tmp_path: Path,
                                             cli: Callable[..., CP]) -> None:
    out = tmp_path / "fr"
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", out, "--lang", "fr")
    assert r.returncode == 0, r.stderr
    assert "Élèves accompagnés" in r.stdout
    assert "répartition optimale prouvée : aucune autre ne suit plus d'élèves prioritaires" \
        in r.stdout
    assert not _english_words(r.stdout), _english_words(r.stdout)
    assert not _english_words(r.stderr), _english_words(r.stderr)
    # Numbers the French way.
    assert re.search(r"\d,\d\u202f%", r.stdout)
    # CSV for a French Excel: BOM, ';', decimal commas, French headers.
    raw = (out / "pairs.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (out / "pairs.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert rows
    assert "élève" in rows[0]
    assert "distance (km)" in rows[0]
    assert any("," in r["distance (km)"] for r in rows)
    assert not any("." in r["coût"] for r in rows)
    # The report has no English heading.
    from html.parser import HTMLParser

    class Headings(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth, self.text = 0, []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in ("h1", "h2", "h3", "th", "title", "nav"):
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("h1", "h2", "h3", "th", "title", "nav"):
                self.depth -= 1

        def handle_data(self, d: str) -> None:
            if self.depth:
                self.text.append(d)

    h = Headings()
    h.feed((out / "report.html").read_text(encoding="utf-8"))
    assert len(h.text) > 20
    assert not _english_words(" ".join(h.text)), _english_words(" ".join(h.text))


def test_english_csv_unchanged(data: Path, tmp_path: Path, cli: Callable[..., CP]) -> None:
    import mentormatch as mm
    from mentormatch.io import read_problem
    from mentormatch.result.export import to_csv

    out = tmp_path / "en"
    assert cli("match", data / "students.csv", data / "mentors.csv", "-o", out, "-q",
               "--lang", "en").returncode == 0
    result = mm.match(read_problem(data / "students.csv", data / "mentors.csv"))
    to_csv(result, tmp_path / "ref")
    for name in ("pairs.csv", "unmatched.csv", "mentors.csv"):
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()


_MISTAKES = {
    # the five most common mistakes in a coordinator's file, and a missing file
    "a.csv": "id,level,availability,colour\nE1,6e,lun 17-19,bleu\n",
    "b.csv": "id,level,needs,availability,has_device\nE1,6e,maths,lun 17-19,oui\n"
             "E1,sixiem,mathz,le soir,peut-être\n",
}


def test_errors_of_the_common_mistakes_in_french(tmp_path: Path,
                                                 cli: Callable[..., CP]) -> None:
    seen: set[str] = set()
    for name, text in _MISTAKES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        # --strict: an unknown column is an error (else it is kept as an extra column)
        r = cli("validate", tmp_path / name, "--lang", "fr", "--strict")
        assert r.returncode == 1
        seen |= set(re.findall(r"\[([a-z_]+)\]", r.stdout))
        assert "problème" in r.stdout
        assert not _english_words(r.stdout), (name, _english_words(r.stdout), r.stdout)
    assert {"missing_column", "unknown_column", "duplicate_id", "unknown_subject",
            "unknown_level", "availability_syntax", "wrong_type"} <= seen
    r = cli("validate", tmp_path / "nothere.csv", "--lang", "fr")
    assert r.returncode == 2
    assert "fichier introuvable" in r.stderr
    assert not _english_words(r.stderr)


def test_help_in_french_by_option_and_by_environment(monkeypatch: pytest.MonkeyPatch,
                                                     cli: Callable[..., CP]) -> None:
    r = cli("match", "--help", "--lang", "fr")
    assert r.returncode == 0
    assert r.stdout.startswith("utilisation :")
    assert "dossier de sortie" in r.stdout
    assert "afficher cette aide" in r.stdout
    monkeypatch.setenv("MENTORMATCH_LANG", "fr")
    for command in ("demo", "validate", "explain", "schema", "synth"):
        r = cli(command, "--help")
        assert r.returncode == 0
        assert "afficher cette aide" in r.stdout, command
    r = cli("--help")
    assert "codes de sortie" in r.stdout
    r = cli("match")  # missing arguments: argparse's error, in French
    assert r.returncode == 2
    assert "arguments obligatoires manquants" in r.stderr
