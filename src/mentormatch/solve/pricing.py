"""Pricing of pruned pairs: reduced costs over the full feasible graph.

With node potentials ``pi`` of the solved network (convention of
:mod:`mentormatch.flow`: ``rc = cost - pi[tail] + pi[head]``), the arc pupil
``p`` → slot ``(m, b)`` has reduced cost
``pair_cost(p, m) + session_cost(g_p, b) - pi[p] + pi_slot[m, b]``. Slots not in
the network take ``pi_slot = pi[m]`` (their arc to the volunteer carries no
flow; that is the largest value keeping it dual feasible).

For each pair only the best session matters: ``min over common blocks b`` of
``val[g, m, b] = session_cost[g, b] + pi_slot[m, b]``. Each volunteer's blocks
are sorted by ``val`` once per round; a pair's best common block is then the
first block in that order the pupil is free for — found by a vectorised scan
over ranks that only touches pairs still unresolved (usually one or two
ranks). No bit expansion, no Python loop over pairs.

A pair whose best block has a negative reduced cost is a *violator*. Every
pupil gets its ``per_student`` most violated pairs added (column generation);
when no violator remains, the potentials are dual feasible for the full graph.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import group_rank, in_sorted, lexsort_int, ranges
from mentormatch._extras import CompiledKernels, available
from mentormatch._progress import Reporter
from mentormatch._threads import ordered_map
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import Network, SlotArcs

_log = logging.getLogger(__name__)

__all__ = ["PricingResult", "best_blocks", "compile_seconds", "compiled_available", "price"]

#: Pairs priced per chunk (bounds memory).
CHUNK = 2_000_000
#: Threads of the pricing scan (the compiled kernel on disjoint ranges of pupils, from
#: :data:`SCAN_WORKERS_FROM` pairs of the feasible graph; the numpy scan's chunks of
#: :data:`CHUNK` pairs): the same result with any number.
SCAN_WORKERS = 2
SCAN_WORKERS_FROM = 1_000_000

def compiled_available() -> bool:
    """Return whether the compiled pricing scan can run (numba, the ``fast`` extra)."""
    return available("numba")


def _warm(k: Any) -> None:
    z = np.zeros(1, dtype=np.int64)
    for cost in (z.astype(np.int16), z.astype(np.int32)):   # both pair cost columns
        k.price_scan(np.zeros(2, dtype=np.int64), z.astype(np.int32), cost,
                     z, np.zeros((1, 1), dtype=np.uint64),
                     np.zeros((2, 1, 1), dtype=np.int64), np.zeros((2, 1, 1), dtype=np.int64),
                     z, np.zeros(2, dtype=np.int64), z, z, z[:0], np.int64(1), np.int64(0),
                     np.int64(1), z, z, z, z, z, z, z, z, z, np.zeros(3, dtype=np.int64),
                     np.int64(0), np.int64(1))


_KERNELS = CompiledKernels("mentormatch.solve._pricing_kernels", _warm, "pricing kernel")
_kernels = _KERNELS.get
#: Seconds the first use of the pricing kernel took in this process (compile or cache load).
compile_seconds = _KERNELS.compile_seconds


@dataclass(frozen=True)
class PricingResult:
    """Violating triples (negative reduced cost) not yet in the network.

    ``pupil_deficit`` is ``sum over pupils of max(0, -least reduced cost of their
    triples)``: lowering each pupil's potential by its own deficit makes every
    triple's reduced cost non-negative, so ``objective - pupil_deficit`` is a lower
    bound of the full problem's optimum (LP duality; used when a time limit stops
    the loop before no triple violates).
    """

    violators: SlotArcs
    n_violating_pairs: int
    min_reduced_cost: int
    pupil_deficit: int = 0


def slot_potentials(enc: Encoded, net: Network, pi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return ``(n_m, n_blocks)`` slot potentials (network slots, else the volunteer's)."""
    pm = pi[net.mentor_node0: net.mentor_node0 + net.n_m]
    table = np.repeat(pm[:, None], enc.n_blocks, axis=1)
    table[net.slot_mentor, net.slot_block] = pi[net.n_s: net.n_s + net.n_slots]
    return table


