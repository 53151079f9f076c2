"""Rule ``gender``: a pupil's *required* mentor-gender preference (policy switch)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def gender_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil requires no gender, or the volunteer has the required one."""
    req = enc.s_gender_req[si]
    if not enc.problem.policy.respect_gender_preference:
        return np.ones(len(si), dtype=bool)
    return (req == 0) | (req == enc.m_gender[mi])
