"""Recruitment needs: the volunteer profiles that would match the most priority weight.

A *profile* is subject × highest level (the level band's top) × place (a
territory, or remote) × weekly window (a day and a part of it: morning,
afternoon, evening). :func:`recruitment`:

1. **generates** profiles from the unmatched pupils with arrays: every
   (need, band, place, window) an unmatched pupil could be served in, scored by
   the dual prices of the pupils it gathers — an unmatched pupil's potential is
   its unassigned cost, ``weight × BIG``, so the score is the sum of the
   ``capacity`` largest priority weights;
2. **refines** the :data:`SCREENED` best scores exactly: a hypothetical
   volunteer of the profile (the median volunteer's capacity and travel radius,
   cleared for minors, French-speaking, living at the centroid of the profile's
   pupils) is checked against every unmatched pupil by the hard rules, and
   rescored on the pupils who pass;
3. **verifies** the best ``top + VERIFY_EXTRA`` by re-solving the problem with
   ``count`` such volunteers added (:func:`mentormatch.whatif.resolve.resolve`):
   the gain reported is the verified one, and the list is ranked by it.

:func:`naive_recruitment` is the baseline of ``benchmarks/whatif.py``: the most
frequent unmatched needs, verified the same way.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.domain.availability import Availability, format_minutes
from mentormatch.domain.people import Location, Mentor, SubjectOffer
from mentormatch.domain.problem import Problem
from mentormatch.domain.vocabulary import THEMES
from mentormatch.result.model import MatchResult
from mentormatch.whatif.explain import engine_of
from mentormatch.whatif.fixes import with_people
from mentormatch.whatif.model import RecruitmentItem
from mentormatch.whatif.resolve import Engine, resolve

__all__ = ["BANDS", "PARTS", "describe_item", "naive_recruitment", "recruitment"]

#: Level bands: (English, French, top level).
BANDS: tuple[tuple[str, str, str], ...] = (
    ("primary school", "primaire", "CM2"), ("middle school", "collège", "3e"),
    ("high school", "lycée", "Tle"), ("post-bac", "post-bac", "post-bac"))
#: Parts of a day: (English, French, start minute, end minute).
PARTS: tuple[tuple[str, str, int, int], ...] = (
    ("morning", "matin", 8 * 60, 12 * 60), ("afternoon", "après-midi", 12 * 60, 17 * 60),
    ("evening", "soir", 17 * 60, 21 * 60))
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
#: Profiles refined against the hard rules.
SCREENED = 40
#: Profiles verified beyond ``top``.
VERIFY_EXTRA = 2
#: Most volunteers of one profile in an item.
MAX_COUNT = 3
_BAND_OF_LEVEL = np.array([0] * 5 + [1] * 4 + [2] * 3 + [3], dtype=np.int64)
_REMOTE = -2


@dataclass(frozen=True)
class _Profile:
    subject: int
    band: int
    place: int          # territory code, or _REMOTE
    day: int
    part: int
    score: float


def _parts_of_blocks(base: Engine) -> NDArray[np.int64]:
    """Day-part index (day * len(PARTS) + part) of each block, -1 outside every part."""
    enc = base.enc
    minutes = enc.problem.policy.session_minutes
    b = np.arange(enc.n_blocks)
    day, k = np.divmod(b, enc.blocks_per_day)
    start, end = k * minutes, (k + 1) * minutes
    out = np.full(enc.n_blocks, -1, dtype=np.int64)
    for p, (_, _, lo, hi) in enumerate(PARTS):
        inside = (start >= lo) & (end <= hi)
        out[inside] = day[inside] * len(PARTS) + p
    return out


def _unmatched(base: Engine) -> NDArray[np.int64]:
    enc = base.enc
    matched = np.zeros(enc.n_s, dtype=bool)
    s_of = {sid: i for i, sid in enumerate(enc.student_ids)}
    matched[[s_of[x] for x in base.solution.assignment]] = True
    return np.flatnonzero(~matched)


def _rows(base: Engine, pupils: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """(pupil, subject, band, place, day-part) rows of every way to serve each pupil."""
    enc = base.enc
    needs = enc.s_needs[pupils]
    r, c = np.nonzero(needs >= 0)
    p, subj = pupils[r], needs[r, c].astype(np.int64)
    bits = np.unpackbits(enc.s_avail[p].view(np.uint8), axis=1,
                         bitorder="little")[:, : enc.n_blocks].astype(bool)
    dp = _parts_of_blocks(base)
    onehot = np.zeros((len(p), 7 * len(PARTS)), dtype=bool)
    rr, bb = np.nonzero(bits & (dp >= 0)[None, :])
    onehot[rr, dp[bb]] = True
    r2, w = np.nonzero(onehot)
    p, subj = p[r2], subj[r2]
    band = _BAND_OF_LEVEL[enc.s_level[p].astype(np.int64)]
    remote = enc.s_device[p] & enc.s_connection[p] & (enc.s_modes[p] & 2 > 0)
    in_person = (enc.s_modes[p] & 1 > 0) & enc.s_located[p]
    place_ip = enc.s_territory[p].astype(np.int64)
    keep_ip = in_person & (place_ip >= 0)
    cols = [np.concatenate([x[keep_ip], x[remote]]) for x in (p, subj, band, w)]
    place = np.concatenate([place_ip[keep_ip], np.full(int(remote.sum()), _REMOTE)])
    return cols[0], cols[1], cols[2], place, cols[3]


def _top_weights(key: NDArray[np.int64], weight: NDArray[np.int64], cap: int
                 ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Per distinct key: the sum of its ``cap`` largest weights, and its size."""
    order = np.lexsort((-weight, key))
    k, w = key[order], weight[order]
    start = np.r_[True, k[1:] != k[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(k)), 0))
    rank = np.arange(len(k)) - first
    keys, inv = np.unique(k, return_inverse=True)
    score = np.bincount(inv, weights=np.where(rank < cap, w, 0)).astype(np.int64)
    size = np.bincount(inv).astype(np.int64)
    return keys, score, size


