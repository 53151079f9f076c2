"""The shared array idioms."""

from __future__ import annotations

import numpy as np

from mentormatch._arrays import group_rank, ranges


def test_ranges() -> None:
    owner, offset = ranges(np.array([2, 0, 3]))
    assert owner.tolist() == [0, 0, 2, 2, 2]
    assert offset.tolist() == [0, 1, 0, 1, 2]
    assert ranges(np.zeros(0, dtype=np.int64))[0].size == 0


def test_group_rank() -> None:
    assert group_rank(np.array([4, 4, 7, 9, 9, 9])).tolist() == [0, 1, 0, 0, 1, 2]
    assert group_rank(np.zeros(0, dtype=np.int64)).size == 0
