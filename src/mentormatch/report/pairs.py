"""The report's list of pairs, grouped by association then territory, ready to print."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import TYPE_CHECKING

from mentormatch.i18n import fmt_num, t
from mentormatch.report._people import person_label

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult, Pair
    from mentormatch.result.summary import MatchSummary

__all__ = ["section"]


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def when(pair: Pair, lang: str) -> str:
    """Day and time of a pair's session in words: ``lundi 17:00–18:00``."""
    s = pair.session
    return t("report.pairs.time", lang, day=t(f"day.{s.weekday}", lang),
             start=_hhmm(s.start), end=_hhmm(s.end))


def section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    """Every pair, one line each: one table per association, rows by territory."""
    students = ({s.id: s for s in result.problem.students}
                if result.problem is not None else {})
    mentors = ({m.id: m for m in result.problem.mentors}
               if result.problem is not None else {})
    no_assoc = t("report.pairs.no_association", lang)
    no_terr = t("report.pairs.no_territory", lang)
    groups: dict[str, dict[str, list[Pair]]] = defaultdict(lambda: defaultdict(list))
    for p in result.pairs:
        s, m = students.get(p.student_id), mentors.get(p.mentor_id)
        assoc = (m.association if m is not None and m.association else None) or (
            getattr(s, "association", None) if s is not None else None) or no_assoc
        terr = (s.location.territory if s is not None and s.location is not None
                and s.location.territory else None) or no_terr
        groups[assoc][terr].append(p)
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in (
        "report.coverage.h_territory", "report.pairs.pupil", "report.pairs.volunteer",
        "report.pairs.subject", "report.pairs.when", "report.pairs.modality")) + \
        f'<th class="n">{_e(t("report.pairs.distance", lang))}</th>'
    parts = [f'<section id="pairs" class="part"><h2>{_e(t("report.pairs.title", lang))}</h2>',
             f'<p class="note">{_e(t("report.pairs.intro", lang, n=len(result.pairs)))}</p>']
    if not result.pairs:
        parts.append(f"<p>{_e(t('report.pairs.none', lang))}</p>")
    for assoc in sorted(groups, key=lambda a: (a == no_assoc, a.casefold())):
        by_terr = groups[assoc]
        n = sum(len(v) for v in by_terr.values())
        rows: list[str] = []
        for terr in sorted(by_terr, key=lambda x: (x == no_terr, x.casefold())):
            # The territory is written on its first row only: one line per pair.
            for i, p in enumerate(sorted(by_terr[terr], key=lambda p: p.student_id)):
                dist = "—" if p.modality == "remote" or p.distance_km is None else \
                    f"{fmt_num(p.distance_km, lang, 1)} km"
                first = ' class="first"' if i == 0 else ""
                rows.append(
                    f"<tr{first}><th>{_e(terr) if i == 0 else ''}</th>"
                    f"<td>{_e(person_label(p.student_id, students.get(p.student_id)))}</td>"
                    f"<td>{_e(person_label(p.mentor_id, mentors.get(p.mentor_id)))}</td>"
                    f"<td>{_e(p.subject)}</td><td>{_e(when(p, lang))}</td>"
                    f"<td>{_e(t(f'modality.{p.modality}', lang))}</td>"
                    f'<td class="n">{_e(dist)}</td></tr>')
        parts.append(f'<h3>{_e(t("report.pairs.group", lang, name=assoc, n=n))}</h3>'
                     f'<table class="list pairs"><thead><tr>{head}</tr></thead>'
                     f"<tbody>{''.join(rows)}</tbody></table>")
    parts.append("</section>")
    return "".join(parts)
