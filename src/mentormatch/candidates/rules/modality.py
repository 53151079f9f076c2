"""Rule ``modality``: the pupil and the volunteer accept a common modality."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def modality_compatible(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where both accept in-person sessions or both accept remote sessions."""
    return (enc.s_modes[si] & enc.m_modes[mi]) != 0
