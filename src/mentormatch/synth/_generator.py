"""The synthetic-data generator: realistic French pupils and volunteers.

All randomness comes from one ``np.random.default_rng(seed)``, split with
``Generator.spawn`` into independent streams for pupils, volunteers and the
links between them (so the pupils of a seed do not change when only
``n_mentors`` changes). Draws are whole-array numpy operations; the only
Python loops build the pydantic models. Shared parts (availability
patterns, subject offers, tag and language tuples) are built once, validated,
and reused. Students and mentors are built with ``model_construct`` from
canonical values (see :func:`_build`; a test checks the result equals
validation's), and the final ``Problem`` is validated as usual.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from mentormatch.domain.availability import Availability, Window
from mentormatch.domain.levels import LEVELS
from mentormatch.domain.people import Location, Mentor, Student, SubjectOffer
from mentormatch.domain.policy import Policy
from mentormatch.domain.problem import Problem
from mentormatch.synth import profiles as P  # noqa: N812  (short alias for the tables)
from mentormatch.synth.territories import CITES

__all__ = ["PRIORITY_TAGS", "default_n_mentors", "generate"]

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]
K = TypeVar("K")
ModelT = TypeVar("ModelT", Student, Mentor)

#: Priority tags the generator uses, in the order they are listed on a pupil
#: (all weighted by the default :class:`~mentormatch.Policy`).
PRIORITY_TAGS: tuple[str, ...] = (
    "qpv", "rep_plus", "rep", "no_device", "no_connection", "key_worker_child", "waiting",
    "disability", "care_leaver",
)

_KM_PER_DEG = 111.32  # length of one degree of latitude (and of longitude at the equator)
_HOURS = np.arange(24)
_N_SUBJ = len(P.SUBJECTS)
_LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}


def default_n_mentors(n_students: int) -> int:
    """Return the default number of volunteers for ``n_students`` pupils.

    ``round(0.55 * n_students)``, at least 1 when there is a pupil (see
    :data:`mentormatch.synth.profiles.DEFAULT_MENTOR_RATIO`).
    """
    if n_students <= 0:
        return 0
    return max(1, round(P.DEFAULT_MENTOR_RATIO * n_students))


# ---------------------------------------------------------------------------
# Small vectorised helpers
# ---------------------------------------------------------------------------


def _probs(weights: Mapping[K, float]) -> tuple[list[K], FloatArray]:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys, p / p.sum()


def _choice_by_group(rng: np.random.Generator, groups: IntArray,
                     table: FloatArray) -> IntArray:
    """Draw one category per row; row ``i`` uses the probabilities ``table[groups[i]]``."""
    cum = np.cumsum(table / table.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    u = np.asarray(rng.random(groups.shape[0]), dtype=float)
    return np.asarray((u[:, None] >= cum[groups]).sum(axis=1), dtype=np.int64)


def _top_k(rng: np.random.Generator, weights: FloatArray, k: IntArray) -> tuple[IntArray, IntArray]:
    """Weighted draw of ``k[i]`` distinct columns per row, in draw order.

    Gumbel-top-k: sorting ``log w + Gumbel noise`` gives a weighted sample
    without replacement, the first column drawn first. Returns the column
    order (rows × columns) and ``k`` capped at the number of positive weights.
    """
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    return order.astype(np.int64), np.minimum(k, (weights > 0).sum(axis=1))


def _offset_points(rng: np.random.Generator, lat: FloatArray, lon: FloatArray,
                   r_min: FloatArray, r_max: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Move points by a distance uniform in area between ``r_min`` and ``r_max`` km."""
    n = lat.shape[0]
    r = np.sqrt(rng.random(n) * (r_max**2 - r_min**2) + r_min**2)
    theta = rng.random(n) * 2 * np.pi
    dlat = r * np.cos(theta) / _KM_PER_DEG
    dlon = r * np.sin(theta) / (_KM_PER_DEG * np.cos(np.radians(lat)))
    return np.round(lat + dlat, 5), np.round(lon + dlon, 5)


