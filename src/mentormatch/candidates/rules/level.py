"""Rule ``level``: a needed subject is taught at the pupil's level or above.

A level equal to the mentor's maximum passes (boundary included). Production
reads it as bit masks: :func:`teach_masks` (per volunteer and level) ANDed with
:func:`~mentormatch.candidates.rules.subject.need_masks` (per pupil).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words
from mentormatch.candidates.rules.subject import offered_levels, subject_bits


def teachable(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Return ``(k, max_needs)``: True where that need is taught at the pupil's level."""
    return offered_levels(enc, si, mi) >= enc.s_level[si][:, None]


def level_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where some needed subject is taught at the pupil's level or above."""
    return np.asarray(teachable(enc, si, mi).any(axis=1), dtype=bool)


def n_levels(enc: Encoded) -> int:
    """One more than the largest level rank of pupils and offers."""
    return int(max(enc.s_level.max(initial=0), enc.m_offer_level.max(initial=0))) + 1


def teach_masks(enc: Encoded) -> NDArray[np.uint64]:
    """Return ``(n_levels, subject_words, n_m)``: bit ``j`` when subject ``j`` is taught at
    that level or above (the pair passes when this ANDed with the pupil's need mask at the
    pupil's level is non-zero)."""
    n_sub = max(len(enc.subjects), 1)
    offer = enc.m_offer_level
    if offer.shape[1] < n_sub:
        offer = np.pad(offer, ((0, 0), (0, n_sub - offer.shape[1])), constant_values=-1)
    return np.stack([subject_bits(offer >= lv) for lv in range(n_levels(enc))])


RULE = Rule(
    key="level",
    words=Words(en="does not teach at this level", fr="n'enseigne pas à ce niveau"),
    check=level_ok,
    stage="enumerate",
)
