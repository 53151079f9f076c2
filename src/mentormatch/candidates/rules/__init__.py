"""Hard rules: one module per rule, each declaring its :class:`Rule` as ``RULE``.

:data:`RULES` is the one ordered list: the order in which rules are applied
when counting, for an unmatched pupil, how many volunteers each rule
eliminated. Everything else is derived from it: the reference feasibility
(:func:`mentormatch.candidates.reference.feasible_mask`), the filters of the
fast enumerator (:mod:`mentormatch.candidates.generate`), the reasons
(:mod:`mentormatch.result.reasons`) and the words
(:mod:`mentormatch.result.labels`). Adding a rule: a new module declaring
``RULE``, one line below, and its tests.
"""

from mentormatch.candidates.rules import (
    availability,
    clearance,
    cost_cap,
    device,
    distance,
    exclusion,
    gender,
    language,
    level,
    modality,
    self_pair,
    subject,
)
from mentormatch.candidates.rules._base import PairCheck, Rule, Stage, Words

__all__ = ["RULES", "RULE_ORDER", "PairCheck", "Rule", "Stage", "Words", "rule"]

#: Every hard rule, in the order reasons apply them (the cost cap last).
RULES: tuple[Rule, ...] = (
    subject.RULE,
    level.RULE,
    availability.RULE,
    modality.RULE,
    language.RULE,
    gender.RULE,
    exclusion.RULE,
    self_pair.RULE,
    device.RULE,
    distance.RULE,
    clearance.RULE,
    cost_cap.RULE,
)

#: Reason keys of :data:`RULES`, in order.
RULE_ORDER: tuple[str, ...] = tuple(r.key for r in RULES)


def rule(key: str) -> Rule:
    """Return the rule of reason key ``key`` (``KeyError`` when there is none)."""
    for r in RULES:
        if r.key == key:
            return r
    raise KeyError(key)
