"""Small array idioms shared by the flow layer and the engine (no Python loops)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["group_rank", "ranges"]

IntArray = NDArray[np.int64]


def ranges(counts: NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """Return ``(owner, offset)``: item ``i`` repeated ``counts[i]`` times, offsets ``0..``.

    ``ranges([2, 0, 3])`` is ``([0, 0, 2, 2, 2], [0, 1, 0, 1, 2])``.
    """
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(owner.shape[0], dtype=np.int64) - starts[owner]


def group_rank(sorted_keys: NDArray[np.generic]) -> IntArray:
    """Position of each element within its run of equal keys (``sorted_keys`` grouped).

    ``group_rank([4, 4, 7, 9, 9, 9])`` is ``[0, 1, 0, 0, 1, 2]``.
    """
    n = sorted_keys.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return ranges(np.diff(np.r_[starts, n]))[1]
