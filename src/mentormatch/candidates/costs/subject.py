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
    return j.astype(np.int64), weights.subject_rank * j.astype(np.float64), \
        weights.level_gap * gap[rows, j]
