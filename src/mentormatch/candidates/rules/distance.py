"""Rule ``distance``: in person, the pupil is within the volunteer's travel radius.

Both accept in person, both locations are known, and the great-circle
(haversine) distance is at most the volunteer's radius; a distance equal to
the radius passes, up to :data:`RADIUS_TOLERANCE_KM`. A pair that may meet
remotely passes the rule.

The radius is the volunteer's own ``max_travel_km``, else
``Policy.default_travel_km``, capped by ``Policy.max_travel_km`` when set
(:func:`mentormatch.candidates.encode.travel_radius_km`, the one place it is
computed: :attr:`Encoded.m_radius_km` feeds this rule, the KD-tree prefilter,
the reference enumeration and the reasons alike).

Production finds the pairs within reach with KD-trees on the unit sphere
(:func:`unit_xyz`, :func:`chord_threshold`, a superset test) and then applies
:func:`within_radius` to the exact distance.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words
from mentormatch.candidates.rules.modality import accepts_in_person

#: Mean Earth radius (km) of the haversine distance.
EARTH_RADIUS_KM = 6371.0088
#: A distance this much above the radius still passes (float rounding of an "equal" distance).
RADIUS_TOLERANCE_KM = 1e-9
#: Slack (km) of the chord prefilter; larger than the tolerance, so it never loses a pair.
_CHORD_SLACK_KM = 1e-6


def distance_km(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.float64]:
    """Great-circle (haversine) distance in km; NaN when a location is missing."""
    lat1, lon1 = np.radians(enc.s_lat[si]), np.radians(enc.s_lon[si])
    lat2, lon2 = np.radians(enc.m_lat[mi]), np.radians(enc.m_lon[mi])
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def within_radius(dist: NDArray[np.float64], radius_km: NDArray[np.float64]) -> NDArray[np.bool_]:
    """True where ``dist`` is at most the radius (equal passes; NaN fails)."""
    with np.errstate(invalid="ignore"):
        return np.asarray(dist <= radius_km + RADIUS_TOLERANCE_KM)


def in_person_side_s(enc: Encoded) -> NDArray[np.bool_]:
    """Per pupil: accepts in-person sessions and has a location."""
    return accepts_in_person(enc.s_modes) & enc.s_located


def in_person_side_m(enc: Encoded) -> NDArray[np.bool_]:
    """Per volunteer: accepts in-person sessions and has a location."""
    return accepts_in_person(enc.m_modes) & enc.m_located


def in_person_possible(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """True where both accept in person and both locations are known."""
    return in_person_side_s(enc)[si] & in_person_side_m(enc)[mi]


def within_reach(
    enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
    dist: NDArray[np.float64] | None = None,
) -> NDArray[np.bool_]:
    """True where the pair can meet in person within the volunteer's travel radius."""
    if dist is None:
        dist = distance_km(enc, si, mi)
    return in_person_possible(enc, si, mi) & within_radius(dist, enc.m_radius_km[mi])


def unit_xyz(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``(n, 3)`` coordinates on the unit sphere of degrees ``lat``, ``lon``."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def chord_threshold(radius_km: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Unit-sphere chord of a great-circle distance, widened by a small slack.

    Any pair passing :func:`within_radius` for ``radius_km`` has a chord at most
    this value, so the chord test never loses a pair.
    """
    arc = (np.asarray(radius_km, dtype=np.float64) + _CHORD_SLACK_KM) / EARTH_RADIUS_KM
    return np.asarray(2.0 * np.sin(np.minimum(arc, np.pi) / 2.0) * (1.0 + 1e-9) + 1e-12)


RULE = Rule(
    key="distance",
    words=Words(en="too far", fr="trop loin"),
    check=within_reach,
    stage="enumerate",
    in_person_only=True,
)
