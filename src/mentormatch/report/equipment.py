"""The report's equipment section: what was lent from which stock, and what more would bring.

:func:`section` renders ``MatchResult.equipment`` (an empty string without it);
:func:`summary_line` is the command line's one-line account. Its words are
the catalogue's ``equipment.*`` keys (:mod:`mentormatch.i18n`).
"""

from __future__ import annotations

import html

from mentormatch.i18n import fmt_int, fmt_num, t
from mentormatch.result.model import MatchResult

__all__ = ["section", "summary_line"]

def _w(key: str, lang: str) -> str:
    return t(f"equipment.{key}", lang)


def _v(value: int | None, lang: str) -> str:
    """A verified marginal value, or a dash when that stock was not verified."""
    return "\u2013" if value is None else fmt_int(value, lang)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def summary_line(result: MatchResult, *, lang: str = "en") -> str:
    """One line: items lent, pupils reached, gap."""
    eq = result.equipment
    if eq is None:
        return ""
    return _w("line", lang).format(items=eq.items_lent,
                                   pupils=len({x.student_id for x in eq.loans}),
                                   gap=fmt_int(eq.gap, lang))


def section(result: MatchResult, lang: str = "en") -> str:
    """The ``<section id="equipment">`` of the report ("" without ``Problem.equipment``)."""
    eq = result.equipment
    if eq is None:
        return ""
    intro = _w("intro", lang).format(items=eq.items_lent,
                                     pupils=len({x.student_id for x in eq.loans}),
                                     objective=fmt_int(eq.objective, lang),
                                     bound=fmt_int(eq.bound, lang),
                                     kind=_w(f"kind_{eq.bound_kind}", lang),
                                     gap=fmt_int(eq.gap, lang))
    head = [_w(k, lang) for k in ("scope", "devices", "connections", "reached", "m_dev",
                                  "m_con")]
    rows = "".join(
        f"<tr><td>{_e(u.scope)}</td><td class=\"n\">{u.devices_lent} / {u.devices}</td>"
        f"<td class=\"n\">{u.connections_lent} / {u.connections}</td>"
        f"<td class=\"n\">{u.pupils_reached}</td>"
        f"<td class=\"n\">{_v(u.marginal_devices, lang)}</td>"
        f"<td class=\"n\">{_v(u.marginal_connections, lang)}</td></tr>" for u in eq.scopes)
    table = ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head)
             + f"</tr></thead><tbody>{rows}</tbody></table>")
    marg = ""
    if eq.marginals:
        mh = [_w(k, lang) for k in ("scope", "item", "gain_weight", "gain_pupils", "exact",
                                    "estimate")]
        mrows = "".join(
            f"<tr><td>{_e(m.scope)}</td><td>{_e(_w(m.item, lang))}</td>"
            f"<td class=\"n\">{fmt_int(m.gain_weight, lang)}</td>"
            f"<td class=\"n\">{fmt_int(m.gain_pupils, lang)}</td>"
            f"<td>{_e(_w('yes' if m.exact else 'no', lang))}</td>"
            f"<td class=\"n\">{fmt_num(m.rank, lang)}</td></tr>" for m in eq.marginals)
        marg = (f"<h3>{_e(_w('marginal_title', lang))}</h3>"
                f"<p class=\"note\">{_e(_w('marginal_note', lang))}</p><table><thead><tr>"
                + "".join(f"<th>{_e(h)}</th>" for h in mh)
                + f"</tr></thead><tbody>{mrows}</tbody></table>")
    return (f'<section id="equipment"><h2>{_e(_w("title", lang))}</h2><p>{_e(intro)}</p>'
            f"{table}{marg}</section>")
