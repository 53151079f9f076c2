"""A self-contained HTML report of a match, for coordinators.

One file, no JavaScript, no network access: styles are inline and charts are
SVG drawn here. Sections (each an ``<section id=...>``):

* ``overview`` — pupils matched (overall and priority pupils), volunteers
  used, places filled, whether the result is certified optimal;
* ``territory``, ``priority``, ``level``, ``subject`` — coverage (matched /
  total / share, priority-weighted share) with a bar chart;
* ``mentors`` — volunteer utilisation: load distribution, idle and full
  volunteers, by association;
* ``reasons`` — why pupils are unmatched: reason codes in words, the hard
  rules that eliminated volunteers;
* ``unmatched`` — the unmatched pupils with their reasons (first rows);
* ``certificate`` — the optimality certificate, explained;
* ``timings`` — seconds per stage.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.report.equipment import section as equipment_section
from mentormatch.result.labels import describe_reason, reason_label, rule_label
from mentormatch.result.summary import NONE_KEY, summarize

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import Coverage, MatchSummary

__all__ = ["render_report", "write_report"]

_MATCHED = "#2e7d5b"
_UNMATCHED = "#d9822b"
_NEUTRAL = "#4a6fa5"
_MAX_BARS = 25
_MAX_UNMATCHED_ROWS = 300

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
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.4rem 0}
th,td{border-bottom:1px solid #e4e8ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f7}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;
vertical-align:-1px;border-radius:2px}
.note{font-size:.85rem;color:#566}
svg{max-width:100%;height:auto}
nav a{color:#fff;margin-right:1rem;font-size:.9rem}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f} %"


def _num(n: float | int | None) -> str:
    if n is None:
        return "—"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.2f}".replace(",", "\u202f")
    return f"{int(n):,}".replace(",", "\u202f")


# --- SVG charts ------------------------------------------------------------------------------


def _hbar_chart(rows: Sequence[tuple[str, Sequence[float]]], colors: Sequence[str],
                *, title: str, value_suffix: Sequence[str] | None = None) -> str:
    """A horizontal (stacked) bar chart as inline SVG.

    ``rows`` are (label, values); the values of a row are stacked in ``colors`` order.
    """
    if not rows:
        return '<p class="note">No data.</p>'
    label_w, bar_w, right_w, bar_h, gap = 230, 500, 130, 18, 6
    width = label_w + bar_w + right_w
    height = len(rows) * (bar_h + gap) + gap
    top = max((sum(v) for _, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
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


def _coverage_section(sid: str, title: str, groups: Mapping[str, Coverage],
                      first_header: str, note: str = "") -> str:
    items = list(groups.items())
    shown = items[:_MAX_BARS]
    chart = _hbar_chart(
        [(k, (g["matched"], g["unmatched"])) for k, g in shown],
        (_MATCHED, _UNMATCHED),
        title=f"{title}: matched and unmatched pupils",
        value_suffix=[f"  ({_pct(g['share'])})" for _, g in shown],
    )
    more = (f'<p class="note">Chart shows the {_MAX_BARS} largest groups of {len(items)}; '
            "the table lists them all.</p>") if len(items) > _MAX_BARS else ""
    table = _table(
        [first_header, "Pupils", "Matched", "Unmatched", "Share matched",
         "Priority-weighted share"],
        [(k, _num(g["total"]), _num(g["matched"]), _num(g["unmatched"]), _pct(g["share"]),
          _pct(g["weighted_share"])) for k, g in items],
        [False, True, True, True, True, True],
    )
    note_html = f'<p class="note">{_e(note)}</p>' if note else ""
    return (f'<section id="{sid}"><h2>{_e(title)}</h2>{note_html}'
            + _legend([("matched", _MATCHED), ("unmatched", _UNMATCHED)])
            + chart + more + table + "</section>")


def _overview(summary: MatchSummary, result: MatchResult) -> str:
    st, pr, me = summary["students"], summary["priority_students"], summary["mentors"]
    cert = result.certificate
    if cert.optimal:
        opt = '<span class="ok">certified optimal</span>'
    elif cert.status == "time_limit":
        opt = '<span class="bad">stopped by the time limit, not proven optimal</span>'
    else:
        opt = f'<span class="bad">{_e(cert.status)}</span>'
    cards = [
        (f"{_num(st['matched'])} / {_num(st['total'])}", "pupils matched"),
        (_pct(st["share"]), "of pupils matched"),
        (f"{_num(pr['matched'])} / {_num(pr['total'])}", "priority pupils matched"),
        (_pct(st["weighted_share"]), "priority-weighted coverage"),
        (f"{_num(me['used'])} / {_num(me['total'])}", "volunteers with a pupil"),
        (f"{_num(me['load'])} / {_num(me['capacity'])}", "places filled"),
    ]
    html_cards = "".join(
        f'<div class="card"><div class="v">{_e(v)}</div><div class="l">{_e(lbl)}</div></div>'
        for v, lbl in cards
    )
    return (
        '<section id="overview"><h2>Overview</h2>'
        f'<div class="cards"><div class="card">{_donut(st["share"], "share of pupils matched")}'
        f'</div>{html_cards}</div>'
        f"<p>Result: {opt} (gap {_e(cert.gap)}; {_e(cert.rounds)} solve-and-price "
        f"round{'s' if cert.rounds != 1 else ''}; backend {_e(cert.backend)}).</p>"
        "</section>"
    )


def _mentors_section(summary: MatchSummary) -> str:
    me = summary["mentors"]
    dist = me["load_distribution"]
    load_chart = _hbar_chart(
        [(f"{k} pupil{'s' if k != '1' else ''}", (v,)) for k, v in dist.items()],
        (_NEUTRAL,), title="Volunteers by number of pupils",
    )
    util = me["utilisation_distribution"]
    util_chart = _hbar_chart(
        [(f"{k} of capacity", (v,)) for k, v in util.items()],
        (_NEUTRAL,), title="Volunteers by share of capacity used",
    )
    assoc = _table(
        ["Association", "Volunteers", "Places", "Pupils", "Idle volunteers", "Utilisation"],
        [(k, _num(v["mentors"]), _num(v["capacity"]), _num(v["load"]), _num(v["idle"]),
          _pct(v["load"] / v["capacity"] if v["capacity"] else None))
         for k, v in me["by_association"].items()],
        [False, True, True, True, True, True],
    )
    idle = ""
    if me["idle"]:
        ids = ", ".join(me["idle_ids"]) + (" …" if me["idle"] > len(me["idle_ids"]) else "")
        idle = f'<p class="note">Idle volunteers: {_e(ids)}</p>'
    return (
        '<section id="mentors"><h2>Volunteer utilisation</h2>'
        f"<p>{_num(me['total'])} volunteers offer {_num(me['capacity'])} places; "
        f"{_num(me['load'])} are filled ({_pct(me['utilisation'])}). "
        f"{_num(me['idle'])} volunteers have no pupil; {_num(me['full'])} are full.</p>"
        "<h3>Number of pupils per volunteer</h3>" + load_chart
        + "<h3>Share of capacity used</h3>" + util_chart
        + "<h3>By association</h3>" + assoc + idle + "</section>"
    )


def _reasons_section(summary: MatchSummary, lang: str) -> str:
    rs = summary["reasons"]
    n_unmatched = summary["students"]["unmatched"]
    if not n_unmatched:
        return ('<section id="reasons"><h2>Why pupils are unmatched</h2>'
                "<p>Every pupil is matched.</p></section>")
    codes_chart = _hbar_chart(
        [(reason_label(k, lang), (v,)) for k, v in rs["main_code"].items()],
        (_UNMATCHED,), title="Unmatched pupils by main reason",
    )
    codes_table = _table(
        ["Reason", "Code", "Pupils"],
        [(reason_label(k, lang), k, _num(v)) for k, v in rs["codes"].items()],
        [False, False, True],
    )
    parts = [
        '<section id="reasons"><h2>Why pupils are unmatched</h2>',
        f"<p>{_num(n_unmatched)} pupils have no volunteer. A pupil may have several reasons; "
        "the chart counts the main one.</p>",
        codes_chart, codes_table,
    ]
    last = rs["no_candidate_last_rule"]
    if last:
        parts.append(
            "<h3>Pupils with no possible volunteer: the rule that removed the last ones</h3>"
            + _hbar_chart([(rule_label(k, lang), (v,)) for k, v in last.items()],
                          (_UNMATCHED,), title="Last eliminating rule")
        )
    elim = rs["volunteers_eliminated_by_rule"]
    if elim:
        parts.append(
            "<h3>Volunteers eliminated per hard rule (summed over those pupils)</h3>"
            '<p class="note">Rules apply in a fixed order; each counts the volunteers '
            "still standing.</p>"
            + _table(["Rule", "Code", "Volunteers eliminated"],
                     [(rule_label(k, lang), k, _num(v)) for k, v in elim.items()],
                     [False, False, True])
        )
    parts.append("</section>")
    return "".join(parts)


def _unmatched_section(result: MatchResult, lang: str) -> str:
    students = ({s.id: s for s in result.problem.students}
                if result.problem is not None else {})
    rows = []
    ordered = sorted(result.unmatched, key=lambda u: (-u.weight, u.student_id))
    for u in ordered[:_MAX_UNMATCHED_ROWS]:
        s = students.get(u.student_id)
        terr = s.location.territory if s is not None and s.location is not None else None
        rows.append((
            u.student_id,
            s.level if s is not None else "",
            terr or "",
            ", ".join(s.priority_tags) if s is not None else "",
            "; ".join(describe_reason(r.code, r.details, lang) for r in u.reasons),
        ))
    more = ""
    if len(ordered) > _MAX_UNMATCHED_ROWS:
        more = (f'<p class="note">First {_MAX_UNMATCHED_ROWS} of {len(ordered)} (highest '
                "priority first); unmatched.csv lists them all.</p>")
    body = (_table(["Pupil", "Level", "Territory", "Priority tags", "Reasons"], rows)
            if rows else "<p>None.</p>")
    return ('<section id="unmatched"><h2>Unmatched pupils</h2>' + more + body
            + "</section>")


def _certificate_section(result: MatchResult) -> str:
    c = result.certificate
    rows = [
        ("Optimal", "yes" if c.optimal else "no"),
        ("Status", c.status),
        ("Objective (quantised cost units)", _num(c.objective)),
        ("Dual bound", _num(c.dual_bound)),
        ("Gap", _num(c.gap)),
        ("Solve-and-price rounds", _num(c.rounds)),
        ("Pruned pairs priced", _num(c.pairs_priced)),
        ("Arcs in the last network solved", _num(c.arcs_solved)),
        ("Feasible pupil–volunteer pairs", _num(c.feasible_pairs)),
        ("Backend", c.backend),
    ]
    explain = (
        "The objective first matches as many pupils as possible, weighted by priority, then "
        "minimises the total cost of the soft criteria. The dual bound is a lower bound on "
        "every possible solution; a gap of 0 with every pruned pair priced proves no other "
        "pairing is better."
    )
    if c.status == "time_limit":
        explain += (" This match was stopped by its time limit: the pairing is complete and "
                    "respects every rule, but it is not proven optimal; no pairing can have "
                    "an objective below the dual bound, so the gap bounds what was left.")
    return ('<section id="certificate"><h2>Certificate of optimality</h2>'
            f'<p class="note">{_e(explain)}</p>' + _table(["", ""], rows) + "</section>")


def _timings_section(summary: MatchSummary) -> str:
    t = summary["timings"]
    if not t:
        return ""
    return ('<section id="timings"><h2>Timings</h2>'
            + _table(["Stage", "Seconds"], [(k, f"{v:.3f}") for k, v in t.items()],
                     [False, True]) + "</section>")


def render_report(result: MatchResult, *, title: str = "mentormatch — pairing report",
                  lang: str = "en", subtitle: str | None = None,
                  summary: MatchSummary | None = None,
                  sources: Sequence[str] | None = None) -> str:
    """Render the coordinator's report of a match as one self-contained HTML page.

    Parameters
    ----------
    result : MatchResult
        The match.
    title : str
        Page title and heading.
    lang : {"en", "fr"}
        Language of the reason labels (the page text is English).
    subtitle : str, optional
        A line under the title; by default the numbers of pupils and
        volunteers, followed by ``sources``.
    summary : MatchSummary, optional
        :func:`mentormatch.result.summary.summarize` of ``result`` when the
        caller has it already (computed here otherwise).
    sources : sequence of str, optional
        Names of the input files, listed in the default subtitle.

    Returns
    -------
    str
        The HTML document: inline CSS and SVG only, no script, no external
        resource, so it opens offline in any browser.
    """
    if summary is None:
        summary = summarize(result)
    st = summary["students"]
    sub = subtitle if subtitle is not None else (
        f"{_num(st['total'])} pupils, {_num(summary['mentors']['total'])} volunteers"
        + (" — " + ", ".join(sources) if sources else "")
    )
    nav = "".join(
        f'<a href="#{sid}">{_e(label)}</a>' for sid, label in (
            ("overview", "Overview"), ("territory", "Territories"),
            ("priority", "Priority"), ("level", "Levels"), ("subject", "Subjects"),
            ("mentors", "Volunteers"), ("reasons", "Reasons"), ("unmatched", "Unmatched"),
            ("certificate", "Certificate"),
        )
    )
    by_tag = dict(summary["by_priority_tag"])
    sections = [
        _overview(summary, result),
        _coverage_section("territory", "Coverage by territory", summary["by_territory"],
                          "Territory",
                          f"Pupils without a territory code are under {NONE_KEY}."),
        _coverage_section("priority", "Coverage by priority tag", by_tag, "Priority tag",
                          "A pupil with several tags counts under each of them."),
        _coverage_section("level", "Coverage by school level", summary["by_level"], "Level"),
        _coverage_section("subject", "Coverage by main need", summary["by_subject"],
                          "Subject or theme", "Main need: the first subject the pupil asked for."),
        _mentors_section(summary),
        _reasons_section(summary, lang),
        _unmatched_section(result, lang),
        _certificate_section(result),
        equipment_section(result, lang),   # issue 18: "" without Problem.equipment
        _timings_section(summary),
    ]
    from mentormatch._version import __version__

    footer = (f'<footer><p class="note" style="text-align:center">Made with mentormatch '
              f"{_e(__version__)}: optimal pairing, certified by LP duality.</p></footer>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(title)}</h1><p>{_e(sub)}</p><nav>{nav}</nav></header>"
        f"<main>{''.join(sections)}</main>{footer}</body></html>\n"
    )


def write_report(result: MatchResult, path: str | Path, *,
                 title: str = "mentormatch — pairing report", lang: str = "en",
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