def _draw_availability(rng: np.random.Generator, groups: IntArray,
                       slots: Sequence[tuple[P.Slot, ...]]) -> BoolArray:
    """Hourly free blocks (people × 7 days × 24 hours); group ``g`` uses ``slots[g]``."""
    mask = np.zeros((groups.shape[0], 7, 24), dtype=bool)
    for g, group_slots in enumerate(slots):
        idx = np.flatnonzero(groups == g)
        m = idx.shape[0]
        sub = np.zeros((m, 7, 24), dtype=bool)
        for slot in group_slots:
            start = rng.choice(np.array(slot.starts), size=m, p=np.array(slot.start_p))
            end = rng.choice(np.array(slot.ends), size=m, p=np.array(slot.end_p))
            span = (start[:, None] <= _HOURS) & (end[:, None] > _HOURS)
            free = rng.random((m, len(slot.days))) < slot.p
            for j, day in enumerate(slot.days):
                sub[:, day, :] |= free[:, j, None] & span
        # Nobody signs up with no free time: an empty draw gets the last slot.
        empty = ~sub.any(axis=(1, 2))
        last = group_slots[-1]
        sub[empty, last.days[0], last.starts[0]:last.ends[-1]] = True
        mask[idx] = sub
    return mask


def _availabilities(mask: BoolArray) -> list[Availability]:
    """Turn hourly masks into :class:`Availability` objects (one per distinct pattern)."""
    n = mask.shape[0]
    if n == 0:
        return []
    packed = np.zeros((n, 24), dtype=np.uint8)  # 168 bits → 21 bytes, padded to 24
    packed[:, :21] = np.packbits(mask.reshape(n, 7 * 24), axis=1)
    # One opaque 24-byte key per row: np.unique on it is much faster than axis=0.
    keys = packed.view(np.dtype((np.void, 24))).ravel()
    uniq_keys, inverse = np.unique(keys, return_inverse=True)
    uniq = uniq_keys.view(np.uint8).reshape(-1, 24)[:, :21]
    hours = np.unpackbits(uniq, axis=1)[:, : 7 * 24].reshape(-1, 7, 24).astype(bool)
    padded = np.zeros((hours.shape[0], 7, 26), dtype=np.int8)
    padded[:, :, 1:25] = hours
    edges = np.diff(padded, axis=2)
    su, sd, sh = np.nonzero(edges == 1)     # a run starts at hour sh
    _, _, eh = np.nonzero(edges == -1)      # ... and ends before hour eh
    per_pattern: list[list[Window]] = [[] for _ in range(uniq.shape[0])]
    for u, d, s, e in zip(su.tolist(), sd.tolist(), sh.tolist(), eh.tolist(), strict=True):
        per_pattern[u].append(Window(d, 60 * s, 60 * e))
    objs = [Availability(tuple(ws)) for ws in per_pattern]
    return [objs[i] for i in inverse.reshape(-1).tolist()]


