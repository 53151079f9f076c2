"""The short printed summary of a match (shared by ``match`` and ``demo``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentormatch.result.labels import reason_label, rule_label

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult
    from mentormatch.result.summary import MatchSummary

__all__ = ["summary_lines"]


def _n(x: int | float) -> str:
    return f"{int(x):,}"


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f} %"


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
        Language of the reason labels.
    seconds : float, optional
        Time taken, printed when given.
    top_reasons : int
        How many reason codes to list.
    """
    st, pr, me = summary["students"], summary["priority_students"], summary["mentors"]
    c = result.certificate
    lines = [
        f"Pupils matched:           {_n(st['matched'])} / {_n(st['total'])} "
        f"({_pct(st['share'])}; priority-weighted {_pct(st['weighted_share'])})",
        f"Priority pupils matched:  {_n(pr['matched'])} / {_n(pr['total'])} "
        f"({_pct(pr['share'])})",
        f"Volunteers with a pupil:  {_n(me['used'])} / {_n(me['total'])}; places filled "
        f"{_n(me['load'])} / {_n(me['capacity'])} ({_pct(me['utilisation'])})",
        f"Certificate:              {_verdict(c.optimal, c.status)} "
        f"(objective {c.objective:,}, dual bound {c.dual_bound:,}, gap {c.gap:,}, {c.rounds} round"
        f"{'s' if c.rounds != 1 else ''}, {c.pairs_priced:,} pruned pairs priced, "
        f"backend {c.backend})",
    ]
    reasons = summary["reasons"]
    codes = list(reasons["codes"].items())[:top_reasons]
    if codes:
        head = "Main reasons unmatched:   "
        for i, (code, count) in enumerate(codes):
            line = f"{head if i == 0 else ' ' * len(head)}{_n(count)} × {reason_label(code, lang)}"
            line += f" [{code}]"
            if code == "no_candidate" and reasons["no_candidate_last_rule"]:
                top = list(reasons["no_candidate_last_rule"].items())[:3]
                line += " — last rule: " + ", ".join(
                    f"{rule_label(r, lang)} {_n(k)}" for r, k in top)
            lines.append(line)
    elif st["total"]:
        lines.append("Main reasons unmatched:   none, every pupil is matched")
    if seconds is not None:
        lines.append(f"Time:                     {seconds:.2f} s")
    return lines


def _verdict(optimal: bool, status: str) -> str:
    """The certificate in words: optimal, stopped by the time limit, or what failed."""
    if optimal:
        return "optimal"
    if status == "time_limit":
        return "stopped by the time limit, NOT proven optimal"
    return "NOT optimal: " + status
