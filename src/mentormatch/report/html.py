"""A self-contained HTML report of a match, for coordinators, to read and to print.

One file, no JavaScript, no network access: styles are inline and charts are
SVG drawn here. Every word comes from the message catalogue
(:mod:`mentormatch.i18n`), in the report's language. Sections (each an
``<section id=...>``), in :data:`SECTIONS` order:

* ``overview`` — pupils matched (overall and priority pupils), volunteers
  used, places filled, the certificate in plain words, the main reasons;
* ``pairs`` — every pair, by association then territory (names from the
  people's extra columns when present): :mod:`mentormatch.report.pairs`;
* ``unmatched`` — the unmatched pupils, highest priority first, with their
  reasons and what would help: :mod:`mentormatch.report.unmatched`;
* ``reasons`` — why pupils are unmatched: reason codes in words, the hard
  rules that eliminated volunteers;
* ``territory``, ``priority``, ``level``, ``subject`` — coverage (matched /
  total / share, priority-weighted share) with a bar chart;
* ``mentors`` — volunteer utilisation: load distribution, idle and full
  volunteers, by association;
* ``certificate`` — the optimality certificate, explained;
* ``timings`` — seconds per stage.

Printing (``@media print``): A4, no navigation and no charts (their tables
stay), the summary alone on page 1, each part (pairs, unmatched pupils,
details) from a new page, table rows never split and table headers repeated
on each page.

A new section is a function ``(result, summary, lang) -> str`` (the HTML of
one ``<section>``, or ``""``) appended to :data:`SECTIONS` by one line; a
section written as ``section(result, lang)`` is added as
``lambda r, s, lang: module.section(r, lang)``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.i18n import fmt_int, fmt_num, fmt_pct, t
from mentormatch.report import pairs as _pairs
from mentormatch.report import unmatched as _unmatched
from mentormatch.report._people import tag_label
from mentormatch.report.equipment import section as equipment_section
from mentormatch.report.recruitment import section as recruitment_section
from mentormatch.result.labels import reason_label, rule_label
from mentormatch.result.summary import NONE_KEY, summarize

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import Coverage, MatchSummary

__all__ = ["SECTIONS", "Section", "render_report", "write_report"]

#: A section of the report: ``(result, summary, lang) -> HTML`` of one ``<section>``.
Section = Callable[["MatchResult", "MatchSummary", str], str]

_MATCHED = "#2e7d5b"
_UNMATCHED = "#d9822b"
_NEUTRAL = "#4a6fa5"
_MAX_BARS = 25

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;
color:#1d2733;background:#f5f7fa;line-height:1.4}
header{background:#1f3a5f;color:#fff;padding:1.2rem 2rem}
header h1{margin:0;font-size:1.6rem}
header p{margin:.3rem 0 0;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border-radius:8px;padding:1rem 1.4rem;margin:1rem 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:1.25rem;margin:.2rem 0 .8rem;color:#1f3a5f}
h3{font-size:1rem;margin:1rem 0 .4rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}
.card{flex:1 1 180px;border:1px solid #dde3ea;border-radius:8px;padding:.7rem 1rem}
.card .v{font-size:1.6rem;font-weight:600}
.card .l{font-size:.85rem;color:#566}
.ok{color:#2e7d5b}.bad{color:#b3261e}
.plain{font-size:1.05rem;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.4rem 0}
th,td{border-bottom:1px solid #e4e8ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f7}
table.pairs tbody th{background:none;font-weight:600;white-space:nowrap}
table.pairs tr.first td,table.pairs tr.first th{border-top:1px solid #9aa8b8}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;
vertical-align:-1px;border-radius:2px}
.note{font-size:.85rem;color:#566}
.tags{font-size:.8em;color:#566}
svg{max-width:100%;height:auto}
nav a{color:#fff;margin-right:1rem;font-size:.9rem}
.printonly{display:none}
@page{size:A4;margin:12mm 10mm}
@media print{
body{background:#fff;font-size:9pt;line-height:1.15}
nav,.chart,.legend,.noprint{display:none}
header{background:none;color:#000;padding:0 0 2mm;border-bottom:1px solid #000}
header h1{font-size:14pt}
main{max-width:none;padding:0}
section{box-shadow:none;border-radius:0;padding:0;margin:0 0 4mm}
section.part{break-before:page}
h2{font-size:12pt;margin:0 0 2mm;break-after:avoid}
h3{font-size:10pt;margin:3mm 0 1mm;break-after:avoid}
table{font-size:7.5pt;margin:1mm 0}
th,td{padding:.2mm 1mm}
tr,td,th{break-inside:avoid}
thead{display:table-header-group}
.card{padding:1mm 2mm;flex:1 1 28%}
.card .v{font-size:13pt}
footer{display:none}
table.printonly{display:table}
table.pairs td{white-space:nowrap}
table.unmatched{table-layout:fixed}
table.unmatched th:nth-child(1){width:21%}table.unmatched th:nth-child(2){width:5%}
table.unmatched th:nth-child(3){width:17%}table.unmatched th:nth-child(4){width:24%}
#territory td:first-child,#subject td:first-child{white-space:nowrap}
.note,p{font-size:8pt}
.plain{font-size:11pt}
}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(share: float | None, lang: str = "en") -> str:
    return fmt_pct(share, lang)


def _num(n: float | int | None, lang: str = "en") -> str:
    # Thousands by narrow no-break spaces in both languages, as the report always wrote them.
    if n is None:
        return "—"
    if isinstance(n, float) and not n.is_integer():
        return fmt_num(n, "fr") if lang == "fr" else f"{n:,.2f}".replace(",", "\u202f")
    return fmt_int(n, "fr")


# --- SVG charts ------------------------------------------------------------------------------


def _hbar_chart(rows: Sequence[tuple[str, Sequence[float]]], colors: Sequence[str],
                *, title: str, value_suffix: Sequence[str] | None = None,
                lang: str = "en") -> str:
    """A horizontal (stacked) bar chart as inline SVG.

    ``rows`` are (label, values); the values of a row are stacked in ``colors`` order.
    """
    if not rows:
        return f'<p class="note">{_e(t("report.no_data", lang))}</p>'
    label_w, bar_w, right_w, bar_h, gap = 230, 500, 130, 18, 6
    width = label_w + bar_w + right_w
    height = len(rows) * (bar_h + gap) + gap
    top = max((sum(v) for _, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    for i, (label, values) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" '
            f'font-size="12" fill="#1d2733">{_e(short)}</text>'
        )
        x = float(label_w)
        for value, color in zip(values, colors, strict=False):
            w = bar_w * value / top
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{color}"><title>{_e(label)}: {_e(_num(value))}</title></rect>'
                )
            x += w
        total = sum(values)
        suffix = value_suffix[i] if value_suffix is not None else ""
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_h - 4}" font-size="12" fill="#445">'
            f"{_e(_num(total))}{_e(suffix)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return '<p class="legend">' + "".join(
        f'<span><i style="background:{c}"></i>{_e(t)}</span>' for t, c in items
    ) + "</p>"


def _donut(share: float | None, label: str) -> str:
    """A small ring showing a share, as inline SVG."""
    s = 0.0 if share is None else max(0.0, min(1.0, share))
    r, c = 34, 2 * 3.141592653589793 * 34
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="90" viewBox="0 0 90 90" '
        f'role="img" aria-label="{_e(label)}"><title>{_e(label)}</title>'
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="#e6e9ee" stroke-width="12"/>'
        f'<circle cx="45" cy="45" r="{r}" fill="none" stroke="{_MATCHED}" stroke-width="12" '
        f'stroke-dasharray="{c * s:.1f} {c:.1f}" transform="rotate(-90 45 45)"/>'
        f'<text x="45" y="50" text-anchor="middle" font-size="15" font-weight="600">'
        f"{_e(f'{100 * s:.0f}%')}</text></svg>"
    )


# --- tables ----------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]],
           numeric: Sequence[bool] | None = None) -> str:
    numeric = numeric or [False] * len(headers)
    head = "".join(f'<th class="n">{_e(h)}</th>' if n else f"<th>{_e(h)}</th>"
                   for h, n in zip(headers, numeric, strict=False))
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{_e(c)}</td>' if n else f"<td>{_e(c)}</td>"
                         for c, n in zip(row, numeric, strict=False)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _coverage_section(sid: str, groups: Mapping[str, Coverage], lang: str, note: str = "",
                      label: Callable[[str], str] = str) -> str:
    title = t(f"report.coverage.{sid}", lang)
    items = list(groups.items())
    shown = items[:_MAX_BARS]
    chart = _hbar_chart(
        [(label(k), (g["matched"], g["unmatched"])) for k, g in shown],
        (_MATCHED, _UNMATCHED),
        title=t("report.coverage.chart", lang, title=title),
        value_suffix=[f"  ({_pct(g['share'], lang)})" for _, g in shown], lang=lang,
    )
    more = (f'<p class="note noprint">'
            f"{_e(t('report.coverage.more', lang, k=_MAX_BARS, n=len(items)))}</p>"
            if len(items) > _MAX_BARS else "")
    table = _table(
        [t(f"report.coverage.h_{sid}", lang), t("report.col.pupils", lang),
         t("report.col.matched", lang), t("report.col.unmatched", lang),
         t("report.col.share", lang), t("report.col.weighted", lang)],
        [(label(k), _num(g["total"]), _num(g["matched"]), _num(g["unmatched"]),
          _pct(g["share"], lang), _pct(g["weighted_share"], lang)) for k, g in items],
        [False, True, True, True, True, True],
    )
    note_html = f'<p class="note">{_e(note)}</p>' if note else ""
    return (f'<section id="{sid}"><h2>{_e(title)}</h2>{note_html}'
            + _legend([(t("report.legend.matched", lang), _MATCHED),
                       (t("report.legend.unmatched", lang), _UNMATCHED)])
            + chart + more + table + "</section>")


def _rounds(n: int, lang: str, prefix: str) -> str:
    return t(f"{prefix}.round" if n == 1 else f"{prefix}.rounds", lang, n=n)


def _overview(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    st, pr, me = summary["students"], summary["priority_students"], summary["mentors"]
    cert = result.certificate
    if cert.optimal:
        opt = f'<span class="ok">{_e(t("report.verdict.optimal", lang))}</span>'
        plain = t("report.plain.optimal", lang)
    elif cert.status == "time_limit":
        opt = f'<span class="bad">{_e(t("report.verdict.time_limit", lang))}</span>'
        plain = t("report.plain.time_limit", lang)
    else:
        opt = f'<span class="bad">{_e(cert.status)}</span>'
        plain = t("report.plain.failed", lang, status=cert.status)
    cards = [
        (f"{_num(st['matched'])} / {_num(st['total'])}", "pupils"),
        (_pct(st["share"], lang), "share"),
        (f"{_num(pr['matched'])} / {_num(pr['total'])}", "priority"),
        (_pct(st["weighted_share"], lang), "weighted"),
        (f"{_num(me['used'])} / {_num(me['total'])}", "volunteers"),
        (f"{_num(me['load'])} / {_num(me['capacity'])}", "places"),
    ]
    html_cards = "".join(
        f'<div class="card"><div class="v">{_e(v)}</div>'
        f'<div class="l">{_e(t(f"report.card.{k}", lang))}</div></div>'
        for v, k in cards
    )
    donut = _donut(st["share"], t("report.overview.donut", lang))
    line = t("report.result_line", lang, verdict="\x00", gap=_num(cert.gap),
             rounds=_rounds(cert.rounds, lang, "report"), backend=cert.backend)
    before, after = line.split("\x00")
    parts = [
        f'<section id="overview"><h2>{_e(t("report.overview.title", lang))}</h2>',
        f'<p class="plain">{_e(plain)}</p>',
        f'<div class="cards"><div class="card noprint">{donut}</div>{html_cards}</div>',
        f"<p>{_e(before)}{opt}{_e(after)}</p>",
    ]
    n_unmatched = st["unmatched"]
    if n_unmatched:
        codes = summary["reasons"]["codes"]
        parts.append(f"<p>{_e(t('report.overview.unmatched', lang, n=n_unmatched))}</p>"
                     f"<h3>{_e(t('report.overview.main_reasons', lang))}</h3><ul>"
                     + "".join(f"<li>{_e(_num(v))} × {_e(reason_label(k, lang))}</li>"
                               for k, v in codes.items()) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def _mentors_section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    me = summary["mentors"]
    dist = me["load_distribution"]
    load_chart = _hbar_chart(
        [(t("report.mentors.pupil" if k == "1" else "report.mentors.pupils", lang, k=k), (v,))
         for k, v in dist.items()],
        (_NEUTRAL,), title=t("report.mentors.per_chart", lang), lang=lang,
    )
    util = me["utilisation_distribution"]
    util_chart = _hbar_chart(
        [(t("report.mentors.of_capacity", lang, k=k), (v,)) for k, v in util.items()],
        (_NEUTRAL,), title=t("report.mentors.share_chart", lang), lang=lang,
    )
    assoc = _table(
        [t(f"report.mentors.h_{k}", lang)
         for k in ("association", "volunteers", "places", "pupils", "idle", "utilisation")],
        [(k, _num(v["mentors"]), _num(v["capacity"]), _num(v["load"]), _num(v["idle"]),
          _pct(v["load"] / v["capacity"] if v["capacity"] else None, lang))
         for k, v in me["by_association"].items()],
        [False, True, True, True, True, True],
    )
    idle = ""
    if me["idle"]:
        ids = ", ".join(me["idle_ids"]) + (" …" if me["idle"] > len(me["idle_ids"]) else "")
        idle = f'<p class="note">{_e(t("report.mentors.idle", lang, ids=ids))}</p>'
    intro = t("report.mentors.intro", lang, n=_num(me["total"]), capacity=_num(me["capacity"]),
              load=_num(me["load"]), share=_pct(me["utilisation"], lang),
              idle=_num(me["idle"]), full=_num(me["full"]))
    return (
        f'<section id="mentors"><h2>{_e(t("report.mentors.title", lang))}</h2>'
        f"<p>{_e(intro)}</p>"
        f'<h3 class="noprint">{_e(t("report.mentors.per", lang))}</h3>' + load_chart
        + f'<h3 class="noprint">{_e(t("report.mentors.share", lang))}</h3>' + util_chart
        + f'<h3>{_e(t("report.mentors.by_association", lang))}</h3>' + assoc + idle
        + "</section>"
    )


def _reasons_section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    rs = summary["reasons"]
    n_unmatched = summary["students"]["unmatched"]
    title = t("report.reasons.title", lang)
    cls = ' class="part"'
    if not n_unmatched:
        return (f'<section id="reasons"{cls}><h2>{_e(title)}</h2>'
                f"<p>{_e(t('report.reasons.all', lang))}</p></section>")
    codes_chart = _hbar_chart(
        [(reason_label(k, lang), (v,)) for k, v in rs["main_code"].items()],
        (_UNMATCHED,), title=t("report.reasons.chart", lang), lang=lang,
    )
    codes_table = _table(
        [t("report.reasons.h_reason", lang), t("report.reasons.h_code", lang),
         t("report.reasons.h_pupils", lang)],
        [(reason_label(k, lang), k, _num(v)) for k, v in rs["codes"].items()],
        [False, False, True],
    )
    parts = [
        f'<section id="reasons"{cls}><h2>{_e(title)}</h2>',
        f"<p>{_e(t('report.reasons.intro', lang, n=_num(n_unmatched)))}</p>",
        codes_chart, codes_table,
    ]
    last = rs["no_candidate_last_rule"]
    if last:
        parts.append(
            f"<h3>{_e(t('report.reasons.last', lang))}</h3>"
            + _hbar_chart([(rule_label(k, lang), (v,)) for k, v in last.items()],
                          (_UNMATCHED,), title=t("report.reasons.last_chart", lang),
                          lang=lang)
            + _table([t("report.reasons.h_rule", lang), t("report.reasons.h_code", lang),
                      t("report.reasons.h_pupils", lang)],
                     [(rule_label(k, lang), k, _num(v)) for k, v in last.items()],
                     [False, False, True]).replace("<table>", '<table class="printonly">')
        )
    elim = rs["volunteers_eliminated_by_rule"]
    if elim:
        parts.append(
            f"<h3>{_e(t('report.reasons.per_rule', lang))}</h3>"
            f'<p class="note">{_e(t("report.reasons.order", lang))}</p>'
            + _table([t("report.reasons.h_rule", lang), t("report.reasons.h_code", lang),
                      t("report.reasons.h_eliminated", lang)],
                     [(rule_label(k, lang), k, _num(v)) for k, v in elim.items()],
                     [False, False, True])
        )
    parts.append("</section>")
    return "".join(parts)


def _certificate_section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    c = result.certificate
    yes, no = t("report.yes", lang), t("report.no", lang)
    rows = [
        (t("report.certificate.optimal", lang), yes if c.optimal else no),
        (t("report.certificate.status", lang), c.status),
        (t("report.certificate.objective", lang), _num(c.objective)),
        (t("report.certificate.bound", lang), _num(c.dual_bound)),
        (t("report.certificate.gap", lang), _num(c.gap)),
        (t("report.certificate.rounds", lang), _num(c.rounds)),
        (t("report.certificate.priced", lang), _num(c.pairs_priced)),
        (t("report.certificate.arcs", lang), _num(c.arcs_solved)),
        (t("report.certificate.feasible", lang), _num(c.feasible_pairs)),
        (t("report.certificate.backend", lang), c.backend),
    ]
    explain = t("report.certificate.explain", lang)
    if c.status == "time_limit":
        explain += t("report.certificate.explain_time_limit", lang)
    return (f'<section id="certificate"><h2>{_e(t("report.certificate.title", lang))}</h2>'
            f'<p class="note">{_e(explain)}</p>' + _table(["", ""], rows) + "</section>")


def _timings_section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    tm = summary["timings"]
    if not tm:
        return ""
    return (f'<section id="timings"><h2>{_e(t("report.timings.title", lang))}</h2>'
            + _table([t("report.timings.stage", lang), t("report.timings.seconds", lang)],
                     [(k, fmt_num(v, lang, 3)) for k, v in tm.items()],
                     [False, True]) + "</section>")


def _territory(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    return _coverage_section("territory", summary["by_territory"], lang,
                             t("report.coverage.note_territory", lang, none=NONE_KEY))


def _priority(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    return _coverage_section("priority", dict(summary["by_priority_tag"]), lang,
                             t("report.coverage.note_priority", lang),
                             label=lambda k: tag_label(k, lang))


def _level(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    return _coverage_section("level", summary["by_level"], lang)


def _subject(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    return _coverage_section("subject", summary["by_subject"], lang,
                             t("report.coverage.note_subject", lang))


#: The sections of the report, in order. Add a section with one line (see the module notes).
def _changes_section(result: MatchResult, summary: MatchSummary, lang: str) -> str:
    from mentormatch.report import changes as _changes

    return _changes.section(result, lang)  # empty without pairs in force


SECTIONS: list[Section] = [
    _overview,
    _changes_section,
    _pairs.section,
    _unmatched.section,
    _reasons_section,
    _territory,
    _priority,
    _level,
    _subject,
    _mentors_section,
    _certificate_section,
    _timings_section,
]

_NAV = ("overview", "pairs", "unmatched", "reasons", "territory", "priority", "level",
        "subject", "mentors", "certificate")


def render_report(result: MatchResult, *, title: str | None = None,
                  lang: str = "en", subtitle: str | None = None,
                  summary: MatchSummary | None = None,
                  sources: Sequence[str] | None = None,
                  recruitment: Sequence[Any] | None = None) -> str:
    """Render the coordinator's report of a match as one self-contained HTML page.

    Parameters
    ----------
    result : MatchResult
        The match.
    title : str, optional
        Page title and heading (default: "mentormatch — pairing report" in
        the report's language).
    lang : {"en", "fr"}
        Language of every word of the page.
    subtitle : str, optional
        A line under the title; by default the numbers of pupils and
        volunteers, followed by ``sources``.
    summary : MatchSummary, optional
        :func:`mentormatch.result.summary.summarize` of ``result`` when the
        caller has it already (computed here otherwise).
    sources : sequence of str, optional
        Names of the input files, listed in the default subtitle.
    recruitment : sequence of RecruitmentItem, optional
        :func:`mentormatch.recruitment`'s list: adds the "Volunteers to recruit"
        section (:mod:`mentormatch.report.recruitment`).

    Returns
    -------
    str
        The HTML document: inline CSS and SVG only, no script, no external
        resource, so it opens offline in any browser and prints on A4.
    """
    if summary is None:
        summary = summarize(result)
    if title is None:
        title = t("report.title", lang)
    st = summary["students"]
    sub = subtitle if subtitle is not None else (
        t("report.subtitle", lang, n=_num(st["total"]), m=_num(summary["mentors"]["total"]))
        + (" — " + ", ".join(sources) if sources else "")
    )
    nav = "".join(f'<a href="#{sid}">{_e(t(f"report.nav.{sid}", lang))}</a>' for sid in _NAV)
    sections = [section(result, summary, lang) for section in SECTIONS]
    if recruitment:  # the verified volunteer profiles to recruit, after the unmatched pupils
        sections.insert(SECTIONS.index(_unmatched.section) + 1,
                        recruitment_section(recruitment, lang))
    # issue 18: what was lent and what more equipment would bring ("" without stock)
    sections.insert(SECTIONS.index(_certificate_section) + 1, equipment_section(result, lang))
    from mentormatch._version import __version__

    footer = (f'<footer><p class="note" style="text-align:center">'
              f"{_e(t('report.footer', lang, version=__version__))}</p></footer>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p>{_e(sub)}</p><nav>{nav}</nav></header>"
        f"<main>{''.join(sections)}</main>{footer}</body></html>\n"
    )


def write_report(result: MatchResult, path: str | Path, *,
                 title: str | None = None, lang: str = "en",
                 subtitle: str | None = None, summary: MatchSummary | None = None) -> Path:
    """Write :func:`render_report` to ``path`` atomically (temporary file then rename).

    Returns
    -------
    Path
        The file written.
    """
    from mentormatch.io.writers import atomic_write_text

    p = Path(path)
    atomic_write_text(p, render_report(result, title=title, lang=lang, subtitle=subtitle,
                                       summary=summary))
    return p
