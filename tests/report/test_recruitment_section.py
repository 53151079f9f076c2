"""The report's "Volunteers to recruit" section (report/recruitment.py)."""

from __future__ import annotations

import mentormatch as mm
from mentormatch.report.html import render_report
from mentormatch.report.recruitment import section
from mentormatch.synth import generate


def test_section_only_when_given_and_in_both_languages() -> None:
    problem = generate(150, seed=4)
    result = mm.match(problem)
    assert section(None) == ""
    plain = render_report(result)
    assert 'id="recruitment"' not in plain
    items = mm.recruitment(problem, result, top=2)
    fr = render_report(result, lang="fr", recruitment=items)
    en = render_report(result, lang="en", recruitment=items)
    assert "Bénévoles à recruter" in fr
    assert "Volunteers to recruit" in en
    for item in items:
        assert item.describe("fr").replace("'", "&#x27;") in fr
    assert "Aucun profil" in section([], "fr")
