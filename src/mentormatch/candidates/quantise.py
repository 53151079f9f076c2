"""Quantisation of costs: once, with rounding, a documented scale and an overflow check.

A cost of ``x`` cost units becomes ``round(x * Policy.cost_scale)`` (round half
to even, numpy's rule). Pair terms are summed in floating point and rounded
once per pair; the session term is rounded once per (group, block); the
load-balance term once per (volunteer, k).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.errors import InputError

#: Largest quantised cost of one arc (keeps every sum exact in float64 and int64).
MAX_ARC_COST = 2**31 - 1


def quantise(units: NDArray[np.float64], scale: int, what: str) -> NDArray[np.int64]:
    """Return ``round(units * scale)`` as int64, refusing values that could overflow."""
    scaled = np.rint(np.asarray(units, dtype=np.float64) * scale)
    if scaled.size and (not np.all(np.isfinite(scaled)) or np.abs(scaled).max() > MAX_ARC_COST):
        raise InputError.single(
            "cost_overflow",
            f"{what} costs exceed {MAX_ARC_COST} after scaling by cost_scale={scale}; "
            "lower the weights or Policy.cost_scale",
            field="policy.cost_scale", value=scale,
        )
    return scaled.astype(np.int64)
