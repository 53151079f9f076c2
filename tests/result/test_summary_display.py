"""The summary shows itself briefly (issue 19, item 1) and stays a plain dict for JSON."""

from __future__ import annotations

import copy
import json
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import mentormatch as mm
from mentormatch.result.bundle import SUMMARY_FILE, write_bundle
from mentormatch.result.summary import Summary, summarize


@pytest.fixture(scope="module")
def result() -> mm.MatchResult:
    return mm.match(mm.synth.generate(300, seed=7))


def _plain(value: Any) -> Any:
    """A deep copy made of built-in dicts only (what summarize returned before Summary)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_summary_is_a_dict_with_a_short_repr(result: mm.MatchResult) -> None:
    summary = summarize(result)
    assert isinstance(summary, Summary)
    assert isinstance(summary, dict)
    assert summary == _plain(summary)
    text = repr(summary)
    st = summary["students"]
    assert text.startswith(f"Summary(matched={st['matched']}/{st['total']}, coverage=")
    assert "\n" not in text
    assert len(text) < 200
    assert "optimal=True" in text
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert copy.deepcopy(summary) == summary


def test_summary_card(result: mm.MatchResult) -> None:
    summary = summarize(result)
    html = summary._repr_html_()
    assert len(html.encode()) < 20_000
    st = summary["students"]
    assert f"<b>{st['matched']}</b> / {st['total']}" in html
    assert "optimal, proven" in html
    assert "Match summary" in html
    start = html.index("<svg")
    svg = ET.fromstring(html[start: html.index("</svg>") + 6])  # well-formed
    tags = [t for t, c in summary["by_priority_tag"].items() if t != "(none)" and c["total"]]
    rects = list(svg.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(rects) == 2 * min(10, len(tags))
    assert result.pairs[0].student_id not in html  # no pupil is listed


def test_summary_card_in_french(result: mm.MatchResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORMATCH_LANG", "fr")
    html = summarize(result)._repr_html_()
    assert "Résumé de l&#x27;appariement" in html
    assert "appariés" in html
    assert "optimal, prouvé" in html


def test_json_is_unchanged(result: mm.MatchResult, tmp_path: Path) -> None:
    summary = summarize(result)
    plain = _plain(summary)
    assert json.dumps(summary, indent=2, ensure_ascii=False) == \
        json.dumps(plain, indent=2, ensure_ascii=False)
    write_bundle(result, tmp_path / "out", xlsx=False)  # summarizes itself
    written = (tmp_path / "out" / SUMMARY_FILE).read_bytes()
    assert written == (json.dumps(plain, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    assert result.summary() == plain
