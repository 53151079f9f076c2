"""The output bundle: every file of a match written together, read back by read_result."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest

import mentormatch
from example_result import make_result
from mentormatch.result import bundle
from mentormatch.result.bundle import (
    OUTPUT_FILES,
    REPORT_FILE,
    XLSX_FILE,
    fingerprint,
    write_bundle,
)
from mentormatch.result.read import read_document, read_result
from mentormatch.result.summary import summarize

RESULT_DIR = Path(mentormatch.__file__).parent / "result"


def test_writes_every_file_and_reads_back(tmp_path: Path) -> None:
    result = make_result()
    src = tmp_path / "students.csv"
    src.write_text("id\n", encoding="utf-8")
    inputs = {"students": fingerprint(src), "policy": fingerprint(None)}
    out = tmp_path / "out"
    written = write_bundle(result, out, lang="fr", delimiter=";", inputs=inputs,
                           report="<!DOCTYPE html>\n<p>report</p>\n")
    xlsx = [XLSX_FILE] if importlib.util.find_spec("openpyxl") is not None else []
    assert [p.name for p in written] == [*OUTPUT_FILES, *xlsx]
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, *xlsx])
    assert (out / REPORT_FILE).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert ";" in (out / "pairs.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == \
        json.loads(json.dumps(summarize(result)))
    doc = read_document(out)
    assert doc["lang"] == "fr"
    assert "summary" not in doc
    info = doc["inputs"]["students"]
    assert info is not None
    assert (info["name"], info["bytes"]) == ("students.csv", 3)
    assert "path" not in info  # no folder: a home path is personal data (issue 14)
    assert doc["inputs"]["policy"] is None
    assert read_result(out) == dataclasses.replace(result, problem=None)


def test_without_a_report_no_report_file(tmp_path: Path) -> None:
    written = write_bundle(make_result(), tmp_path / "out", xlsx=False)
    assert REPORT_FILE not in {p.name for p in written}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        sorted(n for n in OUTPUT_FILES if n != REPORT_FILE)


def test_the_summary_given_is_the_one_written(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import mentormatch.result.summary as summary_mod

    summary = summarize(make_result())

    def never(*args: object) -> object:
        raise AssertionError("summarize() called again")

    monkeypatch.setattr(summary_mod, "summarize", never)
    write_bundle(make_result(), tmp_path, summary=summary)
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8")) == \
        json.loads(json.dumps(summary))


def test_failure_leaves_the_folder_as_it_was(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import mentormatch.io.writers as writers

    real = writers.atomic_write_text
    staged: list[str] = []

    def last_file_fails(path: Path, text: str, **kwargs: object) -> None:
        if Path(path).name == "result.json":  # the last file: everything else is staged
            staged.extend(sorted(p.name for p in Path(path).parent.iterdir()))
            raise OSError("disk full")
        real(path, text)

    monkeypatch.setattr(writers, "atomic_write_text", last_file_fails)
    (tmp_path / "pairs.csv").write_text("previous run", encoding="utf-8")
    for out in (tmp_path, tmp_path / "new"):
        with pytest.raises(OSError, match="disk full"):
            write_bundle(make_result(), out, report="<p>r</p>")
    assert "report.html" in staged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv"]
    assert (tmp_path / "pairs.csv").read_text(encoding="utf-8") == "previous run"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(RESULT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_result_never_imports_report_or_cli(path: Path) -> None:
    """Not at module level, not inside a function, not under TYPE_CHECKING."""
    upward = {m for m in _imports(path)
              if m.startswith(("mentormatch.report", "mentormatch.cli"))}
    assert not upward, f"{path.name} imports {sorted(upward)}"


def test_bundle_module_names() -> None:
    assert OUTPUT_FILES == ("pairs.csv", "unmatched.csv", "mentors.csv", "summary.json",
                            "report.html", "result.json")
    assert set(bundle.__all__) >= {"OUTPUT_FILES", "fingerprint", "write_bundle"}
