"""Soft cost terms: one module per criterion, each declaring its term(s); weights in
:class:`~mentormatch.Weights`.

Every term returns float costs in *cost units*; :mod:`mentormatch.candidates.quantise`
turns them into integers once (``round(units * Policy.cost_scale)``).

:data:`TERMS` is the one ordered list:

* pair terms (one value per pupil–volunteer pair, summed in this order by the
  reference and the fast path alike): ``distance``, ``remote``,
  ``subject_rank``, ``level_gap``, ``flexibility``, ``continuity``,
  ``territory``, ``association``;
* session term (per session block and pupil group): ``session_time``;
* mentor term (per extra pupil of a volunteer): ``load_balance``.

A pair's breakdown (``Pair.breakdown``) has one entry per pair and session term
(:data:`BREAKDOWN_KEYS`).
"""

from mentormatch.candidates.costs._base import (
    FlagTerm,
    LoadTerm,
    PairFeatures,
    PairTerm,
    SessionTerm,
    Term,
)
from mentormatch.candidates.costs.association import ASSOCIATION
from mentormatch.candidates.costs.continuity import CONTINUITY
from mentormatch.candidates.costs.distance import DISTANCE, REMOTE
from mentormatch.candidates.costs.flexibility import FLEXIBILITY
from mentormatch.candidates.costs.load_balance import LOAD_BALANCE, load_costs
from mentormatch.candidates.costs.session_time import SESSION_TIME, session_costs
from mentormatch.candidates.costs.subject import LEVEL_GAP, SUBJECT_RANK
from mentormatch.candidates.costs.territory import TERRITORY

__all__ = [
    "BREAKDOWN_KEYS",
    "FLAG_TERMS",
    "LOAD_BALANCE",
    "PAIR_TERMS",
    "SESSION_TIME",
    "TERMS",
    "FlagTerm",
    "LoadTerm",
    "PairFeatures",
    "PairTerm",
    "SessionTerm",
    "Term",
    "load_costs",
    "session_costs",
]

#: Every cost term, in order (pair terms in the order they are summed).
TERMS: tuple[Term, ...] = (
    DISTANCE,
    REMOTE,
    SUBJECT_RANK,
    LEVEL_GAP,
    FLEXIBILITY,
    CONTINUITY,
    TERRITORY,
    ASSOCIATION,
    SESSION_TIME,
    LOAD_BALANCE,
)

#: The pair terms of :data:`TERMS`, in order.
PAIR_TERMS: tuple[PairTerm | FlagTerm, ...] = tuple(
    t for t in TERMS if isinstance(t, PairTerm | FlagTerm))
#: The flag terms of :data:`TERMS`, in order.
FLAG_TERMS: tuple[FlagTerm, ...] = tuple(t for t in TERMS if isinstance(t, FlagTerm))
#: Keys of a pair's cost breakdown: the pair terms then the session term.
BREAKDOWN_KEYS: tuple[str, ...] = tuple(t.name for t in TERMS if t.kind in ("pair", "session"))
