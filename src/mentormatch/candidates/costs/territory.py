"""Cost term ``territory``: pupil and volunteer from different territories.

Applies only when both territory codes are known.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import FlagTerm
from mentormatch.candidates.encode import Encoded


def other_territory(enc: Encoded, si: NDArray[np.int64],
                    mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where both territories are known and differ (codes are -1 when unknown)."""
    st, mt = enc.s_territory.take(si), enc.m_territory.take(mi)
    return (st >= 0) & (mt >= 0) & (st != mt)


TERRITORY = FlagTerm("territory", other_territory, lambda w: w.other_territory)
