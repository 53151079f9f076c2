"""Rule ``exclusion``: neither excluded the other."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def not_excluded(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair is not excluded by the pupil or by the volunteer."""
    if enc.excluded_keys.size == 0:
        return np.ones(len(si), dtype=bool)
    return ~np.isin(si * enc.n_m + mi, enc.excluded_keys, assume_unique=False)
