"""The fast enumerator: every (pupil, volunteer) pair passing every hard rule, with its cost.

It must return exactly the pairs and quantised costs of the reference
composition (:mod:`mentormatch.candidates.reference`), and runs the rules'
own primitives (:mod:`mentormatch.candidates.rules`) and the cost terms' own
functions (:mod:`mentormatch.candidates.costs`). Blockwise over consecutive
pupils (canonical order), bucketed so the work grows with the *output*, not
with pupils × volunteers (see :mod:`mentormatch.candidates.index`). The graph
splits into two disjoint parts:

* **remote region** (pupil may meet remotely, volunteer accepts remote): pupils
  of a block are bucketed by level; each level has its list of remote
  volunteers teaching some subject at that level or above, and the level and
  availability rules are word-wise ANDs of bit masks (subjects, session
  blocks) on dense tiles of that bucket. In-person reach of these pairs (it can
  make them cheaper) is a chord prefilter then the exact distance rule;
* **in-person only** (every other pair): a KD-tree per travel-radius group of
  volunteers returns those within reach of the block's pupils; the clearance,
  level and availability rules are then checked on the found pairs.

These are the rules of stage ``"enumerate"``. Survivors then go through every
rule of stage ``"filter"`` (:attr:`~mentormatch.candidates.rules.Rule.check`,
only for pupils who may fail it), get their cost (:func:`_pair_costs`), go
through the rules of stage ``"cost"``, and each block is sorted by pupil, cost
and volunteer (:func:`_sort_block`: 16-bit radix sorts). No Python loop runs
over pairs or people; memory is bounded by a block (:data:`BLOCK_CELLS`).
"""

from __future__ import annotations

import itertools
import logging
import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from mentormatch._memory import available_bytes
from mentormatch._progress import Reporter
from mentormatch._threads import ordered_map
from mentormatch.candidates.costs import FLAG_TERMS, SESSION_TIME, PairFeatures
from mentormatch.candidates.costs.distance import meets_remotely
from mentormatch.candidates.costs.subject import choice_cost
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.index import CandidateIndex, build_index
from mentormatch.candidates.quantise import MAX_ARC_COST, quantise
from mentormatch.candidates.reference import sum_terms
from mentormatch.candidates.rules import RULES
from mentormatch.candidates.rules.clearance import clearance_ok, needs_clearance
from mentormatch.candidates.rules.cost_cap import SessionCap, allowed_blocks, allows, session_cap
from mentormatch.candidates.rules.distance import chord_threshold, distance_km, within_radius
from mentormatch.errors import ProblemTooLargeError

_log = logging.getLogger(__name__)

__all__ = ["FeasiblePairs", "feasible_pairs", "iter_feasible_blocks"]

#: Pupils per block × volunteers (bounds a block's pairs and memory).
BLOCK_CELLS = 8_000_000
#: Threads enumerating blocks of the feasible graph (the blocks are yielded in order:
#: the same graph with any number; 1 enumerates in the calling thread).
WORKERS = 2
#: Pupils enumerated before the graph's size is projected (:func:`feasible_pairs`).
PROJECT_AFTER = 1_000
#: Bytes a stored pair takes at most (pupil, volunteer, cost: int32 each).
BYTES_PER_PAIR = 12
#: The range a pair cost column is stored in when every cost fits it (int16: 2 bytes
#: a pair instead of 4; synthetic costs span 9 to 647 quantised units).
NARROW_COST = np.iinfo(np.int16)
#: Memory the solve takes on top of the graph, per pupil: peak minus graph measured
#: at 30,000, 100,000 and 150,000 synthetic pupils (41 kB each; docs/performance.md).
SOLVE_BYTES_PER_PUPIL = 41_000
#: Dense cells per tile of a level bucket (bounds the tiles' temporaries).
TILE_CELLS = 1_000_000

#: One block of the feasible graph: pupil, volunteer and cost (int32 each).
Block = tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]]


