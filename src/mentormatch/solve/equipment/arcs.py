"""The lendable pairs merged into the feasible graph, and the arc sets of the MILPs.

The merge keeps the graph sorted by (pupil, cost, volunteer) without sorting it
(:func:`_merge_positions`); arcs of Lagrangian solves are taken back to their true
costs (:func:`_true_cost`) and pooled (:func:`_union`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import lexsort_int
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import SlotArcs, expand_sessions
from mentormatch.solve.equipment.lending import Lending, _member


def _merged(fp: FeasiblePairs, lend: Lending, extra: NDArray[np.int64] | None
            ) -> tuple[FeasiblePairs, NDArray[np.int64]]:
    """``fp`` plus the lendable pairs (their cost raised by ``extra[s]``), sorted; and lend keys.

    The two sorted parts are merged by placing each lendable pair at its final
    position (:func:`_merge_positions`) and filling the others in order: memory
    holds the output and a mask, not an order over every pair.
    """
    lp = lend.pairs
    cost = lp.cost.astype(np.int64)
    if extra is not None:
        cost = cost + extra[lp.si]
    n_m = lend.enc_lent.n_m
    keys = np.sort(lp.si.astype(np.int64) * n_m + lp.mi)
    pos = _merge_positions((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
    if pos is None:   # keys do not pack into one int64 (never at the benchmark's sizes)
        order = _merge_order((fp.si, fp.cost, fp.mi), (lp.si, cost, lp.mi))
        si = np.concatenate([fp.si, lp.si])[order]
        mi = np.concatenate([fp.mi, lp.mi])[order]
        c = np.concatenate([fp.cost.astype(np.int64), cost])[order].astype(np.int32)
        return FeasiblePairs(si, mi, c, fp.session_cost), keys
    n = len(fp.si) + len(lp.si)
    is_a = np.ones(n, dtype=bool)
    is_a[pos] = False
    out = []
    for x, y in ((fp.si, lp.si), (fp.mi, lp.mi), (fp.cost, cost)):
        col = np.empty(n, dtype=np.int32)
        col[pos] = y
        col[is_a] = x
        out.append(col)
    return FeasiblePairs(out[0], out[1], out[2], fp.session_cost), keys


#: Rows of the larger part packed at a time by :func:`_merge_positions`.
MERGE_CHUNK = 1 << 22


def _merge_positions(a: tuple[NDArray[np.integer], ...], b: tuple[NDArray[np.integer], ...]
                     ) -> NDArray[np.int64] | None:
    """Final position of each row of ``b`` in the merge of ``a`` and ``b``, or None.

    Both are sorted by (pupil, cost, volunteer) and hold no common row (a
    per-pupil constant added to ``b``'s costs keeps it sorted). When the keys
    pack into one int64, each row of ``b`` is placed by a binary search in
    ``a``'s packed keys, :data:`MERGE_CHUNK` rows of ``a`` at a time (linear,
    instead of sorting ~45 million pairs at 30,000 pupils, and without an int64
    copy of every pair). None when the keys do not pack or a part is not sorted
    (never expected): the caller sorts.
    """
    n_a, n_b = len(a[0]), len(b[0])
    if n_b == 0:
        return np.zeros(0, dtype=np.int64)
    if n_a == 0:
        return np.arange(n_b, dtype=np.int64)
    lows = [min(int(x.min()), int(y.min())) for x, y in zip(a, b, strict=True)]
    highs = [max(int(x.max()), int(y.max())) for x, y in zip(a, b, strict=True)]
    widths = [(hi - lo).bit_length() for lo, hi in zip(lows, highs, strict=True)]
    if sum(widths) > 62:
        return None

    def pack(cols: tuple[NDArray[np.integer], ...], rows: slice | NDArray[np.int64]
             ) -> NDArray[np.int64]:
        k = (np.asarray(cols[0][rows], dtype=np.int64) - lows[0]) << (widths[1] + widths[2])
        k |= (np.asarray(cols[1][rows], dtype=np.int64) - lows[1]) << widths[2]
        k |= np.asarray(cols[2][rows], dtype=np.int64) - lows[2]
        return k

    kb = pack(b, slice(None))
    if np.any(kb[1:] < kb[:-1]):
        return None
    starts = np.arange(0, n_a, MERGE_CHUNK, dtype=np.int64)
    chunk = np.maximum(np.searchsorted(pack(a, starts), kb, side="right") - 1, 0)
    bounds = np.searchsorted(chunk, np.arange(len(starts) + 1))
    pos = np.empty(n_b, dtype=np.int64)
    last = -1
    for j, s0 in enumerate(starts.tolist()):
        ka = pack(a, slice(s0, min(s0 + MERGE_CHUNK, n_a)))
        if ka[0] < last or np.any(ka[1:] < ka[:-1]):
            return None
        last = int(ka[-1])
        lo_b, hi_b = int(bounds[j]), int(bounds[j + 1])
        pos[lo_b:hi_b] = s0 + np.searchsorted(ka, kb[lo_b:hi_b])
    return pos + np.arange(n_b, dtype=np.int64)


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


def _n_triples(enc: Encoded, fp: FeasiblePairs) -> int:
    """(pupil, volunteer, session) triples of a feasible graph, :data:`MERGE_CHUNK` pairs at a time.

    (In one piece its temporaries were the joint solve's peak of memory at 30,000 pupils.)
    """
    total = 0
    for lo in range(0, len(fp.si), MERGE_CHUNK):
        rows = slice(lo, lo + MERGE_CHUNK)
        common = enc.s_avail[fp.si[rows]] & enc.m_avail[fp.mi[rows]]
        total += int(np.bitwise_count(common).sum(dtype=np.int64))
    return total


def _union(a: SlotArcs, b: SlotArcs, n_m: int, n_blocks: int) -> SlotArcs:
    si = np.concatenate([a.si, b.si])
    mi = np.concatenate([a.mi, b.mi])
    blk = np.concatenate([a.block, b.block])
    cost = np.concatenate([a.cost, b.cost])
    _, first = np.unique((si * n_m + mi) * n_blocks + blk, return_index=True)
    return SlotArcs(si[first], mi[first], blk[first], cost[first])


def _true_cost(arcs: SlotArcs, lend_keys: NDArray[np.int64], extra: NDArray[np.int64] | None,
               n_m: int) -> SlotArcs:
    """Arcs of a Lagrangian solve with the multipliers taken off their cost."""
    if extra is None:
        return arcs
    is_lend = _member(lend_keys, arcs.si * n_m + arcs.mi)
    return SlotArcs(arcs.si, arcs.mi, arcs.block, arcs.cost - np.where(is_lend, extra[arcs.si], 0))
