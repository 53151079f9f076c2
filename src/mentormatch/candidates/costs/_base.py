"""What a cost term declares: :class:`PairTerm`, :class:`FlagTerm`, :class:`SessionTerm`,
:class:`LoadTerm` (one or two per module of this package).

A pair term's cost is a function of a few **pair features**
(:class:`PairFeatures`): how the pair meets, the chosen need's rank and level
gap, the number of common session blocks, and per :class:`FlagTerm` a 0/1
property of the pair. The reference path (:func:`~mentormatch.candidates.
reference.evaluate_pairs`) computes the features of each pair and calls every
term; the fast path (:mod:`mentormatch.candidates.generate`) calls the *same*
cost functions once on every combination of the small features (a table) and
per pair only for pairs meeting in person, summing in the order of
:data:`~mentormatch.candidates.costs.TERMS` so both give the same bits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.domain.policy import Policy, Weights

__all__ = ["FlagTerm", "LoadTerm", "PairFeatures", "PairTerm", "SessionTerm", "Term"]


@dataclass(frozen=True)
class PairFeatures:
    """What pair terms read, one entry per pair (or per code of the fast path's table).

    Attributes
    ----------
    remote : bool array
        The pair meets remotely (else in person).
    km : float array
        Great-circle distance; read only where the pair meets in person.
    need_rank : int array
        Position of the subject taught among the pupil's needs (0 first).
    level_gap : int array
        Levels between the pupil and the volunteer's top level for that subject.
    common_blocks : int array
        Number of session blocks both are free for.
    flags : mapping of str to bool array
        Per :class:`FlagTerm` (by name): whether its property holds.
    """

    remote: NDArray[np.bool_]
    km: NDArray[np.float64]
    need_rank: NDArray[np.int64]
    level_gap: NDArray[np.int64]
    common_blocks: NDArray[np.int64]
    flags: Mapping[str, NDArray[np.bool_]] = field(default_factory=dict)


@dataclass(frozen=True)
class PairTerm:
    """A cost term per pupil–volunteer pair: ``cost(features, weights)`` in cost units."""

    name: str
    cost: Callable[[PairFeatures, Weights], NDArray[np.float64]]
    kind: Literal["pair"] = "pair"


@dataclass(frozen=True)
class FlagTerm:
    """A pair term costing ``weight`` when a property of the pair holds, else 0.

    Attributes
    ----------
    name : str
    flag : callable
        ``(enc, si, mi) -> bool array``: the property (computed for every pair
        by both paths).
    weight : callable
        ``Weights -> float``: what the property costs.
    """

    name: str
    flag: Callable[[Encoded, NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]]
    weight: Callable[[Weights], float]
    kind: Literal["pair"] = "pair"

    def cost(self, f: PairFeatures, w: Weights) -> NDArray[np.float64]:
        """``weight`` where the flag holds, else 0."""
        return np.where(f.flags[self.name], self.weight(w), 0.0)


@dataclass(frozen=True)
class SessionTerm:
    """A cost per session block and pupil group: ``table(policy)`` is ``(2, n_blocks)``."""

    name: str
    table: Callable[[Policy], NDArray[np.float64]]
    kind: Literal["session"] = "session"


@dataclass(frozen=True)
class LoadTerm:
    """A cost per extra pupil of a volunteer: ``marginal(capacity, weights)``."""

    name: str
    marginal: Callable[[int, Weights], NDArray[np.float64]]
    kind: Literal["load"] = "load"


#: Any cost term.
Term = PairTerm | FlagTerm | SessionTerm | LoadTerm
