"""The short printed summary of a match (shared by ``match`` and ``demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentormatch.i18n import fmt_int, fmt_num, fmt_pct, t
from mentormatch.result.labels import reason_label, rule_label

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = ["summary_lines"]


def summary_lines(result: MatchResult, summary: MatchSummary, *, lang: str = "en",
                  seconds: float | None = None, top_reasons: int = 3) -> list[str]:
    """Return the lines of the short summary printed after a match.

    Parameters
    ----------
    result : MatchResult
        The match.
    summary : MatchSummary
        :func:`mentormatch.result.summary.summarize` of ``result``.
    lang : {"en", "fr"}
        Language of every word and of the numbers (``1 533``, ``76,6 %`` in French).
    seconds : float, optional
        Time taken, printed when given.
    top_reasons : int
        How many reason codes to list.
    """
    st, pr, me = summary["students"], summary["priority_students"], summary["mentors"]
    c = result.certificate

    def n(x: int | float) -> str:
        return fmt_int(x, lang)

    def pct(share: float | None) -> str:
        return fmt_pct(share, lang)

    lines = [
        t("summary.pupils", lang, matched=n(st["matched"]), total=n(st["total"]),
          share=pct(st["share"]), weighted=pct(st["weighted_share"])),
        t("summary.priority", lang, matched=n(pr["matched"]), total=n(pr["total"]),
          share=pct(pr["share"])),
        t("summary.volunteers", lang, used=n(me["used"]), total=n(me["total"]),
          load=n(me["load"]), capacity=n(me["capacity"]), share=pct(me["utilisation"])),
        t("summary.certificate", lang, verdict=_verdict(c.optimal, c.status, lang),
          objective=n(c.objective), bound=n(c.dual_bound), gap=n(c.gap),
          rounds=t("summary.round" if c.rounds == 1 else "summary.rounds", lang,
                   n=str(c.rounds)),
          priced=n(c.pairs_priced), backend=c.backend),
    ]
    reasons = summary["reasons"]
    codes = list(reasons["codes"].items())[:top_reasons]
    if codes:
        head = t("summary.reasons_head", lang)
        for i, (code, count) in enumerate(codes):
            line = (head if i == 0 else " " * len(head)) + t(
                "summary.reason_line", lang, n=n(count), label=reason_label(code, lang),
                code=code)
            if code == "no_candidate" and reasons["no_candidate_last_rule"]:
                top = list(reasons["no_candidate_last_rule"].items())[:3]
                line += t("summary.last_rule", lang) + ", ".join(
                    f"{rule_label(r, lang)} {n(k)}" for r, k in top)
            lines.append(line)
    elif st["total"]:
        lines.append(t("summary.all_matched", lang))
    if seconds is not None:
        lines.append(t("summary.time", lang, seconds=fmt_num(seconds, lang)))
    return lines


def _verdict(optimal: bool, status: str, lang: str = "en") -> str:
    """The certificate in words: optimal, stopped by the time limit, or what failed."""
    if optimal:
        return t("summary.verdict.optimal", lang)
    if status == "time_limit":
        return t("summary.verdict.time_limit", lang)
    return t("summary.verdict.failed", lang, status=status)
