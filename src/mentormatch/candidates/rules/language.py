"""Rule ``language``: pupil and volunteer share a language (policy switch)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded


def common_language(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where a language is shared, or when the policy does not require it."""
    if not enc.problem.policy.require_common_language:
        return np.ones(len(si), dtype=bool)
    return (enc.s_lang[si] & enc.m_lang[mi]) != 0
