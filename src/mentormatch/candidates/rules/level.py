"""Rule ``level``: a needed subject is taught at the pupil's level or above.

A level equal to the mentor's maximum passes (boundary included).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules.subject import offered_levels


def teachable(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Return ``(k, max_needs)``: True where that need is taught at the pupil's level."""
    return offered_levels(enc, si, mi) >= enc.s_level[si][:, None]


def level_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where some needed subject is taught at the pupil's level or above."""
    return np.asarray(teachable(enc, si, mi).any(axis=1), dtype=bool)
