"""Rule ``language``: pupil and volunteer share a language (policy switch)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def common_language(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where a language is shared, or when the policy does not require it."""
    if not enc.problem.policy.require_common_language:
        return np.ones(len(si), dtype=bool)
    return (enc.s_lang[si] & enc.m_lang[mi]) != 0


def speaks_with_everyone(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: shares a language with every volunteer (or the policy does not ask)."""
    if not enc.problem.policy.require_common_language:
        return np.ones(enc.n_s, dtype=bool)
    shared = np.bitwise_and.reduce(enc.m_lang) if enc.n_m else np.uint64(0)
    return (enc.s_lang & shared) != 0


RULE = Rule(
    key="language",
    words=Words(en="no common language", fr="aucune langue commune"),
    check=common_language,
    everyone=speaks_with_everyone,
)
