"""Pairs in force: where they come from, and which still hold in the new problem.

A *pair in force* is a pupil's current (volunteer, weekly session). It comes
from the previous result (``match(problem, previous=...)``: a
:class:`~mentormatch.MatchResult`, or what :func:`mentormatch.read_result`
reads back), or from the students' ``current_mentor`` *and* ``current_session``
columns (a coordinator's hand edits; these win over the previous result). A
``current_mentor`` without a session is not a pair in force: it stays what it
always was, the soft ``continuity`` cost.

:func:`check_in_force` decides, on the encoded new problem, which pairs still
hold. A pair *ends* with one reason code:

* ``mentor_left``: the volunteer is not in the new mentors file;
* ``mentor_unavailable``: the volunteer is no longer free at the session;
* ``capacity_lowered``: the volunteer's capacity (or group size) is now below
  the pairs in force (the locked pairs, then the pupils first in canonical
  order, keep the places);
* ``rule_no_longer_met``: another hard rule fails now (``rule`` names it:
  ``distance``, ``availability`` for the pupil's side, ``cost_cap``, ...;
  ``session_grid`` when the session is no longer on the policy's grid).

Pupils of the previous result who are not in the new students file have
*left*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import lexsort_int
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules import RULES
from mentormatch.candidates.rules.device import remote_ok
from mentormatch.domain.availability import parse_availability
from mentormatch.domain.problem import Problem

__all__ = ["ENDED_REASONS", "Checked", "PairInForce", "PreviousResult", "check_in_force",
           "collect_in_force"]

#: Reason codes of an ended pair in force.
ENDED_REASONS: tuple[str, ...] = ("mentor_left", "mentor_unavailable", "capacity_lowered",
                                  "rule_no_longer_met")


class _SessionLike(Protocol):
    @property
    def weekday(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _PairLike(Protocol):
    @property
    def student_id(self) -> str: ...
    @property
    def mentor_id(self) -> str: ...
    @property
    def session(self) -> _SessionLike: ...


class _UnmatchedLike(Protocol):
    @property
    def student_id(self) -> str: ...


class PreviousResult(Protocol):
    """What ``previous=`` needs of a result: its pairs and unmatched pupils."""

    @property
    def pairs(self) -> Sequence[_PairLike]: ...
    @property
    def unmatched(self) -> Sequence[_UnmatchedLike]: ...


@dataclass(frozen=True, slots=True)
class PairInForce:
    """A pupil's pair in force: volunteer, session (weekday, start, end minutes), lock."""

    student_id: str
    mentor_id: str
    weekday: int
    start: int
    end: int
    locked: bool = False
    source: str = "previous"   # "previous" or "students" (the input columns)


@dataclass(frozen=True)
class Collected:
    """The pairs in force of a run, and the previous run's pupils."""

    pairs: tuple[PairInForce, ...]
    previous_pupils: tuple[str, ...]      # every pupil of the previous result
    left: tuple[str, ...]                 # previous pupils absent from the problem
    has_previous: bool

    @property
    def active(self) -> bool:
        """Whether continuity applies (a previous result, or pairs in force)."""
        return self.has_previous or bool(self.pairs)


def collect_in_force(problem: Problem, previous: PreviousResult | None) -> Collected:
    """Gather the pairs in force of ``problem`` (see module docs).

    Parameters
    ----------
    problem : Problem
        The new problem.
    previous : MatchResult, optional
        The result in force (pairs and unmatched pupils are read).

    Returns
    -------
    Collected
        One pair in force per pupil at most, sorted by student ID.
    """
    by_student: dict[str, PairInForce] = {}
    prev_ids: list[str] = []
    if previous is not None:
        for p in previous.pairs:
            s = p.session
            by_student[p.student_id] = PairInForce(p.student_id, p.mentor_id, int(s.weekday),
                                                   int(s.start), int(s.end))
            prev_ids.append(p.student_id)
        prev_ids.extend(u.student_id for u in previous.unmatched)
    for st in problem.students:
        if st.current_mentor is not None and st.current_session is not None:
            w = parse_availability(st.current_session)[0]
            by_student[st.id] = PairInForce(st.id, st.current_mentor, w.day, w.start, w.end,
                                            st.locked, "students")
        elif st.locked and st.id in by_student:
            old = by_student[st.id]
            by_student[st.id] = PairInForce(old.student_id, old.mentor_id, old.weekday,
                                            old.start, old.end, True, old.source)
    present = {s.id for s in problem.students}
    left = tuple(sorted({i for i in prev_ids if i not in present}))
    pairs = tuple(p for _, p in sorted(by_student.items()) if p.student_id in present)
    return Collected(pairs, tuple(sorted(set(prev_ids))), left, previous is not None)


