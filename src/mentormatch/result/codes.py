"""The vocabulary of reasons: the codes an unmatched pupil's :class:`~mentormatch.result.Reason`
can carry (one list, :data:`ReasonCode`).

The keys of ``details["eliminated_by"]`` of a ``no_candidate`` reason are the
hard rules' reason keys, declared with the rules
(:data:`mentormatch.candidates.rules.RULES`).
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["REASON_CODES", "ReasonCode"]

#: Why a pupil is unmatched:
#:
#: * ``no_candidate``: no volunteer passes every hard rule;
#: * ``not_worth_cost``: volunteers pass every hard rule but the cost cap;
#: * ``capacity_taken``: suitable volunteers' places went to other pupils.
ReasonCode = Literal["no_candidate", "not_worth_cost", "capacity_taken"]

#: The values of :data:`ReasonCode`, in order.
REASON_CODES: tuple[ReasonCode, ...] = get_args(ReasonCode)
