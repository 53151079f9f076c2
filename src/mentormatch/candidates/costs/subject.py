"""Cost terms ``subject_rank`` and ``level_gap``, and the choice of the subject taught.

Among the pupil's needs the volunteer teaches at the pupil's level, the pair
takes the one of least ``subject_rank * rank + level_gap * gap`` (ties: the
more important need), where ``rank`` is the position in the pupil's needs
(0 for the first) and ``gap`` the number of levels between the pupil's level
and the highest level the volunteer teaches that subject at.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import PairFeatures, PairTerm
from mentormatch.domain.policy import Weights


def rank_cost(rank: NDArray[np.integer], weights: Weights) -> NDArray[np.float64]:
    """Cost of teaching the need at position ``rank`` among the pupil's needs (0 first)."""
    return weights.subject_rank * np.asarray(rank).astype(np.float64)


def gap_cost(gap: NDArray[np.number], weights: Weights) -> NDArray[np.float64]:
    """Cost of ``gap`` levels between the pupil and the volunteer's top level."""
    return weights.level_gap * np.asarray(gap, dtype=np.float64)


def choice_cost(rank: NDArray[np.integer], gap: NDArray[np.number],
                weights: Weights) -> NDArray[np.float64]:
    """What the choice of the subject minimises: the sum of the two terms."""
    return rank_cost(rank, weights) + gap_cost(gap, weights)


def choose_need(
    offered: NDArray[np.int8],
    teachable: NDArray[np.bool_],
    level: NDArray[np.int8],
    weights: Weights,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return ``(need_rank, level_gap)`` of the need taught, per pair.

    Parameters
    ----------
    offered : (k, max_needs) int8
        Highest level rank taught for each need, -1 when not offered.
    teachable : (k, max_needs) bool
        Need taught at the pupil's level.
    level : (k,) int8
        Pupil's level rank.
    weights : Weights
    """
    ranks = np.arange(offered.shape[1])[None, :]
    gap = offered.astype(np.int64) - level[:, None].astype(np.int64)
    total = np.where(teachable, choice_cost(ranks, gap, weights), np.inf)
    j = np.argmin(total, axis=1)
    return j.astype(np.int64), gap[np.arange(len(j)), j]


def subject_rank_cost(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """``subject_rank`` per position of the need taught among the pupil's needs."""
    return rank_cost(f.need_rank, w)


def level_gap_cost(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """``level_gap`` per level between the pupil and the volunteer's top level."""
    return gap_cost(f.level_gap, w)


SUBJECT_RANK = PairTerm("subject_rank", subject_rank_cost)
LEVEL_GAP = PairTerm("level_gap", level_gap_cost)
