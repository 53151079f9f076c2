"""Rule ``self``: nobody is paired with themselves (same ID as mentee and mentor)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def not_self(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil and the volunteer are different people."""
    if enc.self_keys.size == 0:
        return np.ones(len(si), dtype=bool)
    return ~np.isin(si * enc.n_m + mi, enc.self_keys)
