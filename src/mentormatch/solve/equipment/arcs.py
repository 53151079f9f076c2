"""The lendable pairs merged into the feasible graph, and the arc sets of the MILPs.

The merge keeps the graph sorted by (pupil, cost, volunteer) without sorting it
(:func:`_merge_positions`); arcs of Lagrangian solves are taken back to their true
costs (:func:`_true_cost`) and pooled (:func:`_union`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import lexsort_int
from mentormatch._extras import CompiledKernels, available
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import SlotArcs, expand_sessions
from mentormatch.solve.equipment.lending import Lending, LendKeys, PairKeys, _member


def lend_keys(lend: Lending) -> PairKeys:
    """The lendable pairs of ``lend`` as a set (built once per joint solve)."""
    return PairKeys.of(lend.pairs.si, lend.pairs.mi, len(lend.need), lend.enc_lent.n_m)


def merge_base(fp: FeasiblePairs, lend: Lending) -> NDArray[np.integer] | None:
    """Rows of ``fp`` before each lendable pair in the merge at true costs, or None.

    A lendable pair's position in any merge is the rows of ``fp`` before it plus
    its own row among the lendable pairs kept (both parts sorted, no common row):
    the first count depends on that pair's key alone. So this one search serves every
    merge at true costs of the joint solve: a subset of the pairs (the reserved-loan
    solves) takes its rows of it (:func:`_merged` ``base``; session h18e, 30,000
    pupils: 0.16 s a reserved-loan merge against 0.32 s).
    None when the keys do not pack (the merges sort then).
    """
    lp = lend.pairs
    pos = _merge_positions((fp.si, fp.cost, fp.mi), (lp.si, lp.cost.astype(np.int64), lp.mi))
    if pos is None:
        return None
    before = pos - np.arange(len(pos), dtype=np.int64)
    return before.astype(np.int32) if len(fp.si) < np.iinfo(np.int32).max else before


def _merged(fp: FeasiblePairs, lend: Lending, extra: NDArray[np.int64] | None,
            base: NDArray[np.integer] | None = None) -> FeasiblePairs:
    """``fp`` plus the lendable pairs (their cost raised by ``extra[s]``), sorted.

    The two sorted parts are merged by placing each lendable pair at its final
    position (:func:`_merge_positions`) and filling the others in order: memory
    holds the output and a mask, not an order over every pair. ``base``: the
    :func:`merge_base` of ``lend``'s pairs (rows of ``fp`` before each at true
    costs): used when no pupil's ``extra`` is above 0 (no search then).
    """
    lp = lend.pairs
    cost = lp.cost.astype(np.int64)
    if extra is not None:
        cost = cost + extra[lp.si]
    pos: NDArray[np.int64] | None
    if base is None or (extra is not None and extra.any()):
        # priced pupils: searched again (gathering their rows and patching the base
        # cost more than the whole search: 1.0-1.2 s against 0.55 s with half or all
        # of the pairs priced at 30,000 pupils, measured in session h18e)
        pos = _merge_positions((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
    else:
        pos = np.arange(len(lp.si), dtype=np.int64)
        pos += base
    if pos is None:   # keys do not pack into one int64 (never at the benchmark's sizes)
        order = _merge_order((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
        si = np.concatenate([fp.si, lp.si])[order]
        mi = np.concatenate([fp.mi, lp.mi])[order]
        c = np.concatenate([fp.cost.astype(np.int64), cost])[order].astype(np.int32)
        return FeasiblePairs(si, mi, c, fp.session_cost)
    n = len(fp.si) + len(lp.si)
    filled = _fill_compiled(fp, lp.si, lp.mi, cost, pos) if COMPILED_FILL else None
    if filled is not None:
        return FeasiblePairs(*filled, fp.session_cost)
    is_a = np.ones(n, dtype=bool)
    is_a[pos] = False
    out = []
    for x, y in ((fp.si, lp.si), (fp.mi, lp.mi), (fp.cost, cost)):
        col = np.empty(n, dtype=np.int32)
        col[pos] = y
        col[is_a] = x
        out.append(col)
    return FeasiblePairs(out[0], out[1], out[2], fp.session_cost)


#: The merge's fill by the compiled kernel (:mod:`._merge_kernels`) when numba is installed
#: (one pass over the output instead of a mask and six scatters; the NumPy fill otherwise).
COMPILED_FILL = True


def _warm_fill(k: Any) -> None:
    z = np.zeros(1, dtype=np.int32)
    p = np.zeros(1, dtype=np.int64)
    for c in (z, z.astype(np.int16)):   # both pair cost columns of the feasible graph
        o = np.zeros(2, dtype=np.int32)
        k.merge_fill(p, z, z, c, z, z, p, o, o.copy(), o.copy(), 0, 2, 0)


_KERNELS = CompiledKernels("mentormatch.solve.equipment._merge_kernels", _warm_fill,
                           "merge kernel")


def _fill_compiled(fp: FeasiblePairs, si: NDArray[np.integer], mi: NDArray[np.integer],
                   cost: NDArray[np.int64], pos: NDArray[np.int64]
                   ) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int32]] | None:
    """The three merged columns by :func:`._merge_kernels.merge_fill`, or None.

    None without numba, with columns of other dtypes than the kernel was warmed
    for, or when ``pos`` is not strictly increasing (the NumPy fill then).
    """
    if not available("numba"):
        return None
    cols = (fp.si, fp.mi, fp.cost, si, mi, cost, pos)
    if not (all(c.dtype == np.int32 for c in cols[:2] + cols[3:5])
            and fp.cost.dtype in (np.int16, np.int32) and cost.dtype == np.int64
            and pos.dtype == np.int64):
        return None
    k = _KERNELS.get()
    n = len(fp.si) + len(si)
    out = tuple(np.empty(n, dtype=np.int32) for _ in range(3))
    got = k.merge_fill(pos, fp.si, fp.mi, fp.cost, si, mi, cost, *out, 0, n, 0)
    if got != len(si):
        return None
    return out[0], out[1], out[2]


def pupil_rows(si: NDArray[np.integer], pupils: NDArray[np.integer]
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """First and past-last row of each of ``pupils`` in the sorted pupil column ``si``.

    The pupils are searched in ``si``'s own dtype: ``np.searchsorted`` with int64
    values on an int32 column converts the whole column first (45 million rows at
    30,000 pupils: 0.14 s a search against 0.004 s; measured in session h18c, it
    was 7 s of the joint solve).
    """
    needle = np.asarray(pupils)
    if (si.dtype != needle.dtype and np.issubdtype(si.dtype, np.integer) and needle.size
            and int(needle.min()) >= np.iinfo(si.dtype).min
            and int(needle.max()) <= np.iinfo(si.dtype).max):
        needle = needle.astype(si.dtype)
    return (np.searchsorted(si, needle, side="left").astype(np.int64),
            np.searchsorted(si, needle, side="right").astype(np.int64))


def lend_pupils(lend: Lending) -> NDArray[np.int64]:
    """The pupils with a lendable pair, sorted (the pupil column is sorted: no sort)."""
    si = lend.pairs.si
    if not len(si):
        return np.zeros(0, dtype=np.int64)
    return np.asarray(si[np.r_[True, si[1:] != si[:-1]]], dtype=np.int64)


#: Pairs counted at a time by :func:`_n_triples`.
MERGE_CHUNK = 1 << 22


def _merge_positions(a: tuple[NDArray[np.integer], ...], b: tuple[NDArray[np.integer], ...]
                     ) -> NDArray[np.int64] | None:
    """Final position of each row of ``b`` in the merge of ``a`` and ``b``, or None.

    Both are sorted by (pupil, cost, volunteer) and hold no common row (a
    per-pupil constant added to ``b``'s costs keeps it sorted). Only the rows of
    ``a`` of ``b``'s pupils are searched (found by a binary search on ``a``'s
    pupils): each row of ``b`` is placed by a binary search among them, keys
    (pupil's rank, cost, volunteer) packed into one int64 (instead of sorting
    ~45 million pairs at 30,000 pupils, or packing every row of ``a``). None
    when the keys do not pack or a part is not sorted (never expected): the
    caller sorts.
    """
    n_a, n_b = len(a[0]), len(b[0])
    if n_b == 0:
        return np.zeros(0, dtype=np.int64)
    if n_a == 0:
        return np.arange(n_b, dtype=np.int64)
    a_si = a[0]
    b_si = np.asarray(b[0], dtype=np.int64)
    if np.any(a_si[1:] < a_si[:-1]) or np.any(b_si[1:] < b_si[:-1]):
        return None
    starts_b = np.flatnonzero(np.r_[True, b_si[1:] != b_si[:-1]])
    pupils = b_si[starts_b]
    u_b = np.repeat(np.arange(len(pupils), dtype=np.int64), np.diff(np.r_[starts_b, n_b]))
    lo, hi = pupil_rows(a_si, pupils)
    length = hi - lo
    offset = np.cumsum(length) - length   # each pupil's first row among the gathered ones
    n_g = int(length.sum())
    rows = np.arange(n_g, dtype=np.int64) + np.repeat(lo - offset, length)
    u_a = np.repeat(np.arange(len(pupils), dtype=np.int64), length)
    cols = [(u_a, np.asarray(a[1])[rows], np.asarray(a[2])[rows]), (u_b, b[1], b[2])]
    lows = [min(int(x.min(initial=0)), int(y.min())) for x, y in zip(*cols, strict=True)]
    highs = [max(int(x.max(initial=0)), int(y.max())) for x, y in zip(*cols, strict=True)]
    widths = [(hi - lo_).bit_length() for lo_, hi in zip(lows, highs, strict=True)]
    if sum(widths) > 62:
        return None

    def pack(c: tuple[NDArray[np.integer], ...]) -> NDArray[np.int64]:
        k = (np.asarray(c[0], dtype=np.int64) - lows[0]) << (widths[1] + widths[2])
        k |= (np.asarray(c[1], dtype=np.int64) - lows[1]) << widths[2]
        k |= np.asarray(c[2], dtype=np.int64) - lows[2]
        return k

    ka, kb = pack(cols[0]), pack(cols[1])
    if np.any(ka[1:] < ka[:-1]) or np.any(kb[1:] < kb[:-1]):
        return None
    g = np.searchsorted(ka, kb)
    return lo[u_b] + (g - offset[u_b]) + np.arange(n_b, dtype=np.int64)


def _merge_order(a: tuple[NDArray[np.integer], ...], b: tuple[NDArray[np.integer], ...]
                 ) -> NDArray[np.int64]:
    """Order of ``a`` then ``b`` (each sorted by (pupil, cost, volunteer)) merged into one.

    The same order as ``np.lexsort`` of the concatenation (the two hold no common
    pair, so no key ties across them): from :func:`_merge_positions`, else a sort.
    """
    n_a, n_b = len(a[0]), len(b[0])
    pos_b = _merge_positions(a, b)
    if pos_b is None:
        cols = [np.concatenate([np.asarray(x, dtype=np.int64), np.asarray(y, dtype=np.int64)])
                for x, y in zip(a, b, strict=True)]
        return lexsort_int((cols[2], cols[1], cols[0]))
    order = np.empty(n_a + n_b, dtype=np.int64)
    is_b = np.zeros(n_a + n_b, dtype=bool)
    is_b[pos_b] = True
    order[pos_b] = n_a + np.arange(n_b)
    order[~is_b] = np.arange(n_a)
    return order


def _all_triples(enc: Encoded, fp: FeasiblePairs) -> SlotArcs:
    """Every (pupil, volunteer, session) of a feasible graph, with its arc cost."""
    si = fp.si.astype(np.int64)
    mi = fp.mi.astype(np.int64)
    row, blk = expand_sessions(enc.s_avail[si] & enc.m_avail[mi], enc.n_blocks)
    cost = fp.cost[row].astype(np.int64) + fp.session_cost[
        enc.s_primary[si[row]].astype(np.int64), blk]
    return SlotArcs(si[row], mi[row], blk, cost)


def _n_triples(enc: Encoded, fp: FeasiblePairs, limit: int | None = None) -> int:
    """(pupil, volunteer, session) triples of a feasible graph, counted by chunks of pairs.

    With ``limit``, the count stops as soon as it passes it (the joint solve only
    compares it with its thresholds): exact up to ``limit``, above it otherwise.
    The chunks double from 65,536 pairs to :data:`MERGE_CHUNK` (in one piece the
    temporaries were the joint solve's peak of memory at 30,000 pupils).
    """
    total, lo, step = 0, 0, min(MERGE_CHUNK, 1 << 16)
    while lo < len(fp.si) and (limit is None or total <= limit):
        rows = slice(lo, lo + step)
        common = enc.s_avail[fp.si[rows]] & enc.m_avail[fp.mi[rows]]
        total += int(np.bitwise_count(common).sum(dtype=np.int64))
        lo, step = lo + step, min(2 * step, MERGE_CHUNK)
    return total


def _union(a: SlotArcs, b: SlotArcs, n_m: int, n_blocks: int) -> SlotArcs:
    si = np.concatenate([a.si, b.si])
    mi = np.concatenate([a.mi, b.mi])
    blk = np.concatenate([a.block, b.block])
    cost = np.concatenate([a.cost, b.cost])
    _, first = np.unique((si * n_m + mi) * n_blocks + blk, return_index=True)
    return SlotArcs(si[first], mi[first], blk[first], cost[first])


def _true_cost(arcs: SlotArcs, lend_keys: LendKeys, extra: NDArray[np.int64] | None,
               n_m: int) -> SlotArcs:
    """Arcs of a Lagrangian solve with the multipliers taken off their cost."""
    if extra is None:
        return arcs
    is_lend = _member(lend_keys, arcs.si * n_m + arcs.mi)
    return SlotArcs(arcs.si, arcs.mi, arcs.block, arcs.cost - np.where(is_lend, extra[arcs.si], 0))
