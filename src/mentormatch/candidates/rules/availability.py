"""Rule ``availability``: both are free for a whole session block.

Sessions sit on a fixed grid of non-overlapping blocks of
``Policy.session_minutes`` starting at midnight; a block is usable when it lies
entirely inside a window of each person (a window exactly filling a block passes).
Production reads ``Encoded.s_avail`` / ``m_avail`` (one bit per block) word by word.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def common_blocks(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.uint64]:
    """Return ``(k, words)`` bit masks of the session blocks both are free for."""
    return enc.s_avail[si] & enc.m_avail[mi]


def n_common(common: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Number of common blocks per pair."""
    return np.bitwise_count(common).sum(axis=1, dtype=np.int64)


def available(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair has at least one common session block."""
    return (common_blocks(enc, si, mi) != 0).any(axis=1)


RULE = Rule(
    key="availability",
    words=Words(en="no common time", fr="aucun créneau commun"),
    check=available,
    stage="enumerate",
)
