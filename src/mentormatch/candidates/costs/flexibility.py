"""Cost term ``flexibility``: ``weight / common_sessions``.

Pairs with more common weekly session blocks are more robust to timetable
changes, so they cost less.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import PairFeatures, PairTerm
from mentormatch.domain.policy import Weights


def flexibility_cost(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """Return the flexibility cost per pair (0 common sessions never occurs for feasible pairs)."""
    return w.flexibility / np.maximum(f.common_blocks, 1).astype(np.float64)


FLEXIBILITY = PairTerm("flexibility", flexibility_cost)
