"""Rule ``exclusion``: neither excluded the other."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words, absent_from, has_key


def not_excluded(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair is not excluded by the pupil or by the volunteer."""
    return absent_from(enc.excluded_keys, si, mi, enc.n_m)


def excludes_nobody(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: no exclusion either way."""
    return ~has_key(enc.excluded_keys, enc.n_s, enc.n_m)


RULE = Rule(
    key="exclusion",
    words=Words(en="excluded", fr="exclu par l'élève ou le bénévole"),
    check=not_excluded,
    everyone=excludes_nobody,
)