def _generate(base: Engine, cap: int) -> list[_Profile]:
    enc = base.enc
    pupils = _unmatched(base)
    if not pupils.size:
        return []
    p, subj, band, place, w = _rows(base, pupils)
    n_t = int(max(enc.s_territory.max(initial=0), enc.m_territory.max(initial=0))) + 3
    dims = (len(enc.subjects), len(BANDS), n_t, 7 * len(PARTS))
    key = np.ravel_multi_index((subj, band, place + 2, w), dims)
    keys, score, _ = _top_weights(key, enc.s_weight[p], cap)
    out: list[_Profile] = []
    seen: set[tuple[int, int, int]] = set()
    for j in np.argsort(-score, kind="stable"):
        if len(out) >= SCREENED:
            break
        s_, b_, t_, w_ = np.unravel_index(keys[j], dims)
        if (int(s_), int(b_), int(t_)) in seen:   # one window per subject, band and place
            continue
        seen.add((int(s_), int(b_), int(t_)))
        out.append(_Profile(int(s_), int(b_), int(t_) - 2, int(w_) // len(PARTS),
                            int(w_) % len(PARTS), float(score[j])))
    return out


def _mentor(base: Engine, prof: _Profile, ident: str, cap: int, radius: float,
            pupils: NDArray[np.int64]) -> Mentor:
    """A hypothetical volunteer of ``prof`` near the pupils ``pupils`` it gathers."""
    enc = base.enc
    subject = enc.subjects[prof.subject]
    _, _, lo, hi = PARTS[prof.part]
    window = Availability.parse(f"{('lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim')[prof.day]} "
                                f"{format_minutes(lo)}-{format_minutes(hi)}")
    data: dict[str, Any] = {
        "id": ident, "role": "mentor" if subject in THEMES else "tutor",
        "subjects": (SubjectOffer(subject=subject, max_level=BANDS[prof.band][2]),),
        "availability": window, "capacity": cap, "has_clearance": True,
        "profile": "recruitment"}
    if prof.place == _REMOTE or not pupils.size:
        data["modality"] = "remote"
    else:
        terr = Counter(enc.students[int(i)].location.territory  # type: ignore[union-attr]
                       for i in pupils).most_common(1)[0][0]
        communes = Counter(enc.students[int(i)].location.commune  # type: ignore[union-attr]
                           for i in pupils)
        data["location"] = Location(latitude=float(enc.s_lat[pupils].mean()),
                                    longitude=float(enc.s_lon[pupils].mean()),
                                    commune=communes.most_common(1)[0][0], territory=terr)
        data["max_travel_km"] = radius
        data["modality"] = "either"
    return Mentor(**data)


