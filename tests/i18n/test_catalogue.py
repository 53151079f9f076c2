"""The message catalogue: both languages everywhere, same placeholders, language choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentormatch import i18n
from mentormatch.i18n import CATALOGUE, fmt_int, fmt_num, fmt_pct, placeholders, t

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_message_has_both_languages_and_the_same_placeholders() -> None:
    for key, words in CATALOGUE.items():
        assert set(words) == {"en", "fr"}, key
        assert words["en"].strip(), key
        assert words["fr"].strip(), key
        if not key.startswith("argparse."):
            assert placeholders(words["en"]) == placeholders(words["fr"]), key
        else:  # argparse's own %-style words keep their %-placeholders
            assert re.findall(r"%\(\w+\)\w|%s", words["en"]) == \
                re.findall(r"%\(\w+\)\w|%s", words["fr"]), key


def test_every_documented_error_code_has_french_words() -> None:
    table = (DOCS / "input-format.md").read_text(encoding="utf-8")
    codes = re.findall(r"^\| `(\w+)` \|", table.split("| code | meaning |")[1], re.M)
    assert len(codes) > 30
    missing = [c for c in codes if f"error.{c}" not in CATALOGUE]
    assert not missing


def test_every_reason_code_and_priority_tag_has_words() -> None:
    from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS
    from mentormatch.result.codes import REASON_CODES

    for code in REASON_CODES:
        assert f"reason.{code}" in CATALOGUE
        assert code == "no_candidate" or f"action.{code}" in CATALOGUE  # no_candidate: by rule
    for tag in DEFAULT_PRIORITY_WEIGHTS:
        assert f"tag.{tag}" in CATALOGUE
    assert t("tag.no_device", "fr") == "sans équipement"


def test_every_rule_has_an_action() -> None:
    from mentormatch.candidates.rules import RULE_ORDER

    missing = [r for r in RULE_ORDER if r != "self" and f"action.{r}" not in CATALOGUE]
    assert not missing


def test_t_fills_placeholders_and_falls_back() -> None:
    assert t("progress.pairs", "fr", n=1533) == "1\u202f533 binômes"
    assert t("progress.pairs", "en", n=1533) == "1,533 pairs"
    assert t("no.such.key", "fr") == "no.such.key"
    with i18n.use_lang("fr"):
        assert t("report.nav.pairs") == "Binômes"
    assert t("report.nav.pairs") == "Pairs"


def test_add_refuses_a_conflict_and_accepts_new_words() -> None:
    i18n.add({"test.hello": {"en": "hello", "fr": "bonjour"}})
    assert t("test.hello", "fr") == "bonjour"
    with pytest.raises(ValueError, match="already defined"):
        i18n.add({"test.hello": {"en": "hi", "fr": "salut"}})
    with pytest.raises(ValueError, match="languages"):
        i18n.add({"test.only_en": {"en": "x"}})
    del CATALOGUE["test.hello"]


def test_french_numbers() -> None:
    assert fmt_int(1533, "fr") == "1\u202f533"
    assert fmt_int(1533, "en") == "1,533"
    assert fmt_pct(0.766, "fr") == "76,6\u202f%"
    assert fmt_pct(0.766, "en") == "76.6 %"
    assert fmt_num(1234.5, "fr") == "1\u202f234,50"
    assert fmt_pct(None, "fr") == "—"


@pytest.mark.parametrize(("explicit", "env", "lang_var", "expected"), [
    ("fr", "en", "en_US.UTF-8", "fr"),
    (None, "fr", "en_US.UTF-8", "fr"),
    (None, None, "fr_FR.UTF-8", "fr"),
    (None, None, "fr_BE", "fr"),
    (None, None, "de_DE.UTF-8", "en"),
    (None, None, "C", "en"),
    ("en", "fr", "fr_FR.UTF-8", "en"),
])
def test_language_choice(monkeypatch: pytest.MonkeyPatch, explicit: str | None,
                         env: str | None, lang_var: str, expected: str) -> None:
    for var in ("MENTORMATCH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    if env is not None:
        monkeypatch.setenv("MENTORMATCH_LANG", env)
    monkeypatch.setenv("LANG", lang_var)
    assert i18n.resolve_lang(explicit) == expected


def test_every_area_word_is_in_the_catalogue() -> None:
    """The words of cost criteria, template columns and engine stages live in the catalogue."""
    from mentormatch.candidates.costs import TERMS
    from mentormatch.io.columns import columns_of

    assert not [term.name for term in TERMS if f"criterion.{term.name}" not in CATALOGUE]
    missing = [c.name for kind in ("students", "mentors") for c in columns_of(kind)
               if f"template.column.{c.name}" not in CATALOGUE]
    assert not missing
    for stage in ("encode", "candidates", "solve", "pricing", "certify", "result"):
        assert f"progress.stage.{stage}" in CATALOGUE
    assert t("whatif.level", "fr", level="5e", way=t("whatif.way_up", "fr")).endswith(
        "(le niveau au-dessus)")


def test_no_module_keeps_its_own_words() -> None:
    """Every ``{"en": "...", "fr": "..."}`` of the package is in i18n/ (or a rule's Words).

    (``io/template.py`` keeps its example rows and sheet names by language: data of
    the file format, not words.)
    """
    src = Path(__file__).resolve().parents[2] / "src" / "mentormatch"
    hits = [str(p.relative_to(src)) for p in src.rglob("*.py")
            if '"en": "' in p.read_text(encoding="utf-8")
            and p.parent.name != "i18n" and p.parent.name != "rules"]
    assert hits == []
