"""Cost term ``association``: the pupil is registered with another association.

Applies only when the pupil names an association.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def association_cost(
    s_association: NDArray[np.int32], m_association: NDArray[np.int32], weight: float
) -> NDArray[np.float64]:
    """Return the association cost per pair (codes are -1 when unknown)."""
    return np.where((s_association >= 0) & (s_association != m_association), weight, 0.0)