def _members(base: Engine, prof: _Profile, rows: tuple[NDArray[np.int64], ...]
             ) -> NDArray[np.int64]:
    p, subj, band, place, w = rows
    sel = ((subj == prof.subject) & (band == prof.band) & (place == prof.place)
           & (w == prof.day * len(PARTS) + prof.part))
    return np.unique(p[sel])


def _refine(base: Engine, profiles: list[_Profile], cap: int, radius: float
            ) -> list[tuple[float, int, Mentor]]:
    """Each profile's volunteer, rescored on the unmatched pupils passing every hard rule."""
    if not profiles:
        return []
    enc = base.enc
    pupils = _unmatched(base)
    rows = _rows(base, pupils)
    mentors = [_mentor(base, pr, f"RECRUIT-{k + 1}", cap, radius, _members(base, pr, rows))
               for k, pr in enumerate(profiles)]
    data: dict[str, Any] = {n: getattr(base.problem, n) for n in type(base.problem).model_fields}
    data["students"] = tuple(enc.students[int(i)].model_copy(
        update={"excluded_mentors": (), "current_mentor": None}) for i in pupils)
    data["mentors"] = tuple(mentors)
    venc = encode(type(base.problem)(**data))
    vfp = feasible_pairs(venc, memory_budget=None)
    weight = venc.s_weight[vfp.si.astype(np.int64)]
    keys, score, size = _top_weights(vfp.mi.astype(np.int64), weight, cap * MAX_COUNT)
    by_id = {m.id: m for m in mentors}
    out: list[tuple[float, int, Mentor]] = []
    for k, sc, n in zip(keys, score, size, strict=True):
        count = int(min(MAX_COUNT, max(1, math.ceil(int(n) / cap))))
        out.append((float(sc), count, by_id[venc.mentor_ids[int(k)]]))
    out.sort(key=lambda x: (-x[0], x[2].id))
    return out


def _verify(base: Engine, mentor: Mentor, count: int, estimate: float,
            prof_words: tuple[str, str, str, tuple[int, int, int]]) -> RecruitmentItem:
    t0 = time.perf_counter()
    copies = tuple(mentor.model_copy(update={"id": f"{mentor.id}.{c + 1}"})
                   for c in range(count))
    problem = with_people(base.problem, added=copies, where_of=base.positions)
    sol = resolve(base, problem, mentors=tuple(m.id for m in copies))
    before = base.solution.assignment
    tagged = {s.id for s in base.problem.students if s.priority_tags}
    gained = set(sol.assignment) - set(before)
    lost = set(before) - set(sol.assignment)
    subject, band, place, window = prof_words
    return RecruitmentItem(
        mentor, count, len(sol.assignment) - len(before),
        sol.matched_weight - base.solution.matched_weight,
        len(gained & tagged) - len(lost & tagged), subject, band, place, window, problem,
        estimate, time.perf_counter() - t0)


def _medians(base: Engine) -> tuple[int, float]:
    enc = base.enc
    cap = int(np.median(enc.m_capacity)) if enc.n_m else 1
    radius = float(np.median(enc.m_radius_km)) if enc.n_m else \
        base.problem.policy.default_travel_km
    return max(cap, 1), radius


def _words_of(mentor: Mentor) -> tuple[str, str, str, tuple[int, int, int]]:
    offer = mentor.subjects[0]
    band = next(b[0] for b in BANDS if b[2] == offer.max_level)
    place = "remote" if mentor.modality == "remote" or mentor.location is None else (
        mentor.location.commune or mentor.location.territory or "?")
    w = mentor.availability.windows[0]
    return offer.subject, band, place, (w.day, w.start, w.end)


