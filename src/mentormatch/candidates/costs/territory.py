"""Cost term ``territory``: pupil and volunteer from different territories.

Applies only when both territory codes are known.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def territory_cost(
    s_territory: NDArray[np.int32], m_territory: NDArray[np.int32], weight: float
) -> NDArray[np.float64]:
    """Return the territory cost per pair (codes are -1 when unknown)."""
    differ = (s_territory >= 0) & (m_territory >= 0) & (s_territory != m_territory)
    return np.where(differ, weight, 0.0)
