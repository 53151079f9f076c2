"""Enumerate the full feasible graph: every (pupil, volunteer) pair passing every hard rule.

Blockwise over consecutive pupils (canonical order), bucketed so the work grows
with the *output*, not with pupils × volunteers (see
:mod:`mentormatch.candidates.buckets`). The graph splits into two disjoint parts:

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
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from mentormatch.candidates import costs, rules
from mentormatch.candidates.buckets import CandidateIndex, build_index, chord_threshold
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.rules.availability import common_blocks, n_common
from mentormatch.candidates.rules.reach import distance_km
from mentormatch.candidates.rules.subject import offered_levels

__all__ = ["FeasiblePairs", "PairEval", "evaluate_pairs", "feasible_pairs", "iter_feasible_blocks"]

#: Pupils per block × volunteers (bounds a block's pairs and memory).
BLOCK_CELLS = 8_000_000
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
    teach = idx.teach_by_level[enc.s_level[si].astype(np.int64), :, mi]
    ok = ((teach & idx.need_mask[si]) != 0).any(axis=1)
    return ok & ((enc.s_avail[si] & enc.m_avail[mi]) != 0).any(axis=1)


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
            r, col = np.nonzero(ok)
            out_s.append(p[r])
            out_m.append(bucket.mentors[col])
    if not out_s:
        return _empty_pairs()
    return np.concatenate(out_s), np.concatenate(out_m)


def _in_person_pairs(enc: Encoded, idx: CandidateIndex, lo: int, hi: int
                     ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Pairs of pupils ``lo:hi`` that can only meet in person, with their distance."""
    policy = enc.problem.policy
    s = lo + np.flatnonzero(idx.ip_s[lo:hi])
    if not s.size or not idx.radius_groups:
        si, mi = _empty_pairs()
        return si, mi, np.zeros(0)
    tree = cKDTree(idx.xyz_s[s])
    out_s, out_m = [], []
    for g in idx.radius_groups:
        res = g.tree.sparse_distance_matrix(tree, float(chord_threshold(g.radius_km)),
                                            output_type="ndarray")
        out_m.append(g.mentors[res["i"]])
        out_s.append(s[res["j"]])
    si, mi = np.concatenate(out_s), np.concatenate(out_m)
    keep = ~(idx.remote_s[si] & idx.remote_m[mi])
    if policy.clearance_for_minors_in_person:
        keep &= ~enc.s_minor[si] | enc.m_clearance[mi]
    si, mi = si[keep], mi[keep]
    keep = _level_and_avail(enc, idx, si, mi)
    si, mi = si[keep], mi[keep]
    dist = distance_km(enc, si, mi)
    keep = dist <= enc.m_radius_km[mi] + 1e-9
    return si[keep], mi[keep], dist[keep]


