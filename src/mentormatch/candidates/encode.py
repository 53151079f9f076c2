"""Encode a :class:`~mentormatch.Problem` into numpy arrays (the engine's input).

From here on, data is numpy arrays in frozen dataclasses. People are put in a
*canonical order* — sorted by a seeded hash of their ID, then the ID — so the
result never depends on the order of the input (see ``docs/engine.md``, "Ties").
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.domain.availability import (
    GRID_MINUTES,
    SLOTS_PER_DAY,
    SLOTS_PER_WEEK,
    Availability,
)
from mentormatch.domain.levels import LEVELS, level_rank
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.policy import Policy
from mentormatch.domain.problem import Problem

__all__ = ["MODE_IN_PERSON", "MODE_REMOTE", "Encoded", "block_masks", "canonical_order", "encode"]

#: Bit of ``Encoded.s_modes`` / ``m_modes``: accepts in-person sessions.
MODE_IN_PERSON = np.uint8(1)
#: Bit of ``Encoded.s_modes`` / ``m_modes``: accepts remote sessions.
MODE_REMOTE = np.uint8(2)
_MODALITY_BITS = {"in_person": MODE_IN_PERSON, "remote": MODE_REMOTE,
                  "either": MODE_IN_PERSON | MODE_REMOTE}
_GENDER_CODE = {None: 0, "f": 1, "m": 2, "x": 3}


def canonical_order(ids: list[str], seed: int) -> NDArray[np.int64]:
    """Return the permutation sorting ``ids`` by (seeded BLAKE2 hash, ID).

    The order depends only on the IDs and the seed, never on input order.
    """
    key = seed.to_bytes(8, "little", signed=True)
    hashes = [hashlib.blake2b(i.encode(), digest_size=8, key=key).digest() for i in ids]
    return np.array(sorted(range(len(ids)), key=lambda k: (hashes[k], ids[k])), dtype=np.int64)


def block_masks(slot_masks: NDArray[np.bool_], session_minutes: int) -> NDArray[np.uint64]:
    """Turn per-slot availability into bit-packed session-block availability.

    A session block is available when every grid slot inside it is.

    Parameters
    ----------
    slot_masks : (n, SLOTS_PER_WEEK) bool array
    session_minutes : int
        Length of a block; blocks start at midnight and tile the day.

    Returns
    -------
    (n, words) uint64 array
        Bit ``b`` of the row is block ``b`` (``b = day * blocks_per_day + k``).
    """
    per = session_minutes // GRID_MINUTES
    n = slot_masks.shape[0]
    slots = slot_masks.reshape(n, 7 * (SLOTS_PER_DAY // per), per)
    blocks = slots[:, :, 0].copy()
    for k in range(1, per):   # an AND of the block's slots (faster than .all on a short axis)
        blocks &= slots[:, :, k]
    n_blocks = blocks.shape[1]
    words = (n_blocks + 63) // 64
    padded = np.zeros((n, words * 64), dtype=bool)
    padded[:, :n_blocks] = blocks
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(np.uint64).reshape(n, words)


@dataclass(frozen=True)
class Encoded:
    """Students and mentors as arrays, in canonical order.

    Student arrays have length ``n_s``, mentor arrays ``n_m``; ``needs`` is
    ``(n_s, max_needs)`` subject indices padded with -1; ``offer_level`` is
    ``(n_m, n_subjects)`` with the highest level rank taught, -1 when not offered.
    """

    problem: Problem
    student_ids: tuple[str, ...]
    mentor_ids: tuple[str, ...]
    students: tuple[Student, ...]
    mentors: tuple[Mentor, ...]
    subjects: tuple[str, ...]
    # students
    s_level: NDArray[np.int8]
    s_needs: NDArray[np.int16]
    s_avail: NDArray[np.uint64]
    s_lat: NDArray[np.float64]
    s_lon: NDArray[np.float64]
    s_located: NDArray[np.bool_]
    s_modes: NDArray[np.uint8]
    s_device: NDArray[np.bool_]
    s_connection: NDArray[np.bool_]
    s_minor: NDArray[np.bool_]
    s_lang: NDArray[np.uint64]
    s_gender_req: NDArray[np.uint8]
    s_territory: NDArray[np.int32]
    s_association: NDArray[np.int32]
    s_current: NDArray[np.int32]
    s_weight: NDArray[np.int64]
    s_primary: NDArray[np.bool_]
    # mentors
    m_offer_level: NDArray[np.int8]
    m_avail: NDArray[np.uint64]
    m_lat: NDArray[np.float64]
    m_lon: NDArray[np.float64]
    m_located: NDArray[np.bool_]
    m_radius_km: NDArray[np.float64]
    m_modes: NDArray[np.uint8]
    m_capacity: NDArray[np.int64]
    m_group: NDArray[np.int64]
    m_lang: NDArray[np.uint64]
    m_gender: NDArray[np.uint8]
    m_clearance: NDArray[np.bool_]
    m_territory: NDArray[np.int32]
    m_association: NDArray[np.int32]
    # pairs excluded either way, and same person, as sorted keys s * n_m + m
    excluded_keys: NDArray[np.int64]
    self_keys: NDArray[np.int64]
    n_blocks: int
    blocks_per_day: int

    @property
    def n_s(self) -> int:
        """Number of students."""
        return len(self.student_ids)

    @property
    def n_m(self) -> int:
        """Number of mentors."""
        return len(self.mentor_ids)


def _codes(values: list[str | None]) -> tuple[NDArray[np.int32], list[str]]:
    names = sorted({v for v in values if v is not None})
    index = {v: i for i, v in enumerate(names)}
    return np.array([index[v] if v is not None else -1 for v in values], dtype=np.int32), names


def travel_radius_km(mentors: Sequence[Mentor], policy: Policy) -> NDArray[np.float64]:
    """Each volunteer's travel radius: their own, else the policy's default, capped.

    ``min(mentor.max_travel_km or policy.default_travel_km, policy.max_travel_km)``;
    every path of the distance rule (production, reference, reasons) reads it
    from :attr:`Encoded.m_radius_km`.
    """
    radius = np.array([m.max_travel_km if m.max_travel_km is not None
                       else policy.default_travel_km for m in mentors], dtype=np.float64)
    if policy.max_travel_km is not None:
        radius = np.minimum(radius, policy.max_travel_km)
    return radius


def encode(problem: Problem) -> Encoded:
    """Encode ``problem`` into arrays in canonical order.

    Loops here are over people (linear), never over pairs.
    """
    policy = problem.policy
    vocab = problem.vocabulary
    s_order = canonical_order([s.id for s in problem.students], policy.seed)
    m_order = canonical_order([m.id for m in problem.mentors], policy.seed)
    students = tuple(problem.students[i] for i in s_order)
    mentors = tuple(problem.mentors[i] for i in m_order)
    n_s, n_m = len(students), len(mentors)

    subjects = vocab.names
    subj_index = {name: i for i, name in enumerate(subjects)}

    def subj(name: str) -> int:
        canonical = vocab.lookup(name)
        assert canonical is not None  # Problem checked it
        return subj_index[canonical]

    max_needs = max((len(s.needs) for s in students), default=1)
    needs = np.full((n_s, max_needs), -1, dtype=np.int16)
    for i, s in enumerate(students):
        needs[i, : len(s.needs)] = [subj(x) for x in s.needs]
    offer = np.full((n_m, len(subjects)), -1, dtype=np.int8)
    for j, m in enumerate(mentors):
        for o in m.subjects:
            offer[j, subj(o.subject)] = level_rank(o.max_level)

    languages = sorted({lang for p in (*students, *mentors) for lang in p.languages})
    lang_bit = {lang: np.uint64(1) << np.uint64(k % 64) for k, lang in enumerate(languages)}

    def lang_mask(langs: tuple[str, ...]) -> np.uint64:
        out = np.uint64(0)
        for lang in langs:
            out |= lang_bit[lang]
        return out

    territories = [s.location.territory if s.location else None for s in students] + [
        m.location.territory if m.location else None for m in mentors
    ]
    terr_codes, _ = _codes(territories)
    assoc_codes, _ = _codes([s.association for s in students] + [m.association for m in mentors])

    m_index = {m.id: j for j, m in enumerate(mentors)}
    s_index = {s.id: i for i, s in enumerate(students)}
    excluded: list[int] = []
    for i, s in enumerate(students):
        excluded.extend(i * n_m + m_index[x] for x in s.excluded_mentors)
    for j, m in enumerate(mentors):
        excluded.extend(s_index[x] * n_m + j for x in m.excluded_students)
    self_keys = [s_index[m.id] * n_m + j for j, m in enumerate(mentors) if m.id in s_index]

    def loc(people: tuple[Student, ...] | tuple[Mentor, ...]
            ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
        lat = np.array([p.location.latitude if p.location else np.nan for p in people])
        lon = np.array([p.location.longitude if p.location else np.nan for p in people])
        located = np.asarray(~np.isnan(lat), dtype=bool)
        return lat.astype(np.float64), lon.astype(np.float64), located

    s_lat, s_lon, s_located = loc(students)
    m_lat, m_lon, m_located = loc(mentors)

    def avail(people: tuple[Student, ...] | tuple[Mentor, ...]) -> NDArray[np.uint64]:
        # once per distinct availability (people share a few thousand weekly patterns)
        distinct: dict[Availability, int] = {}
        row = [distinct.setdefault(p.availability, len(distinct)) for p in people]
        slots = (np.stack([a.slot_mask() for a in distinct]) if distinct
                 else np.zeros((0, SLOTS_PER_WEEK), dtype=bool))
        return block_masks(slots, policy.session_minutes)[np.array(row, dtype=np.int64)]

    blocks_per_day = 24 * 60 // policy.session_minutes
    return Encoded(
        problem=problem,
        student_ids=tuple(s.id for s in students),
        mentor_ids=tuple(m.id for m in mentors),
        students=students,
        mentors=mentors,
        subjects=subjects,
        s_level=np.array([level_rank(s.level) for s in students], dtype=np.int8),
        s_needs=needs,
        s_avail=avail(students),
        s_lat=s_lat,
        s_lon=s_lon,
        s_located=s_located,
        s_modes=np.array([_MODALITY_BITS[s.modality] for s in students], dtype=np.uint8),
        s_device=np.array([s.has_device for s in students], dtype=bool),
        s_connection=np.array([s.has_connection for s in students], dtype=bool),
        s_minor=np.array([s.minor for s in students], dtype=bool),
        s_lang=np.array([lang_mask(s.languages) for s in students], dtype=np.uint64),
        s_gender_req=np.array(
            [_GENDER_CODE[s.mentor_gender] if s.mentor_gender_required else 0 for s in students],
            dtype=np.uint8),
        s_territory=terr_codes[:n_s],
        s_association=assoc_codes[:n_s],
        s_current=np.array([m_index.get(s.current_mentor, -1) if s.current_mentor else -1
                            for s in students], dtype=np.int32),   # gone: mentor_left
        s_weight=np.array([policy.weight_of(s.priority_tags) for s in students], dtype=np.int64),
        s_primary=np.array([level_rank(s.level) <= LEVELS.index("CM2") for s in students],
                           dtype=bool),
        m_offer_level=offer,
        m_avail=avail(mentors),
        m_lat=m_lat,
        m_lon=m_lon,
        m_located=m_located,
        m_radius_km=travel_radius_km(mentors, policy),
        m_modes=np.array([_MODALITY_BITS[m.modality] for m in mentors], dtype=np.uint8),
        m_capacity=np.array([m.capacity for m in mentors], dtype=np.int64),
        m_group=np.array([m.group_size for m in mentors], dtype=np.int64),
        m_lang=np.array([lang_mask(m.languages) for m in mentors], dtype=np.uint64),
        m_gender=np.array([_GENDER_CODE[m.gender] for m in mentors], dtype=np.uint8),
        m_clearance=np.array([m.has_clearance for m in mentors], dtype=bool),
        m_territory=terr_codes[n_s:],
        m_association=assoc_codes[n_s:],
        excluded_keys=np.unique(np.array(excluded, dtype=np.int64)),
        self_keys=np.unique(np.array(self_keys, dtype=np.int64)),
        n_blocks=7 * blocks_per_day,
        blocks_per_day=blocks_per_day,
    )
