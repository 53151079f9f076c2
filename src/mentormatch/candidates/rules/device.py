"""Rule ``device``: the pair can meet at all; remotely, the pupil needs a device and a connection.

A remote pair needs both to accept remote sessions and, as the policy requires
(``remote_requires_device``, ``remote_requires_connection``), a pupil with a
device and a connection. The rule passes when the pair may meet remotely or
both accept meeting in person (whether they can, within reach and with both
locations known, is the ``distance`` rule's question: a missing location is
counted there, not here). Production splits the graph by :func:`remote_side_s` and
:func:`remote_side_m`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words
from mentormatch.candidates.rules.modality import accepts_in_person, accepts_remote


def remote_side_s(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: may meet remotely (modality, and device and connection as the policy asks)."""
    policy = enc.problem.policy
    ok = accepts_remote(enc.s_modes)
    if policy.remote_requires_device:
        ok = ok & enc.s_device
    if policy.remote_requires_connection:
        ok = ok & enc.s_connection
    return ok


def remote_side_m(enc: Encoded) -> NDArray[np.bool_]:
    """Per volunteer: accepts remote sessions."""
    return accepts_remote(enc.m_modes)


def remote_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair may meet remotely."""
    return remote_side_s(enc)[si] & remote_side_m(enc)[mi]


def can_meet(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair may meet remotely or both accept meeting in person."""
    return remote_ok(enc, si, mi) | (accepts_in_person(enc.s_modes[si])
                                     & accepts_in_person(enc.m_modes[mi]))


RULE = Rule(
    key="device",
    words=Words(en="no device or connection for remote",
                fr="pas d'équipement ou de connexion pour le distanciel"),
    check=can_meet,
    stage="enumerate",
    implied_by=("distance",),
)
