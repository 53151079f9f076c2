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

from mentormatch.domain.policy import Weights


def rank_cost(rank: NDArray[np.integer], weights: Weights) -> NDArray[np.float64]:
    """Cost of teaching the need at position ``rank`` among the pupil's needs (0 first)."""
    return weights.subject_rank * np.asarray(rank).astype(np.float64)


def gap_cost(gap: NDArray[np.number], weights: Weights) -> NDArray[np.float64]:
    """Cost of ``gap`` levels between the pupil and the volunteer's top level."""
    return weights.level_gap * np.asarray(gap, dtype=np.float64)


def subject_costs(
    offered: NDArray[np.int8],
    teachable: NDArray[np.bool_],
    level: NDArray[np.int8],
    weights: Weights,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Return ``(need_index, rank_cost, gap_cost)`` per pair.

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
    ranks = np.arange(offered.shape[1], dtype=np.float64)[None, :]
    gap = (offered.astype(np.float64) - level[:, None].astype(np.float64))
    total = np.where(teachable, weights.subject_rank * ranks + weights.level_gap * gap, np.inf)
    j = np.argmin(total, axis=1)
    rows = np.arange(len(j))
    return j.astype(np.int64), rank_cost(j, weights), gap_cost(gap[rows, j], weights)