def mentor_blocks(enc: Encoded) -> NDArray[np.bool_]:
    """``(n_m, n_blocks)``: True where the volunteer is free for the whole block."""
    bits = np.unpackbits(np.ascontiguousarray(enc.m_avail).view(np.uint8), axis=1,
                         bitorder="little")
    return bits[:, : enc.n_blocks].astype(bool)


@dataclass(frozen=True)
class BlockOrder:
    """Per (group, volunteer): the volunteer's free blocks sorted by ``val``, and ``val``.

    Only the first ``n_free[m]`` entries of a row are meaningful; ``width`` (the
    last axis) is the largest ``n_free`` (at least 1), and a volunteer without a
    free block has ``value[:, m, 0] == BIG``.
    """

    order: NDArray[np.int64]    # (2, n_m, width) block indices, free blocks first
    value: NDArray[np.int64]    # (2, n_m, width) val of those blocks (BIG past n_free)
    n_free: NDArray[np.int64]   # (n_m,)


def block_order(enc: Encoded, session_cost: NDArray[np.int64],
                slot_pot: NDArray[np.int64]) -> BlockOrder:
    """Sort every volunteer's free blocks by ``session_cost[g, b] + slot_pot[m, b]``.

    Ties go to the smaller block. Only free blocks are sorted (a volunteer is
    free for a few of the week's blocks), into arrays as wide as the most free
    volunteer's: a sort of every ``(volunteer, block)`` cell per pricing round
    took 0.2-0.4 s at 16,000 volunteers.
    """
    free = mentor_blocks(enc)
    big = np.iinfo(np.int64).max // 4
    n_free = free.sum(axis=1)
    n_m = free.shape[0]
    width = max(int(n_free.max(initial=0)), 1)
    order = np.zeros((2, n_m, width), dtype=np.int64)
    value = np.full((2, n_m, width), big, dtype=np.int64)
    fm, fb = np.nonzero(free)            # by volunteer, then block
    rank = np.arange(fm.size) - np.repeat(np.cumsum(n_free) - n_free, n_free)
    pot = slot_pot[fm, fb]
    for g in range(2):
        val = session_cost[g].take(fb) + pot
        o = lexsort_int((fb, val, fm))
        order[g, fm, rank] = fb.take(o)
        value[g, fm, rank] = val.take(o)
    return BlockOrder(order, value, n_free)


def best_blocks(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
                bo: BlockOrder, allowed: Callable[[NDArray[np.int64], NDArray[np.int64]],
                                                  NDArray[np.bool_]] | None = None
                ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Return, per pair, the common block of least ``val`` and that value.

    ``allowed(pairs, blocks)``, when given, also restricts the blocks a pair may
    use (the cost cap, :meth:`~mentormatch.candidates.generate.FeasiblePairs.allows`);
    ``pairs`` index ``si``/``mi``. A pair with no block gets ``-1``.
    """
    n_m, nb = bo.n_free.shape[0], bo.order.shape[2]
    words = enc.s_avail.shape[1]
    order_flat = bo.order.reshape(-1)
    value_flat = bo.value.reshape(-1)
    avail_flat = enc.s_avail.reshape(-1)
    base = (enc.s_primary.take(si).astype(np.int64) * n_m + mi) * nb   # row of (g, m)
    best_b = np.full(len(si), -1, dtype=np.int64)
    best_v = np.zeros(len(si), dtype=np.int64)
    todo = np.arange(len(si))
    rank = 0
    while todo.size:
        todo = todo[rank < bo.n_free.take(mi.take(todo))]
        if not todo.size:
            break
        at = base.take(todo) + rank
        b = order_flat.take(at)
        word = avail_flat.take(si.take(todo) * words + (b >> 6))
        hit = ((word >> (b & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)
        if allowed is not None:
            hit &= allowed(todo, b)
        found = np.flatnonzero(hit)
        best_b[todo.take(found)] = b.take(found)
        best_v[todo.take(found)] = value_flat.take(at.take(found))
        todo = todo[~hit]
        rank += 1
    return best_b, best_v


def _cap_check(enc: Encoded, fp: FeasiblePairs, rows: NDArray[np.int64]
               ) -> Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]] | None:
    """The cost cap's session check for pairs ``rows`` of ``fp`` (None: no cap)."""
    if fp.session_limit is None:
        return None

    def allowed(k: NDArray[np.int64], block: NDArray[np.int64]) -> NDArray[np.bool_]:
        return fp.allows(enc, rows.take(k), block)

    return allowed


def _price_partial_pairs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
                         pc: NDArray[np.int64], session_cost: NDArray[np.int64],
                         slot_pot: NDArray[np.int64], pi_s: NDArray[np.int64],
                         in_network: NDArray[np.int64], margin: int = 0,
                         common: NDArray[np.uint64] | None = None
                         ) -> tuple[NDArray[np.int64], ...]:
    """Best block *not in the network* of pairs that have some blocks in it (expanded).

    ``common``: the pairs' usable sessions (default: every common block).
    """
    common = np.ascontiguousarray(enc.s_avail[si] & enc.m_avail[mi] if common is None
                                  else common)
    bits = np.unpackbits(common.view(np.uint8), axis=1, bitorder="little")[:, : enc.n_blocks]
    flat = np.flatnonzero(bits)  # far faster than a 2-D nonzero
    row, blk = np.divmod(flat, enc.n_blocks)
    keys = (si[row] * enc.n_m + mi[row]) * enc.n_blocks + blk
    out = ~in_sorted(in_network, keys)
    row, blk = row[out], blk[out]
    g = enc.s_primary[si[row]].astype(np.int64)
    rc = pc[row] + session_cost[g, blk] + slot_pot[mi[row], blk] - pi_s[si[row]]
    neg = rc < margin
    row, blk, rc = row[neg], blk[neg], rc[neg]
    if not row.size:
        return row, blk, rc
    # keep the most negative block of each pair
    order = lexsort_int((blk, rc, row))
    pick = order[group_rank(row[order]) == 0]
    return row[pick], blk[pick], rc[pick]


