"""The command line, end to end through subprocess (and in-process for failure injection)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mentormatch import read_result
from mentormatch.cli.main import main

CP = subprocess.CompletedProcess[str]
N_STUDENTS = 60
SEED = 4
OUTPUTS = {"pairs.csv", "unmatched.csv", "mentors.csv", "summary.json", "report.html",
           "result.json"} | (  # pairs.xlsx: only with the xlsx extra (openpyxl)
    {"pairs.xlsx"} if importlib.util.find_spec("openpyxl") is not None else set())


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mentormatch ARGS`` in a subprocess and capture its output."""
    return subprocess.run([sys.executable, "-m", "mentormatch", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          timeout=120, check=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the command line in process (same code path, no interpreter start-up)."""

    def call(*args: str | Path) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    return call


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic students.csv and mentors.csv written by ``mentormatch synth``."""
    d = tmp_path_factory.mktemp("data")
    r = run("synth", "--students", N_STUDENTS, "--seed", SEED, "--out", d, "-q")
    assert r.returncode == 0, r.stderr
    assert f"{N_STUDENTS} pupils" in r.stdout
    return d


@pytest.fixture(scope="module")
def matched(data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """OUTDIR of one ``match`` run, with its stdout and stderr."""
    out = tmp_path_factory.mktemp("res") / "out"
    r = run("match", data / "students.csv", data / "mentors.csv", "-o", out, "--verbose")
    assert r.returncode == 0, r.stderr
    return out, r.stdout, r.stderr


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _table(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write_table(path: Path, header: list[str], rows: list[list[str]], *, delimiter: str,
                 encoding: str, newline: str, decimal_comma: bool) -> None:
    numeric = {"latitude", "longitude", "max_travel_km"}
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    for row in rows:
        if decimal_comma:
            row = [c.replace(".", ",") if h in numeric else c for h, c in zip(header, row,
                                                                              strict=True)]
        w.writerow(row)
    path.write_bytes(buf.getvalue().encode(encoding))


# --- basics ----------------------------------------------------------------------------------


def test_version_help_and_usage_errors(cli: Callable[..., CP]) -> None:
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("mentormatch ")
    r = cli("--help")
    assert r.returncode == 0
    assert "exit codes" in r.stdout
    for cmd in ("demo", "match", "validate", "explain", "schema", "synth"):
        assert cmd in r.stdout
    assert cli().returncode == 2
    assert cli("frobnicate").returncode == 2
    r = cli("match", "only-one-file.csv")
    assert r.returncode == 2
    assert "usage" in r.stderr


def test_missing_input_file_is_a_usage_error(tmp_path: Path, cli: Callable[..., CP]) -> None:
    r = cli("match", tmp_path / "nope.csv", tmp_path / "nope2.csv", "-o", tmp_path / "o")
    assert r.returncode == 2
    assert "no such file" in r.stderr
    assert not (tmp_path / "o").exists()


def test_schema(cli: Callable[..., CP]) -> None:
    r = run("schema")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert set(doc) == {"students", "mentors", "policy"}
    assert doc["students"]["type"] == "array"
    assert "level" in doc["students"]["items"]["properties"]
    assert "capacity" in doc["mentors"]["items"]["properties"]
    assert "session_minutes" in doc["policy"]["properties"]
    one = json.loads(cli("schema", "mentors").stdout)
    assert one == doc["mentors"]
    assert cli("schema", "pupils").returncode == 2


def test_synth_refuses_to_overwrite(data: Path, cli: Callable[..., CP]) -> None:
    r = cli("synth", "--students", "5", "--out", data)
    assert r.returncode == 2
    assert "--force" in r.stderr
    assert cli("synth", "--students", "0", "--out", data).returncode == 2


# --- validate --------------------------------------------------------------------------------


def test_validate_ok(data: Path, cli: Callable[..., CP]) -> None:
    r = run("validate", data / "students.csv", data / "mentors.csv")
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{N_STUDENTS} pupils" in r.stdout
    assert cli("validate", data / "students.csv").returncode == 0


def test_validate_reports_every_problem_with_row_and_column(
        data: Path, tmp_path: Path, cli: Callable[..., CP]) -> None:
    header, rows = _table(data / "students.csv")
    col = {h: i for i, h in enumerate(header)}
    rows[1][col["level"]] = "CM9"                    # file row 3
    rows[3][col["availability"]] = "lun 19:00-17:00"  # file row 5
    rows[4][col["latitude"]] = "123"                  # file row 6
    rows[5][col["id"]] = rows[6][col["id"]]           # file rows 7 and 8: duplicate
    bad = tmp_path / "students.csv"
    _write_table(bad, header, rows, delimiter=",", encoding="utf-8", newline="\n",
                 decimal_comma=False)
    r = run("validate", bad, data / "mentors.csv")
    assert r.returncode == 1
    out = r.stdout
    assert "students.csv, row 3, column 'level'" in out
    assert "students.csv, row 5, column 'availability'" in out
    assert "students.csv, row 6, column 'latitude'" in out
    assert "row 7" in out
    assert "row 8" in out
    assert "duplicate_id" in out
    r = cli("validate", bad, "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    where = {(p["row"], p["field"]) for p in doc["problems"]}
    assert {(3, "level"), (5, "availability"), (6, "latitude")} <= where
    assert all(p["source"] == "students.csv" for p in doc["problems"])
    # match refuses the same file with exit code 1 and lists the problems on stderr.
    r = cli("match", bad, data / "mentors.csv", "-o", tmp_path / "out")
    assert r.returncode == 1
    assert "row 3" in r.stderr
    assert not (tmp_path / "out").exists()


# --- match -----------------------------------------------------------------------------------


def test_match_writes_every_file(matched: tuple[Path, str, str]) -> None:
    out, stdout, stderr = matched
    assert {p.name for p in out.iterdir()} == OUTPUTS
    assert "Pupils matched:" in stdout
    assert "Certificate:" in stdout
    assert "optimal" in stdout
    assert "[mentormatch] matching" in stderr  # progress on stderr
    pairs, unmatched, mentors = (_rows(out / n) for n in
                                 ("pairs.csv", "unmatched.csv", "mentors.csv"))
    assert len(pairs) + len(unmatched) == N_STUDENTS
    assert len({r["student_id"] for r in pairs} | {r["student_id"] for r in unmatched}) \
        == N_STUDENTS
    assert sum(int(m["load"]) for m in mentors) == len(pairs)
    assert any(m["load"] == "0" for m in mentors) or all(
        m["load"] == m["capacity"] for m in mentors)
    for u in unmatched:
        assert u["reason_codes"]
        assert u["reasons"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["students"]["total"] == N_STUDENTS
    assert summary["students"]["matched"] == len(pairs)
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["certificate"]["optimal"] is True
    assert result["inputs"]["students"]["name"] == "students.csv"
    assert result["schema_version"] == 2
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # The folder reads back as a MatchResult; its pairs are the rows of pairs.csv.
    back = read_result(out)
    assert back.certificate.optimal
    assert [(p.student_id, p.mentor_id, p.subject, p.session.day) for p in back.pairs] == \
        [(r["student_id"], r["mentor_id"], r["subject"], r["day"]) for r in pairs]
    assert [u.student_id for u in back.unmatched] == [u["student_id"] for u in unmatched]


def test_match_summarizes_once(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               cli: Callable[..., CP]) -> None:
    import mentormatch.result.summary as summary_mod

    real = summary_mod.summarize
    calls: list[object] = []

    def counted(result: object) -> object:
        calls.append(result)
        return real(result)

    monkeypatch.setattr(summary_mod, "summarize", counted)
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", tmp_path / "o", "-q")
    assert r.returncode == 0, r.stderr
    assert len(calls) == 1
    r = cli("demo", "--students", "40", "--out", tmp_path / "d", "-q")
    assert r.returncode == 0, r.stderr
    assert len(calls) == 2


def test_match_quiet_french_semicolon(data: Path, tmp_path: Path,
                                      matched: tuple[Path, str, str],
                                      cli: Callable[..., CP]) -> None:
    out = tmp_path / "fr"
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", out, "--quiet",
            "--lang", "fr", "--delimiter", "semicolon")
    assert r.returncode == 0
    assert r.stderr == ""
    assert "Élèves accompagnés :" in r.stdout
    raw = (out / "unmatched.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a UTF-8 BOM: Excel reads the accents right
    with (out / "unmatched.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    english = _rows(matched[0] / "unmatched.csv")
    assert [r["codes des raisons"] for r in rows] == [r["reason_codes"] for r in english]
    if rows:
        assert any(("bénévole" in r["raisons"]) for r in rows)


def test_same_result_in_every_encoding_and_delimiter(data: Path, tmp_path: Path,
                                                      matched: tuple[Path, str, str],
                                                      cli: Callable[..., CP]) -> None:
    reference = (matched[0] / "pairs.csv").read_text(encoding="utf-8")
    reference_u = (matched[0] / "unmatched.csv").read_text(encoding="utf-8")
    variants: dict[str, dict[str, object]] = {
        "utf8-lf": {"delimiter": ",", "encoding": "utf-8", "newline": "\n",
                    "decimal_comma": False},
        "bom-semicolon-crlf-comma": {"delimiter": ";", "encoding": "utf-8-sig",
                                     "newline": "\r\n", "decimal_comma": True},
        "cp1252-semicolon": {"delimiter": ";", "encoding": "cp1252", "newline": "\r\n",
                             "decimal_comma": True},
        "tab": {"delimiter": "\t", "encoding": "utf-8", "newline": "\n",
                "decimal_comma": False},
    }
    for name, opts in variants.items():
        d = tmp_path / name
        d.mkdir()
        for kind in ("students", "mentors"):
            header, rows = _table(data / f"{kind}.csv")
            _write_table(d / f"{kind}.csv", header, rows, **opts)  # type: ignore[arg-type]
        out = d / "out"
        r = cli("match", d / "students.csv", d / "mentors.csv", "-o", out, "-q")
        assert r.returncode == 0, (name, r.stderr)
        assert (out / "pairs.csv").read_text(encoding="utf-8") == reference, name
        assert (out / "unmatched.csv").read_text(encoding="utf-8") == reference_u, name


def test_same_result_from_json_and_xlsx(data: Path, tmp_path: Path,
                                        matched: tuple[Path, str, str],
                                        cli: Callable[..., CP]) -> None:
    reference = (matched[0] / "pairs.csv").read_text(encoding="utf-8")
    d = tmp_path / "json"
    r = cli("synth", "--students", N_STUDENTS, "--seed", SEED, "--out", d, "--format", "json",
            "-q")
    assert r.returncode == 0, r.stderr
    r = cli("match", d / "students.json", d / "mentors.json", "-o", d / "out", "-q")
    assert r.returncode == 0, r.stderr
    assert (d / "out" / "pairs.csv").read_text(encoding="utf-8") == reference
    openpyxl = pytest.importorskip("openpyxl")
    x = tmp_path / "xlsx"
    x.mkdir()
    for kind in ("students", "mentors"):
        header, rows = _table(data / f"{kind}.csv")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(x / f"{kind}.xlsx")
    r = cli("match", x / "students.xlsx", x / "mentors.xlsx", "-o", x / "out", "-q")
    assert r.returncode == 0, r.stderr
    assert (x / "out" / "pairs.csv").read_text(encoding="utf-8") == reference


def test_formula_looking_id_comes_out_neutralised(data: Path, tmp_path: Path,
                                                  cli: Callable[..., CP]) -> None:
    header, rows = _table(data / "students.csv")
    mentors_text = (data / "mentors.csv").read_text(encoding="utf-8")
    i = next(k for k, r in enumerate(rows) if r[0] not in mentors_text)
    evil = '=HYPERLINK("http://x","click")'
    rows[i][0] = evil
    _write_table(tmp_path / "students.csv", header, rows, delimiter=",", encoding="utf-8",
                 newline="\n", decimal_comma=False)
    out = tmp_path / "out"
    r = cli("match", tmp_path / "students.csv", data / "mentors.csv", "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    found = False
    for name in ("pairs.csv", "unmatched.csv", "mentors.csv"):
        text = (out / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            for cell in next(csv.reader([line])):
                assert not cell.startswith(("=", "+", "@")), (name, cell)
        found |= any(row[0] == "'" + evil for row in _table(out / name)[1])
    assert found


def test_refuses_to_overwrite_an_input(data: Path, tmp_path: Path,
                                       cli: Callable[..., CP]) -> None:
    shutil.copy(data / "students.csv", tmp_path / "pairs.csv")
    before = (tmp_path / "pairs.csv").read_bytes()
    r = cli("match", tmp_path / "pairs.csv", data / "mentors.csv", "-o", tmp_path)
    assert r.returncode == 2
    assert "overwrite the input" in r.stderr
    assert (tmp_path / "pairs.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]


def test_match_with_a_policy_file(data: Path, tmp_path: Path,
                                  cli: Callable[..., CP]) -> None:
    good = tmp_path / "policy.toml"
    good.write_text('default_travel_km = 25.0\n[weights]\nremote = 2.0\n', encoding="utf-8")
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", tmp_path / "a",
            "--policy", good, "-q")
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "a" / "result.json").read_text(encoding="utf-8"))
    assert doc["inputs"]["policy"]["name"] == "policy.toml"
    bad = tmp_path / "bad.json"
    bad.write_text('{"default_travel_km": "far", "bogus": 1}', encoding="utf-8")
    r = cli("match", data / "students.csv", data / "mentors.csv", "-o", tmp_path / "b",
            "--policy", bad)
    assert r.returncode == 1
    assert "bad.json, field 'default_travel_km'" in r.stderr
    assert "bogus" in r.stderr
    assert not (tmp_path / "b").exists()


# --- explain ---------------------------------------------------------------------------------


def test_explain_matched_and_unmatched(matched: tuple[Path, str, str],
                                       cli: Callable[..., CP]) -> None:
    out = matched[0]
    pairs, unmatched = _rows(out / "pairs.csv"), _rows(out / "unmatched.csv")
    sid = pairs[0]["student_id"]
    r = run("explain", out, sid)
    assert r.returncode == 0, r.stderr
    assert f"Pupil {sid} is paired with volunteer {pairs[0]['mentor_id']}" in r.stdout
    assert "total" in r.stdout or "cost per criterion" in r.stdout
    doc = json.loads(cli("explain", out, sid, "--format", "json").stdout)
    assert doc["matched"] is True
    assert doc["pair"]["mentor_id"] == pairs[0]["mentor_id"]
    if doc.get("alternatives"):
        assert "runner-up" in r.stdout
        assert all(a["mentor_id"] != pairs[0]["mentor_id"] for a in doc["alternatives"])
    if unmatched:
        uid = unmatched[0]["student_id"]
        r = cli("explain", out, uid)
        assert r.returncode == 0
        assert f"Pupil {uid} has no volunteer" in r.stdout
        assert f"[{unmatched[0]['reason_codes'].split('|')[0]}]" in r.stdout
        doc = json.loads(cli("explain", out, uid, "--format", "json", "--lang", "fr").stdout)
        assert doc["matched"] is False
        assert [x["code"] for x in doc["reasons"]] == unmatched[0]["reason_codes"].split("|")
        assert all(x["label"] and x["text"] for x in doc["reasons"])
    assert cli("explain", out, "no-such-pupil").returncode == 1
    assert cli("explain", out.parent / "missing", sid).returncode == 2


def test_explain_takes_the_result_file_as_well_as_its_folder(
        matched: tuple[Path, str, str], cli: Callable[..., CP]) -> None:
    """A coordinator who names ``result.json`` itself gets the same answer as for its folder."""
    out = matched[0]
    sid = _rows(out / "pairs.csv")[0]["student_id"]
    by_folder = cli("explain", out, sid, "--format", "json")
    by_file = cli("explain", out / "result.json", sid, "--format", "json")
    assert by_file.returncode == 0, by_file.stderr
    assert json.loads(by_file.stdout) == json.loads(by_folder.stdout)


def test_explain_refuses_what_is_not_a_result(tmp_path: Path, cli: Callable[..., CP]) -> None:
    (tmp_path / "result.json").write_text('{"format": "other"}', encoding="utf-8")
    r = cli("explain", tmp_path, "E1")
    assert r.returncode == 2
    assert "not a mentormatch result" in r.stderr


# --- demo ------------------------------------------------------------------------------------


def test_demo(tmp_path: Path, cli: Callable[..., CP]) -> None:
    r = run("demo", "--students", "150", "--seed", "1", "--out", tmp_path / "demo")
    assert r.returncode == 0, r.stderr
    for label in ("Scenario:", "Pupils matched:", "Priority pupils matched:", "Certificate:",
                  "Time:"):
        assert label in r.stdout
    assert {p.name for p in (tmp_path / "demo").iterdir()} >= OUTPUTS
    sid = _rows(tmp_path / "demo" / "pairs.csv")[0]["student_id"]
    r = cli("explain", tmp_path / "demo", sid)
    assert r.returncode == 0
    assert "is paired with" in r.stdout


# --- failures in process ---------------------------------------------------------------------


def _fail(exc: BaseException) -> Callable[..., object]:
    def boom(*args: object, **kwargs: object) -> object:
        raise exc

    return boom


@pytest.mark.parametrize(("target", "code", "words"), [
    ("mentormatch.report.html.render_report", 3, "internal error"),  # a bug, not the disk
    ("mentormatch.io.writers.render_csv", 2, "cannot write the results"),  # the disk: exit 2
])
def test_failure_while_writing_leaves_no_partial_output(
        data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], target: str, code: int, words: str) -> None:
    module, name = target.rsplit(".", 1)
    calls = {"n": 0}
    import importlib

    real = getattr(importlib.import_module(module), name)

    def second_call_fails(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] >= 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(importlib.import_module(module), name,
                        second_call_fails if name == "render_csv" else _fail(OSError("x")))
    argv = [str(data / "students.csv"), str(data / "mentors.csv")]
    # A new output directory is not created at all.
    new = tmp_path / "new"
    assert main(["match", *argv, "-o", str(new), "-q"]) == code
    assert not new.exists()
    # An existing one keeps its old files, untouched, and gets nothing new.
    old = tmp_path / "old"
    old.mkdir()
    (old / "pairs.csv").write_text("previous run", encoding="utf-8")
    calls["n"] = 0
    assert main(["match", *argv, "-o", str(old), "-q", "--overwrite"]) == code
    assert [p.name for p in old.iterdir()] == ["pairs.csv"]
    assert (old / "pairs.csv").read_text(encoding="utf-8") == "previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]  # no staging left
    assert words in capsys.readouterr().err


def test_internal_error_exit_code(data: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    import mentormatch.pipeline as engine
    from mentormatch.errors import InternalError

    monkeypatch.setattr(engine, "match", _fail(InternalError("nothing-lost check failed")))
    code = main(["match", str(data / "students.csv"), str(data / "mentors.csv"), "-o",
                 str(tmp_path / "o"), "-q"])
    assert code == 3
    assert "nothing-lost" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
