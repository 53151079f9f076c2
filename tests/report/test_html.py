"""The HTML report: self-contained, every section present, text escaped."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from example_result import make_result
from mentormatch.report import render_report, write_report

SECTIONS = ("overview", "pairs", "unmatched", "reasons", "territory", "priority", "level",
            "subject", "mentors", "certificate", "timings")


class _Collect(HTMLParser):
    """Collect tags, attributes, section ids, headings and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sections: list[str] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self._in_h = False
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section":
            self.sections.append(a.get("id") or "")
        if tag in ("h1", "h2", "h3"):
            self._in_h = True
        if tag not in ("meta", "br", "rect", "circle", "i"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3"):
            self._in_h = False
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h:
            self.headings.append(data)


def _parse(text: str) -> _Collect:
    p = _Collect()
    p.feed(text)
    p.close()
    return p


@pytest.fixture(scope="module")
def page() -> str:
    return render_report(make_result(), title="Pilot report")


def test_sections_present_in_order(page: str) -> None:
    assert _parse(page).sections == list(SECTIONS)


def test_self_contained_no_script_no_network(page: str) -> None:
    p = _parse(page)
    tags = {t for t, _ in p.tags}
    assert "script" not in tags
    assert "link" not in tags
    assert "img" not in tags
    for _, attrs in p.tags:
        for key in ("src", "href"):
            v = attrs.get(key)
            assert v is None or v.startswith("#"), v
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        "http://evil", "")
    assert page.startswith("<!DOCTYPE html>")
    assert p.stack == [], "unbalanced tags"


def test_charts_are_inline_svg(page: str) -> None:
    p = _parse(page)
    svgs = [a for t, a in p.tags if t == "svg"]
    assert len(svgs) >= 6
    assert all(a.get("role") == "img" and a.get("aria-label") for a in svgs)
    assert sum(1 for t, _ in p.tags if t == "rect") >= 10


def test_content(page: str) -> None:
    p = _parse(page)
    text = " ".join(p.text)
    assert "Pilot report" in p.headings
    assert "3 / 6" in text  # pupils matched
    assert "certified optimal" in text
    assert "QP093001" in text
    assert "QPV" in text  # the tag in words
    assert "suitable volunteers are full" in text  # reason in words
    assert "no common time" in text  # rule in words
    assert "Idle volunteers: -m4, m3" in text
    assert "Gap" in text
    assert "Backend" in text


def test_text_is_escaped() -> None:
    evil = "<b onmouseover=alert(1)>x</b>"
    page = render_report(make_result(odd_id=evil))
    assert evil not in page
    assert "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;" in page
    assert not [a for t, a in _parse(page).tags if t == "b"]


def test_french_labels() -> None:
    page = render_report(make_result(), lang="fr")
    assert 'lang="fr"' in page
    assert "les bénévoles compatibles sont complets" in page


def test_write_report_atomic(tmp_path: Path) -> None:
    path = write_report(make_result(), tmp_path / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [q.name for q in tmp_path.iterdir()] == ["report.html"]


def test_report_of_a_real_match_renders() -> None:
    import mentormatch as mm

    result = mm.match(mm.synth.generate(120, seed=2))
    p = _parse(render_report(result))
    assert p.sections == list(SECTIONS)
    assert p.stack == []


def test_every_engine_rule_and_reason_has_words_in_both_languages() -> None:
    from mentormatch.candidates.rules import RULE_ORDER
    from mentormatch.result.labels import LANGS, reason_label, rule_label

    for lang in LANGS:
        for rule in RULE_ORDER:
            assert rule_label(rule, lang) != rule.replace("_", " ")
        for code in ("no_candidate", "capacity_taken", "not_worth_cost"):
            assert reason_label(code, lang) != code.replace("_", " ")


def test_summary_passed_in_is_used_and_sources_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    import mentormatch.report.html as html_mod
    from mentormatch.result.summary import summarize

    result = make_result()
    summary = summarize(result)
    expected = render_report(result, sources=["students.csv", "mentors.csv"])

    def never(*args: object) -> object:
        raise AssertionError("summarize() called again")

    monkeypatch.setattr(html_mod, "summarize", never)
    page = render_report(result, summary=summary, sources=["students.csv", "mentors.csv"])
    assert page == expected
    assert "6 pupils, 4 volunteers — students.csv, mentors.csv" in page


def test_a_read_back_result_renders(tmp_path: Path) -> None:
    """result.json holds no problem: the report still renders, without per-pupil details."""
    from mentormatch.result.export import to_json
    from mentormatch.result.read import read_result

    to_json(make_result(), tmp_path / "result.json")
    p = _parse(render_report(read_result(tmp_path)))
    assert p.sections == list(SECTIONS)
    assert p.stack == []


@pytest.mark.parametrize("module", ["mentormatch.report", "mentormatch.result.labels",
                                    "mentormatch.result", "mentormatch.result.bundle"])
def test_importing_does_not_load_the_html_report(module: str) -> None:
    code = (f"import sys, {module}; "
            "print('mentormatch.report.html' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_report_names_load_on_first_use() -> None:
    code = ("import sys, mentormatch.report as r; f = r.render_report; "
            "print('mentormatch.report.html' in sys.modules, f.__module__, "
            "sorted(r.__all__) == sorted(n for n in r.__all__ if hasattr(r, n)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.split() == ["True", "mentormatch.report.html", "True"]
