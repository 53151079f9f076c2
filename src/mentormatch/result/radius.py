"""Which travel-radius rule a match applied, in words (the ``match`` summary line).

A volunteer's radius is their own ``max_travel_km``, else
``Policy.default_travel_km``, capped by ``Policy.max_travel_km`` when set
(:func:`mentormatch.candidates.encode.travel_radius_km`). A coordinator who
changes ``default_travel_km`` while every volunteer has their own radius
changes nothing: this line says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mentormatch.i18n import t

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem

__all__ = ["RadiusRule", "radius_line", "radius_rule"]

def _w(key: str, lang: str, **values: object) -> str:
    return t(f"radius.{key}", lang, **values)


def _km(x: float, lang: str) -> str:
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "fr" else text


@dataclass(frozen=True, slots=True)
class RadiusRule:
    """How the travel radius of the in-person volunteers was set.

    Attributes
    ----------
    own : int
        Volunteers (accepting in person) with their own radius.
    default : int
        Those without one, who got ``default_km``.
    default_km : float
        ``Policy.default_travel_km``.
    cap_km : float or None
        ``Policy.max_travel_km``.
    capped : int
        Volunteers whose radius the cap reduced.
    """

    own: int
    default: int
    default_km: float
    cap_km: float | None
    capped: int


def radius_rule(problem: Problem) -> RadiusRule:
    """Return the :class:`RadiusRule` of ``problem`` (volunteers accepting in person)."""
    policy = problem.policy
    people = [m for m in problem.mentors if m.modality != "remote"]
    own = sum(m.max_travel_km is not None for m in people)
    cap = policy.max_travel_km
    capped = 0
    if cap is not None:
        capped = sum((m.max_travel_km if m.max_travel_km is not None
                      else policy.default_travel_km) > cap for m in people)
    return RadiusRule(own, len(people) - own, policy.default_travel_km, cap, capped)


def radius_line(problem: Problem, lang: str = "en") -> str:
    """One line of the ``match`` summary: which radius rule applied, in ``lang``."""
    rule = radius_rule(problem)
    parts: list[str] = []
    if rule.own == 0 and rule.default == 0:
        parts.append(_w("none", lang))
    else:
        if rule.own:
            parts.append(_w("own", lang, n=rule.own))
        if rule.default:
            parts.append(_w("default", lang, km=_km(rule.default_km, lang),
                               n=rule.default))
        elif rule.cap_km is None:
            parts.append(_w("default_unused", lang, km=_km(rule.default_km, lang)))
        if rule.cap_km is not None:
            parts.append(_w("cap", lang, km=_km(rule.cap_km, lang), n=rule.capped))
    return _w("label", lang) + _w("sep", lang).join(parts)
