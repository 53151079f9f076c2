"""Index structures for bucketed candidate generation (built once per problem).

Candidate generation (:mod:`mentormatch.candidates.generate`) splits the
feasible graph into two disjoint parts:

* the **remote region**: pupils who may meet remotely × volunteers who accept
  it (the ``device`` rule's side masks). Pupils are bucketed by level; for each
  level the volunteers teaching *some* subject at that level or above are
  listed once, with their subject bit mask at that level (the ``level`` rule's
  masks) and their session-block masks as contiguous columns, so the level and
  availability rules are a few word-wise ANDs on dense tiles;
* the **in-person-only region**: every other pair, which can only meet in
  person. A :class:`scipy.spatial.cKDTree` per travel-radius group of
  volunteers finds, for a block of pupils, the volunteers within reach
  (the ``distance`` rule's chord test, then its exact rule).

Every rule's logic comes from its module in :mod:`mentormatch.candidates.rules`;
this module only lays the rules' per-side primitives out for fast access.
Loops here run over levels, radius groups, rules and words, never over people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules import RULES
from mentormatch.candidates.rules.clearance import cleared, needs_clearance
from mentormatch.candidates.rules.device import remote_side_m, remote_side_s
from mentormatch.candidates.rules.distance import in_person_side_m, in_person_side_s, unit_xyz
from mentormatch.candidates.rules.level import n_levels, teach_masks
from mentormatch.candidates.rules.subject import need_masks

__all__ = ["CandidateIndex", "LevelBucket", "RadiusGroup", "build_index"]

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
        Bit mask of each pupil's needed subjects (``subject.need_masks``).
    teach_by_level : (n_levels, subject_words, n_m) uint64
        Bit mask of the subjects each volunteer teaches at that level or above
        (``level.teach_masks``).
    remote_s, remote_m : bool arrays
        Pupil may meet remotely; volunteer accepts remote sessions (``device``).
    ip_s : bool array
        Pupil accepts in-person sessions and has a location (``distance``).
    needs_clearance_s, cleared_m : bool arrays
        Meeting the pupil in person needs clearance; the volunteer has it
        (``clearance``).
    xyz_s : (n_s, 3) float64
        Unit-sphere coordinates (NaN when not located).
    levels : dict
        Level rank → :class:`LevelBucket` (levels of remote-eligible pupils).
    radius_groups : list of RadiusGroup
    may_fail : dict of str to bool array
        Per filter rule (by key): pupils who may fail it (not in its ``everyone``
        mask); rules no pupil may fail are left out.
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
    needs_clearance_s: NDArray[np.bool_]
    cleared_m: NDArray[np.bool_]
    xyz_s: NDArray[np.float64]
    levels: dict[int, LevelBucket]
    radius_groups: list[RadiusGroup]
    may_fail: dict[str, NDArray[np.bool_]]
    needs_t: NDArray[np.int16]
    offer_flat: NDArray[np.int8]
    s_avail_t: NDArray[np.uint64]
    m_avail_t: NDArray[np.uint64]
    n_levels: int


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
    teach_by_level = teach_masks(enc)
    remote_s, remote_m = remote_side_s(enc), remote_side_m(enc)
    levels: dict[int, LevelBucket] = {}
    for lv in np.unique(enc.s_level[remote_s]):
        tm = teach_by_level[int(lv)]
        mentors = np.flatnonzero(remote_m & (tm != 0).any(axis=0))
        levels[int(lv)] = LevelBucket(mentors, np.ascontiguousarray(tm[:, mentors]),
                                      np.ascontiguousarray(enc.m_avail[mentors].T))
    may_fail = {}
    for r in RULES:
        if r.stage == "filter":
            mask = np.ones(enc.n_s, dtype=bool) if r.everyone is None else ~r.everyone(enc)
            if mask.any():
                may_fail[r.key] = mask
    return CandidateIndex(
        need_mask=need_masks(enc), teach_by_level=teach_by_level, remote_s=remote_s,
        remote_m=remote_m, ip_s=in_person_side_s(enc), needs_clearance_s=needs_clearance(enc),
        cleared_m=cleared(enc), xyz_s=unit_xyz(enc.s_lat, enc.s_lon), levels=levels,
        radius_groups=_radius_groups(enc, in_person_side_m(enc), unit_xyz(enc.m_lat, enc.m_lon)),
        may_fail=may_fail, needs_t=np.ascontiguousarray(enc.s_needs.T),
        offer_flat=np.ascontiguousarray(enc.m_offer_level).ravel(),
        s_avail_t=np.ascontiguousarray(enc.s_avail.T),
        m_avail_t=np.ascontiguousarray(enc.m_avail.T), n_levels=n_levels(enc),
    )