def _priced_prefixes(fp: FeasiblePairs, n_s: int,
                     threshold: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per pupil, the rows ``[start, stop)`` of ``fp`` whose pair cost is below ``threshold``.

    ``fp`` is sorted by pupil then cost, so they are a prefix of the pupil's
    rows, found by a binary search vectorised over pupils (log steps).
    """
    # needles of the haystack's dtype: mixed dtypes would copy all of ``fp.si`` each call
    start = np.searchsorted(fp.si, np.arange(n_s, dtype=fp.si.dtype),
                            side="left").astype(np.int64)
    lo = start.copy()
    hi = np.r_[start[1:], len(fp)].astype(np.int64)
    live = np.flatnonzero(lo < hi)
    while live.size:
        mid = (lo[live] + hi[live]) // 2
        below = fp.cost.take(mid) < threshold.take(live)
        lo[live[below]] = mid[below] + 1
        hi[live[~below]] = mid[~below]
        live = live[lo.take(live) < hi.take(live)]
    return start, lo


def _top_per_student(si: NDArray[np.int64], rc: NDArray[np.int64], mi: NDArray[np.int64],
                     k: int, near: int | None = None) -> NDArray[np.int64]:
    """Indices of each pupil's ``k`` most negative reduced costs (ties: smaller volunteer).

    With ``near``, at most that many of a pupil's kept entries may be non-negative.
    """
    order = lexsort_int((mi, rc, si))
    rank = group_rank(si[order])
    keep = rank < k
    if near is not None:
        n_neg = np.bincount(si[order], weights=rc[order] < 0, minlength=int(si.max(initial=-1)) + 1)
        keep &= (rc[order] < 0) | (rank - n_neg[si[order]].astype(np.int64) < near)
    return np.asarray(order[keep], dtype=np.int64)


def _price_compiled(enc: Encoded, fp: FeasiblePairs, pi_s: NDArray[np.int64],
                    in_network: NDArray[np.int64], bo: BlockOrder, vmin_gm: NDArray[np.int64],
                    threshold: NDArray[np.int64], *, per_student: int, margin: int,
                    near_per_student: int, pupil_offset: NDArray[np.int64] | None,
                    report: Reporter) -> PricingResult:
    """:func:`price` by the compiled scan (:mod:`mentormatch.solve._pricing_kernels`).

    The kernel keeps, per pupil, its ``per_student`` pairs of least reduced cost
    below ``margin`` (ties: smaller volunteer), each at its best block not in
    the network; the selection below is then the numpy scan's, on the same
    candidates, so the violators, their order and the counts are identical.
    """
    k = _kernels()
    n_s = enc.n_s
    row_start = np.searchsorted(fp.si, np.arange(n_s + 1, dtype=fp.si.dtype),
                                side="left").astype(np.int64)
    longest = int(np.diff(row_start).max(initial=0))
    size = n_s * per_student
    out_row = np.empty(size, dtype=np.int64)
    out_blk = np.empty(size, dtype=np.int64)
    out_rc = np.empty(size, dtype=np.int64)
    out_count = np.zeros(n_s, dtype=np.int64)
    args = (row_start, fp.mi, fp.cost, enc.s_primary.astype(np.int64),
            np.ascontiguousarray(enc.s_avail), bo.order,
            bo.value, bo.n_free.astype(np.int64), vmin_gm,
            np.ascontiguousarray(pi_s, dtype=np.int64),
            np.ascontiguousarray(threshold, dtype=np.int64),
            np.ascontiguousarray(in_network, dtype=np.int64), np.int64(enc.n_blocks),
            np.int64(margin), np.int64(per_student), out_row, out_blk, out_rc, out_count)

    def scan(lo: int, hi: int) -> tuple[int, int, NDArray[np.int64]]:
        buf = [np.empty(max(longest, 1), dtype=np.int64) for _ in range(5)]
        part = np.zeros(3, dtype=np.int64)
        n_v, low = k.price_scan(*args, *buf, part, np.int64(lo), np.int64(hi))
        return int(n_v), int(low), part

    # pupils split into ranges of about equal rows, one per thread (the kernel
    # releases the GIL; each pupil's outputs have their own slots: same result)
    workers = SCAN_WORKERS if len(fp) >= SCAN_WORKERS_FROM else 1
    cuts = np.searchsorted(row_start, np.linspace(0, len(fp), workers + 1)[1:-1])
    bounds = [0, *(int(c) for c in cuts), n_s]
    parts = list(ordered_map(lambda r: scan(*r), itertools.pairwise(bounds), workers))
    n_violating = sum(p[0] for p in parts)
    min_rc = min(p[1] for p in parts)
    stats = sum((p[2] for p in parts), np.zeros(3, dtype=np.int64))
    report("pricing", n_s, n_s)
    _log.debug("compiled pricing: %d rows read, %d within the bound, %d below the margin",
               *(int(x) for x in stats))
    n_violating, min_rc = int(n_violating), int(min_rc)
    if n_violating == 0:
        empty = np.zeros(0, dtype=np.int64)
        return PricingResult(SlotArcs(empty, empty, empty, empty), 0, 0)
    owner, offset = ranges(out_count)
    at = owner * per_student + offset
    rows, blk, rcs = out_row.take(at), out_blk.take(at), out_rc.take(at)
    s_all = fp.si.take(rows).astype(np.int64)
    m_all = fp.mi.take(rows).astype(np.int64)
    g = enc.s_primary.take(s_all).astype(np.int64)
    c_all = fp.cost.take(rows).astype(np.int64) + fp.session_cost[g, blk]
    if pupil_offset is not None:
        c_all += pupil_offset.take(s_all)
    least = np.zeros(n_s, dtype=np.int64)
    np.minimum.at(least, s_all, rcs)
    pick = _top_per_student(s_all, rcs, m_all, per_student, near_per_student)
    return PricingResult(SlotArcs(s_all[pick], m_all[pick], blk[pick], c_all[pick]),
                         n_violating, min_rc, int(-least.sum()))


def price(enc: Encoded, fp: FeasiblePairs, net: Network, pi: NDArray[np.int64],
          in_network: NDArray[np.int64], *, per_student: int = 50,
          margin: int = 0, near_per_student: int = 5,
          progress: Reporter | None = None,
          pupil_offset: NDArray[np.int64] | None = None,
          compiled: bool = False) -> PricingResult:
    """Price every feasible triple against potentials ``pi``; return violators to add.

    Only pairs that can violate are scanned: a pair's reduced cost is at
    least ``pair_cost + vmin[g] - pi[p]`` where ``vmin[g]`` is the least
    ``session_cost + slot potential`` of any volunteer's free block, so per
    pupil only the pairs cheaper than ``pi[p] - vmin[g]`` — a prefix of its
    rows, ``fp`` being sorted by cost — are read, in chunks of about
    :data:`CHUNK` pairs; of those, only pairs with ``pair_cost + vmin[g, m]
    < pi[p]`` (``vmin[g, m]``: volunteer ``m``'s least value) are priced.
    Membership in the network is a binary search in the sorted keys. The
    result is the same as scanning every pair.

    Parameters
    ----------
    enc, fp : the encoded problem and its full feasible graph
    net, pi : the solved network and its certifying potentials
    in_network : sorted int64 keys of the triples already in the network
        (pairs with some of their blocks in the network are priced on the others)
    per_student : most violated pairs added per pupil and round
    margin : when some pair violates, also add pairs with ``0 <= rc < margin``
        (nearly tight; the counts and ``min_reduced_cost`` are of violators only)
    near_per_student : most nearly tight pairs added per pupil (within ``per_student``)
    progress : told ``("pricing", pupils done, pupils)`` per chunk (:mod:`mentormatch._progress`)
    pupil_offset : per pupil, a cost added to every one of its triples not in the
        network (the *move* of a pupil whose pair in force is in the network;
        :mod:`mentormatch.continuity`); the violators' costs include it
    compiled : bool
        Scan the graph with the compiled kernel (numba, the ``fast`` extra) when it
        is installed and no cost cap is set; same result as the numpy scan
        (``tests/solve/test_pricing_compiled.py``). Without numba, ignored.
    """
    report = progress if progress is not None else Reporter()
    report("pricing", 0, enc.n_s)
    slot_pot = slot_potentials(enc, net, pi)
    bo = block_order(enc, fp.session_cost, slot_pot)
    pi_s = pi[: enc.n_s] if pupil_offset is None else pi[: enc.n_s] - pupil_offset
    pair_keys = in_network // enc.n_blocks  # sorted, since the triples are
    pair_in = pair_keys[np.r_[True, pair_keys[1:] != pair_keys[:-1]]] if pair_keys.size \
        else pair_keys
    # kept candidates of every chunk: s, m, block, cost, rc
    found: list[list[NDArray[np.int64]]] = [[], [], [], [], []]
    n_violating = 0
    min_rc = 0
    free = bo.n_free > 0
    vmin = (bo.value[:, free, 0].min(axis=1) if free.any()
            else np.full(2, np.iinfo(np.int64).max // 4))
    threshold = pi_s - vmin[enc.s_primary.astype(np.int64)] + margin
    vmin_gm = np.ascontiguousarray(bo.value[:, :, 0]).reshape(-1)
    if compiled and fp.session_limit is None and compiled_available():
        return _price_compiled(enc, fp, pi_s, in_network, bo, vmin_gm, threshold,
                               per_student=per_student, margin=margin,
                               near_per_student=near_per_student, pupil_offset=pupil_offset,
                               report=report)
    start, stop = _priced_prefixes(fp, enc.n_s, threshold)
    # Rows past a pupil's prefix fail the per-pair bound below anyway (vmin_gm >= vmin),
    # so when the prefixes hold most rows (usual: vmin is the least of all volunteers),
    # whole pupils are scanned as contiguous slices of fp, without gathers.
    scan_all = 2 * int((stop - start).sum()) >= len(fp)
    if scan_all:
        stop = np.r_[start[1:], len(fp)].astype(np.int64)
    group_base = enc.s_primary.astype(np.int64) * enc.n_m
    limit = pi_s + margin
    length = stop - start
    ends = np.cumsum(length)
    cuts = np.searchsorted(ends, np.arange(CHUNK, int(ends[-1]) if ends.size else 0, CHUNK))

    def chunk(a: int, z: int) -> tuple[list[NDArray[np.int64]], int] | None:
        """Pupils ``a:z``: their kept candidates (s, m, block, cost, rc) and violating count.

        None if none. The kept candidates hold each pupil's least reduced cost.
        """
        n_rows = int(length[a:z].sum())
        if not n_rows:
            return None
        if scan_all:
            lo_row = int(start[a])
            si32 = fp.si[lo_row: lo_row + n_rows]
            mi32 = fp.mi[lo_row: lo_row + n_rows]
            # per-pair bound: the volunteer's least slot value (any free block); the
            # chunk is whole pupils in order, so per-pupil values are repeated, not gathered
            lower = vmin_gm.take(np.repeat(group_base[a:z], length[a:z]) + mi32)
            lower += fp.cost[lo_row: lo_row + n_rows]
            cand = np.flatnonzero(lower < np.repeat(limit[a:z], length[a:z]))
            fp_rows = lo_row + cand
            si = si32.take(cand).astype(np.int64)
            mi = mi32.take(cand).astype(np.int64)
            pc = fp.cost.take(fp_rows).astype(np.int64)
        else:
            offset = np.repeat(start[a:z] - (ends[a:z] - length[a:z] - (ends[a - 1] if a else 0)),
                               length[a:z])
            rows = offset + np.arange(n_rows)
            si = fp.si.take(rows).astype(np.int64)
            mi = fp.mi.take(rows).astype(np.int64)
            pc = fp.cost.take(rows).astype(np.int64)
            lower = pc + vmin_gm.take(group_base.take(si) + mi)
            cand = np.flatnonzero(lower < limit.take(si))
            si, mi, pc = si.take(cand), mi.take(cand), pc.take(cand)
            fp_rows = rows.take(cand)
        # the network's pairs and triples of this chunk's pupils: a slice of each sorted
        # key array, small enough for the binary searches to stay in cache
        p_lo, p_hi = np.searchsorted(pair_in, [int(a) * enc.n_m, int(z) * enc.n_m])
        t_lo, t_hi = np.searchsorted(in_network, [int(a) * enc.n_m * enc.n_blocks,
                                                  int(z) * enc.n_m * enc.n_blocks])
        partial = in_sorted(pair_in[p_lo:p_hi], si * enc.n_m + mi)
        whole = np.flatnonzero(~partial)
        b, v = best_blocks(enc, si[whole], mi[whole], bo,
                           _cap_check(enc, fp, fp_rows.take(whole)))
        found = b >= 0
        whole, b, v = whole[found], b[found], v[found]
        rc = pc[whole] + v - pi_s[si[whole]]
        neg = rc < margin
        idx, blk, rcs = whole[neg], b[neg], rc[neg]
        part = np.flatnonzero(partial)
        if part.size:
            r2, b2, rc2 = _price_partial_pairs(
                enc, si[part], mi[part], pc[part], fp.session_cost, slot_pot, pi_s,
                in_network[t_lo:t_hi],
                margin, None if fp.session_limit is None
                else fp.common_blocks(enc, fp_rows.take(part)))
            idx = np.concatenate([idx, part[r2]])
            blk = np.concatenate([blk, b2])
            rcs = np.concatenate([rcs, rc2])
        if not idx.size:
            return None
        g = enc.s_primary[si[idx]].astype(np.int64)
        # Keep only each pupil's most violated pairs of this chunk: the top of the
        # union of chunks is the top of the union of their tops (bounded memory).
        keep = _top_per_student(si[idx], rcs, mi[idx], per_student)
        extra = 0 if pupil_offset is None else pupil_offset[si[idx]]
        return ([si[idx][keep], mi[idx][keep], blk[keep],
                 (pc[idx] + fp.session_cost[g, blk] + extra)[keep], rcs[keep]],
                int(np.count_nonzero(rcs < 0)))

    bounds = list(zip(np.r_[0, cuts].tolist(), np.r_[cuts, enc.n_s].tolist(), strict=True))
    # the chunks are independent (whole pupils): priced by threads, taken in order
    results = ordered_map(lambda r: chunk(*r), bounds, SCAN_WORKERS)
    for (a, _), got in zip(bounds, results, strict=True):
        report("pricing", int(a), enc.n_s)
        if got is None:
            continue
        for into, x in zip(found, got[0], strict=True):
            into.append(x)
        n_violating += got[1]
        min_rc = min(min_rc, int(got[0][4].min()))
    report("pricing", enc.n_s, enc.n_s)
    if not found[0] or n_violating == 0:
        empty = np.zeros(0, dtype=np.int64)
        return PricingResult(SlotArcs(empty, empty, empty, empty), 0, 0)
    s_all, m_all, b_all, c_all, rc_all = (np.concatenate(f) for f in found)
    # each chunk kept its pupils' most violated triples, so the union holds each
    # pupil's least reduced cost
    least = np.zeros(enc.n_s, dtype=np.int64)
    np.minimum.at(least, s_all, rc_all)
    pick = _top_per_student(s_all, rc_all, m_all, per_student, near_per_student)
    return PricingResult(SlotArcs(s_all[pick], m_all[pick], b_all[pick], c_all[pick]),
                         n_violating, min_rc, int(-least.sum()))
