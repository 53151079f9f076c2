"""Report section "Changes since the last match" (with pairs in force only)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from mentormatch.i18n import fmt_int
from mentormatch.result.changes import CHANGE_KINDS, change_counts, words

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult

__all__ = ["MAX_ROWS", "section"]

#: Changes listed in the table (kept pairs are counted, not listed).
MAX_ROWS = 500


def section(result: MatchResult, lang: str = "en") -> str:
    """The HTML section of the changes, counts first; empty without pairs in force.

    Parameters
    ----------
    result : MatchResult
        A match made with ``previous=`` (or pairs in force in the files).
    lang : {"en", "fr"}
        Language of the words.
    """
    if not result.changes:
        return ""
    counts = change_counts(result.changes)
    cards = "".join(
        f'<div class="card"><div class="v">{fmt_int(counts[k], lang)}</div>'
        f'<div class="l">{html.escape(words(k, lang))}</div></div>' for k in CHANGE_KINDS)
    listed = [c for c in result.changes if c.kind != "kept"]
    rows = "".join(
        f"<tr><td>{html.escape(c.student_id)}</td><td>{html.escape(words(c.kind, lang))}</td>"
        f"<td>{html.escape(c.describe(lang))}</td>"
        f"<td>{html.escape(c.previous_mentor_id or '')} "
        f"{html.escape(str(c.previous_session or ''))}</td>"
        f"<td>{html.escape(c.mentor_id or '')} {html.escape(str(c.session or ''))}</td></tr>"
        for c in listed[:MAX_ROWS])
    more = (f"<p>{html.escape(words('more', lang, n=len(listed) - MAX_ROWS))}</p>"
            if len(listed) > MAX_ROWS else "")
    head = "".join(f"<th>{html.escape(words(k, lang))}</th>"
                   for k in ("student", "kind", "reason", "before", "after"))
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
             if rows else "")
    return (f'<section id="changes"><h2>{html.escape(words("title", lang))}</h2>'
            f'<div class="cards">{cards}</div>{table}{more}</section>')
