"""Index structures for bucketed candidate generation (built once per problem).

Candidate generation (:mod:`mentormatch.candidates.generate`) splits the
feasible graph into two disjoint parts:

* the **remote region**: remote-eligible pupils × remote-capable volunteers.
  Pupils are bucketed by level; for each level the volunteers teaching *some*
  subject at that level or above are listed once, with their subject bit mask
  at that level and their session-block masks as contiguous columns, so the
  level and availability rules are a few word-wise ANDs on dense tiles;
* the **in-person-only region**: every other pair, which can only meet in
  person. A :class:`scipy.spatial.cKDTree` per travel-radius group of
  volunteers finds, for a block of pupils, the volunteers within reach
  (chord distance on the unit sphere, then the exact haversine rule).

Loops here run over levels, radius groups and words, never over people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules.reach import EARTH_RADIUS_KM

__all__ = ["CandidateIndex", "LevelBucket", "RadiusGroup", "build_index", "chord_threshold",
           "unit_xyz"]

_IN_PERSON = np.uint8(1)
_REMOTE = np.uint8(2)
#: Slack (km) added to travel radii before the exact haversine check.
_REACH_SLACK_KM = 1e-6
#: At most this many radius groups (volunteers of equal radius share a tree).
_MAX_RADIUS_GROUPS = 8


@dataclass(frozen=True)
class LevelBucket:
    """Remote-capable volunteers teaching some subject at ``level`` or above.

    Attributes
    ----------
    mentors : (k,) int64
        Volunteer indices (increasing).
    teach : (subject_words, k) uint64
        Bit ``j`` of word ``j // 64``: subject ``j`` is taught at ``level`` or above.
    avail : (words, k) uint64
        Session-block masks, one contiguous row per word.
    """

    mentors: NDArray[np.int64]
    teach: NDArray[np.uint64]
    avail: NDArray[np.uint64]


@dataclass(frozen=True)
class RadiusGroup:
    """In-person volunteers whose radius is at most ``radius_km``, with a KD-tree."""

    radius_km: float
    mentors: NDArray[np.int64]
    tree: cKDTree


@dataclass(frozen=True)
class CandidateIndex:
    """Everything candidate generation precomputes (linear in the number of people).

    Attributes
    ----------
    need_mask : (n_s, subject_words) uint64
        Bit mask of each pupil's needed subjects.
    teach_by_level : (n_levels, subject_words, n_m) uint64
        Bit mask of the subjects each volunteer teaches at that level or above.
    remote_s, remote_m : bool arrays
        Pupil may meet remotely (modality, device, connection as the policy
        requires); volunteer accepts remote sessions.
    ip_s, ip_m : bool arrays
        Accepts in-person sessions and has a location.
    xyz_s, xyz_m : (n, 3) float64
        Unit-sphere coordinates (NaN when not located).
    chord2_m : (n_m,) float64
        Squared chord of each volunteer's radius plus slack (superset test).
    levels : dict
        Level rank → :class:`LevelBucket` (levels of remote-eligible pupils).
    radius_groups : list of RadiusGroup
    has_exclusion_s, has_self_s : bool arrays
        Pupils with an exclusion (either way) / who are also volunteers.
    rules_pass_s : bool array
        Pupils passing the language and gender rules with *every* volunteer
        (they speak a language all volunteers speak, or the policy does not
        ask for one; they require no gender, or the policy ignores it).
    needs_t : (max_needs, n_s) int16
        ``Encoded.s_needs`` transposed (one contiguous row per need rank).
    offer_flat : (n_m * n_subjects,) int8
        ``Encoded.m_offer_level`` flattened (index ``m * n_subjects + subject``).
    s_avail_t, m_avail_t : (words, n) uint64
        Session-block masks transposed (one contiguous row per word).
    n_levels : int
        One more than the largest level rank of pupils and offers.
    """

    need_mask: NDArray[np.uint64]
    teach_by_level: NDArray[np.uint64]
    remote_s: NDArray[np.bool_]
    remote_m: NDArray[np.bool_]
    ip_s: NDArray[np.bool_]
    ip_m: NDArray[np.bool_]
    xyz_s: NDArray[np.float64]
    xyz_m: NDArray[np.float64]
    chord2_m: NDArray[np.float64]
    levels: dict[int, LevelBucket]
    radius_groups: list[RadiusGroup]
    has_exclusion_s: NDArray[np.bool_]
    has_self_s: NDArray[np.bool_]
    rules_pass_s: NDArray[np.bool_]
    needs_t: NDArray[np.int16]
    offer_flat: NDArray[np.int8]
    s_avail_t: NDArray[np.uint64]
    m_avail_t: NDArray[np.uint64]
    n_levels: int


def unit_xyz(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``(n, 3)`` coordinates on the unit sphere of degrees ``lat``, ``lon``."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def chord_threshold(radius_km: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Unit-sphere chord of a great-circle distance, widened by a small slack.

    Any pair whose haversine distance is at most ``radius_km + 1e-9`` has a
    chord at most this value, so the chord test never loses a pair.
    """
    arc = (np.asarray(radius_km, dtype=np.float64) + _REACH_SLACK_KM) / EARTH_RADIUS_KM
    return np.asarray(2.0 * np.sin(np.minimum(arc, np.pi) / 2.0) * (1.0 + 1e-9) + 1e-12)


