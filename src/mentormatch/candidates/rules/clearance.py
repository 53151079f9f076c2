"""Rule ``clearance``: a minor met in person needs a volunteer with safeguarding clearance.

A policy switch (``Policy.clearance_for_minors_in_person``). A pair that may
meet remotely passes the rule.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def needs_clearance(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: meeting them in person needs a cleared volunteer."""
    if not enc.problem.policy.clearance_for_minors_in_person:
        return np.zeros(enc.n_s, dtype=bool)
    return enc.s_minor


def cleared(enc: Encoded) -> NDArray[np.bool_]:
    """Per volunteer: has safeguarding clearance."""
    return enc.m_clearance


def clearance_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where meeting in person needs no clearance or the volunteer has it."""
    return ~needs_clearance(enc)[si] | cleared(enc)[mi]


RULE = Rule(
    key="clearance",
    words=Words(en="no safeguarding clearance", fr="pas d'attestation d'honorabilité"),
    check=clearance_ok,
    stage="enumerate",
    in_person_only=True,
)
