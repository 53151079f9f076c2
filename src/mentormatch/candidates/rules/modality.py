"""Rule ``modality``: the pupil and the volunteer accept a common modality.

Implied by ``device`` (meeting remotely or in person needs the modality), so
production enforces it through the remote and in-person side masks.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import MODE_IN_PERSON, MODE_REMOTE, Encoded
from mentormatch.candidates.rules._base import Rule, Words


def accepts_remote(modes: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Per person: accepts remote sessions (``modes``: ``Encoded.s_modes`` or ``m_modes``)."""
    return (modes & MODE_REMOTE) != 0


def accepts_in_person(modes: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Per person: accepts in-person sessions."""
    return (modes & MODE_IN_PERSON) != 0


def modality_compatible(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where both accept in-person sessions or both accept remote sessions."""
    return (enc.s_modes[si] & enc.m_modes[mi]) != 0


RULE = Rule(
    key="modality",
    words=Words(en="in-person/remote mismatch", fr="modalité incompatible"),
    check=modality_compatible,
    stage="enumerate",
    implied_by=("device",),
)
