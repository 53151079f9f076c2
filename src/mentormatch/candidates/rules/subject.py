"""Rule ``subject``: the volunteer offers at least one subject the pupil needs.

Implied by ``level`` (a subject taught at the pupil's level is offered), so
production enforces it through the level masks; it is counted first in the
reasons because "nobody teaches this" is the plainer explanation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def offered_levels(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.int8]:
    """Return ``(k, max_needs)``: the mentor's top level for each need, -1 if not offered."""
    needs = enc.s_needs[si]
    lv = enc.m_offer_level[mi[:, None], np.maximum(needs, 0)]
    return np.where(needs >= 0, lv, np.int8(-1)).astype(np.int8)


def subject_offered(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where the volunteer offers some subject the pupil needs (at any level)."""
    return np.asarray((offered_levels(enc, si, mi) >= 0).any(axis=1), dtype=bool)


def subject_bits(flags: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack ``(n, n_subjects)`` flags into ``(subject_words, n)`` uint64 masks (bit = subject)."""
    n, n_sub = flags.shape
    words = max(1, (n_sub + 63) // 64)
    padded = np.zeros((n, words * 64), dtype=bool)
    padded[:, :n_sub] = flags
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed.view(np.uint64).reshape(n, words).T)


def need_masks(enc: Encoded) -> NDArray[np.uint64]:
    """Return ``(n_s, subject_words)``: bit ``j`` set when the pupil needs subject ``j``."""
    n_sub = max(len(enc.subjects), 1)
    valid = enc.s_needs >= 0
    flags = np.zeros((enc.n_s, n_sub), dtype=bool)
    rows = np.repeat(np.arange(enc.n_s), valid.sum(axis=1))
    flags[rows, enc.s_needs[valid].astype(np.int64)] = True
    return np.ascontiguousarray(subject_bits(flags).T)


RULE = Rule(
    key="subject",
    words=Words(en="subject not offered", fr="matière non proposée"),
    check=subject_offered,
    stage="enumerate",
    implied_by=("level",),
)