def _other_rules(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                 mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Language, gender, exclusion and self rules (exclusions looked up by key)."""
    ok = rules.common_language(enc, si, mi) & rules.gender_ok(enc, si, mi)
    for keys, flagged in ((enc.excluded_keys, idx.has_exclusion_s),
                          (enc.self_keys, idx.has_self_s)):
        if not keys.size:
            continue
        sub = np.flatnonzero(flagged[si])
        if not sub.size:
            continue
        key = si[sub] * enc.n_m + mi[sub]
        pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        ok[sub[keys[pos] == key]] = False
    return ok


def _near_remote(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                 mi: NDArray[np.int64]) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """In-person reach of remote-region pairs: chord prefilter, then exact haversine."""
    policy = enc.problem.policy
    cand = idx.ip_s[si] & idx.ip_m[mi]
    if policy.clearance_for_minors_in_person:
        cand &= ~enc.s_minor[si] | enc.m_clearance[mi]
    sub = np.flatnonzero(cand)
    d = idx.xyz_s[si[sub]] - idx.xyz_m[mi[sub]]
    sub = sub[np.einsum("ij,ij->i", d, d) <= idx.chord2_m[mi[sub]]]
    dist = np.zeros(len(si))
    ip_ok = np.zeros(len(si), dtype=bool)
    if sub.size:
        ds = distance_km(enc, si[sub], mi[sub])
        close = ds <= enc.m_radius_km[mi[sub]] + 1e-9
        ip_ok[sub[close]] = True
        dist[sub] = ds
    return ip_ok, dist


def _pair_costs(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                mi: NDArray[np.int64], ip_ok: NDArray[np.bool_], rm_ok: NDArray[np.bool_],
                dist: NDArray[np.float64]) -> NDArray[np.int64]:
    """Quantised pair costs, bit-identical to ``quantise(evaluate_pairs(...).total)``.

    Same terms, same float operations, summed in the same order (``distance``
    + ``remote``, ``subject_rank``, ``level_gap``, ``flexibility``,
    ``continuity``, ``territory``, ``association``), but cheaper: the terms
    taking few values (subject rank, level gap, flexibility) are looked up
    in small tables computed by the same float expressions, terms that are
    zero for most pairs (continuity) are added only where they are not
    (adding ``0.0`` is exact), and gathers are one-dimensional.
    """
    w = enc.problem.policy.weights
    k = len(si)
    # distance or remote: exactly one of the two is non-zero, the cheaper modality
    total = np.full(k, w.remote, dtype=np.float64)
    sub = np.flatnonzero(ip_ok)
    if sub.size:
        ip = dist[sub] * w.distance_per_km
        total[sub] = np.where(rm_ok[sub] & (w.remote < ip), w.remote, ip)
    # subject rank and level gap: the teachable need of least rank/gap cost, first wins
    level = enc.s_level[si].astype(np.int64)
    n_sub = max(enc.m_offer_level.shape[1], 1)
    n_needs = enc.s_needs.shape[1]
    max_gap = idx.n_levels
    ranks = np.arange(n_needs, dtype=np.float64)
    gaps = np.arange(max_gap + 1, dtype=np.float64)
    choice = (w.subject_rank * ranks[:, None] + w.level_gap * gaps[None, :]).ravel()
    best = np.full(k, np.inf)
    best_code = np.zeros(k, dtype=np.int64)
    mbase = mi * n_sub
    for j in range(n_needs):
        need = idx.needs_t[j][si].astype(np.int64)
        offered = idx.offer_flat[mbase + np.maximum(need, 0)].astype(np.int64)
        gap = offered - level
        ok = (need >= 0) & (gap >= 0)
        code = j * (max_gap + 1) + np.clip(gap, 0, max_gap)
        val = np.where(ok, choice[code], np.inf)
        better = val < best
        best = np.where(better, val, best)
        best_code = np.where(better, code, best_code)
    j_best, g_best = np.divmod(best_code, max_gap + 1)
    total += (w.subject_rank * ranks)[j_best]
    total += (w.level_gap * gaps)[g_best]
    # flexibility: weight / number of common session blocks
    common = np.zeros(k, dtype=np.int64)
    for word in range(idx.s_avail_t.shape[0]):
        common += np.bitwise_count(idx.s_avail_t[word][si] & idx.m_avail_t[word][mi])
    flex = w.flexibility / np.maximum(np.arange(enc.n_blocks + 1), 1).astype(np.float64)
    total += flex[common]
    # continuity: only pupils with a current volunteer
    cur = enc.s_current[si]
    sub = np.flatnonzero(cur >= 0)
    if sub.size:
        total[sub] += np.where(cur[sub] != mi[sub], w.continuity, 0.0)
    total += costs.territory_cost(enc.s_territory[si], enc.m_territory[mi], w.other_territory)
    total += costs.association_cost(enc.s_association[si], enc.m_association[mi],
                                    w.other_association)
    return quantise(total, enc.problem.policy.cost_scale, "pair")


def _sort_block(si: NDArray[np.int64], mi: NDArray[np.int64], cost: NDArray[np.int64],
                lo: int, n_m: int) -> Block:
    """Sort a block's pairs by (pupil, cost, volunteer): one packed-key sort when it fits."""
    if not len(si):
        return si.astype(np.int32), mi.astype(np.int32), cost.astype(np.int32)
    cmin = int(cost.min())
    s_bits = int(si.max() - lo).bit_length()
    c_bits = int(cost.max() - cmin).bit_length()
    m_bits = max(n_m - 1, 0).bit_length()
    if s_bits + c_bits + m_bits <= 63:
        key = ((si - lo) << (c_bits + m_bits)) | ((cost - cmin) << m_bits) | mi
        key.sort()
        m_mask = (1 << m_bits) - 1
        c_mask = (1 << c_bits) - 1
        return (((key >> (c_bits + m_bits)) + lo).astype(np.int32),
                (key & m_mask).astype(np.int32),
                (((key >> m_bits) & c_mask) + cmin).astype(np.int32))
    order = np.lexsort((mi, cost, si))
    return si[order].astype(np.int32), mi[order].astype(np.int32), cost[order].astype(np.int32)


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
    if enc.n_s == 0 or enc.n_m == 0:
        return
    policy = enc.problem.policy
    idx = build_index(enc)
    cap = None if policy.max_pair_cost is None else round(policy.max_pair_cost
                                                          * policy.cost_scale)
    block = max(1, (block_cells or BLOCK_CELLS) // enc.n_m)
    for lo in range(0, enc.n_s, block):
        hi = min(enc.n_s, lo + block)
        rs, rm = _remote_pairs(enc, idx, lo, hi)
        keep = _other_rules(enc, idx, rs, rm)
        rs, rm = rs[keep], rm[keep]
        ip_ok, dist = _near_remote(enc, idx, rs, rm)
        ps, pm, pdist = _in_person_pairs(enc, idx, lo, hi)
        keep = _other_rules(enc, idx, ps, pm)
        si = np.concatenate([rs, ps[keep]])
        mi = np.concatenate([rm, pm[keep]])
        ip_ok = np.concatenate([ip_ok, np.ones(int(keep.sum()), dtype=bool)])
        rm_ok = np.arange(len(si)) < len(rs)
        dist = np.concatenate([dist, pdist[keep]])
        cost = _pair_costs(enc, idx, si, mi, ip_ok, rm_ok, dist)
        if cap is not None:
            ok = cost <= cap
            si, mi, cost = si[ok], mi[ok], cost[ok]
        yield _sort_block(si, mi, cost, lo, enc.n_m)


def feasible_pairs(enc: Encoded) -> FeasiblePairs:
    """Enumerate every feasible pair with its quantised cost (see module docs)."""
    policy = enc.problem.policy
    session = quantise(costs.session_costs(policy), policy.cost_scale, "session")
    cols: list[list[NDArray[np.int32]]] = [[], [], []]
    for block in iter_feasible_blocks(enc):
        for col, part in zip(cols, block, strict=True):
            col.append(part)
    arrays = []
    for col in cols:  # one column at a time: peak = the parts + one column
        arrays.append(np.concatenate(col) if col else np.zeros(0, dtype=np.int32))
        col.clear()
    return FeasiblePairs(arrays[0], arrays[1], arrays[2], session)
