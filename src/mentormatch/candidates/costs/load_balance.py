"""Cost term ``load_balance``: the k-th pupil of a volunteer costs ``(k - 1) * weight``.

Convex in the load, so on parallel volunteer→sink arcs of increasing cost the
cheapest arcs fill first and the flow model stays exact.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import LoadTerm
from mentormatch.domain.policy import Weights


def load_costs(capacity: int, weight: float) -> NDArray[np.float64]:
    """Return the marginal cost of the 1st, 2nd, ..., ``capacity``-th pupil."""
    return weight * np.arange(capacity, dtype=np.float64)


def load_balance_costs(capacity: int, weights: Weights) -> NDArray[np.float64]:
    """:func:`load_costs` with ``Weights.load_balance``."""
    return load_costs(capacity, weights.load_balance)


LOAD_BALANCE = LoadTerm("load_balance", load_balance_costs)
