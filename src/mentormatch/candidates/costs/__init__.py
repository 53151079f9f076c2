"""Soft cost terms: one small module per criterion, weights in :class:`~mentormatch.Weights`.

Every term returns float costs in *cost units*; :mod:`mentormatch.candidates.quantise`
turns them into integers once (``round(units * Policy.cost_scale)``).

* pair terms (one value per pupil–volunteer pair): ``distance`` (or ``remote``),
  ``subject_rank``, ``level_gap``, ``flexibility``, ``continuity``,
  ``territory``, ``association``;
* session term (per session block and pupil group): ``session_time``;
* mentor term (per extra pupil of a volunteer): ``load_balance``.
"""

from mentormatch.candidates.costs.association import association_cost
from mentormatch.candidates.costs.continuity import continuity_cost
from mentormatch.candidates.costs.distance import travel_cost
from mentormatch.candidates.costs.flexibility import flexibility_cost
from mentormatch.candidates.costs.load_balance import load_costs
from mentormatch.candidates.costs.session_time import session_costs
from mentormatch.candidates.costs.subject import gap_cost, rank_cost, subject_costs
from mentormatch.candidates.costs.territory import territory_cost

__all__ = [
    "PAIR_TERMS",
    "association_cost",
    "continuity_cost",
    "flexibility_cost",
    "gap_cost",
    "load_costs",
    "rank_cost",
    "session_costs",
    "subject_costs",
    "territory_cost",
    "travel_cost",
]

#: Names of the cost terms as they appear in a pair's breakdown.
PAIR_TERMS: tuple[str, ...] = (
    "distance", "remote", "subject_rank", "level_gap", "flexibility", "continuity",
    "territory", "association", "session_time",
)