@dataclass(frozen=True)
class FeasiblePairs:
    """The full feasible graph at pair level, sorted by pupil then cost.

    Attributes
    ----------
    si, mi : int32 arrays
        Pupil and volunteer indices (canonical order).
    cost : int16 or int32 array
        Quantised pair cost (without the session and load terms); int32 is
        exact since every arc cost is at most ``MAX_ARC_COST = 2**31 - 1``.
        :func:`feasible_pairs` and the graph limit store it as int16 when every
        cost fits (:data:`NARROW_COST`; 10 bytes a pair instead of 12): readers
        widen it before any arithmetic (``astype(np.int64)`` or a sum with an
        int64 array).
    session_cost : (2, n_blocks) int64 array
        Quantised session cost per pupil group (0 secondary, 1 primary) and block.
    session_limit : int16 array or None
        With ``Policy.max_pair_cost``: per pair, how many of its group's blocks
        (ranked by session cost, :class:`~mentormatch.candidates.rules.cost_cap.
        SessionCap`) keep it within the cap; only those sessions may be used.
        None when no cap is set (every common session).
    cap : SessionCap or None
        The ranking ``session_limit`` refers to.
    """

    si: NDArray[np.int32]
    mi: NDArray[np.int32]
    cost: NDArray[np.int32] | NDArray[np.int16]
    session_cost: NDArray[np.int64]
    session_limit: NDArray[np.int16] | None = None
    cap: SessionCap | None = None

    def __len__(self) -> int:
        return len(self.si)

    def common_blocks(self, enc: Encoded, rows: NDArray[np.int64]) -> NDArray[np.uint64]:
        """Bit masks ``(len(rows), words)`` of the sessions pairs ``rows`` may use.

        The blocks both people are free for, less those the cost cap forbids.
        """
        si = self.si.take(rows).astype(np.int64)
        common = enc.s_avail[si] & enc.m_avail[self.mi.take(rows)]
        allowed = allowed_blocks(self.cap, enc.s_primary.take(si).astype(np.int64),
                                 None if self.session_limit is None
                                 else self.session_limit.take(rows))
        return common if allowed is None else common & allowed

    def allows(self, enc: Encoded, rows: NDArray[np.int64],
               block: NDArray[np.int64]) -> NDArray[np.bool_]:
        """True where pair ``rows[k]`` may use session ``block[k]`` under the cost cap."""
        if self.session_limit is None:
            return np.ones(len(rows), dtype=bool)
        group = enc.s_primary.take(self.si.take(rows)).astype(np.int64)
        return allows(self.cap, group, self.session_limit.take(rows), block)


def fits_narrow(cost: NDArray[np.integer[Any]]) -> bool:
    """Return whether every value of ``cost`` fits :data:`NARROW_COST` (int16)."""
    return not len(cost) or (NARROW_COST.min <= int(cost.min())
                             and int(cost.max()) <= NARROW_COST.max)


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

    ``si, mi, dist``: pairs that can only meet in person (every enumerate-stage
    rule checked). ``near_keys`` (sorted): pairs of the remote region that *may*
    be within reach in person (the KD-tree's chord test and clearance; the exact
    distance is checked on those that turn out feasible), keyed ``(s - lo) * n_m + m``.
    """

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    dist: NDArray[np.float64]
    near_keys: NDArray[np.int64]


def _in_person_pairs(enc: Encoded, idx: CandidateIndex, lo: int, hi: int) -> _InPerson:
    """Pairs of pupils ``lo:hi`` within a volunteer's reach (KD-tree, then the exact rule)."""
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
    if needs_clearance(enc)[lo:hi].any():
        keep = np.flatnonzero(clearance_ok(enc, si, mi))
        si, mi = si.take(keep), mi.take(keep)
    remote = idx.remote_s.take(si) & idx.remote_m.take(mi)
    near = np.flatnonzero(remote)
    near_keys = np.sort((si.take(near) - lo) * enc.n_m + mi.take(near))
    only = np.flatnonzero(~remote)
    si, mi = si.take(only), mi.take(only)
    keep = np.flatnonzero(_level_and_avail(enc, idx, si, mi))
    si, mi = si.take(keep), mi.take(keep)
    dist = distance_km(enc, si, mi)
    keep = np.flatnonzero(within_radius(dist, enc.m_radius_km.take(mi)))
    return _InPerson(si.take(keep), mi.take(keep), dist.take(keep), near_keys)