def _subject_bits(flags: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Pack ``(n, n_subjects)`` flags into ``(subject_words, n)`` uint64 masks."""
    n, n_sub = flags.shape
    words = max(1, (n_sub + 63) // 64)
    padded = np.zeros((n, words * 64), dtype=bool)
    padded[:, :n_sub] = flags
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed.view(np.uint64).reshape(n, words).T)


def _radius_groups(enc: Encoded, ip_m: NDArray[np.bool_],
                   xyz_m: NDArray[np.float64]) -> list[RadiusGroup]:
    mentors = np.flatnonzero(ip_m)
    if not mentors.size:
        return []
    radius = enc.m_radius_km[mentors]
    values = np.unique(radius)
    if len(values) > _MAX_RADIUS_GROUPS:
        edges = np.quantile(radius, np.linspace(0, 1, _MAX_RADIUS_GROUPS + 1)[1:])
        group = np.searchsorted(np.unique(edges), radius, side="left")
    else:
        group = np.searchsorted(values, radius)
    out = []
    for g in np.unique(group):
        members = mentors[group == g]
        out.append(RadiusGroup(float(enc.m_radius_km[members].max()), members,
                               cKDTree(xyz_m[members])))
    return out


def build_index(enc: Encoded) -> CandidateIndex:
    """Build the :class:`CandidateIndex` of ``enc`` (see module docs)."""
    policy = enc.problem.policy
    n_sub = max(len(enc.subjects), 1)
    valid = enc.s_needs >= 0
    need_flags = np.zeros((enc.n_s, n_sub), dtype=bool)
    rows = np.repeat(np.arange(enc.n_s), valid.sum(axis=1))
    need_flags[rows, enc.s_needs[valid].astype(np.int64)] = True
    need_mask = np.ascontiguousarray(_subject_bits(need_flags).T)

    n_levels = int(max(enc.s_level.max(initial=0), enc.m_offer_level.max(initial=0))) + 1
    offer = enc.m_offer_level
    if offer.shape[1] < n_sub:
        offer = np.pad(offer, ((0, 0), (0, n_sub - offer.shape[1])), constant_values=-1)
    teach_by_level = np.stack([_subject_bits(offer >= lv) for lv in range(n_levels)])

    remote_s = (enc.s_modes & _REMOTE) != 0
    if policy.remote_requires_device:
        remote_s = remote_s & enc.s_device
    if policy.remote_requires_connection:
        remote_s = remote_s & enc.s_connection
    remote_m = (enc.m_modes & _REMOTE) != 0
    ip_s = ((enc.s_modes & _IN_PERSON) != 0) & enc.s_located
    ip_m = ((enc.m_modes & _IN_PERSON) != 0) & enc.m_located
    xyz_s = unit_xyz(enc.s_lat, enc.s_lon)
    xyz_m = unit_xyz(enc.m_lat, enc.m_lon)

    levels: dict[int, LevelBucket] = {}
    for lv in np.unique(enc.s_level[remote_s]):
        tm = teach_by_level[int(lv)]
        mentors = np.flatnonzero(remote_m & (tm != 0).any(axis=0))
        levels[int(lv)] = LevelBucket(mentors, np.ascontiguousarray(tm[:, mentors]),
                                      np.ascontiguousarray(enc.m_avail[mentors].T))

    has_ex = np.zeros(enc.n_s, dtype=bool)
    has_ex[enc.excluded_keys // max(enc.n_m, 1)] = True
    has_self = np.zeros(enc.n_s, dtype=bool)
    has_self[enc.self_keys // max(enc.n_m, 1)] = True
    passes = np.ones(enc.n_s, dtype=bool)
    if policy.require_common_language:
        shared = np.bitwise_and.reduce(enc.m_lang) if enc.n_m else np.uint64(0)
        passes &= (enc.s_lang & shared) != 0
    if policy.respect_gender_preference:
        passes &= enc.s_gender_req == 0
    return CandidateIndex(
        need_mask=need_mask, teach_by_level=teach_by_level, remote_s=remote_s,
        remote_m=remote_m, ip_s=ip_s, ip_m=ip_m, xyz_s=xyz_s, xyz_m=xyz_m,
        chord2_m=chord_threshold(enc.m_radius_km) ** 2, levels=levels,
        radius_groups=_radius_groups(enc, ip_m, xyz_m), has_exclusion_s=has_ex,
        has_self_s=has_self, rules_pass_s=passes, needs_t=np.ascontiguousarray(enc.s_needs.T),
        offer_flat=np.ascontiguousarray(enc.m_offer_level).ravel(),
        s_avail_t=np.ascontiguousarray(enc.s_avail.T),
        m_avail_t=np.ascontiguousarray(enc.m_avail.T), n_levels=n_levels,
    )
