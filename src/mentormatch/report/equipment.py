"""The report's equipment section: what was lent from which stock, and what more would bring.

:func:`section` renders ``MatchResult.equipment`` (an empty string without it);
:func:`summary_line` is the command line's one-line account. Words exist in
English and French (:data:`WORDS`, to move into the message catalogue).
"""

from __future__ import annotations

import html

from mentormatch.result.model import MatchResult

__all__ = ["WORDS", "section", "summary_line"]

#: Every word a reader sees, in English and French.
WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Equipment lent", "fr": "Équipement prêté"},
    "intro": {
        "en": "Tablets and 4G keys lent jointly with the pairing: {items} items to {pupils} "
              "pupils, who could not be paired remotely without them. Certificate: objective "
              "{objective}, bound {bound} ({kind}), gap {gap}.",
        "fr": "Tablettes et clés 4G prêtées en même temps que l'appariement : {items} "
              "équipements pour {pupils} élèves, qui ne pouvaient pas être suivis à distance "
              "sans eux. Certificat : objectif {objective}, borne {bound} ({kind}), écart {gap}."},
    "scope": {"en": "Stock", "fr": "Stock"},
    "devices": {"en": "Tablets (lent / available)", "fr": "Tablettes (prêtées / disponibles)"},
    "connections": {"en": "4G keys (lent / available)", "fr": "Clés 4G (prêtées / disponibles)"},
    "reached": {"en": "Pupils reached", "fr": "Élèves atteints"},
    "m_dev": {"en": "+1 tablet (est.)", "fr": "+1 tablette (est.)"},
    "m_con": {"en": "+1 key (est.)", "fr": "+1 clé (est.)"},
    "marginal_title": {"en": "What more equipment would bring (verified by re-solving)",
                       "fr": "Ce qu'apporterait plus d'équipement (vérifié en résolvant à "
                             "nouveau)"},
    "marginal_note": {
        "en": "Estimate: the Lagrange multiplier of the stock, in priority weight (one pupil "
              "weighs at least the base weight). Verified: the match re-solved with one more "
              "item.",
        "fr": "Estimation : le multiplicateur de Lagrange du stock, en poids de priorité (un "
              "élève pèse au moins le poids de base). Vérifié : l'appariement résolu à nouveau "
              "avec un équipement de plus."},
    "item": {"en": "Item", "fr": "Équipement"},
    "estimate": {"en": "Estimate (weight)", "fr": "Estimation (poids)"},
    "gain_weight": {"en": "Verified gain (weight)", "fr": "Gain vérifié (poids)"},
    "gain_pupils": {"en": "Verified gain (pupils)", "fr": "Gain vérifié (élèves)"},
    "device": {"en": "tablet", "fr": "tablette"},
    "connection": {"en": "4G key", "fr": "clé 4G"},
    "line": {"en": "Equipment: {items} items lent to {pupils} pupils (gap {gap}).",
             "fr": "Équipement : {items} équipements prêtés à {pupils} élèves (écart {gap})."},
}


def _w(key: str, lang: str) -> str:
    return WORDS[key]["fr" if lang == "fr" else "en"]


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def summary_line(result: MatchResult, *, lang: str = "en") -> str:
    """One line: items lent, pupils reached, gap."""
    eq = result.equipment
    if eq is None:
        return ""
    return _w("line", lang).format(items=eq.items_lent,
                                   pupils=len({x.student_id for x in eq.loans}), gap=eq.gap)


def section(result: MatchResult, lang: str = "en") -> str:
    """The ``<section id="equipment">`` of the report ("" without ``Problem.equipment``)."""
    eq = result.equipment
    if eq is None:
        return ""
    intro = _w("intro", lang).format(items=eq.items_lent,
                                     pupils=len({x.student_id for x in eq.loans}),
                                     objective=eq.objective, bound=eq.bound,
                                     kind=eq.bound_kind, gap=eq.gap)
    head = [_w(k, lang) for k in ("scope", "devices", "connections", "reached", "m_dev",
                                  "m_con")]
    rows = "".join(
        f"<tr><td>{_e(u.scope)}</td><td class=\"n\">{u.devices_lent} / {u.devices}</td>"
        f"<td class=\"n\">{u.connections_lent} / {u.connections}</td>"
        f"<td class=\"n\">{u.pupils_reached}</td><td class=\"n\">{u.marginal_devices:.2f}</td>"
        f"<td class=\"n\">{u.marginal_connections:.2f}</td></tr>" for u in eq.scopes)
    table = ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head)
             + f"</tr></thead><tbody>{rows}</tbody></table>")
    marg = ""
    if eq.marginals:
        mh = [_w(k, lang) for k in ("scope", "item", "estimate", "gain_weight", "gain_pupils")]
        mrows = "".join(
            f"<tr><td>{_e(m.scope)}</td><td>{_e(_w(m.item, lang))}</td>"
            f"<td class=\"n\">{m.estimate:.2f}</td><td class=\"n\">{m.gain_weight}</td>"
            f"<td class=\"n\">{m.gain_pupils}</td></tr>" for m in eq.marginals)
        marg = (f"<h3>{_e(_w('marginal_title', lang))}</h3>"
                f"<p class=\"note\">{_e(_w('marginal_note', lang))}</p><table><thead><tr>"
                + "".join(f"<th>{_e(h)}</th>" for h in mh)
                + f"</tr></thead><tbody>{mrows}</tbody></table>")
    return (f'<section id="equipment"><h2>{_e(_w("title", lang))}</h2><p>{_e(intro)}</p>'
            f"{table}{marg}</section>")