def _filter_rules(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                  mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Every rule of stage ``"filter"``, checked only for pupils who may fail it."""
    ok = np.ones(len(si), dtype=bool)
    for rule in RULES:
        if rule.key not in idx.may_fail:  # not a filter rule, or nobody may fail it
            continue
        sub = np.flatnonzero(idx.may_fail[rule.key].take(si))
        if sub.size:
            ok[sub] &= rule.check(enc, si.take(sub), mi.take(sub))
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
    ip_ok[sub] = within_radius(d, enc.m_radius_km.take(mi.take(sub)))
    dist[sub] = d
    return ip_ok, dist


def _subject_codes(enc: Encoded, idx: CandidateIndex, si: NDArray[np.int64],
                   mi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per pair, ``need_rank * G + level_gap`` of the need taught (``G = idx.n_levels``).

    The need is the teachable one of least
    :func:`~mentormatch.candidates.costs.subject.choice_cost`, the first on ties
    (as :func:`~mentormatch.candidates.costs.subject.choose_need`'s ``argmin``);
    values are compared through their rank among all codes, in int16.
    """
    w = enc.problem.policy.weights
    g = idx.n_levels
    n_needs = enc.s_needs.shape[1]
    choice = choice_cost(np.arange(n_needs)[:, None], np.arange(g)[None, :], w).ravel()
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


def _n_common(idx: CandidateIndex, si: NDArray[np.int64],
              mi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Number of session blocks both are free for (word by word)."""
    common = np.zeros(len(si), dtype=np.int64)
    for word in range(idx.s_avail_t.shape[0]):
        common += np.bitwise_count(idx.s_avail_t[word].take(si) & idx.m_avail_t[word].take(mi))
    return common


def _features(digits: Sequence[NDArray[Any]], n_levels: int, remote: bool,
              km: NDArray[np.float64]) -> PairFeatures:
    """The :class:`PairFeatures` of pairs given their code digits (see :func:`_pair_costs`)."""
    need_rank, level_gap = np.divmod(digits[0], n_levels)
    return PairFeatures(
        remote=np.full(len(km), remote), km=km, need_rank=need_rank, level_gap=level_gap,
        common_blocks=digits[1],
        flags={t.name: d.astype(bool) for t, d in zip(FLAG_TERMS, digits[2:], strict=True)})


@dataclass(frozen=True)
class _CostTable:
    """The cost of every pair code for a pair meeting remotely (built once per problem).

    Apart from the distance, every pair feature a term reads is a small integer
    (the subject choice ``need_rank * n_levels + level_gap``, the number of
    common blocks, one 0/1 flag per :class:`~mentormatch.candidates.costs.FlagTerm`),
    so a pair is coded by these *digits* in mixed radix (``radix``, most
    significant first). ``table[code]`` is the sum of the pair terms on that
    code (:func:`~mentormatch.candidates.reference.sum_terms`: the cost
    functions themselves, summed in the reference's order); ``quantised`` is
    its quantisation, or None when some code overflows.
    """

    radix: tuple[int, ...]
    n_levels: int
    table: NDArray[np.float64]
    quantised: NDArray[np.int64] | None

    @classmethod
    def build(cls, enc: Encoded, idx: CandidateIndex) -> _CostTable:
        """The table of ``enc`` (see class docs)."""
        policy = enc.problem.policy
        radix = (enc.s_needs.shape[1] * idx.n_levels, enc.n_blocks + 1,
                 *(2,) * len(FLAG_TERMS))
        n_codes = math.prod(radix)
        space = [(np.arange(n_codes) // math.prod(radix[k + 1:])) % base
                 for k, base in enumerate(radix)]
        table = sum_terms(_features(space, idx.n_levels, True, np.zeros(n_codes)),
                          policy.weights)
        q = np.rint(table * policy.cost_scale)
        fits = bool(np.all(np.isfinite(q)) and np.abs(q).max() <= MAX_ARC_COST)
        return cls(radix, idx.n_levels, table, q.astype(np.int64) if fits else None)

    def code(self, digits: Sequence[NDArray[Any]]) -> NDArray[np.int64]:
        """Pack per-pair digits into codes."""
        code = np.array(digits[0], dtype=np.int64)
        for base, d in zip(self.radix[1:], digits[1:], strict=True):
            code *= base
            code += d
        return code


def _pair_costs(enc: Encoded, idx: CandidateIndex, costs: _CostTable, si: NDArray[np.int64],
                mi: NDArray[np.int64], ip_ok: NDArray[np.bool_], rm_ok: NDArray[np.bool_],
                dist: NDArray[np.float64]
                ) -> tuple[NDArray[np.int64], NDArray[np.float64] | None]:
    """Quantised pair costs, bit-identical to :func:`~mentormatch.candidates.reference.pair_costs`.

    A pair meeting remotely (most pairs) costs ``costs.table[code]``; a pair
    meeting in person is summed the same way (:func:`~mentormatch.candidates.
    reference.sum_terms`) from its own digits and distance. Also returns the
    float sums (the reference's ``PairEval.total``) when a cost rule needs them
    (``Policy.max_pair_cost`` set), else None.
    """
    policy = enc.problem.policy
    digits: list[NDArray[Any]] = [_subject_codes(enc, idx, si, mi), _n_common(idx, si, mi)]
    digits += [t.flag(enc, si, mi) for t in FLAG_TERMS]
    code = costs.code(digits)
    # pairs meeting in person: their distance, unless remote is allowed and cheaper
    sub = np.flatnonzero(ip_ok)
    sub = sub[~meets_remotely(dist[sub], np.ones(len(sub), dtype=bool), rm_ok[sub],
                              policy.weights)]
    in_person = sum_terms(_features([d[sub] for d in digits], costs.n_levels, False, dist[sub]),
                          policy.weights)
    total: NDArray[np.float64] | None = None
    if costs.quantised is None or policy.max_pair_cost is not None:
        total = costs.table[code]
        total[sub] = in_person
    if costs.quantised is None:  # some codes overflow: quantise checks (and reports) the used ones
        assert total is not None
        return quantise(total, policy.cost_scale, "pair"), total
    cost = costs.quantised[code]
    cost[sub] = quantise(in_person, policy.cost_scale, "pair")
    return cost, total


def _sort_block(si: NDArray[np.int64], mi: NDArray[np.int64], cost: NDArray[np.int64],
                lo: int, n_m: int, out: Block | None = None,
                limit: tuple[NDArray[np.int16], NDArray[np.int16]] | None = None) -> Block:
    """Sort a block's pairs by (pupil, cost, volunteer).

    When each of the three fits 16 bits (pupils of the block, costs from the block's
    least, volunteers), by three stable sorts of 16-bit keys, volunteer then cost then
    pupil (numpy sorts those by radix: 21 against 32 ms for a 30,000-pupil block of
    579,070 pairs); else by one packed-key sort when it fits 63 bits, else a lexsort.
    The pairs are distinct, so every way gives the same order.

    Writes into ``out`` (int32 pupil and volunteer arrays of the block's length, and
    an int32 cost array, or int16 when the block's costs fit it) when given.
    ``limit``: the pairs' session limits and the array to write them sorted into
    (then the sort is a lexsort, to carry them).
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
    if max(s_bits, c_bits, m_bits) <= 16 and limit is None:
        # three stable sorts of 16-bit keys (numpy's radix sort), least significant first
        s16 = (si - lo).astype(np.uint16)
        m16 = mi.astype(np.uint16)
        c16 = (cost - cmin).astype(np.uint16)
        order = np.argsort(m16, kind="stable")
        order = order.take(np.argsort(c16.take(order), kind="stable"))
        order = order.take(np.argsort(s16.take(order), kind="stable"))
        np.add(s16.take(order), np.int64(lo), out=out[0], casting="unsafe")
        np.copyto(out[1], m16.take(order), casting="unsafe")
        np.add(c16.take(order), np.int64(cmin), out=out[2], casting="unsafe")
        return out
    if s_bits + c_bits + m_bits <= 63 and limit is None:
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
    if limit is not None:
        limit[1][:] = limit[0].take(order)
    return out


def _unsorted_blocks(enc: Encoded, block_cells: int | None) -> Iterator[
        tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int, int,
              NDArray[np.int16] | None]]:
    """Yield ``(si, mi, cost, lo, hi, limit)`` per block of pupils ``lo:hi`` (unsorted).

    ``limit``: the pairs' session limits under the cost rules (None when no cost
    rule restricts sessions; see :class:`FeasiblePairs`).

    With :data:`WORKERS` > 1 the next blocks are enumerated by a thread pool while
    the caller consumes this one (numpy and the KD-tree release the GIL in their
    array work); blocks are yielded in order, so the output is the same.
    """
    if enc.n_s == 0 or enc.n_m == 0:
        return
    idx = build_index(enc)
    table = _CostTable.build(enc, idx)
    block = max(1, (block_cells or BLOCK_CELLS) // enc.n_m)
    starts = range(0, enc.n_s, block)
    scratch = threading.local()

    def one(lo: int) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int,
                              int, NDArray[np.int16] | None]:
        bitmap = getattr(scratch, "bitmap", None)
        if bitmap is None:
            bitmap = scratch.bitmap = np.zeros(block * enc.n_m, dtype=bool)
        return _one_block(enc, idx, table, lo, min(enc.n_s, lo + block), bitmap)

    yield from ordered_map(one, starts, WORKERS)


def _one_block(enc: Encoded, idx: CandidateIndex, table: _CostTable, lo: int, hi: int,
               bitmap: NDArray[np.bool_]) -> tuple[
        NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int, int,
        NDArray[np.int16] | None]:
    """The unsorted pairs of pupils ``lo:hi`` (see :func:`_unsorted_blocks`)."""
    rs, rm = _remote_pairs(enc, idx, lo, hi)
    keep = _filter_rules(enc, idx, rs, rm)
    rs, rm = rs[keep], rm[keep]
    ip = _in_person_pairs(enc, idx, lo, hi)
    ip_ok, dist = _near_remote(enc, rs, rm, lo, ip, bitmap)
    kept = np.flatnonzero(_filter_rules(enc, idx, ip.si, ip.mi))
    si = np.concatenate([rs, ip.si.take(kept)])
    mi = np.concatenate([rm, ip.mi.take(kept)])
    ip_ok = np.concatenate([ip_ok, np.ones(len(kept), dtype=bool)])
    rm_ok = np.arange(len(si)) < len(rs)
    dist = np.concatenate([dist, ip.dist.take(kept)])
    cost, terms = _pair_costs(enc, idx, table, si, mi, ip_ok, rm_ok, dist)
    limit: NDArray[np.int16] | None = None
    for rule in RULES:
        if rule.on_cost is not None and terms is not None:
            lim = rule.on_cost(enc, si, mi, terms)
            if lim is not None:
                limit = lim if limit is None else np.minimum(limit, lim)
    if limit is not None:
        ok = np.flatnonzero(limit > 0)
        si, mi, cost, limit = si.take(ok), mi.take(ok), cost.take(ok), limit.take(ok)
    return si, mi, cost, lo, hi, limit


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
        (With ``Policy.max_pair_cost``, a pair may use only some of its sessions:
        :func:`feasible_pairs` carries them in ``session_limit``.)
    """
    for si, mi, cost, lo, _, _ in _unsorted_blocks(enc, block_cells):
        yield _sort_block(si, mi, cost, lo, enc.n_m)


def feasible_pairs(enc: Encoded, *,
                   memory_budget: int | Literal["available"] | None = "available",
                   progress: Reporter | None = None) -> FeasiblePairs:
    """Enumerate every feasible pair with its quantised cost (see module docs).

    Blocks are sorted straight into the output arrays, grown geometrically
    with ``ndarray.resize`` (``realloc``: no copy for large arrays on Linux)
    and trimmed at the end, so memory holds the graph (10 bytes a pair, 12 when a
    cost does not fit int16) and
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
    progress : Reporter, optional
        Told ``("candidates", pupils done, pupils)`` after each block
        (:mod:`mentormatch._progress`); may raise :class:`~mentormatch.errors.Cancelled`.

    Raises
    ------
    ProblemTooLargeError
        The projected graph alone needs more than ``memory_budget``. When only the
        graph plus the solve's usual :data:`SOLVE_BYTES_PER_PUPIL` per pupil would
        exceed it, a warning is logged instead (the solve's needs vary with the data).
    """
    policy = enc.problem.policy
    session = quantise(SESSION_TIME.table(policy), policy.cost_scale, "session")
    budget = available_bytes() if memory_budget == "available" else memory_budget
    sample = min(enc.n_s, PROJECT_AFTER)
    cols: list[NDArray[Any]] = [np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32),
                                np.zeros(0, dtype=np.int16)]
    sc = session_cap(enc)
    limits = np.zeros(0, dtype=np.int16) if sc is not None else None
    n = 0
    projected = 0
    warned = False
    report = progress if progress is not None else Reporter()
    report("candidates", 0, enc.n_s)
    for si, mi, cost, lo, hi, limit in _unsorted_blocks(enc, None):
        k = len(si)
        if cols[2].dtype == np.int16 and k and not fits_narrow(cost):
            cols[2] = cols[2].astype(np.int32)   # a cost beyond int16: widen once
        if n + k > len(cols[0]):
            # grow to the projected size once it is known, else geometrically
            grown = int(projected * 1.02) if projected else int(len(cols[0]) * 1.5)
            cap = max(n + k, grown, 1 << 16)
            for col in cols:
                col.resize(cap, refcheck=False)
            if limits is not None:
                limits.resize(cap, refcheck=False)
        _sort_block(si, mi, cost, lo, enc.n_m,
                    (cols[0][n: n + k], cols[1][n: n + k], cols[2][n: n + k]),
                    None if limits is None or limit is None else (limit, limits[n: n + k]))
        n += k
        report("candidates", hi, enc.n_s)
        if sample <= hi < enc.n_s:
            projected = n * enc.n_s // hi
            graph = projected * (8 + cols[2].itemsize)
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
    if limits is not None:
        limits.resize(n, refcheck=False)
    return FeasiblePairs(cols[0], cols[1], cols[2], session, limits, sc)