def _ids(prefix: str, n: int) -> list[str]:
    width = max(5, len(str(n)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


# ---------------------------------------------------------------------------
# Pupils
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pupils:
    cite: IntArray
    lat: FloatArray
    lon: FloatArray
    level: IntArray
    needs: list[tuple[str, ...]]
    first_need: IntArray
    avail: BoolArray
    has_device: BoolArray
    has_connection: BoolArray
    modality: list[str]
    tags: list[tuple[str, ...]]
    languages: list[tuple[str, ...]]
    gender: list[str | None]
    gender_required: BoolArray
    waiting_since: list[dt.date | None]
    association: list[str | None]


def _cite_weights() -> FloatArray:
    w = np.array([c.pupils for c in CITES], dtype=float)
    return w / w.sum()


def _lang_tuples(rng: np.random.Generator, n: int,
                 shares: Mapping[str, float]) -> list[tuple[str, ...]]:
    codes = list(shares)
    has = rng.random((n, len(codes))) < np.array([shares[c] for c in codes])
    bits = has @ (1 << np.arange(len(codes)))
    cache = {b: ("fr", *(c for j, c in enumerate(codes) if b >> j & 1))
             for b in np.unique(bits).tolist()}
    return [cache[b] for b in bits.tolist()]


def _draw_pupils(rng: np.random.Generator, n: int) -> _Pupils:
    cite = rng.choice(len(CITES), size=n, p=_cite_weights()).astype(np.int64)
    lat0 = np.array([c.latitude for c in CITES])[cite]
    lon0 = np.array([c.longitude for c in CITES])[cite]
    lat, lon = _offset_points(rng, lat0, lon0, np.full(n, P.PUPIL_JITTER_KM[0]),
                              np.full(n, P.PUPIL_JITTER_KM[1]))

    level_p = np.array([P.LEVEL_SHARES[lv] for lv in LEVELS], dtype=float)
    level = rng.choice(len(LEVELS), size=n, p=level_p / level_p.sum()).astype(np.int64)
    stage = np.array([P.STAGES.index(P.STAGE_OF_LEVEL[lv]) for lv in LEVELS])[level]

    # Needs: 1–3 subjects, weighted by level, most important first.
    nw = P.need_weights()
    weights = np.array([[nw[lv][s] for s in P.SUBJECTS] for lv in LEVELS])[level]
    count = rng.choice(3, size=n, p=np.array(P.NEEDS_COUNT_SHARES)) + 1
    order, count = _top_k(rng, weights, count)
    needs_cache: dict[tuple[int, ...], tuple[str, ...]] = {}
    needs: list[tuple[str, ...]] = []
    for row, k in zip(order[:, :3].tolist(), count.tolist(), strict=True):
        key = tuple(row[:k])
        if key not in needs_cache:
            needs_cache[key] = tuple(P.SUBJECTS[j] for j in key)
        needs.append(needs_cache[key])

    avail = _draw_availability(rng, stage, [P.PUPIL_AVAILABILITY[s] for s in P.STAGES])

    # Equipment, and a modality consistent with it.
    eq_keys, eq_p = _probs(P.EQUIPMENT_SHARES)
    eq = rng.choice(len(eq_keys), size=n, p=eq_p)
    has_device = np.array([k[0] for k in eq_keys])[eq]
    has_connection = np.array([k[1] for k in eq_keys])[eq]
    equipped = has_device & has_connection
    mod_names = ["either", "in_person", "remote"]
    mod_table = np.array([[P.PUPIL_MODALITY_UNEQUIPPED.get(m, 0.0) for m in mod_names],
                          [P.PUPIL_MODALITY_EQUIPPED.get(m, 0.0) for m in mod_names]])
    modality_idx = _choice_by_group(rng, equipped.astype(np.int64), mod_table)
    modality = [mod_names[i] for i in modality_idx.tolist()]

    # Waiting since a date before the rentrée; long waits are tagged.
    ref = np.datetime64(P.REFERENCE_DATE)
    known = rng.random(n) < P.WAITING_KNOWN_SHARE
    days = np.minimum(rng.exponential(P.WAITING_MEAN_DAYS, size=n).astype(np.int64), 365)
    dates = (ref - days.astype("timedelta64[D]")).tolist()
    waiting_since = [d if k else None for d, k in zip(dates, known.tolist(), strict=True)]

    # Priority tags (bit j of ``bits`` is PRIORITY_TAGS[j]).
    u = rng.random((n, 6))
    school = stage <= P.STAGES.index("college")  # REP covers écoles and collèges
    rep_plus = school & (u[:, 1] < P.REP_PLUS_SHARE)
    rep = school & ~rep_plus & (u[:, 1] < P.REP_PLUS_SHARE + P.REP_SHARE)
    flags = [
        u[:, 0] < P.QPV_SHARE, rep_plus, rep, ~has_device, ~has_connection,
        u[:, 2] < P.KEY_WORKER_SHARE, known & (days > P.WAITING_TAG_DAYS),
        u[:, 3] < P.DISABILITY_SHARE, u[:, 4] < P.CARE_LEAVER_SHARE,
    ]
    bits = np.zeros(n, dtype=np.int64)
    for j, flag in enumerate(flags):
        bits |= flag.astype(np.int64) << j
    tag_cache = {b: tuple(t for j, t in enumerate(PRIORITY_TAGS) if b >> j & 1)
                 for b in np.unique(bits).tolist()}
    tags = [tag_cache[b] for b in bits.tolist()]

    languages = _lang_tuples(rng, n, P.PUPIL_LANGUAGES)

    g_keys, g_p = _probs(P.PREFERRED_GENDER)
    prefers = rng.random(n) < P.GENDER_PREFERENCE_SHARE
    pref = rng.choice(len(g_keys), size=n, p=g_p)
    gender_required = prefers & (rng.random(n) < P.GENDER_REQUIRED_SHARE)
    gender = [g_keys[g] if w else None for g, w in zip(pref.tolist(), prefers.tolist(),
                                                       strict=True)]

    assoc_names = sorted({a for t in P.ASSOCIATIONS_OF_STAGE.values() for a in t})
    assoc_table = np.array([[P.ASSOCIATIONS_OF_STAGE[s].get(a, 0.0) for a in assoc_names]
                            for s in P.STAGES])
    assoc_idx = _choice_by_group(rng, stage, assoc_table)
    association = [assoc_names[i] or None for i in assoc_idx.tolist()]

    return _Pupils(cite, lat, lon, level, needs, order[:, 0], avail, has_device,
                   has_connection, modality, tags, languages, gender, gender_required,
                   waiting_since, association)


# ---------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mentors:
    cite: IntArray
    lat: FloatArray
    lon: FloatArray
    profile: list[str]
    role: list[str]
    offers: list[tuple[tuple[str, str], ...]]
    offer_cells: tuple[IntArray, IntArray]  # (mentor, subject) of every offer
    avail: BoolArray
    modality: list[str]
    travel_km: list[float | None]
    capacity: IntArray
    group_size: IntArray
    languages: list[tuple[str, ...]]
    gender: list[str]
    clearance: BoolArray
    association: list[str]


def _draw_mentors(rng: np.random.Generator, m: int) -> _Mentors:
    n_prof = len(P.PROFILES)
    group = rng.random(m) < P.GROUP_TUTOR_SHARE
    prof_p = np.array([[P.PROFILE_SHARES[p] for p in P.PROFILES],
                       [P.GROUP_TUTOR_PROFILES.get(p, 0.0) for p in P.PROFILES]])
    profile_idx = _choice_by_group(rng, group.astype(np.int64), prof_p)
    tutor_p = np.array([P.TUTOR_SHARE[p] for p in P.PROFILES])[profile_idx]
    tutor = group | (rng.random(m) < tutor_p)

    # Offers: table row 2*profile + is_tutor, or the group-tutor row.
    rows = [P.offer_weights(p, r) for p in P.PROFILES for r in ("mentor", "tutor")]
    rows.append({**dict.fromkeys(P.SUBJECTS, 0.0), **P.GROUP_TUTOR_WEIGHTS})
    table = np.array([[row[s] for s in P.SUBJECTS] for row in rows])
    trow = np.where(group, 2 * n_prof, 2 * profile_idx + tutor)
    count = rng.choice(len(P.OFFER_COUNT_SHARES), size=m, p=np.array(P.OFFER_COUNT_SHARES)) + 1
    count = np.where(group, np.minimum(count, 3), count)
    order, count = _top_k(rng, table[trow], count)
    kmax = int(count.max()) if m else 0
    order = order[:, :kmax]

    # Highest level taught: a depth per (mentor, offer) clipped to the subject's bounds.
    depth_names = [*P.PROFILES, "group"]
    depth_table = np.array([P.OFFER_DEPTH[d] for d in depth_names])
    depth_group = np.where(group, n_prof, profile_idx)
    depth_rank = np.array([_LEVEL_RANK[lv] for lv in P.DEPTH_LEVELS])
    depth = np.stack([_choice_by_group(rng, depth_group, depth_table) for _ in range(kmax)],
                     axis=1) if kmax else np.zeros((m, 0), dtype=np.int64)
    lo = np.array([_LEVEL_RANK[P.SUBJECT_LEVEL_BOUNDS[s][0]] for s in P.SUBJECTS])
    hi = np.array([_LEVEL_RANK[P.SUBJECT_LEVEL_BOUNDS[s][1]] for s in P.SUBJECTS])
    max_rank = np.clip(depth_rank[depth], lo[order], hi[order])
    offer_cache: dict[tuple[int, ...], tuple[tuple[str, str], ...]] = {}
    offers: list[tuple[tuple[str, str], ...]] = []
    for subj, rank, k in zip(order.tolist(), max_rank.tolist(), count.tolist(), strict=True):
        key = (*subj[:k], *rank[:k])
        if key not in offer_cache:
            offer_cache[key] = tuple((P.SUBJECTS[s], LEVELS[r])
                                     for s, r in zip(subj[:k], rank[:k], strict=True))
        offers.append(offer_cache[key])
    has_offer = np.arange(kmax)[None, :] < count[:, None]
    offer_cells = (np.nonzero(has_offer)[0].astype(np.int64), order[has_offer])

    avail = _draw_availability(rng, profile_idx,
                               [P.PROFILE_AVAILABILITY[p] for p in P.PROFILES])

    # Home: near one of the cités (weighted like the pupils), most within 15 km.
    cite = rng.choice(len(CITES), size=m, p=_cite_weights()).astype(np.int64)
    far = rng.random(m) < P.MENTOR_FAR_SHARE
    r_min = np.where(far, P.MENTOR_FAR_KM[0], P.MENTOR_NEAR_KM[0])
    r_max = np.where(far, P.MENTOR_FAR_KM[1], P.MENTOR_NEAR_KM[1])
    lat, lon = _offset_points(rng, np.array([c.latitude for c in CITES])[cite],
                              np.array([c.longitude for c in CITES])[cite], r_min, r_max)

    mod_keys, mod_p = _probs(P.MENTOR_MODALITY_SHARES)
    # Group tutors meet their group on site (homework help after class).
    modality_idx = np.where(group, mod_keys.index("in_person"),
                            rng.choice(len(mod_keys), size=m, p=mod_p))
    modality = [mod_keys[i] for i in modality_idx.tolist()]
    km_keys, km_p = _probs(P.TRAVEL_KM_SHARES)
    km = rng.choice(len(km_keys), size=m, p=km_p)
    travel_km = [None if mod == "remote" else km_keys[k]
                 for mod, k in zip(modality, km.tolist(), strict=True)]

    cap_keys, cap_p = _probs(P.CAPACITY_SHARES)
    group_size = np.where(group, rng.choice(np.array(P.GROUP_SIZE_CHOICES), size=m), 1)
    # A group tutor follows one group: capacity = group size.
    capacity = np.where(group, group_size, np.array(cap_keys)[rng.choice(len(cap_keys), size=m,
                                                                         p=cap_p)])

    languages = _lang_tuples(rng, m, P.MENTOR_LANGUAGES)
    gen_keys, gen_p = _probs(P.MENTOR_GENDER_SHARES)
    gender = [gen_keys[g] for g in rng.choice(len(gen_keys), size=m, p=gen_p).tolist()]
    clearance = rng.random(m) < P.CLEARANCE_SHARE
    assoc_names = sorted({a for t in P.ASSOCIATIONS_OF_PROFILE.values() for a in t})
    assoc_table = np.array([[P.ASSOCIATIONS_OF_PROFILE[p].get(a, 0.0) for a in assoc_names]
                            for p in P.PROFILES])
    association = [assoc_names[i] for i in
                   _choice_by_group(rng, profile_idx, assoc_table).tolist()]

    profile = [P.PROFILES[i] for i in profile_idx.tolist()]
    role = ["tutor" if t else "mentor" for t in tutor.tolist()]
    return _Mentors(cite, lat, lon, profile, role, offers, offer_cells, avail, modality,
                    travel_km, capacity.astype(np.int64), group_size.astype(np.int64),
                    languages, gender, clearance, association)


# ---------------------------------------------------------------------------
# Links: current mentors (continuity) and exclusions
# ---------------------------------------------------------------------------


def _pick_in_bucket(rng: np.random.Generator, keys: IntArray, members: IntArray,
                    wanted: IntArray) -> IntArray:
    """For each key of ``wanted``, a random member whose key is equal (-1 when none)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    start = np.searchsorted(sorted_keys, wanted, side="left")
    stop = np.searchsorted(sorted_keys, wanted, side="right")
    size = stop - start
    pick = start + np.floor(rng.random(wanted.shape[0]) * np.maximum(size, 1)).astype(np.int64)
    pick = np.minimum(pick, max(keys.shape[0] - 1, 0))
    out = np.full(wanted.shape[0], -1, dtype=np.int64)
    ok = size > 0
    out[ok] = members[order[pick[ok]]]
    return out


@dataclass(frozen=True)
class _Links:
    current: IntArray          # per pupil: mentor index or -1
    pupil_excludes: IntArray   # per pupil: mentor index or -1
    mentor_excludes: IntArray  # per mentor: pupil index or -1


def _draw_links(rng: np.random.Generator, pupils: _Pupils, mentors: _Mentors) -> _Links:
    n, m = pupils.cite.shape[0], mentors.cite.shape[0]
    if n == 0 or m == 0:
        return _Links(np.full(n, -1, np.int64), np.full(n, -1, np.int64),
                      np.full(m, -1, np.int64))
    # Current mentor: a volunteer of the same cité who offers the pupil's first
    # need (last year's pair), else any volunteer of the cité.
    who, subj = mentors.offer_cells
    has_current = rng.random(n) < P.CURRENT_MENTOR_SHARE
    by_subject = _pick_in_bucket(rng, mentors.cite[who] * _N_SUBJ + subj, who,
                                 pupils.cite * _N_SUBJ + pupils.first_need)
    by_cite = _pick_in_bucket(rng, mentors.cite, np.arange(m), pupils.cite)
    current = np.where(has_current, np.where(by_subject >= 0, by_subject, by_cite), -1)

    # Exclusions: a volunteer of the same cité (never the current mentor).
    excl = _pick_in_bucket(rng, mentors.cite, np.arange(m), pupils.cite)
    wants = (rng.random(n) < P.PUPIL_EXCLUSION_SHARE) & (current < 0)
    pupil_excludes = np.where(wants, excl, -1)
    mex = _pick_in_bucket(rng, pupils.cite, np.arange(n), mentors.cite)
    mentor_excludes = np.where(rng.random(m) < P.MENTOR_EXCLUSION_SHARE, mex, -1)
    return _Links(current, pupil_excludes, mentor_excludes)


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------


def _student_records(ids: list[str], mentor_ids: list[str], p: _Pupils,
                     links: _Links) -> list[dict[str, Any]]:
    """Field values of every pupil, already in the canonical form validation gives."""
    avails = _availabilities(p.avail)
    lat, lon, level = p.lat.tolist(), p.lon.tolist(), p.level.tolist()
    cite = p.cite.tolist()
    device, connection = p.has_device.tolist(), p.has_connection.tolist()
    required = p.gender_required.tolist()
    current, excl = links.current.tolist(), links.pupil_excludes.tolist()
    out: list[dict[str, Any]] = []
    for i, sid in enumerate(ids):
        c = CITES[cite[i]]
        out.append({
            "id": sid,
            "level": LEVELS[level[i]],
            "needs": p.needs[i],
            "availability": avails[i],
            "location": Location(latitude=lat[i], longitude=lon[i], commune=c.commune,
                                 departement=c.departement, territory=c.code),
            "modality": p.modality[i],
            "has_device": device[i],
            "has_connection": connection[i],
            "priority_tags": p.tags[i],
            "languages": p.languages[i],
            "mentor_gender": p.gender[i],
            "mentor_gender_required": required[i],
            "excluded_mentors": (mentor_ids[excl[i]],) if excl[i] >= 0 else (),
            "current_mentor": mentor_ids[current[i]] if current[i] >= 0 else None,
            "waiting_since": p.waiting_since[i],
            "is_minor": None,  # inferred from the level (Student.minor)
            "association": p.association[i],
        })
    return out


def generate(n_students: int, *, n_mentors: int | None = None, seed: int = 0,
             policy: Policy | None = None) -> Problem:
    """Generate a realistic synthetic French matching problem.

    Pupils live around real Cités éducatives (1–5 km from the commune centre,
    drawn in proportion to the cité's pupils), with levels CP to Tle and a few
    post-bac, 1–3 needs (maths and français most often), weekday-evening,
    Wednesday and Saturday availability, about a third without a device or a
    connection, priority tags, languages, a few required gender preferences,
    current mentors and exclusions. Volunteers are students, working people,
    retirees and service-civique volunteers with the availability each group
    has, living near the cités (some remote only), capacity 1–3, and some
    group tutors (groups of 3–6, capacity = group size). Every frequency and
    its source is in :mod:`mentormatch.synth.profiles`; the places in
    :mod:`mentormatch.synth.territories`.

    Parameters
    ----------
    n_students : int
        Number of pupils (0 gives a problem with no pupils and no volunteers
        unless ``n_mentors`` asks for some).
    n_mentors : int, optional
        Number of volunteers; default ``round(0.55 * n_students)`` (at least 1
        when there is a pupil), see :func:`default_n_mentors`.
    seed : int
        Seed of ``np.random.default_rng``. The same seed gives the same problem
        (identical ``model_dump``); different seeds give different problems.
    policy : Policy, optional
        Policy of the problem (default ``Policy()``). It must weigh the tags of
        :data:`PRIORITY_TAGS` (the default policy does).

    Returns
    -------
    Problem
        Validated problem; pupils are ``S00001``..., volunteers ``M00001``...

    Raises
    ------
    ValueError
        ``n_students`` or ``n_mentors`` negative or not an integer.
    mentormatch.InputError
        The policy does not weigh a generated priority tag.

    Notes
    -----
    About 1.5 s of CPU for 30,000 pupils and 16,500 volunteers
    (``benchmarks/synth_speed.py``), of which about 0.3 s are the
    ``Problem`` cross-entity checks. With the defaults, an upper bound of
    about 84 % of pupils can be matched (a bipartite matching on the hard
    rules, ignoring session and group limits): mostly but not entirely
    matchable. Availability is local time; overseas pupils paired remotely
    with metropolitan volunteers would in reality face a time difference.

    Examples
    --------
    >>> from mentormatch.synth import generate
    >>> problem = generate(100, seed=1)
    >>> len(problem.students), len(problem.mentors)
    (100, 55)
    """
    n = _count(n_students, "n_students")
    m = default_n_mentors(n) if n_mentors is None else _count(n_mentors, "n_mentors")
    rng_pupils, rng_mentors, rng_links = np.random.default_rng(seed).spawn(3)
    pupils = _draw_pupils(rng_pupils, n)
    mentors = _draw_mentors(rng_mentors, m)
    links = _draw_links(rng_links, pupils, mentors)

    student_ids, mentor_ids = _ids("S", n), _ids("M", m)
    with _gc_paused():
        students = _build(Student, _student_records(student_ids, mentor_ids, pupils, links))
        mentor_models = _build(Mentor, _mentor_records(mentor_ids, student_ids, mentors, links))
        # Problem validates everything that involves several people: unique IDs,
        # references, known subjects and priority tags.
        return Problem(students=students, mentors=mentor_models,
                       policy=policy if policy is not None else Policy())


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Building hundreds of thousands of models triggers repeated full
    collections that find nothing to free (15–30 % of the time at 30,000 to
    100,000 pupils). The collector's previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _mentor_records(ids: list[str], student_ids: list[str], m: _Mentors,
                    links: _Links) -> list[dict[str, Any]]:
    """Field values of every volunteer, already in the canonical form validation gives."""
    avails = _availabilities(m.avail)
    # Offers are few distinct (subject, level) pairs: build each SubjectOffer
    # once (validated) and share it; pydantic keeps model instances as given.
    offer_models = {o: SubjectOffer(subject=o[0], max_level=o[1])
                    for o in sorted({o for row in m.offers for o in row})}
    offers = [tuple(offer_models[o] for o in row) for row in m.offers]
    lat, lon = m.lat.tolist(), m.lon.tolist()
    cite, capacity, group_size = m.cite.tolist(), m.capacity.tolist(), m.group_size.tolist()
    clearance, excl = m.clearance.tolist(), links.mentor_excludes.tolist()
    out: list[dict[str, Any]] = []
    for i, mid in enumerate(ids):
        c = CITES[cite[i]]
        out.append({
            "id": mid,
            "role": m.role[i],
            "subjects": offers[i],
            "availability": avails[i],
            "association": m.association[i],
            "location": Location(latitude=lat[i], longitude=lon[i], departement=c.departement,
                                 territory=c.code),
            "max_travel_km": m.travel_km[i],
            "modality": m.modality[i],
            "capacity": capacity[i],
            "group_size": group_size[i],
            "languages": m.languages[i],
            "gender": m.gender[i],
            "has_clearance": clearance[i],
            "excluded_students": (student_ids[excl[i]],) if excl[i] >= 0 else (),
            "profile": m.profile[i],
        })
    return out


def _build(cls: type[ModelT], records: list[dict[str, Any]]) -> tuple[ModelT, ...]:
    """Build the models from records whose values are already canonical.

    ``model_construct`` skips the per-field validators: their cost is almost
    all in ``mentormatch.domain._text.fold`` (not cached), which made
    validating 30,000 pupils and 16,500 volunteers take about 3 s of the
    budget of 2 s. The records hold exactly what validation would store
    (canonical names, Python scalars, built ``Location``, ``Availability``
    and ``SubjectOffer`` objects); ``tests/test_synth.py`` checks that
    ``model_validate`` gives equal models with values of the same types.
    Switch back to ``cls.model_validate`` once validation is fast enough.
    """
    return tuple(cls.model_construct(**r) for r in records)


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value}")
    return int(value)

