"""Enumerate the full feasible graph: every (pupil, volunteer) pair passing every hard rule.

Blockwise over consecutive pupils (canonical order), bucketed so the work grows
with the *output*, not with pupils × volunteers (see
:mod:`mentormatch.candidates.index`). The graph splits into two disjoint parts:

* **remote region** (pupil may meet remotely, volunteer accepts remote): pupils
  of a block are bucketed by level; each level has its list of remote
  volunteers teaching some subject at that level or above, and the level and
  availability rules are word-wise ANDs of bit masks (subjects, session
  blocks) on dense tiles of that bucket. In-person reach of these pairs (it can
  make them cheaper) is a chord prefilter then the exact haversine rule;
* **in-person only** (every other pair): a KD-tree per travel-radius group of
  volunteers returns those within reach of the block's pupils; level and
  availability are then checked on the found pairs.

Survivors go through the language, gender, exclusion and self rules, their
cost terms are computed by the same functions as :func:`evaluate_pairs` and
summed in the same order (so costs are bit-identical), quantised, capped, and
each block is sorted by one packed-key sort. No Python loop runs over pairs or
people; memory is bounded by a block (:data:`BLOCK_CELLS`).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from mentormatch._memory import available_bytes
from mentormatch.candidates import costs, rules
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.index import CandidateIndex, build_index, chord_threshold
from mentormatch.candidates.quantise import MAX_ARC_COST, quantise
from mentormatch.candidates.rules.availability import common_blocks, n_common
from mentormatch.candidates.rules.reach import distance_km
from mentormatch.candidates.rules.subject import offered_levels
from mentormatch.errors import ProblemTooLargeError

_log = logging.getLogger(__name__)

__all__ = ["FeasiblePairs", "PairEval", "evaluate_pairs", "feasible_pairs", "iter_feasible_blocks"]

#: Pupils per block × volunteers (bounds a block's pairs and memory).
BLOCK_CELLS = 8_000_000
#: Pupils enumerated before the graph's size is projected (:func:`feasible_pairs`).
PROJECT_AFTER = 1_000
#: Bytes a stored pair takes (pupil, volunteer, cost: int32 each).
BYTES_PER_PAIR = 12
#: Memory the solve takes on top of the graph, per pupil: peak minus graph measured
#: at 30,000, 100,000 and 150,000 synthetic pupils (41 kB each; docs/performance.md).
SOLVE_BYTES_PER_PUPIL = 41_000
#: Dense cells per tile of a level bucket (bounds the tiles' temporaries).
TILE_CELLS = 1_000_000

#: One block of the feasible graph: pupil, volunteer and cost (int32 each).
Block = tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]


@dataclass(frozen=True)
class PairEval:
    """Hard rules and float cost terms of a list of pairs (all feasible)."""

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    need: NDArray[np.int64]
    remote: NDArray[np.bool_]
    dist_km: NDArray[np.float64]
    terms: dict[str, NDArray[np.float64]]

    @property
    def total(self) -> NDArray[np.float64]:
        """Sum of the pair terms (cost units)."""
        return np.sum(list(self.terms.values()), axis=0) if self.terms else np.zeros(0)


@dataclass(frozen=True)
class FeasiblePairs:
    """The full feasible graph at pair level, sorted by pupil then cost.

    Attributes
    ----------
    si, mi : int32 arrays
        Pupil and volunteer indices (canonical order).
    cost : int32 array
        Quantised pair cost (without the session and load terms); int32 is
        exact since every arc cost is at most ``MAX_ARC_COST = 2**31 - 1``.
    session_cost : (2, n_blocks) int64 array
        Quantised session cost per pupil group (0 secondary, 1 primary) and block.
    """

    si: NDArray[np.int32]
    mi: NDArray[np.int32]
    cost: NDArray[np.int32]
    session_cost: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.si)


def feasible_mask(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
                  dist: NDArray[np.float64] | None = None) -> NDArray[np.bool_]:
    """True where the pair passes every hard rule except the cost cap."""
    ok = rules.level_ok(enc, si, mi) & rules.available(enc, si, mi)
    ok &= rules.modality_compatible(enc, si, mi) & rules.common_language(enc, si, mi)
    ok &= rules.gender_ok(enc, si, mi) & rules.not_excluded(enc, si, mi)
    ok &= rules.not_self(enc, si, mi)
    if dist is None:
        dist = distance_km(enc, si, mi)
    reach = rules.remote_ok(enc, si, mi) | (
        rules.within_reach(enc, si, mi, dist) & rules.clearance_ok(enc, si, mi))
    return ok & reach


def evaluate_pairs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> PairEval:
    """Compute the chosen subject, modality and every pair cost term of feasible pairs."""
    w = enc.problem.policy.weights
    dist = distance_km(enc, si, mi)
    ip_ok = rules.within_reach(enc, si, mi, dist) & rules.clearance_ok(enc, si, mi)
    rm_ok = rules.remote_ok(enc, si, mi)
    d_cost, r_cost, is_remote = costs.travel_cost(dist, ip_ok, rm_ok, w)
    offered = offered_levels(enc, si, mi)
    teach = offered >= enc.s_level[si][:, None]
    need, rank_cost, gap_cost = costs.subject_costs(offered, teach, enc.s_level[si], w)
    common = n_common(common_blocks(enc, si, mi))
    terms = {
        "distance": d_cost,
        "remote": r_cost,
        "subject_rank": rank_cost,
        "level_gap": gap_cost,
        "flexibility": costs.flexibility_cost(common, w.flexibility),
        "continuity": costs.continuity_cost(enc.s_current[si], mi, w.continuity),
        "territory": costs.territory_cost(enc.s_territory[si], enc.m_territory[mi],
                                          w.other_territory),
        "association": costs.association_cost(enc.s_association[si], enc.m_association[mi],
                                              w.other_association),
    }
    return PairEval(si, mi, need, is_remote, dist, terms)


def _empty_pairs() -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def _level_and_avail(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                     mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Level and availability rules of a list of pairs (word-wise ANDs on gathers)."""
    _, words, n_m = idx.teach_by_level.shape
    key = enc.s_level.take(si).astype(np.int64) * (words * n_m) + mi
    teach = np.zeros(len(si), dtype=np.uint64)
    for w in range(words):
        teach |= idx.teach_by_level.reshape(-1).take(key + w * n_m) & idx.need_mask[:, w].take(si)
    common = np.zeros(len(si), dtype=np.uint64)
    for w in range(idx.s_avail_t.shape[0]):
        common |= idx.s_avail_t[w].take(si) & idx.m_avail_t[w].take(mi)
    return (teach != 0) & (common != 0)


