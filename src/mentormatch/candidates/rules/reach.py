"""Rules ``device``, ``distance`` and ``clearance``: how the pair can meet.

* remote: both accept remote and the pupil has a device and a connection
  (each a policy switch);
* in person: both accept in person, both locations known, great-circle
  distance at most the volunteer's travel radius (or the policy default;
  a distance equal to the radius passes), and, for a minor, a volunteer with
  safeguarding clearance (policy switch).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded

EARTH_RADIUS_KM = 6371.0088
_IN_PERSON = np.uint8(1)
_REMOTE = np.uint8(2)


def distance_km(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.float64]:
    """Great-circle (haversine) distance in km; NaN when a location is missing."""
    lat1, lon1 = np.radians(enc.s_lat[si]), np.radians(enc.s_lon[si])
    lat2, lon2 = np.radians(enc.m_lat[mi]), np.radians(enc.m_lon[mi])
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def remote_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where a remote pair is allowed."""
    policy = enc.problem.policy
    ok = ((enc.s_modes[si] & _REMOTE) != 0) & ((enc.m_modes[mi] & _REMOTE) != 0)
    if policy.remote_requires_device:
        ok &= enc.s_device[si]
    if policy.remote_requires_connection:
        ok &= enc.s_connection[si]
    return ok


def in_person_possible(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where both accept in person and both locations are known."""
    return (((enc.s_modes[si] & _IN_PERSON) != 0) & ((enc.m_modes[mi] & _IN_PERSON) != 0)
            & enc.s_located[si] & enc.m_located[mi])


def within_reach(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
    dist: NDArray[np.float64] | None = None,
) -> NDArray[np.bool_]:
    """True where an in-person pair is within the volunteer's travel radius."""
    if dist is None:
        dist = distance_km(enc, si, mi)
    with np.errstate(invalid="ignore"):
        close = dist <= enc.m_radius_km[mi] + 1e-9
    return in_person_possible(enc, si, mi) & close


def clearance_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where meeting in person needs no clearance or the volunteer has it."""
    if not enc.problem.policy.clearance_for_minors_in_person:
        return np.ones(len(si), dtype=bool)
    return ~enc.s_minor[si] | enc.m_clearance[mi]
