"""Cost term ``continuity``: a pupil with a current mentor keeps them if possible.

Pairing such a pupil with anyone else costs ``Weights.continuity``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def continuity_cost(
    current: NDArray[np.int32], mentor: NDArray[np.int64], weight: float
) -> NDArray[np.float64]:
    """Return the continuity cost per pair (``current`` is -1 when the pupil has none)."""
    return np.where((current >= 0) & (current != mentor), weight, 0.0)
