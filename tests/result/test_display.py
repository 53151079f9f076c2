"""Notebook display: short reprs and compact HTML cards (issue 19, item 1)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import mentormatch as mm


@pytest.fixture(scope="module")
def solved() -> tuple[mm.Problem, mm.MatchResult]:
    problem = mm.synth.generate(400, seed=5)
    return problem, mm.match(problem)


def _svg(html: str) -> ET.Element:
    start = html.index("<svg")
    return ET.fromstring(html[start: html.index("</svg>") + 6])


def test_problem_repr_and_card(solved: tuple[mm.Problem, mm.MatchResult]) -> None:
    problem, _ = solved
    assert repr(problem) == "Problem(students=400, mentors=220, policy=Policy())"
    html = problem._repr_html_()
    assert len(html.encode()) < 20_000
    assert "400" in html
    assert "220" in html
    svg = _svg(html)  # well-formed; one bar per priority tag present
    tags = {t for s in problem.students for t in s.priority_tags}
    assert len([r for r in svg.iter("{http://www.w3.org/2000/svg}rect")]) == 2 * len(tags)
    assert "s_0" not in html  # no pupil is listed


def test_result_repr_and_card(solved: tuple[mm.Problem, mm.MatchResult]) -> None:
    _, result = solved
    text = repr(result)
    assert text.startswith(f"MatchResult(pairs={len(result.pairs)}, ")
    assert len(text) < 300
    html = result._repr_html_()
    assert len(html.encode()) < 20_000
    assert f"{len(result.pairs)}</b> / 400" in html
    assert "optimal, proven" in html
    top = result.unmatched[0].reasons[0].code if result.unmatched else None
    if top is not None:
        assert any(u.reasons[0].code in html for u in result.unmatched)
    _svg(html)


def test_card_size_does_not_grow_with_pupils() -> None:
    small = mm.synth.generate(50, seed=1)
    large = mm.synth.generate(3000, seed=1)
    a, b = len(small._repr_html_()), len(large._repr_html_())
    assert b < a + 400  # only digits grow


def test_certificate_and_policy(solved: tuple[mm.Problem, mm.MatchResult]) -> None:
    _, result = solved
    cert = result.certificate
    assert repr(cert).startswith("Certificate(optimal=True, status='optimal', gap=0")
    assert "✔" in cert._repr_html_()
    policy = mm.Policy(default_travel_km=5)
    assert repr(policy) == "Policy(default_travel_km=5.0)"
    assert "default_travel_km" in policy._repr_html_()
    assert "defaults" in mm.Policy()._repr_html_()


def test_french_cards(solved: tuple[mm.Problem, mm.MatchResult],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    problem, result = solved
    monkeypatch.setenv("MENTORMATCH_LANG", "fr")
    assert "élèves" in problem._repr_html_()
    html = result._repr_html_()
    assert "appariés" in html
    assert "optimal, prouvé" in html


def test_html_escapes_user_text() -> None:
    policy = mm.Policy(priority_weights={"<script>": 5})
    html = policy._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
