"""The report's "Volunteers to recruit" section (:func:`mentormatch.recruitment`'s list).

Empty when no list is given, so the report is unchanged by default.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

__all__ = ["WORDS", "section"]

#: The section's words, in English and French.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Volunteers to recruit", "fr": "Bénévoles à recruter"},
    "note": {"en": "Each line was verified by re-solving the whole match with these volunteers "
                   "added (capacity of the median volunteer); gains are not additive.",
             "fr": "Chaque ligne a été vérifiée en re-résolvant tout l'appariement avec ces "
                   "bénévoles en plus (capacité du bénévole médian) ; les gains ne "
                   "s'additionnent pas."},
    "profile": {"en": "Profile", "fr": "Profil"},
    "gain": {"en": "Pupils matched", "fr": "Élèves appariés"},
    "priority": {"en": "of them priority", "fr": "dont prioritaires"},
    "weight": {"en": "Priority weight", "fr": "Poids de priorité"},
    "none": {"en": "No volunteer profile tried would match more pupils.",
             "fr": "Aucun profil de bénévole essayé n'apparierait plus d'élèves."},
}


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang, WORDS[key]["en"])


def section(items: Sequence[Any] | None, lang: str = "en") -> str:
    """The HTML section of a recruitment list (``""`` when ``items`` is None)."""
    if items is None:
        return ""
    head = f'<section id="recruitment"><h2>{html.escape(_w("title", lang))}</h2>'
    if not items:
        return head + f"<p>{html.escape(_w('none', lang))}</p></section>"
    cells = "".join(
        f"<tr><td>{html.escape(i.describe(lang))}</td><td>+{i.gain}</td>"
        f"<td>{i.gain_priority}</td><td>+{i.gain_weight}</td></tr>" for i in items)
    cols = "".join(f"<th>{html.escape(_w(k, lang))}</th>"
                   for k in ("profile", "gain", "priority", "weight"))
    return (head + f'<p class="note">{html.escape(_w("note", lang))}</p>'
            f"<table><thead><tr>{cols}</tr></thead><tbody>{cells}</tbody></table></section>")
