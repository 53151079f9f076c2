"""The report's "Volunteers to recruit" section (:func:`mentormatch.recruitment`'s list).

Empty when no list is given, so the report is unchanged by default.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from mentormatch.i18n import t

__all__ = ["section"]


def section(items: Sequence[Any] | None, lang: str = "en") -> str:
    """The HTML section of a recruitment list (``""`` when ``items`` is None)."""
    if items is None:
        return ""
    head = f'<section id="recruitment"><h2>{html.escape(t("report.recruit.title", lang))}</h2>'
    if not items:
        return head + f"<p>{html.escape(t('report.recruit.none', lang))}</p></section>"
    cells = "".join(
        f"<tr><td>{html.escape(i.describe(lang))}</td><td>+{i.gain}</td>"
        f"<td>{i.gain_priority}</td><td>+{i.gain_weight}</td></tr>" for i in items)
    cols = "".join(f"<th>{html.escape(t('report.recruit.' + k, lang))}</th>"
                   for k in ("profile", "gain", "priority", "weight"))
    return (head + f'<p class="note">{html.escape(t("report.recruit.note", lang))}</p>'
            f"<table><thead><tr>{cols}</tr></thead><tbody>{cells}</tbody></table></section>")
