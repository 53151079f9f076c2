"""The printable report: the list of pairs, the unmatched list with actions, print CSS, French."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import mentormatch as mm
from mentormatch.report import render_report
from mentormatch.report._people import display_name, person_label
from mentormatch.report.html import SECTIONS


class _Tables(HTMLParser):
    """Rows of each section's tables, and the text of headings (h1-h3, th)."""

    def __init__(self) -> None:
        super().__init__()
        self.section = ""
        self.rows: dict[str, int] = {}
        self.headings: list[str] = []
        self._head = 0
        self._tbody = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id") or ""
        if tag == "tbody":
            self._tbody = True
        if tag == "tr" and self._tbody:
            self.rows[self.section] = self.rows.get(self.section, 0) + 1
        if tag in ("h1", "h2", "h3", "th"):
            self._head += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._tbody = False
        if tag in ("h1", "h2", "h3", "th"):
            self._head -= 1

    def handle_data(self, data: str) -> None:
        if self._head:
            self.headings.append(data)


@pytest.fixture(scope="module")
def result() -> mm.MatchResult:
    return mm.match(mm.synth.generate(150, seed=5))


def _parse(page: str) -> _Tables:
    p = _Tables()
    p.feed(page)
    return p


def test_every_pair_and_every_unmatched_pupil_is_listed(result: mm.MatchResult) -> None:
    p = _parse(render_report(result))
    assert p.rows["pairs"] == len(result.pairs)
    assert p.rows["unmatched"] == min(len(result.unmatched), 300)
    assert len(SECTIONS) >= 10


def test_print_stylesheet(result: mm.MatchResult) -> None:
    page = render_report(result)
    css = page[page.index("<style>"):page.index("</style>")]
    assert "@page{size:A4" in css
    printing = css[css.index("@media print"):]
    assert "nav" in printing
    assert "display:none" in printing
    assert "section.part{break-before:page}" in printing
    assert "break-inside:avoid" in printing
    assert "thead{display:table-header-group}" in printing
    # The summary comes first, then each part from a new page.
    order = re.findall(r'<section id="(\w+)"( class="part")?', page)
    assert order[0] == ("overview", "")
    assert ("pairs", ' class="part"') in order
    assert ("unmatched", ' class="part"') in order


def test_unmatched_pupils_by_priority_with_an_action(result: mm.MatchResult) -> None:
    page = render_report(result, lang="fr")
    unmatched = page[page.index('<section id="unmatched"'):]
    unmatched = unmatched[:unmatched.index("</section>")]
    ids = re.findall(r"<tr><td>(S\d+)", unmatched)
    weights = {u.student_id: u.weight for u in result.unmatched}
    assert [weights[i] for i in ids] == sorted((weights[i] for i in ids), reverse=True)
    assert "Ce qui aiderait" in unmatched
    assert "recruter" in unmatched or "proposer" in unmatched or "demander" in unmatched


def test_french_report_headings_have_no_english(result: mm.MatchResult) -> None:
    english = {"pairs", "pupil", "pupils", "volunteer", "volunteers", "overview", "coverage",
               "reasons", "reason", "certificate", "timings", "subject", "level", "territory",
               "unmatched", "matched", "share", "stage", "seconds", "rule", "by", "of", "the",
               "and", "why", "what", "would", "help", "list", "backend", "gap", "status"}
    p = _parse(render_report(result, lang="fr"))
    words = {w for w in re.findall(r"[A-Za-z_]+", " ".join(p.headings).lower())}
    assert not words & english, words & english
    assert "Liste des binômes" in p.headings


def test_names_from_the_extra_columns() -> None:
    assert display_name({"Prénom": "Inès", "NOM": "Martin", "Téléphone": "06"}) == "Inès Martin"
    assert display_name({"prenom": "Inès"}) == "Inès"
    assert display_name({"Name": "Sam Lee"}) == "Sam Lee"
    assert display_name({"Téléphone": "06"}) is None
    assert display_name({}) is None

    from types import SimpleNamespace

    person = SimpleNamespace(extra={"Prénom": "Inès", "Nom": "Martin"})
    assert person_label("E1", person) == "E1 — Inès Martin"
    assert person_label("E1", object()) == "E1"
