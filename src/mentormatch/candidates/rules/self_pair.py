"""Rule ``self``: nobody is paired with themselves (same ID as mentee and mentor)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words, absent_from, has_key


def not_self(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil and the volunteer are different people."""
    return absent_from(enc.self_keys, si, mi, enc.n_m)


def not_a_volunteer(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: not also a volunteer."""
    return ~has_key(enc.self_keys, enc.n_s, enc.n_m)


RULE = Rule(
    key="self",
    words=Words(en="same person", fr="même personne"),
    check=not_self,
    everyone=not_a_volunteer,
)
