"""Plain-language words, in French and English, for reason codes and hard rules.

Unmatched pupils carry machine-readable reason codes
(:data:`~mentormatch.result.codes.ReasonCode`) and, for ``no_candidate``, the
number of volunteers each hard rule eliminated. Coordinators read words, not
codes: this module turns both into short sentences. The words of a rule are
declared with the rule (:data:`mentormatch.candidates.rules.RULES`); those of
the reason codes are in the message catalogue (:mod:`mentormatch.i18n`,
keys ``reason.<code>``). Unknown codes fall back to the code itself with
underscores as spaces, so an unknown code never breaks an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from mentormatch.candidates.rules import RULES
from mentormatch.i18n import has, t

__all__ = ["LANGS", "Lang", "describe_reason", "reason_label", "rule_label"]

#: Languages of the plain-language labels.
Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

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
    key = f"reason.{code}"
    return t(key, lang) if has(key) else _humanize(code)


def rule_label(rule: str, lang: str = "en") -> str:
    """Return the plain-language label of a hard rule (``"distance"`` → ``"too far"``)."""
    return _RULES.get(rule, {}).get(lang) or _humanize(rule)


def _plural(n: int, lang: str) -> str:
    many = n > 1 if lang == "fr" else n != 1
    return t("reason.volunteers_plural" if many else "reason.volunteers", lang, n=str(n))


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
            text += " (" + t("reason.mentors_list", lang) + shown + ")"
    return text
