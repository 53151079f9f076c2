"""Rule ``gender``: a pupil's *required* mentor-gender preference (policy switch)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def gender_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil requires no gender, or the volunteer has the required one."""
    if not enc.problem.policy.respect_gender_preference:
        return np.ones(len(si), dtype=bool)
    req = enc.s_gender_req[si]
    return (req == 0) | (req == enc.m_gender[mi])


def requires_none(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: requires no gender (or the policy ignores the requirement)."""
    if not enc.problem.policy.respect_gender_preference:
        return np.ones(enc.n_s, dtype=bool)
    return enc.s_gender_req == 0


RULE = Rule(
    key="gender",
    words=Words(en="gender preference", fr="préférence de genre"),
    check=gender_ok,
    everyone=requires_none,
)
