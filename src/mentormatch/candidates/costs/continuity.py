"""Cost term ``continuity``: a pupil with a current mentor keeps them if possible.

Pairing such a pupil with anyone else costs ``Weights.continuity``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import FlagTerm
from mentormatch.candidates.encode import Encoded


def other_than_current(enc: Encoded, si: NDArray[np.int64],
                       mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil has a current mentor and this volunteer is someone else."""
    current = enc.s_current.take(si)
    return (current >= 0) & (current != mi)


CONTINUITY = FlagTerm("continuity", other_than_current, lambda w: w.continuity)
