"""Independent, scalar reference implementations for the engine tests (tiny instances only).

Written from the SPEC, one pair at a time, without the engine's array code, so
that tests compare two implementations of the same rules and optimum.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from mentormatch.candidates.costs import session_costs
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.candidates.reference import evaluate_pairs
from mentormatch.domain import Mentor, Problem, Student
from mentormatch.domain.levels import level_rank


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def common_sessions(s: Student, m: Mentor, minutes: int) -> list[int]:
    """Blocks (day * per_day + k) inside a window of each person."""
    per_day = 24 * 60 // minutes

    def free(person: Student | Mentor, day: int, start: int) -> bool:
        return any(w.day == day and w.start <= start and start + minutes <= w.end
                   for w in person.availability.windows)

    return [d * per_day + k for d in range(7) for k in range(per_day)
            if free(s, d, k * minutes) and free(m, d, k * minutes)]


def feasible(problem: Problem, s: Student, m: Mentor) -> bool:
    """Every hard rule of SPEC §4, for one pair."""
    pol = problem.policy
    vocab = problem.vocabulary
    if s.id == m.id or m.id in s.excluded_mentors or s.id in m.excluded_students:
        return False
    teach = False
    for need in s.needs:
        top = m.max_level_of(vocab.lookup(need) or need)
        if top is not None and level_rank(top) >= level_rank(s.level):
            teach = True
    if not teach or not common_sessions(s, m, pol.session_minutes):
        return False
    if pol.require_common_language and not set(s.languages) & set(m.languages):
        return False
    if pol.respect_gender_preference and s.mentor_gender_required and \
            s.mentor_gender is not None and m.gender != s.mentor_gender:
        return False
    remote = (s.modality in ("remote", "either") and m.modality in ("remote", "either")
              and (s.has_device or not pol.remote_requires_device)
              and (s.has_connection or not pol.remote_requires_connection))
    in_person = False
    if (s.modality in ("in_person", "either") and m.modality in ("in_person", "either")
            and s.location is not None and m.location is not None):
        d = haversine_km((s.location.latitude, s.location.longitude),
                         (m.location.latitude, m.location.longitude))
        radius = m.max_travel_km if m.max_travel_km is not None else pol.default_travel_km
        cleared = m.has_clearance or not s.minor or not pol.clearance_for_minors_in_person
        in_person = d <= radius + 1e-9 and cleared
    return remote or in_person


def best_session_cost(enc: Any, fp: Any, m: int, studs: list[int],
                      blocks: list[list[int]]) -> int | None:
    """Least total session cost of volunteer ``m``'s pupils ``studs`` (each among its
    ``blocks``) with at most ``group_size`` pupils per session; None when none fits."""
    best: int | None = None
    for assign in itertools.product(*blocks):
        counts: dict[int, int] = {}
        for b in assign:
            counts[b] = counts.get(b, 0) + 1
        if any(c > enc.m_group[m] for c in counts.values()):
            continue
        sc = sum(int(fp.session_cost[int(enc.s_primary[s]), b])
                 for s, b in zip(studs, assign, strict=True))
        best = sc if best is None else min(best, sc)
    return best


def brute_force(problem: Problem) -> tuple[int, int]:
    """Return the optimum ``(matched weight, total quantised cost)`` by enumeration.

    Uses the engine's quantised pair and session costs (the costs are tested
    separately); enumerates every assignment of pupils to volunteers and, per
    volunteer, every assignment of its pupils to session blocks. With
    ``Policy.max_pair_cost``, a pair may use only the sessions keeping its
    reported cost (float pair terms, then the session term) within the cap.
    """
    enc = encode(problem)
    fp = feasible_pairs(enc)
    pol = problem.policy
    pair_cost = {(int(s), int(m)): int(c) for s, m, c in zip(fp.si, fp.mi, fp.cost, strict=True)}
    options = [[None] + [m for (s2, m) in pair_cost if s2 == s] for s in range(enc.n_s)]
    load_unit = round(pol.weights.load_balance * pol.cost_scale)

    session_float = session_costs(pol)

    def blocks(s: int, m: int) -> list[int]:
        out = common_sessions(enc.students[s], enc.mentors[m], pol.session_minutes)
        if pol.max_pair_cost is None:
            return out
        terms = float(evaluate_pairs(enc, np.array([s]), np.array([m])).total[0])
        g = int(enc.s_primary[s])
        return [b for b in out if terms + float(session_float[g, b]) <= pol.max_pair_cost]

    best: tuple[int, int] | None = None
    choices: Iterator[tuple[int | None, ...]] = itertools.product(*options)
    for choice in choices:
        by_m: dict[int, list[int]] = {}
        for s, m in enumerate(choice):
            if m is not None:
                by_m.setdefault(m, []).append(s)
        if any(len(v) > enc.m_capacity[m] for m, v in by_m.items()):
            continue
        weight = sum(int(enc.s_weight[s]) for s, m in enumerate(choice) if m is not None)
        cost = 0
        ok = True
        for m, studs in by_m.items():
            cost += sum(pair_cost[(s, m)] for s in studs)
            cost += sum(k * load_unit for k in range(len(studs)))
            best_sessions = best_session_cost(enc, fp, m, studs,
                                              [blocks(s, m) for s in studs])
            if best_sessions is None:
                ok = False
                break
            cost += best_sessions
        if not ok:
            continue
        key = (weight, -cost)
        if best is None or key > (best[0], -best[1]):
            best = (weight, cost)
    assert best is not None
    return best
