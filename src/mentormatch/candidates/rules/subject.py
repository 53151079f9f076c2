"""Rule ``subject``: the volunteer offers at least one subject the pupil needs."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def offered_levels(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.int8]:
    """Return ``(k, max_needs)``: the mentor's top level for each need, -1 if not offered."""
    needs = enc.s_needs[si]
    lv = enc.m_offer_level[mi[:, None], np.maximum(needs, 0)]
    return np.where(needs >= 0, lv, np.int8(-1)).astype(np.int8)


def subject_offered(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where the volunteer offers some subject the pupil needs (at any level)."""
    return np.asarray((offered_levels(enc, si, mi) >= 0).any(axis=1), dtype=bool)