def recruitment(problem: Problem, result: MatchResult, *, top: int = 10
                ) -> list[RecruitmentItem]:
    """The volunteer profiles whose recruitment would match the most priority weight.

    Parameters
    ----------
    problem : Problem
        The problem matched.
    result : MatchResult
        Its result.
    top : int
        Items returned at most.

    Returns
    -------
    list of RecruitmentItem
        Best verified ``gain_weight`` first (module notes); items with no
        verified gain are left out.
    """
    base = engine_of(result, problem)
    cap, radius = _medians(base)
    refined = _refine(base, _generate(base, cap), cap, radius)
    items = [_verify(base, m, count, score, _words_of(m))
             for score, count, m in refined[: top + VERIFY_EXTRA]]
    items = [i for i in items if i.gain > 0 or i.gain_weight > 0]
    items.sort(key=lambda i: (-i.gain_weight, -i.gain, i.count, i.profile.id))
    return items[:top]


def naive_recruitment(problem: Problem, result: MatchResult, *, top: int = 10
                      ) -> list[RecruitmentItem]:
    """Baseline: the most frequent unmatched needs (subject × territory), verified the same way.

    For each of the ``top`` most frequent (first need, territory or remote) of
    the unmatched pupils, one profile with their most frequent band and
    day-part, as many volunteers as :func:`recruitment` would take
    (``ceil(pupils / capacity)``, at most :data:`MAX_COUNT`).
    """
    base = engine_of(result, problem)
    enc = base.enc
    cap, radius = _medians(base)
    pupils = _unmatched(base)
    rows = _rows(base, pupils)
    p, subj, band, place, w = rows
    first = enc.s_needs[p, 0].astype(np.int64) == subj
    counts = Counter(zip(subj[first].tolist(), place[first].tolist(), strict=True))
    items = []
    for k, ((s_, t_), _) in enumerate(counts.most_common(top)):
        sel = first & (subj == s_) & (place == t_)
        b_ = Counter(band[sel].tolist()).most_common(1)[0][0]
        w_ = Counter(w[sel].tolist()).most_common(1)[0][0]
        prof = _Profile(s_, b_, t_, w_ // len(PARTS), w_ % len(PARTS), 0.0)
        members = _members(base, prof, rows)
        m = _mentor(base, prof, f"NAIVE-{k + 1}", cap, radius, members)
        count = int(min(MAX_COUNT, max(1, math.ceil(len(members) / cap))))
        items.append(_verify(base, m, count, float(len(members)), _words_of(m)))
    items.sort(key=lambda i: (-i.gain_weight, -i.gain, i.profile.id))
    return items


def describe_item(item: RecruitmentItem, lang: str = "en") -> str:
    """« 3 tuteurs de maths niveau collège à Aulnay-sous-Bois, mercredi après-midi : +7 élèves
    dont 6 prioritaires » (or in English)."""
    day, start, end = item.window
    part = next((p for p in PARTS if p[2] <= start and end <= p[3]), None)
    tutor = item.profile.role == "tutor"
    plural = item.count > 1
    if lang == "fr":
        role = ("tuteurs" if plural else "tuteur") if tutor else ("mentors" if plural else "mentor")
        place = "à distance" if item.territory == "remote" else f"à {item.territory}"
        when = f"{DAYS_FR[day]} {part[1] if part else format_minutes(start)}"
        band = next(b[1] for b in BANDS if b[0] == item.band)
        de = "d'" if item.subject[:1].lower() in "aeéèiouhy" else "de "
        return (f"{item.count} {role} {de}{item.subject} niveau {band} {place}, {when} : "
                f"+{item.gain} élève{'s' if item.gain > 1 else ''} dont {item.gain_priority} "
                f"prioritaire{'s' if item.gain_priority > 1 else ''}")
    role = ("tutors" if plural else "tutor") if tutor else ("mentors" if plural else "mentor")
    place = "remote" if item.territory == "remote" else f"in {item.territory}"
    when = f"{DAYS_EN[day]} {part[0] if part else format_minutes(start)}"
    return (f"{item.count} {item.subject} {role}, {item.band} level, {place}, {when}: "
            f"+{item.gain} pupil{'s' if item.gain != 1 else ''}, {item.gain_priority} of them "
            "priority")
