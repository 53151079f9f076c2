"""Notebook display of the domain models: short ``repr`` and a compact HTML card.

Jupyter calls ``_repr_html_``; a card holds counts and a small inline SVG bar
chart, never the people themselves, so its size does not grow with the number
of pupils (a few kB at 30,000). The result's cards (:mod:`mentormatch.result.display`)
reuse the helpers here. Words exist in English and French (``MENTORMATCH_LANG=fr``),
as ``display.*`` keys of the message catalogue (:mod:`mentormatch.i18n`).
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mentormatch.i18n import t

if TYPE_CHECKING:
    from mentormatch.domain.policy import Policy
    from mentormatch.domain.problem import Problem

__all__ = ["bar_svg", "card", "lang", "policy_changes", "policy_html", "policy_repr",
           "problem_html", "problem_repr", "word"]

_STYLE = ("font-family:system-ui,sans-serif;font-size:13px;border:1px solid #ccc;"
          "border-radius:6px;padding:8px 12px;max-width:640px;display:inline-block")


def lang() -> str:
    """The display language: ``MENTORMATCH_LANG`` if it is ``fr``, else English."""
    return "fr" if os.environ.get("MENTORMATCH_LANG", "").lower().startswith("fr") else "en"


def word(key: str, language: str | None = None) -> str:
    """The catalogue's ``display.<key>`` in ``language`` (default: :func:`lang`)."""
    return t(f"display.{key}", language or lang())


def esc(value: Any) -> str:
    """HTML-escaped text of a value."""
    return html.escape(str(value), quote=True)


def number(n: float, language: str) -> str:
    """A count with thousands separated (``1,533`` or ``1 533``)."""
    text = f"{n:,}" if isinstance(n, int) else f"{n:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",") if language == "fr" else text


def percent(share: float | None, language: str) -> str:
    """A share as a percentage (``76.6 %``), or an em dash."""
    if share is None:
        return "—"
    text = f"{100 * share:.1f}\u00a0%"
    return text.replace(".", ",") if language == "fr" else text


def card(title: str, rows: Sequence[tuple[str, str]], extra: str = "") -> str:
    """A compact HTML card: a title, a two-column table of ``(label, value)``, extra HTML."""
    body = "".join(f"<tr><td style='padding:1px 12px 1px 0;color:#555'>{esc(k)}</td>"
                   f"<td style='padding:1px 0'>{v}</td></tr>" for k, v in rows)
    return (f"<div style='{_STYLE}'><b>{esc(title)}</b>"
            f"<table style='border-collapse:collapse;margin:4px 0'>{body}</table>{extra}</div>")


def bar_svg(items: Iterable[tuple[str, float, str]], title: str, *, width: int = 360,
            limit: int = 10) -> str:
    """A small inline SVG of horizontal bars: ``(label, share in [0, 1], text)`` per bar.

    At most ``limit`` bars (the first ones); a bar per group, never per person.
    """
    rows = list(items)[:limit]
    if not rows:
        return ""
    h = 16
    label_w = 130
    bar_w = width - label_w - 70
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' "
             f"height='{h * len(rows) + 18}' role='img' aria-label='{esc(title)}'>"
             f"<text x='0' y='11' font-size='11' fill='#555'>{esc(title)}</text>"]
    for i, (label, share, text) in enumerate(rows):
        y = 16 + i * h
        w = max(0.0, min(1.0, share)) * bar_w
        parts.append(
            f"<text x='0' y='{y + 11}' font-size='11'>{esc(label[:22])}</text>"
            f"<rect x='{label_w}' y='{y + 2}' width='{bar_w}' height='{h - 5}' fill='#eee'/>"
            f"<rect x='{label_w}' y='{y + 2}' width='{w:.1f}' height='{h - 5}' fill='#3b7dd8'/>"
            f"<text x='{label_w + bar_w + 4}' y='{y + 11}' font-size='11'>{esc(text)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def policy_changes(policy: Policy) -> dict[str, Any]:
    """The policy's fields that differ from :class:`~mentormatch.Policy`'s defaults."""
    from mentormatch.domain.policy import Policy

    default = Policy().model_dump()
    here = policy.model_dump()
    return {k: v for k, v in here.items() if default.get(k) != v}


def policy_repr(policy: Policy) -> str:
    """``Policy()`` or ``Policy(default_travel_km=5.0, ...)``: only what differs from defaults."""
    changed = policy_changes(policy)
    inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
    return f"Policy({inner[:300] + ' ...' if len(inner) > 300 else inner})"


def policy_html(policy: Policy, language: str | None = None) -> str:
    """The policy as a card: the fields that differ from the defaults."""
    language = language or lang()
    changed = policy_changes(policy)
    rows = [(k, esc(repr(v))[:200]) for k, v in changed.items()]
    if not rows:
        rows = [(word("changed", language), esc(word("policy_default", language)))]
    return card(word("policy", language), rows)


def problem_repr(problem: Problem) -> str:
    """``Problem(students=30000, mentors=9000, policy=Policy())``: counts, not people."""
    return (f"Problem(students={len(problem.students)}, mentors={len(problem.mentors)}, "
            f"policy={policy_repr(problem.policy)})")


def problem_html(problem: Problem, language: str | None = None) -> str:
    """The problem as a card: counts, pupils by priority tag (an SVG bar), policy changes."""
    language = language or lang()
    students = problem.students
    n = len(students)
    tags: Counter[str] = Counter(t for s in students for t in s.priority_tags)
    no_equipment = sum(1 for s in students if not (s.has_device and s.has_connection))
    remote = sum(1 for s in students if s.modality == "remote")
    rows = [
        (word("pupils", language), number(n, language)),
        (word("volunteers", language), number(len(problem.mentors), language)),
        (word("places", language), number(sum(m.capacity for m in problem.mentors), language)),
        (word("no_device", language), number(no_equipment, language)),
        (word("remote_only", language), number(remote, language)),
        (word("policy", language), esc(policy_repr(problem.policy))),
    ]
    bars = bar_svg(((t, c / n if n else 0.0, number(c, language))
                    for t, c in tags.most_common()), word("tags", language))
    return card(f"{word('problem', language)}", rows, bars)
