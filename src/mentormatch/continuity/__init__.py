"""Pairs in force across runs: which still hold, which are fixed, and the tiers for the rest.

The stage between the candidates and the network when ``match()`` is given the
pairs in force (``previous=``, or the ``current_mentor`` + ``current_session``
columns): :mod:`~mentormatch.continuity.inforce` collects and checks them,
:mod:`~mentormatch.continuity.plan` removes the fixed pairs from the problem
and prepares the tiers of ``Policy.continuity = "stable"``, and
:mod:`~mentormatch.continuity.lazy` enumerates a stable re-run's feasible graph
only where a move can pay.
"""

from mentormatch.continuity.inforce import (
    ENDED_REASONS,
    Checked,
    Collected,
    PairInForce,
    PreviousResult,
    check_in_force,
    collect_in_force,
)
from mentormatch.continuity.plan import REMATCH_TAG, Plan, Tiers, plan, restrict_pairs, stay_costs

__all__ = [
    "ENDED_REASONS",
    "REMATCH_TAG",
    "Checked",
    "Collected",
    "PairInForce",
    "Plan",
    "PreviousResult",
    "Tiers",
    "check_in_force",
    "collect_in_force",
    "plan",
    "restrict_pairs",
    "stay_costs",
]
