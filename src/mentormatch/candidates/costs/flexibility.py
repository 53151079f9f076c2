"""Cost term ``flexibility``: ``weight / common_sessions``.

Pairs with more common weekly session blocks are more robust to timetable
changes, so they cost less.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def flexibility_cost(n_common: NDArray[np.int64], weight: float) -> NDArray[np.float64]:
    """Return the flexibility cost per pair (0 common sessions never occurs for feasible pairs)."""
    return weight / np.maximum(n_common, 1).astype(np.float64)
