"""Cost term ``association``: the pupil is registered with another association.

Applies only when the pupil names an association.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import FlagTerm
from mentormatch.candidates.encode import Encoded


def other_association(enc: Encoded, si: NDArray[np.int64],
                      mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pupil names an association and the volunteer's differs."""
    sa = enc.s_association.take(si)
    return (sa >= 0) & (sa != enc.m_association.take(mi))


ASSOCIATION = FlagTerm("association", other_association, lambda w: w.other_association)
