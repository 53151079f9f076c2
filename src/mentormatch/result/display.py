"""Notebook display of a match: short ``repr`` and a compact HTML card.

The card of a :class:`~mentormatch.result.model.MatchResult` holds counts,
coverage (plain and priority-weighted), the certificate, the main reasons of
the unmatched pupils and an inline SVG bar of coverage by priority tag — a few
kB whatever the number of pupils (the pairs themselves are in
``result.to_dataframe()``). Helpers and words: :mod:`mentormatch.domain._display`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from mentormatch.domain._display import bar_svg, card, esc, lang, number, percent, word

if TYPE_CHECKING:
    from mentormatch.result.document import CertificateDict
    from mentormatch.result.model import Certificate, MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = ["certificate_html", "certificate_repr", "certificate_text", "result_html",
           "result_repr", "summary_html", "summary_repr", "tag_coverage"]


def certificate_text(cert: Certificate | CertificateDict, language: str | None = None) -> str:
    """One line: ``optimal, proven (gap 0, 3 rounds, assignment)`` or the status.

    ``cert`` is the certificate or its dict (``summary["certificate"]``).
    """
    language = language or lang()
    c = cert if isinstance(cert, dict) else {
        "optimal": cert.optimal, "status": cert.status, "gap": cert.gap,
        "rounds": cert.rounds, "backend": cert.backend}
    head = word("optimal", language) if c["optimal"] else \
        f"{word('not_optimal', language)}: {c['status']}"
    return (f"{head} ({word('gap', language)} {c['gap']}, {c['rounds']} "
            f"{word('rounds', language)}, {c['backend']})")


def certificate_repr(cert: Certificate) -> str:
    """``Certificate(optimal=True, status='optimal', gap=0, rounds=3, backend='assignment')``."""
    return (f"Certificate(optimal={cert.optimal}, status={cert.status!r}, gap={cert.gap}, "
            f"objective={cert.objective}, rounds={cert.rounds}, backend={cert.backend!r})")


def certificate_html(cert: Certificate, language: str | None = None) -> str:
    """The certificate as a card."""
    language = language or lang()
    rows = [("status", esc(cert.status)), ("objective", number(cert.objective, language)),
            ("dual_bound", number(cert.dual_bound, language)), ("gap", str(cert.gap)),
            (word("rounds", language), str(cert.rounds)),
            ("pairs_priced", number(cert.pairs_priced, language)),
            ("backend", esc(cert.backend))]
    mark = "✔ " if cert.optimal else "✘ "
    return card(mark + word("certificate", language), rows)


def _share(a: int, b: int) -> float | None:
    return a / b if b else None


def tag_coverage(result: MatchResult) -> list[tuple[str, int, int]]:
    """``(tag, matched, total)`` per priority tag, most pupils first (empty without the problem)."""
    if result.problem is None:
        return []
    matched = {p.student_id for p in result.pairs}
    total: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for s in result.problem.students:
        for t in s.priority_tags:
            total[t] += 1
            done[t] += s.id in matched
    return [(t, done[t], n) for t, n in total.most_common()]


def result_repr(result: MatchResult) -> str:
    """``MatchResult(pairs=1533, unmatched=467, optimal=True, ...)``: counts, not pairs."""
    c = result.certificate
    return (f"MatchResult(pairs={len(result.pairs)}, unmatched={len(result.unmatched)}, "
            f"mentors={len(result.mentors)}, optimal={c.optimal}, status={c.status!r}, "
            f"matched_weight={result.matched_weight}, total_weight={result.total_weight})")


def result_html(result: MatchResult, language: str | None = None) -> str:
    """The match as a card (see the module documentation)."""
    language = language or lang()
    n = result.n_students
    used = sum(1 for m in result.mentors if m.load > 0)
    reasons: Counter[str] = Counter(u.reasons[0].code for u in result.unmatched if u.reasons)
    top = ", ".join(f"{esc(code)} {number(k, language)}" for code, k in reasons.most_common(3))
    cost = sum(p.cost for p in result.pairs) + sum(m.load_cost for m in result.mentors)
    rows = [
        (word("matched", language), f"<b>{number(len(result.pairs), language)}</b> / "
         f"{number(n, language)} ({percent(_share(len(result.pairs), n), language)})"),
        (word("weighted", language),
         percent(_share(result.matched_weight, result.total_weight), language)),
        (word("unmatched", language), number(len(result.unmatched), language)),
        (word("used", language), f"{number(used, language)} / "
         f"{number(len(result.mentors), language)}"),
        (word("cost", language), number(round(cost, 1), language)),
        (word("certificate", language), esc(certificate_text(result.certificate, language))),
        (word("reasons", language), top or esc(word("none", language))),
    ]
    bars = bar_svg(((t, m / k, f"{m}/{k}") for t, m, k in tag_coverage(result)),
                   word("coverage_by_tag", language))
    return card(word("result", language), rows, bars)


def summary_repr(summary: MatchSummary) -> str:
    """``Summary(matched=1533/2000, coverage=76.6 %, weighted=81.2 %, optimal=True)``."""
    st = summary["students"]
    cert = summary.get("certificate")

    def pct(x: float | None) -> str:
        return "None" if x is None else f"{100 * x:.1f} %"

    return (f"Summary(matched={st['matched']}/{st['total']}, coverage={pct(st['share'])}, "
            f"weighted={pct(st['weighted_share'])}, "
            f"priority={summary['priority_students']['matched']}/"
            f"{summary['priority_students']['total']}, "
            f"optimal={cert['optimal'] if cert else None})")


def summary_html(summary: MatchSummary, language: str | None = None) -> str:
    """The summary as a card, like the match's (:func:`result_html`), from the dict alone."""
    from mentormatch.result.summary import NONE_KEY

    language = language or lang()
    st, prio, mentors = summary["students"], summary["priority_students"], summary["mentors"]
    top = ", ".join(f"{esc(code)} {number(k, language)}"
                    for code, k in Counter(summary["reasons"]["main_code"]).most_common(3))
    cert = summary.get("certificate")
    rows = [
        (word("matched", language), f"<b>{number(st['matched'], language)}</b> / "
         f"{number(st['total'], language)} ({percent(st['share'], language)})"),
        (word("weighted", language), percent(st["weighted_share"], language)),
        (word("priority", language), f"{number(prio['matched'], language)} / "
         f"{number(prio['total'], language)} ({percent(prio['share'], language)})"),
        (word("unmatched", language), number(st["unmatched"], language)),
        (word("used", language), f"{number(mentors['used'], language)} / "
         f"{number(mentors['total'], language)}"),
        (word("cost", language), number(round(summary["cost"]["total"], 1), language)),
        (word("certificate", language),
         esc(certificate_text(cert, language)) if cert else "—"),
        (word("reasons", language), top or esc(word("none", language))),
    ]
    tags = sorted(((tag, c) for tag, c in summary["by_priority_tag"].items() if tag != NONE_KEY),
                  key=lambda kv: -kv[1]["total"])
    bars = bar_svg(((tag, c["share"] or 0.0, f"{c['matched']}/{c['total']}")
                    for tag, c in tags if c["total"]), word("coverage_by_tag", language))
    return card(word("summary", language), rows, bars)