@dataclass(frozen=True)
class Checked:
    """The pairs in force checked against the encoded problem.

    Valid pairs (every hard rule holds, places enough) as arrays of encoded
    indices; ended pairs by student ID with their reason code and, for
    ``rule_no_longer_met``, the rule.
    """

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    block: NDArray[np.int64]
    locked: NDArray[np.bool_]
    ended: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    in_force: dict[str, PairInForce] = field(default_factory=dict)


def _block(p: PairInForce, minutes: int, per_day: int) -> int:
    """The policy grid's block of a session, or -1 when the session is not one block."""
    if p.end - p.start != minutes or p.start % minutes:
        return -1
    return p.weekday * per_day + p.start // minutes


def _has_block(avail: NDArray[np.uint64], rows: NDArray[np.int64],
               block: NDArray[np.int64]) -> NDArray[np.bool_]:
    word = avail[rows, block >> 6]
    return ((word >> (block & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)


def check_in_force(enc: Encoded, collected: Collected) -> Checked:
    """Decide which pairs in force still hold in ``enc`` (see module docs).

    Vectorised over the pairs in force: each hard rule of
    :data:`~mentormatch.candidates.rules.RULES` is checked in its order (the
    first failing one is the reason), then the session block on both sides,
    then the places (capacity, then group size per session).
    """
    s_index = {sid: i for i, sid in enumerate(enc.student_ids)}
    m_index = {mid: j for j, mid in enumerate(enc.mentor_ids)}
    ended: dict[str, tuple[str, str | None]] = {}
    minutes = enc.problem.policy.session_minutes
    rows: list[tuple[int, int, int, bool, str]] = []
    for p in collected.pairs:
        if p.mentor_id not in m_index:
            ended[p.student_id] = ("mentor_left", None)
            continue
        b = _block(p, minutes, enc.blocks_per_day)
        if b < 0:
            ended[p.student_id] = ("rule_no_longer_met", "session_grid")
            continue
        rows.append((s_index[p.student_id], m_index[p.mentor_id], b, p.locked, p.student_id))
    si = np.array([r[0] for r in rows], dtype=np.int64)
    mi = np.array([r[1] for r in rows], dtype=np.int64)
    blk = np.array([r[2] for r in rows], dtype=np.int64)
    locked = np.array([r[3] for r in rows], dtype=bool)
    ok = np.ones(len(rows), dtype=bool)
    why: list[tuple[str, str | None] | None] = [None] * len(rows)

    def fail(mask: NDArray[np.bool_], reason: tuple[str, str | None]) -> None:
        for k in np.flatnonzero(mask & ok):
            why[int(k)] = reason
        ok[mask] = False

    if len(rows):
        remote = remote_ok(enc, si, mi)
        for r in RULES:   # the first rule failing is the reason
            live = np.flatnonzero(ok)
            if not live.size:
                break
            bad = np.zeros(len(rows), dtype=bool)
            bad[live] = ~r.passes(enc, si[live], mi[live], remote[live])
            if r.key == "availability":
                fail(bad & ~_has_block(enc.m_avail, mi, blk), ("mentor_unavailable", None))
            fail(bad, ("rule_no_longer_met", r.key))
        fail(~_has_block(enc.m_avail, mi, blk), ("mentor_unavailable", None))
        fail(~_has_block(enc.s_avail, si, blk), ("rule_no_longer_met", "availability"))
        # places: locked pairs first, then canonical order (pupil index)
        for key, limit in ((mi, enc.m_capacity[mi]), (mi * enc.n_blocks + blk,
                                                       enc.m_group[mi])):
            live = np.flatnonzero(ok)
            order = live[lexsort_int((si[live], (~locked[live]).astype(np.int64), key[live]))]
            ks = key[order]
            first = np.r_[True, ks[1:] != ks[:-1]] if ks.size else np.zeros(0, dtype=bool)
            start = np.maximum.accumulate(np.where(first, np.arange(ks.size), 0))
            rank = np.arange(ks.size) - start
            over = np.zeros(len(rows), dtype=bool)
            over[order] = rank >= limit[order]
            fail(over, ("capacity_lowered", None))
    for row, reason in zip(rows, why, strict=True):
        if reason is not None:
            ended[row[4]] = reason
    return Checked(si[ok], mi[ok], blk[ok], locked[ok], ended,
                   {p.student_id: p for p in collected.pairs})
