"""The report's list of pupils without a volunteer: highest priority first, with what would help."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from mentormatch.i18n import has, t
from mentormatch.report._people import person_label, tag_label
from mentormatch.result.labels import describe_reason, reason_label

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult, Unmatched
    from mentormatch.result.summary import MatchSummary

__all__ = ["MAX_ROWS", "action", "section"]

#: Most pupils listed in the report (``unmatched.csv`` lists them all).
MAX_ROWS = 300


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def action(u: Unmatched, lang: str) -> str:
    """What would help a pupil, from their reasons (``action.<rule or reason>`` words).

    A pupil with volunteers taken by others needs a place; a pupil with no
    possible volunteer needs what the rule that removed the last ones asks
    for (the last rule with eliminations, rules applying in a fixed order).
    """
    actions: list[str] = []
    for r in u.reasons:
        key = f"action.{r.code}"
        if r.code == "no_candidate":
            last = None
            for rule, n in (r.details.get("eliminated_by") or {}).items():
                if int(n) > 0:
                    last = str(rule)
            key = f"action.{last}" if last is not None else "action.other"
        text = t(key if has(key) else "action.other", lang)
        if text not in actions:
            actions.append(text)
    return "; ".join(actions)


def _reasons(u: Unmatched, lang: str) -> str:
    """The reasons in words; their details (volunteers per rule) are not printed."""
    out = []
    for r in u.reasons:
        label = reason_label(r.code, lang)
        full = describe_reason(r.code, r.details, lang)
        detail = full[len(label):] if full.startswith(label) else ""
        out.append(_e(label) + (f'<span class="noprint">{_e(detail)}</span>' if detail else ""))
    return "; ".join(out)


def section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    """The unmatched pupils (the first :data:`MAX_ROWS` by priority) and their reasons."""
    students = ({s.id: s for s in result.problem.students}
                if result.problem is not None else {})
    ordered = sorted(result.unmatched, key=lambda u: (-u.weight, u.student_id))
    rows = []
    for u in ordered[:MAX_ROWS]:
        s = students.get(u.student_id)
        terr = s.location.territory if s is not None and s.location is not None else None
        tags = ", ".join(tag_label(x, lang) for x in s.priority_tags) if s is not None else ""
        who = _e(person_label(u.student_id, s)) + (
            f'<br><span class="tags">{_e(tags)}</span>' if tags else "")
        rows.append(f"<tr><td>{who}</td><td>{_e(s.level if s is not None else '')}</td>"
                    f"<td>{_e(terr or '')}</td><td>{_reasons(u, lang)}</td>"
                    f"<td>{_e(action(u, lang))}</td></tr>")
    title = t("report.unmatched.title", lang)
    if not rows:
        return (f'<section id="unmatched" class="part"><h2>{_e(title)}</h2>'
                f"<p>{_e(t('report.unmatched.none', lang))}</p></section>")
    head = "".join(f"<th>{_e(t(f'report.unmatched.h_{k}', lang))}</th>"
                   for k in ("pupil", "level", "territory", "reasons", "action"))
    more = ""
    if len(ordered) > MAX_ROWS:
        more = (f'<p class="note">'
                f"{_e(t('report.unmatched.first', lang, k=MAX_ROWS, n=len(ordered)))}</p>")
    return (f'<section id="unmatched" class="part"><h2>{_e(title)}</h2>'
            f'<p class="note">{_e(t("report.unmatched.intro", lang))}</p>{more}'
            f'<table class="list unmatched"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></section>")
