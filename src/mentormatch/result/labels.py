"""Plain-language words, in French and English, for reason codes and hard rules.

Unmatched pupils carry machine-readable reason codes
(:data:`~mentormatch.result.codes.ReasonCode`) and, for ``no_candidate``, the
number of volunteers each hard rule eliminated. Coordinators read words, not
codes: this module turns both into short sentences. The words of a rule are
declared with the rule (:data:`mentormatch.candidates.rules.RULES`); those of
the reason codes are here. Unknown codes fall back to the code itself with
underscores as spaces, so an unknown code never breaks an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from mentormatch.candidates.rules import RULES

__all__ = ["LANGS", "Lang", "describe_reason", "reason_label", "rule_label"]

#: Languages of the plain-language labels.
Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

#: Words of each reason code (every :data:`~mentormatch.result.codes.ReasonCode`; tested).
_REASONS: dict[str, dict[str, str]] = {
    "no_candidate": {
        "en": "no volunteer meets every rule",
        "fr": "aucun bénévole ne remplit toutes les conditions",
    },
    "capacity_taken": {
        "en": "suitable volunteers are full",
        "fr": "les bénévoles compatibles sont complets",
    },
    "not_worth_cost": {
        "en": "every possible pair costs more than the policy allows",
        "fr": "chaque binôme possible coûte plus que ce que la politique autorise",
    },
}

# Hard rules by reason key, from their declarations.
_RULES: dict[str, dict[str, str]] = {
    r.key: {lang: getattr(r.words, lang) for lang in LANGS} for r in RULES}


def _humanize(code: str) -> str:
    return code.replace("_", " ")


def reason_label(code: str, lang: str = "en") -> str:
    """Return the plain-language label of a reason code.

    Parameters
    ----------
    code : str
        Reason code (:data:`~mentormatch.result.codes.ReasonCode`) such as
        ``"capacity_taken"``.
    lang : {"en", "fr"}
        Language of the label.

    Returns
    -------
    str
        The label, or the code with spaces when it is unknown.
    """
    return _REASONS.get(code, {}).get(lang) or _humanize(code)


def rule_label(rule: str, lang: str = "en") -> str:
    """Return the plain-language label of a hard rule (``"distance"`` → ``"too far"``)."""
    return _RULES.get(rule, {}).get(lang) or _humanize(rule)


def _plural(n: int, lang: str) -> str:
    if lang == "fr":
        return f"{n} bénévole" + ("s" if n > 1 else "")
    return f"{n} volunteer" + ("s" if n != 1 else "")


def describe_reason(code: str, details: Mapping[str, Any] | None, lang: str = "en") -> str:
    """Return one sentence describing a reason with its details.

    Parameters
    ----------
    code : str
        Reason code.
    details : mapping, optional
        The reason's details (``eliminated_by`` for ``no_candidate``;
        ``mentors`` and ``taken_by`` for ``capacity_taken``).
    lang : {"en", "fr"}
        Language of the sentence.

    Returns
    -------
    str
        For example ``"no volunteer meets every rule (too far: 12 volunteers;
        no common time: 3 volunteers)"``.
    """
    text = reason_label(code, lang)
    details = details or {}
    if code == "no_candidate":
        elim = details.get("eliminated_by") or {}
        parts = [f"{rule_label(str(r), lang)}: {_plural(int(n), lang)}"
                 for r, n in elim.items() if int(n) > 0]
        if parts:
            text += " (" + "; ".join(parts) + ")"
    elif code == "capacity_taken":
        mentors = [str(m) for m in details.get("mentors") or ()]
        if mentors:
            shown = ", ".join(mentors[:5]) + (" …" if len(mentors) > 5 else "")
            text += (" (" + ("bénévoles : " if lang == "fr" else "volunteers: ") + shown + ")")
    return text
