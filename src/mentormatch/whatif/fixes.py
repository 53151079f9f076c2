"""Fixes for an unmatched pupil: one change each, verified by an exact re-solve.

Candidates are generated with arrays over the pupil's row of the feasible graph
(never a loop over pupils × volunteers):

* **radius**: volunteers who pass every rule but the travel distance; the fix
  raises that volunteer's ``max_travel_km`` to the distance rounded up to the
  next kilometre (the smallest radius in 1 km steps), within
  :data:`MAX_RADIUS_KM` and :data:`MAX_RADIUS_FACTOR` times the current radius;
* **equipment**: lend the device and/or connection the pupil lacks;
* **availability**: one more session window for the pupil, the block at which
  most volunteers passing every other rule (with room first) are free;
* **level**: the next level down (or up) — a volunteer whose highest level is
  one below the pupil's then qualifies;
* **subject**: accept a close subject as well (:data:`CLOSE_SUBJECTS`);
* **capacity**: one more place at a full volunteer who passes every rule.

Pupil-side candidates are screened by encoding the pupil's variants against
every volunteer (a variant with no new feasible volunteer cannot help). Each
remaining candidate, at most :data:`MAX_VERIFIED`, is verified by
:func:`mentormatch.whatif.resolve.resolve`. A fix is ``matched`` only when
*every* optimum of the modified problem pairs the pupil:

* for a change of the pupil alone, when the modified optimum is strictly better
  (lexicographically) than the optimum in force — any solution leaving the pupil
  unmatched is a solution of the original problem, hence no better;
* for a change of a volunteer, when it is strictly better than the optimum of
  the modified problem with the pupil forbidden (a second re-solve).

So :func:`mentormatch.match` on ``fix.problem`` pairs the pupil, whatever its
tie-breaking (checked by the tests).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.reference import evaluate_pairs, feasible_mask
from mentormatch.domain.availability import DAY_NAMES_FR, Availability, format_minutes
from mentormatch.domain.levels import LEVELS
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.problem import Problem, check_references
from mentormatch.result.model import Session
from mentormatch.whatif.delta import Positions, positions, variant_pairs
from mentormatch.whatif.model import Fix, word
from mentormatch.whatif.resolve import Engine, Solution, resolve

__all__ = ["CLOSE_SUBJECTS", "MAX_VERIFIED", "candidates", "find_fixes", "with_people"]

#: Candidate fixes verified per pupil at most.
MAX_VERIFIED = 8
#: Candidates kept per kind before verification.
PER_KIND = 2
#: A radius fix asks a volunteer to travel at most this far ...
MAX_RADIUS_KM = 50.0
#: ... and at most this many times their current radius.
MAX_RADIUS_FACTOR = 3.0
#: Subjects a pupil may be offered instead of a need (both ways).
CLOSE_SUBJECTS: dict[str, tuple[str, ...]] = {
    "maths": ("physique-chimie", "sciences", "aide aux devoirs"),
    "physique-chimie": ("maths", "sciences", "svt"),
    "svt": ("sciences", "physique-chimie"),
    "sciences": ("svt", "physique-chimie", "technologie"),
    "technologie": ("sciences", "nsi", "numérique"),
    "nsi": ("numérique", "maths"),
    "numérique": ("nsi", "technologie"),
    "français": ("aide aux devoirs", "expression orale", "méthodologie"),
    "histoire-géographie": ("ses", "aide aux devoirs"),
    "ses": ("histoire-géographie",),
    "philosophie": ("français",),
    "anglais": ("aide aux devoirs", "expression orale"),
    "espagnol": ("aide aux devoirs",),
    "allemand": ("aide aux devoirs",),
    "aide aux devoirs": ("méthodologie",),
    "méthodologie": ("aide aux devoirs",),
    "orientation": ("insertion professionnelle", "confiance en soi"),
    "insertion professionnelle": ("orientation",),
    "confiance en soi": ("expression orale", "orientation"),
    "expression orale": ("confiance en soi", "français"),
}


@dataclass(frozen=True)
class Candidate:
    """A change to try: the modified problem and who changed."""

    kind: str
    problem: Problem
    students: tuple[str, ...]
    mentors: tuple[str, ...]
    mentor_side: bool
    words: dict[str, str]
    rank: tuple[float, ...]


def with_people(problem: Problem, *, students: dict[str, Student] | None = None,
                mentors: dict[str, Mentor] | None = None,
                added: tuple[Mentor, ...] = (), where_of: Positions = positions) -> Problem:
    """``problem`` with some people replaced (by ID) and volunteers added.

    ``where_of`` looks people up by ID (an engine's cached
    :meth:`~mentormatch.whatif.resolve.Engine.positions` for its problem).
    """
    students = students or {}
    mentors = mentors or {}
    data: dict[str, Any] = {name: getattr(problem, name) for name in type(problem).model_fields}
    data["students"] = _replaced(problem.students, students, where_of)
    data["mentors"] = _replaced(problem.mentors, mentors, where_of) + tuple(added)
    fresh = {m.id for m in added}
    if (all(x.id == k for k, x in students.items())
            and all(y.id == k for k, y in mentors.items())
            and len(fresh) == len(added) and not any(x in where_of(problem.mentors)
                                                     for x in fresh)
            and not any(m.excluded_students for m in added)
            and not check_references((), added, problem.policy)):
        # the same people under the same IDs, and added volunteers under new IDs who
        # exclude nobody: the references checked when ``problem`` was built still hold
        # (a check costs 0.15 s at 30,000 pupils)
        return type(problem).model_construct(**data)
    return type(problem)(**data)


def _replaced(people: tuple[Any, ...], by_id: dict[str, Any],
              where_of: Positions = positions) -> tuple[Any, ...]:
    """``people`` with the people of ``by_id`` replaced (found by their index by ID)."""
    if not by_id:
        return people
    where = where_of(people)
    out = list(people)
    for x, person in by_id.items():
        if x in where:
            out[where[x]] = person
    return tuple(out)


def _words(key: str, **values: Any) -> dict[str, str]:
    return {lang: word(key, lang, **values) for lang in ("en", "fr")}


def _variants(base: Engine, s: int) -> list[tuple[str, Student, dict[str, str]]]:
    """The pupil-side changes of pupil ``s``: (kind, changed pupil, words)."""
    st = base.enc.students[s]
    out: list[tuple[str, Student, dict[str, str]]] = []
    lacks = [w for w, has in (("device", st.has_device), ("connection", st.has_connection))
             if not has]
    if lacks and st.modality != "in_person":
        what = "+".join(lacks)
        out.append(("equipment", st.model_copy(update={"has_device": True,
                                                       "has_connection": True}),
                    {lang: word("equipment", lang, what=word(what, lang))
                     for lang in ("en", "fr")}))
    rank = LEVELS.index(st.level)
    for step, way in ((-1, "way_down"), (1, "way_up")):
        if 0 <= rank + step < len(LEVELS):
            lvl = LEVELS[rank + step]
            out.append(("level", st.model_copy(update={"level": lvl}),
                        {lang: word("level", lang, level=lvl, way=word(way, lang))
                         for lang in ("en", "fr")}))
    vocab = base.problem.vocabulary
    seen = set(st.needs)
    for need in st.needs:
        for close in CLOSE_SUBJECTS.get(need, ()):
            if close in seen or vocab.lookup(close) is None:
                continue
            seen.add(close)
            out.append(("subject", st.model_copy(update={"needs": (*st.needs, close)}),
                        _words("subject", subject=close, need=need)))
    return out


def _window_variants(base: Engine, s: int, room: NDArray[np.bool_]
                     ) -> list[tuple[str, Student, dict[str, str]]]:
    """One more window for pupil ``s``: the blocks most volunteers passing the rest share."""
    enc = base.enc
    words_ = enc.s_avail.shape[1]
    full = np.zeros(words_, dtype=np.uint64)
    bits = np.zeros(words_ * 64, dtype=bool)
    bits[: enc.n_blocks] = True
    full[:] = np.packbits(bits, bitorder="little").view(np.uint64)
    s_avail = enc.s_avail.copy()
    s_avail[s] = full
    open_enc = replace(enc, s_avail=s_avail)
    mi = np.arange(enc.n_m, dtype=np.int64)
    si = np.full(enc.n_m, s, dtype=np.int64)
    now = feasible_mask(enc, si, mi)
    later = np.flatnonzero(feasible_mask(open_enc, si, mi) & ~now)
    if not later.size:
        return []
    m_bits = np.unpackbits(enc.m_avail[later].view(np.uint8), axis=1,
                           bitorder="little")[:, : enc.n_blocks].astype(np.int64)
    own = np.unpackbits(enc.s_avail[s].view(np.uint8), bitorder="little")[: enc.n_blocks]
    score = (m_bits * (1 + 1000 * room[later][:, None])).sum(axis=0)
    score[own.astype(bool)] = 0
    st = enc.students[s]
    minutes = enc.problem.policy.session_minutes
    out = []
    for b in np.argsort(-score, kind="stable")[:PER_KIND]:
        if score[b] <= 0:
            break
        day, k = divmod(int(b), enc.blocks_per_day)
        start = k * minutes
        window = f"{DAY_NAMES_FR[day]} {format_minutes(start)}-{format_minutes(start + minutes)}"
        avail = Availability.parse(f"{st.availability}; {window}" if st.availability else window)
        out.append(("availability", st.model_copy(update={"availability": avail}),
                    _words("availability", window=window)))
    return out


def _useful(base: Engine, s: int, variants: list[tuple[str, Student, dict[str, str]]],
            room: NDArray[np.bool_]) -> list[tuple[tuple[float, ...], int]]:
    """Rank of each variant with a new feasible volunteer (others are dropped)."""
    if not variants:
        return []
    enc = base.enc
    pairs = variant_pairs(enc, s, tuple(v[1] for v in variants))
    now = np.zeros(enc.n_m, dtype=bool)
    ptr = base.pair_index().s_ptr   # not a search of the int32 column with int64 keys
    now[base.fp.mi[int(ptr[s]): int(ptr[s + 1])]] = True
    out: list[tuple[tuple[float, ...], int]] = []
    for k, vfp in enumerate(pairs):
        m = vfp.mi.astype(np.int64)
        new = ~now[m]
        if not new.any():
            continue
        with_room = new & room[m]
        cheapest = float(vfp.cost[new].min())
        out.append(((0.0 if with_room.any() else 1.0, cheapest), k))
    return out


def _radius(base: Engine, s: int, room: NDArray[np.bool_]) -> list[Candidate]:
    enc = base.enc
    mi = np.arange(enc.n_m, dtype=np.int64)
    si = np.full(enc.n_m, s, dtype=np.int64)
    far = replace(enc, m_radius_km=np.full(enc.n_m, 1.0e6))
    new = np.flatnonzero(feasible_mask(far, si, mi) & ~feasible_mask(enc, si, mi))
    if not new.size:
        return []
    ev = evaluate_pairs(far, si[new], new)
    dist = ev.dist_km
    cap = np.minimum(MAX_RADIUS_KM, MAX_RADIUS_FACTOR * enc.m_radius_km[new])
    ok = np.isfinite(dist) & ~ev.remote & (np.ceil(dist + 1e-9) <= cap)
    new, dist, total = new[ok], dist[ok], ev.total[ok]
    need = np.ceil(dist + 1e-9)
    extra = need - enc.m_radius_km[new]
    order = np.lexsort((total, extra, ~room[new]))
    out = []
    for j in order[:PER_KIND]:
        m = enc.mentors[int(new[j])]
        km = int(need[j])
        was = enc.m_radius_km[int(new[j])]
        changed = m.model_copy(update={"max_travel_km": float(km)})
        out.append(Candidate(
            "radius", with_people(base.problem, mentors={m.id: changed},
                                  where_of=base.positions), (), (m.id,), True,
            _words("radius", mentor=m.id, km=km, was=f"{was:g}"),
            (0.0 if room[new[j]] else 1.0, float(extra[j]), float(total[j]))))
    return out


def _capacity(base: Engine, s: int, room: NDArray[np.bool_]) -> list[Candidate]:
    enc = base.enc
    ptr = base.pair_index().s_ptr
    mentors = base.fp.mi[int(ptr[s]): int(ptr[s + 1])].astype(np.int64)   # cheapest first
    full = mentors[~room[mentors]][:PER_KIND]
    out = []
    for m in full:
        mentor = enc.mentors[int(m)]
        changed = mentor.model_copy(update={"capacity": mentor.capacity + 1})
        out.append(Candidate(
            "capacity", with_people(base.problem, mentors={mentor.id: changed},
                                    where_of=base.positions), (), (), True,
            _words("capacity", mentor=mentor.id, was=mentor.capacity, now=mentor.capacity + 1),
            (2.0, 0.0)))
    return out


def _room(base: Engine) -> NDArray[np.bool_]:
    """Volunteers with a free place in the optimum in force."""
    enc = base.enc
    load = np.zeros(enc.n_m, dtype=np.int64)
    index = {mid: j for j, mid in enumerate(enc.mentor_ids)}
    for mid, _ in base.solution.assignment.values():
        load[index[mid]] += 1
    return load < enc.m_capacity


def candidates(base: Engine, student_id: str) -> list[Candidate]:
    """Every candidate fix for an unmatched pupil, best first (see the module notes)."""
    enc = base.enc
    s = enc.student_ids.index(student_id)
    room = _room(base)
    variants = _variants(base, s) + _window_variants(base, s, room)
    useful = _useful(base, s, variants, room)
    kinds: dict[str, int] = {}
    out: list[Candidate] = []
    for rank, k in sorted(useful):
        kind, student, words = variants[k]
        if kinds.get(kind, 0) >= PER_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        out.append(Candidate(kind, with_people(base.problem, students={student_id: student},
                                                         where_of=base.positions),
                             (student_id,), (), False, words, rank))
    out += _radius(base, s, room) + _capacity(base, s, room)
    return sorted(out, key=lambda c: c.rank)


def _displaced(base: Solution, sol: Solution, student_id: str) -> tuple[str, ...]:
    if sol.assignment is base.assignment:   # the optimum in force, as is
        return ()
    ids = set(base.assignment) | set(sol.assignment)
    ids.discard(student_id)
    return tuple(sorted(x for x in ids if base.assignment.get(x) != sol.assignment.get(x)))


def verify(base: Engine, cand: Candidate, student_id: str) -> Fix:
    """Re-solve ``cand.problem`` exactly and turn the outcome into a :class:`Fix`."""
    t0 = time.perf_counter()
    sol = resolve(base, cand.problem, students=cand.students, mentors=cand.mentors,
                  pupil=student_id)
    paired = student_id in sol.assignment
    if not cand.mentor_side:
        matched = paired and sol.key() < base.solution.key()
    elif paired:
        other = resolve(base, cand.problem, students=cand.students, mentors=cand.mentors,
                        forbid=(student_id,))
        matched = sol.key() < other.key()
    else:
        matched = False
    session = None
    got = sol.session(student_id)
    if got is not None:
        session = Session(*got)
    scale = base.problem.policy.cost_scale
    moved = _displaced(base.solution, sol, student_id)
    return Fix(cand.kind, cand.words["en"], matched,
               sol.assignment[student_id][0] if paired else None, session,
               len(moved), moved, cand.problem,
               (sol.soft_cost - base.solution.soft_cost) / scale,
               time.perf_counter() - t0, cand.words, sol.method)


def find_fixes(base: Engine, student_id: str, *, max_fixes: int = 3,
               max_verified: int = MAX_VERIFIED) -> tuple[tuple[Fix, ...], tuple[Fix, ...]]:
    """The best verified fixes of an unmatched pupil, and every fix tried.

    Candidates are verified in their order (:func:`candidates`), at most
    ``max_verified``; the search stops early once ``max_fixes`` verified fixes
    displace nobody (no later one can be less disruptive).

    Returns
    -------
    fixes : tuple of Fix
        At most ``max_fixes`` fixes that match the pupil, least displaced first,
        then least cost.
    tried : tuple of Fix
        Every candidate verified, in the order tried.
    """
    tried_: list[Fix] = []
    for cand in candidates(base, student_id)[:max_verified]:
        tried_.append(verify(base, cand, student_id))
        # fixes that displace nobody cannot be beaten on disruption: enough of them ends it
        if sum(1 for f in tried_ if f.matched and not f.displaced) >= max_fixes:
            break
    tried = tuple(tried_)
    good = sorted((f for f in tried if f.matched),
                  key=lambda f: (f.displaced, f.cost_delta if math.isfinite(f.cost_delta) else 0))
    return tuple(good[:max_fixes]), tried
