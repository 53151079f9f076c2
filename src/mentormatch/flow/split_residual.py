"""The primal–dual's residual graph kept per arc, merged only where arcs share a node pair.

:class:`SplitResidual` is the residual graph of
:func:`mentormatch.flow.primal_dual.primal_dual` on networks with parallel or
opposite arcs when numba is not installed (the match networks' load arcs); it
runs the phases of :class:`mentormatch.flow.residual.Residual`, one pass over the
arcs instead of over both copies of every arc. :func:`shared_pairs` finds the
arcs it merges. Re-exported by :mod:`mentormatch.flow.residual`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from mentormatch._arrays import (
    FLOAT_EXACT,
    counting_argsort,
    ranges,
    reduce_runs,
    stable_argsort,
)

__all__ = ["SplitResidual", "shared_pairs"]

IntArray = npt.NDArray[np.int64]
#: Node and arc indices: int32 when they fit.
Index = npt.NDArray[Any]


def shared_pairs(tail: IntArray, head: IntArray, n: int) -> npt.NDArray[np.bool_]:
    """Per arc: whether another arc joins the same two nodes, either way (self-loops: no).

    The arcs are ordered by unordered node pair with two counting sorts
    (:func:`~mentormatch._arrays.counting_argsort`, by the larger end, then by
    the smaller), no comparison sort.
    """
    m = tail.shape[0]
    out = np.zeros(m, dtype=bool)
    if m < 2:
        return out
    ix = np.int32 if n < 2**31 else np.int64     # narrower gathers
    lo: Index = np.minimum(tail, head).astype(ix)
    hi: Index = np.maximum(tail, head).astype(ix)
    order = counting_argsort(hi, n)
    order = order[counting_argsort(lo[order], n)]
    a, b = lo[order], hi[order]
    same = (a[1:] == a[:-1]) & (b[1:] == b[:-1])
    both = np.zeros(m, dtype=bool)
    both[1:] = same
    both[:-1] |= same
    out[order] = both
    out &= tail != head
    return out


class SplitResidual:
    """The residual graph kept per arc, copies merged only where arcs share a node pair.

    ``Residual`` stores both copies of every arc (forward and backward),
    sorted by node pair, and passes over all of them several times a phase,
    although on the match networks half are dead (backward copies of empty
    pupil arcs) and only the load arcs are parallel. Here, as in
    ``ArcResidual``, one reduced cost and one flow are kept per arc
    (self-loops dropped; arcs sorted by tail once, so the forward copies listed
    in a phase are already grouped by node), and only the arcs whose unordered
    node pair is shared (*multi* arcs) have their admissible copies merged per
    ordered pair, in ``Residual``'s order (forward copies by arc index,
    then backward copies by arc index). So every value handed on is
    ``Residual``'s: the search graph holds the same live copies (parallel
    ones unmerged: Dijkstra keeps the cheapest, the same distances), the
    admissible pairs and their summed capacities are the same set (the maximum
    flow reads its canonical CSR), and a pair's flow is spread over its copies
    in the same order: the same phases, flows and potentials (tested against
    ``Residual``).

    Parameters
    ----------
    tail, head, capacity, cost, flow, potentials
        As for ``Residual``; ``flow`` is copied and kept up to date.
    shared : numpy.ndarray of bool, optional
        :func:`shared_pairs` of the arcs, when already computed.
    """

    def __init__(self, tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                 flow: IntArray, potentials: IntArray,
                 shared: npt.NDArray[np.bool_] | None = None) -> None:
        n = self.n = potentials.shape[0]
        m = self.m = tail.shape[0]
        self._start: IntArray = np.array(flow, dtype=np.int64)
        ix = np.int32 if m < 2**31 and n < 2**31 else np.int64
        t32, h32 = tail.astype(ix), head.astype(ix)      # narrower gathers
        proper = np.flatnonzero(t32 != h32).astype(ix)
        proper = proper[counting_argsort(h32[proper], n)]        # by (tail, head): two
        arc: Index = proper[counting_argsort(t32[proper], n)]    # counting sorts
        self.arc = arc                                  # original index of each kept arc
        self.t: Index = t32[arc]
        self.h: Index = h32[arc]
        self.c: IntArray = np.asarray(capacity[arc], dtype=np.int64)
        self.f: IntArray = self._start[arc]
        self.rc: IntArray = cost[arc] - potentials[self.t] + potentials[self.h]
        # multi arcs: their unordered node pair is another arc's too
        if shared is None:
            shared = shared_pairs(tail, head, n)
        self.multi: npt.NDArray[np.bool_] = shared[arc]

    @property
    def flow(self) -> IntArray:
        """The flow of every arc (self-loops keep their starting flow)."""
        out = self._start.copy()
        out[self.arc] = self.f
        return out

    def copies(self, radius: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """The live copies priced within ``radius``: ``(frm, to, rc, state)``, unmerged.

        Parallel copies are listed one by one (a search keeps the cheapest);
        ``state`` is for :meth:`admissible`.
        """
        fw, bw = self._live(radius)
        frm = np.concatenate([self.t[fw], self.h[bw]])
        to = np.concatenate([self.h[fw], self.t[bw]])
        return frm, to, np.concatenate([self.rc[fw], -self.rc[bw]]), (fw, bw)

    def _live(self, radius: float) -> tuple[IntArray, IntArray]:
        f, rc = self.f, self.rc
        if radius == np.inf:
            return np.flatnonzero(f < self.c), np.flatnonzero(f > 0)
        return (np.flatnonzero((f < self.c) & (rc <= radius)),
                np.flatnonzero((f > 0) & (rc >= -radius)))

    def graph(self, radius: float, backward: bool
              ) -> tuple[sp.csr_matrix | sp.csc_matrix, int, int, Any]:
        """The live copies within ``radius`` as a search graph: ``(matrix, least, largest, state)``.

        The forward copies come grouped by node (arcs sorted by tail); the few
        backward ones are inserted after their node's. Rows are the copies'
        ``frm`` (CSR) or, ``backward``, their ``to`` (the CSC of the same arrays).
        The largest reduced cost is of every copy (parallel ones included), so at
        least ``Residual``'s; when it is out of float64's exact range it is
        recomputed over the pairs' cheapest copies, as ``Residual`` reports it.
        """
        n = self.n
        fw, bw = self._live(radius)
        ff = self.t[fw]
        bf = self.h[bw]
        ob = stable_argsort(bf)
        bw_sorted = bw[ob]
        bf = bf[ob]
        wf = self.rc[fw].astype(np.float64)
        wb = -self.rc[bw_sorted].astype(np.float64)
        at = np.searchsorted(ff, bf, side="right")
        indices = np.insert(self.h[fw], at, self.t[bw_sorted])
        data = np.insert(wf, at, wb)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ff, minlength=n) + np.bincount(bf, minlength=n), out=indptr[1:])
        parts = (data, indices, indptr)
        G = sp.csc_matrix(parts, shape=(n, n)) if backward else sp.csr_matrix(parts, shape=(n, n))
        if not data.shape[0]:
            return G, 0, 0, (fw, bw)
        lo, hi = int(data.min()), int(data.max())
        if hi >= FLOAT_EXACT:   # as Residual: the largest of the pairs' cheapest copies
            frm, to, w, _ = self.copies(radius)
            key = frm.astype(np.int64) * n + to
            order = stable_argsort(key)
            hi = int(reduce_runs(key[order], w[order], np.minimum)[1].max())
        return G, lo, hi, (fw, bw)

    def reprice(self, change: IntArray) -> None:
        """Follow the potentials ``pi += change`` (one pass over the arcs)."""
        self.rc -= change[self.t]
        self.rc += change[self.h]

    def admissible(self, state: Any, top: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """Copies of ``state`` now of reduced cost 0: ``(frm, to, capacity, state)``, per pair.

        A searched copy priced above ``top`` is still positive (its reduced cost
        fell by at most ``top``), so testing ``rc == 0`` on the searched copies
        gives ``Residual``'s set. Multi arcs' copies are merged per ordered
        pair (capacities summed), in ``Residual``'s order.
        """
        fw, bw = state
        rc, n = self.rc, self.n
        fa = fw[rc[fw] == 0]
        ba = bw[rc[bw] == 0]
        fm = self.multi[fa]
        bm = self.multi[ba]
        sf, sb = fa[~fm], ba[~bm]
        # the multi arcs' admissible copies, grouped by ordered pair in Residual's order
        mf, mb = fa[fm], ba[bm]
        cu = np.concatenate([self.t[mf], self.h[mb]]).astype(np.int64)
        cv = np.concatenate([self.h[mf], self.t[mb]]).astype(np.int64)
        copy = np.concatenate([self.arc[mf].astype(np.int64),
                               self.m + self.arc[mb].astype(np.int64)])
        ckey = cu * n + cv
        order = np.lexsort((copy, ckey)) if ckey.shape[0] else np.zeros(0, dtype=np.int64)
        ccap = np.concatenate([self.c[mf] - self.f[mf], self.f[mb]])[order]
        cidx = np.concatenate([mf, mb])[order]      # kept-arc index of each copy
        csign = np.concatenate([np.ones(mf.shape[0], dtype=np.int64),
                                -np.ones(mb.shape[0], dtype=np.int64)])[order]
        cst, gcap_m = reduce_runs(ckey[order], ccap, np.add)
        ob = stable_argsort(self.h[sb].astype(np.int64) * n + self.t[sb])   # few
        sb = sb[ob]
        gu = np.concatenate([self.t[sf], self.h[sb], cu[order][cst]]).astype(np.int64)
        gv = np.concatenate([self.h[sf], self.t[sb], cv[order][cst]]).astype(np.int64)
        gcap = np.concatenate([self.c[sf] - self.f[sf], self.f[sb], gcap_m])
        # the pairs' keys: each part sorted (the arcs are sorted by (tail, head))
        return gu, gv, gcap, (sf, sb, cidx, csign, ccap, cst, gu * n + gv)

    def push(self, state: Any, u: IntArray, v: IntArray, amount: IntArray) -> None:
        """Send ``amount`` along the admissible pairs ``u -> v`` of ``state``.

        A multi pair's flow is spread over its admissible copies in order.
        """
        sf, sb, cidx, csign, ccap, cst, key = state
        n_f, n_s = sf.shape[0], sf.shape[0] + sb.shape[0]
        want = u * self.n + v
        entry = np.empty(want.shape[0], dtype=np.int64)
        todo = np.arange(want.shape[0])
        for lo, hi in ((0, n_f), (n_f, n_s), (n_s, key.shape[0])):   # each part sorted
            part = key[lo:hi]
            at = np.minimum(np.searchsorted(part, want[todo]), max(hi - lo - 1, 0))
            hit = part[at] == want[todo] if hi > lo else np.zeros(todo.shape[0], dtype=bool)
            entry[todo[hit]] = lo + at[hit]
            todo = todo[~hit]
        isf = entry < n_f
        isb = (entry >= n_f) & (entry < n_s)
        np.add.at(self.f, sf[entry[isf]], amount[isf])
        np.add.at(self.f, sb[entry[isb] - n_f], -amount[isb])
        ism = entry >= n_s
        if not ism.any():
            return
        grp = entry[ism] - n_s
        sizes = np.diff(np.r_[cst, cidx.shape[0]])[grp]
        pos = np.repeat(cst[grp], sizes) + ranges(sizes)[1]
        owner = np.repeat(np.arange(grp.shape[0]), sizes)
        ac = ccap[pos]
        before = np.cumsum(ac) - ac
        before -= np.repeat(before[np.cumsum(sizes) - sizes], sizes)
        amt = np.clip(amount[ism][owner] - before, 0, ac)
        moved = amt > 0
        np.add.at(self.f, cidx[pos[moved]], csign[pos[moved]] * amt[moved])