def _remote_pairs(enc: Encoded, idx: CandidateIndex, lo: int, hi: int
                  ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Remote region of pupils ``lo:hi``: level and availability on dense level tiles."""
    s = lo + np.flatnonzero(idx.remote_s[lo:hi])
    if not s.size:
        return _empty_pairs()
    order = np.argsort(enc.s_level[s], kind="stable")
    s = s[order]
    lv = enc.s_level[s]
    cuts = np.flatnonzero(np.r_[True, lv[1:] != lv[:-1], True])
    out_s: list[NDArray[np.int64]] = []
    out_m: list[NDArray[np.int64]] = []
    for a, b in itertools.pairwise(cuts):
        bucket = idx.levels[int(lv[a])]
        k = len(bucket.mentors)
        if not k:
            continue
        rows = max(1, TILE_CELLS // k)
        for c in range(a, b, rows):
            p = s[c: min(b, c + rows)]
            need = idx.need_mask[p]
            av = enc.s_avail[p]
            word = np.bitwise_and(bucket.teach[0][None, :], need[:, 0:1])
            for w in range(1, need.shape[1]):
                word |= bucket.teach[w][None, :] & need[:, w: w + 1]
            ok = word != 0
            np.bitwise_and(bucket.avail[0][None, :], av[:, 0:1], out=word)
            for w in range(1, av.shape[1]):
                word |= bucket.avail[w][None, :] & av[:, w: w + 1]
            ok &= word != 0
            flat = np.flatnonzero(ok)  # far faster than a 2-D nonzero
            r = flat // k
            out_s.append(p.take(r))
            out_m.append(bucket.mentors.take(flat - r * k))
    if not out_s:
        return _empty_pairs()
    return np.concatenate(out_s), np.concatenate(out_m)


@dataclass(frozen=True)
class _InPerson:
    """In-person reach of a block of pupils (from the KD-trees).

    ``si, mi, dist``: pairs that can only meet in person (every hard rule
    but language, gender, exclusion and self checked). ``near_keys`` (sorted):
    pairs of the remote region that *may* be within reach in person (the
    KD-tree's chord test and clearance; the exact distance is checked on
    those that turn out feasible), keyed ``(s - lo) * n_m + m``.
    """

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    dist: NDArray[np.float64]
    near_keys: NDArray[np.int64]


def _in_person_pairs(enc: Encoded, idx: CandidateIndex, lo: int, hi: int) -> _InPerson:
    """Pairs of pupils ``lo:hi`` within a volunteer's reach (KD-tree, then haversine)."""
    policy = enc.problem.policy
    s = lo + np.flatnonzero(idx.ip_s[lo:hi])
    if not s.size or not idx.radius_groups:
        si, mi = _empty_pairs()
        return _InPerson(si, mi, np.zeros(0), si)
    tree = cKDTree(idx.xyz_s[s])
    out_s, out_m = [], []
    for g in idx.radius_groups:
        res = g.tree.sparse_distance_matrix(tree, float(chord_threshold(g.radius_km)),
                                            output_type="ndarray")
        out_m.append(g.mentors.take(res["i"]))
        out_s.append(s.take(res["j"]))
    si, mi = np.concatenate(out_s), np.concatenate(out_m)
    if policy.clearance_for_minors_in_person:
        keep = np.flatnonzero(~enc.s_minor[si] | enc.m_clearance[mi])
        si, mi = si.take(keep), mi.take(keep)
    remote = idx.remote_s.take(si) & idx.remote_m.take(mi)
    near = np.flatnonzero(remote)
    near_keys = np.sort((si.take(near) - lo) * enc.n_m + mi.take(near))
    only = np.flatnonzero(~remote)
    si, mi = si.take(only), mi.take(only)
    keep = np.flatnonzero(_level_and_avail(enc, idx, si, mi))
    si, mi = si.take(keep), mi.take(keep)
    dist = distance_km(enc, si, mi)
    keep = np.flatnonzero(dist <= enc.m_radius_km.take(mi) + 1e-9)
    return _InPerson(si.take(keep), mi.take(keep), dist.take(keep), near_keys)


def _other_rules(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                 mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Language, gender, exclusion and self rules.

    Only pairs whose pupil may fail them are checked (most pupils pass the
    language and gender rules with everyone); exclusions are looked up by key.
    """
    ok = np.ones(len(si), dtype=bool)
    sub = np.flatnonzero(~idx.rules_pass_s.take(si))
    if sub.size:
        s, m = si.take(sub), mi.take(sub)
        ok[sub] = rules.common_language(enc, s, m) & rules.gender_ok(enc, s, m)
    for keys, flagged in ((enc.excluded_keys, idx.has_exclusion_s),
                          (enc.self_keys, idx.has_self_s)):
        if not keys.size:
            continue
        sub = np.flatnonzero(flagged.take(si))
        if not sub.size:
            continue
        key = si.take(sub) * enc.n_m + mi.take(sub)
        pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        ok[sub[keys[pos] == key]] = False
    return ok


def _near_remote(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64], lo: int,
                 ip: _InPerson, bitmap: NDArray[np.bool_]
                 ) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """In-person reach and distance of remote-region pairs (candidates looked up in ``ip``).

    ``bitmap`` is a zeroed bool buffer of ``block × n_m`` cells (left zeroed).
    """
    ip_ok = np.zeros(len(si), dtype=bool)
    dist = np.zeros(len(si))
    if not ip.near_keys.size or not len(si):
        return ip_ok, dist
    bitmap[ip.near_keys] = True
    sub = np.flatnonzero(bitmap.take((si - lo) * enc.n_m + mi))
    bitmap[ip.near_keys] = False
    d = distance_km(enc, si.take(sub), mi.take(sub))
    close = d <= enc.m_radius_km.take(mi.take(sub)) + 1e-9
    ip_ok[sub] = close
    dist[sub] = d
    return ip_ok, dist


def _subject_codes(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                   mi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per pair, ``j * G + gap`` of the need taught (``G = idx.n_levels``).

    The need is the teachable one of least ``subject_rank * j + level_gap * gap``,
    the first on ties (as :func:`~mentormatch.candidates.costs.subject_costs`'
    ``argmin``); values are compared through their rank among all codes, in int16.
    """
    w = enc.problem.policy.weights
    g = idx.n_levels
    n_needs = enc.s_needs.shape[1]
    choice = (w.subject_rank * np.arange(n_needs, dtype=np.float64)[:, None]
              + w.level_gap * np.arange(g, dtype=np.float64)[None, :]).ravel()
    big = np.int16(np.iinfo(np.int16).max)
    rank = np.unique(choice, return_inverse=True)[1].astype(np.int16).reshape(n_needs, g)
    # table[j, gap + g]: rank of the code when gap >= 0, else `big` (not teachable)
    table = np.full((n_needs, 2 * g), big, dtype=np.int16)
    table[:, g:] = rank
    level = enc.s_level.take(si).astype(np.int16)
    mbase = mi * max(enc.m_offer_level.shape[1], 1)
    best = np.full(len(si), big, dtype=np.int16)
    code = np.zeros(len(si), dtype=np.int16)
    for j in range(n_needs):
        need = idx.needs_t[j].take(si)
        valid = need >= 0
        gap = idx.offer_flat.take(mbase + np.maximum(need, 0)).astype(np.int16)
        gap -= level
        gap += g
        gap *= valid  # invalid need: index 0, rank `big`, never chosen
        r = table[j].take(gap)
        code = np.where(r < best, gap + np.int16(j * g - g), code)
        np.minimum(best, r, out=best)
    return code.astype(np.int64)


def _pair_costs(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                mi: NDArray[np.int64], ip_ok: NDArray[np.bool_], rm_ok: NDArray[np.bool_],
                dist: NDArray[np.float64]) -> NDArray[np.int64]:
    """Quantised pair costs, bit-identical to ``quantise(evaluate_pairs(...).total)``.

    Same terms, same float operations, summed in the same order (``distance``
    + ``remote``, ``subject_rank``, ``level_gap``, ``flexibility``,
    ``continuity``, ``territory``, ``association``). Every term but the
    travel one takes few values: a pair is coded by (subject choice, number of
    common blocks, three 0/1 flags), and a pair meeting remotely — most
    pairs — costs ``table[code]``, built by the cost modules themselves
    (``candidates/costs``) on every code value, so each term has one
    definition. Pairs meeting in person add their terms to their distance
    cost with the same tables.
    """
    policy = enc.problem.policy
    w = policy.weights
    g = idx.n_levels
    nb = enc.n_blocks + 1
    n_needs = enc.s_needs.shape[1]
    # small integer code of the non-travel terms
    code = _subject_codes(enc, idx, si, mi)
    common = np.zeros(len(si), dtype=np.int64)
    for word in range(idx.s_avail_t.shape[0]):
        common += np.bitwise_count(idx.s_avail_t[word].take(si) & idx.m_avail_t[word].take(mi))
    code *= nb
    code += common
    code *= 8
    cur = enc.s_current.take(si)
    code += 4 * ((cur >= 0) & (cur != mi))
    st, mt = enc.s_territory.take(si), enc.m_territory.take(mi)
    code += 2 * ((st >= 0) & (mt >= 0) & (st != mt))
    sa = enc.s_association.take(si)
    code += (sa >= 0) & (sa != enc.m_association.take(mi))
    # the term tables, computed by the cost modules themselves on every code value
    rank_t = costs.rank_cost(np.arange(n_needs), w)
    gap_t = costs.gap_cost(np.arange(g), w)
    flex_t = costs.flexibility_cost(np.arange(nb), w.flexibility)
    flag = np.arange(8)
    zero = np.zeros(8, dtype=np.int32)
    cont_t = costs.continuity_cost(np.where(flag & 4, 1, -1).astype(np.int32),
                                   zero.astype(np.int64), w.continuity)
    terr_t = costs.territory_cost(np.where(flag & 2, 1, -1).astype(np.int32), zero,
                                  w.other_territory)
    assoc_t = costs.association_cost(np.where(flag & 1, 1, -1).astype(np.int32), zero,
                                     w.other_association)

    def rest(total: NDArray[np.float64], c: NDArray[np.int64]) -> NDArray[np.float64]:
        subject, rem = np.divmod(c, nb * 8)
        j, gap = np.divmod(subject, g)
        blocks, flags = np.divmod(rem, 8)
        total = total + rank_t[j]
        total += gap_t[gap]
        total += flex_t[blocks]
        total += cont_t[flags]
        total += terr_t[flags]
        total += assoc_t[flags]
        return total

    table = rest(np.full(n_needs * g * nb * 8, w.remote), np.arange(n_needs * g * nb * 8))
    # pairs meeting in person: distance cost, unless remote is possible and cheaper
    sub = np.flatnonzero(ip_ok)
    ip = dist[sub] * w.distance_per_km
    sub, ip = sub[~(rm_ok[sub] & (w.remote < ip))], ip[~(rm_ok[sub] & (w.remote < ip))]
    in_person = rest(ip, code[sub])
    q_table = np.rint(table * policy.cost_scale)
    if not (np.all(np.isfinite(q_table)) and np.abs(q_table).max() <= MAX_ARC_COST):
        total = table[code]  # some codes overflow: quantise checks (and reports) the used ones
        total[sub] = in_person
        return quantise(total, policy.cost_scale, "pair")
    cost = q_table.astype(np.int64)[code]
    cost[sub] = quantise(in_person, policy.cost_scale, "pair")
    return cost


def _sort_block(si: NDArray[np.int64], mi: NDArray[np.int64], cost: NDArray[np.int64],
                lo: int, n_m: int, out: Block | None = None) -> Block:
    """Sort a block's pairs by (pupil, cost, volunteer): one packed-key sort when it fits.

    Writes into ``out`` (three int32 arrays of the block's length) when given.
    """
    if out is None:
        out = (np.empty(len(si), dtype=np.int32), np.empty(len(si), dtype=np.int32),
               np.empty(len(si), dtype=np.int32))
    if not len(si):
        return out
    cmin = int(cost.min())
    s_bits = int(si.max() - lo).bit_length()
    c_bits = int(cost.max() - cmin).bit_length()
    m_bits = max(n_m - 1, 0).bit_length()
    if s_bits + c_bits + m_bits <= 63:
        key = si - lo
        key <<= c_bits + m_bits
        key |= (cost - cmin) << m_bits
        key |= mi
        key.sort()
        np.add(key >> (c_bits + m_bits), lo, out=out[0], casting="unsafe")
        np.bitwise_and(key, (1 << m_bits) - 1, out=out[1], casting="unsafe")
        key >>= m_bits
        key &= (1 << c_bits) - 1
        np.add(key, cmin, out=out[2], casting="unsafe")
        return out
    order = np.lexsort((mi, cost, si))
    for dst, src in zip(out, (si, mi, cost), strict=True):
        dst[:] = src.take(order)
    return out


def _unsorted_blocks(enc: Encoded, block_cells: int | None) -> Iterator[
        tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int, int]]:
    """Yield ``(si, mi, cost, lo, hi)`` per block of pupils ``lo:hi`` (unsorted, int64)."""
    if enc.n_s == 0 or enc.n_m == 0:
        return
    policy = enc.problem.policy
    idx = build_index(enc)
    cap = None if policy.max_pair_cost is None else round(policy.max_pair_cost
                                                          * policy.cost_scale)
    block = max(1, (block_cells or BLOCK_CELLS) // enc.n_m)
    bitmap = np.zeros(block * enc.n_m, dtype=bool)
    for lo in range(0, enc.n_s, block):
        hi = min(enc.n_s, lo + block)
        rs, rm = _remote_pairs(enc, idx, lo, hi)
        keep = _other_rules(enc, idx, rs, rm)
        rs, rm = rs[keep], rm[keep]
        ip = _in_person_pairs(enc, idx, lo, hi)
        ip_ok, dist = _near_remote(enc, rs, rm, lo, ip, bitmap)
        kept = np.flatnonzero(_other_rules(enc, idx, ip.si, ip.mi))
        si = np.concatenate([rs, ip.si.take(kept)])
        mi = np.concatenate([rm, ip.mi.take(kept)])
        ip_ok = np.concatenate([ip_ok, np.ones(len(kept), dtype=bool)])
        rm_ok = np.arange(len(si)) < len(rs)
        dist = np.concatenate([dist, ip.dist.take(kept)])
        cost = _pair_costs(enc, idx, si, mi, ip_ok, rm_ok, dist)
        if cap is not None:
            ok = cost <= cap
            si, mi, cost = si[ok], mi[ok], cost[ok]
        yield si, mi, cost, lo, hi


def iter_feasible_blocks(enc: Encoded, *, block_cells: int | None = None) -> Iterator[Block]:
    """Yield the feasible graph block by block of pupils, each block sorted.

    Blocks cover consecutive pupils (canonical order), so concatenating the
    blocks gives :func:`feasible_pairs`' arrays; memory is bounded by a block.

    Parameters
    ----------
    enc : Encoded
    block_cells : int, optional
        Pupils per block × volunteers (default :data:`BLOCK_CELLS`).

    Yields
    ------
    si, mi, cost : int32 arrays
        Pupil, volunteer and quantised pair cost, sorted by pupil, cost, volunteer.
    """
    for si, mi, cost, lo, _ in _unsorted_blocks(enc, block_cells):
        yield _sort_block(si, mi, cost, lo, enc.n_m)


def feasible_pairs(enc: Encoded, *,
                   memory_budget: int | Literal["available"] | None = "available"
                   ) -> FeasiblePairs:
    """Enumerate every feasible pair with its quantised cost (see module docs).

    Blocks are sorted straight into the output arrays, grown geometrically
    with ``ndarray.resize`` (``realloc``: no copy for large arrays on Linux)
    and trimmed at the end, so memory holds the graph (12 bytes a pair) and
    one block.

    Once :data:`PROJECT_AFTER` pupils (or all) are enumerated, the size of the
    whole graph is projected from them at every block: the canonical order is
    a hash order, so the pupils enumerated so far are a random sample.

    Parameters
    ----------
    enc : Encoded
    memory_budget : int, "available" or None, optional
        Bytes the graph may take. ``"available"`` (the default): the memory
        available when the enumeration starts
        (:func:`mentormatch._memory.available_bytes`); ``None``: never check.

    Raises
    ------
    ProblemTooLargeError
        The projected graph alone needs more than ``memory_budget``. When only the
        graph plus the solve's usual :data:`SOLVE_BYTES_PER_PUPIL` per pupil would
        exceed it, a warning is logged instead (the solve's needs vary with the data).
    """
    policy = enc.problem.policy
    session = quantise(costs.session_costs(policy), policy.cost_scale, "session")
    budget = available_bytes() if memory_budget == "available" else memory_budget
    sample = min(enc.n_s, PROJECT_AFTER)
    cols = [np.zeros(0, dtype=np.int32) for _ in range(3)]
    n = 0
    projected = 0
    warned = False
    for si, mi, cost, lo, hi in _unsorted_blocks(enc, None):
        k = len(si)
        if n + k > len(cols[0]):
            # grow to the projected size once it is known, else geometrically
            grown = int(projected * 1.02) if projected else int(len(cols[0]) * 1.5)
            cap = max(n + k, grown, 1 << 16)
            for col in cols:
                col.resize(cap, refcheck=False)
        _sort_block(si, mi, cost, lo, enc.n_m,
                    (cols[0][n: n + k], cols[1][n: n + k], cols[2][n: n + k]))
        n += k
        if sample <= hi < enc.n_s:
            projected = n * enc.n_s // hi
            graph = projected * BYTES_PER_PAIR
            if budget is not None and graph > budget:
                raise ProblemTooLargeError(enc.n_s, hi, projected, graph, budget)
            peak = graph + enc.n_s * SOLVE_BYTES_PER_PUPIL
            if budget is not None and peak > budget and not warned:
                warned = True
                _log.warning(
                    "this match may run out of memory: its full feasible graph would hold "
                    "about %s pairs (%.1f GB) and the solve typically needs %.1f GB more "
                    "(%s pupils), %.1f GB in all, against %.1f GB available",
                    f"{projected:,}", graph / 1e9,
                    enc.n_s * SOLVE_BYTES_PER_PUPIL / 1e9, f"{enc.n_s:,}", peak / 1e9,
                    budget / 1e9)
    for col in cols:
        col.resize(n, refcheck=False)
    return FeasiblePairs(cols[0], cols[1], cols[2], session)
