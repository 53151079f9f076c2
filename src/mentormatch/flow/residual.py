"""The residual graph of a flow, shared by the potentials, the primal–dual and the duals.

Given arcs ``tail → head`` with capacity, cost and a flow, the residual graph
holds a *forward copy* ``tail → head`` (cost ``cost``) of every arc with
``flow < capacity`` and a *backward copy* ``head → tail`` (cost ``-cost``) of
every arc with ``flow > lower``; self-loops are dropped. Two forms:

* :func:`residual_arcs`: the copies present for one flow, as arrays (a
  one-off search: the certifying potentials, the pricing duals);
* :class:`Residual`: every copy of every arc, sorted once by node pair, with
  its residual capacity and reduced cost kept up to date as flow is pushed and
  potentials move (the phases of :func:`mentormatch.flow.primal_dual.primal_dual`);
  parallel copies are merged per node pair;
* :class:`ArcResidual`: the same interface read off the arcs in their own
  order, for networks where no two arcs join the same two nodes
  (:func:`simple_pairs`; the transportation networks of
  :func:`mentormatch.solve_sparse`), where nothing needs merging and a pass
  over the arcs is the cheapest way to follow a phase;
* :class:`~mentormatch.flow.split_residual.SplitResidual` (module
  :mod:`mentormatch.flow.split_residual`, re-exported here): the same per-arc
  passes where some arcs do share a node pair, merging only theirs (the
  match networks' core repair).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from mentormatch._arrays import FLOAT_EXACT, ranges, reduce_runs, stable_argsort
from mentormatch._extras import available
from mentormatch.flow.split_residual import SplitResidual, shared_pairs

__all__ = ["CAP32", "ArcResidual", "CompiledResidual", "Residual", "SplitResidual",
           "compiled_available", "residual_arcs", "shared_pairs", "simple_pairs"]

IntArray = npt.NDArray[np.int64]
#: Node and arc indices: int32 when they fit (see :class:`Residual`).
Index = npt.NDArray[Any]

#: Largest capacity handed to scipy's int32 maximum flow.
CAP32 = 2**31 - 1


def compiled_available() -> bool:
    """Return whether :class:`CompiledResidual` can run (numba, the ``fast`` extra)."""
    return available("numba")


def _graph(frm: IntArray, to: IntArray, w: IntArray, n: int, backward: bool
           ) -> tuple[sp.csr_matrix, int, int]:
    """The search graph of merged copies: CSR of ``frm -> to`` (``to -> frm`` if ``backward``).

    Returns it with the least and the largest weight (0, 0 when empty). COO ->
    CSR keeps explicit zeros: Dijkstra treats them as 0-length arcs.
    """
    if backward:
        frm, to = to, frm
    G = sp.csr_matrix((w.astype(np.float64), (frm, to)), shape=(n, n))
    if not w.shape[0]:
        return G, 0, 0
    return G, int(w.min()), int(w.max())


def residual_arcs(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                  flow: IntArray, lower: IntArray | None = None
                  ) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Return ``(rtail, rhead, rcost, arc)`` of the residual graph (self-loops dropped).

    Forward copies exist where ``flow < capacity`` (or ``capacity == -1``),
    backward copies (reversed, cost negated) where ``flow > lower``; ``arc`` maps
    each residual arc to the original arc index.
    """
    lo = np.zeros_like(flow) if lower is None else lower
    keep = tail != head
    fwd = np.flatnonzero(keep & ((capacity == -1) | (flow < capacity)))
    bwd = np.flatnonzero(keep & (flow > lo))
    rtail = np.concatenate([tail[fwd], head[bwd]])
    rhead = np.concatenate([head[fwd], tail[bwd]])
    rcost = np.concatenate([cost[fwd], -cost[bwd]])
    return rtail, rhead, rcost, np.concatenate([fwd, bwd])


def simple_pairs(tail: IntArray, head: IntArray, n: int,
                 shared: npt.NDArray[np.bool_] | None = None) -> bool:
    """Whether no arc is a self-loop and no two arcs join the same two nodes (either way).

    ``shared``: :func:`shared_pairs` of the arcs, when already computed.
    """
    if np.any(tail == head):
        return False
    if shared is None:
        shared = shared_pairs(tail, head, n)
    return not bool(shared.any())


class ArcResidual:
    """The residual graph read off the arcs, for networks of :func:`simple_pairs`.

    With no self-loop and at most one arc per pair of nodes, every residual
    copy joins its own ordered node pair, so the copies need no merging: the
    forward copies are the arcs with ``flow < capacity``, the backward ones the
    arcs with ``flow > 0``, and everything is a pass over the arcs in their own
    order. The interface is that of :class:`Residual`.

    Parameters
    ----------
    tail, head, capacity, cost, flow, potentials
        As for :class:`Residual`; ``flow`` is copied and kept up to date.
    """

    def __init__(self, tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                 flow: IntArray, potentials: IntArray) -> None:
        self.tail, self.head, self.cap = tail, head, capacity
        self.n = potentials.shape[0]
        self.flow: IntArray = flow.copy()
        self.rc: IntArray = cost - potentials[tail] + potentials[head]

    def copies(self, radius: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """The residual copies priced within ``radius``: ``(frm, to, rc, state)``, one per pair."""
        f, rc = self.flow, self.rc
        if radius == np.inf:
            fw = np.flatnonzero(f < self.cap)
            bw = np.flatnonzero(f > 0)
        else:
            fw = np.flatnonzero((f < self.cap) & (rc <= radius))
            bw = np.flatnonzero((f > 0) & (rc >= -radius))
        frm = np.concatenate([self.tail[fw], self.head[bw]])
        to = np.concatenate([self.head[fw], self.tail[bw]])
        return frm, to, np.concatenate([rc[fw], -rc[bw]]), (fw, bw)

    def graph(self, radius: float, backward: bool
              ) -> tuple[sp.csr_matrix, int, int, Any]:
        """:meth:`copies` as a search graph: ``(csr, least rc, largest rc, state)``."""
        frm, to, w, state = self.copies(radius)
        return (*_graph(frm, to, w, self.n, backward), state)

    def reprice(self, change: IntArray) -> None:
        """Follow the potentials ``pi += change``."""
        self.rc -= change[self.tail]
        self.rc += change[self.head]

    def admissible(self, state: Any, top: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """Copies of ``state`` now of reduced cost 0: ``(frm, to, capacity, state)``, per pair.

        A copy's reduced cost fell by at most ``top`` in the phase, so the
        copies searched (priced within the radius, ``>= top``) hold them all.
        """
        fw, bw = state
        fw = fw[self.rc[fw] == 0]
        bw = bw[self.rc[bw] == 0]
        frm = np.concatenate([self.tail[fw], self.head[bw]])
        to = np.concatenate([self.head[fw], self.tail[bw]])
        res = np.concatenate([self.cap[fw] - self.flow[fw], self.flow[bw]])
        return frm, to, res, (fw, bw, frm * self.n + to)

    def push(self, state: Any, u: IntArray, v: IntArray, amount: IntArray) -> None:
        """Send ``amount`` along the admissible pairs ``u -> v`` of ``state``."""
        fw, bw, key = state
        order = np.argsort(key)
        edge = order[np.searchsorted(key[order], u * self.n + v)]
        isf = edge < fw.shape[0]
        np.add.at(self.flow, fw[edge[isf]], amount[isf])
        np.add.at(self.flow, bw[edge[~isf] - fw.shape[0]], -amount[~isf])


class Residual:
    """Every residual copy of every arc, sorted by node pair, kept up to date.

    Copy ``k < m`` is the forward copy of arc ``k`` (``tail → head``, cost
    ``cost[k]``), copy ``m + k`` its backward copy (``head → tail``, cost
    ``-cost[k]``); self-loops are dropped. Copies are stored sorted by
    ``(frm, to)``; ``group`` numbers the distinct node pairs (parallel copies
    share one). Per copy, its residual capacity ``res`` and its reduced cost
    ``rc`` under the potentials are kept up to date. Parallel copies are merged
    per ordered node pair: :meth:`copies` gives the cheapest, :meth:`admissible`
    the summed capacity of the admissible ones, and :meth:`push` spreads a
    pair's flow back over its admissible copies in a fixed order. Indices are
    int32 when they fit: this graph is the primal–dual's memory peak.

    Parameters
    ----------
    tail, head, capacity, cost : numpy.ndarray of int64, shape (m,)
        The arcs (finite capacities).
    flow : numpy.ndarray of int64, shape (m,)
        The flow, ``0 <= flow <= capacity`` (copied; ``self.flow`` is kept up
        to date).
    potentials : numpy.ndarray of int64, shape (n,)
        Node potentials (``rc = cost - pi[frm] + pi[to]``); defines ``n``.
    """

    def __init__(self, tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                 flow: IntArray, potentials: IntArray) -> None:
        m = tail.shape[0]
        n = self.n = potentials.shape[0]
        self.flow: IntArray = flow.copy()
        small = 2 * m < 2**31 and n < 2**31
        ix = np.int32 if small else np.int64
        frm = np.concatenate([tail, head]).astype(ix)
        to = np.concatenate([head, tail]).astype(ix)
        cand: Index = np.flatnonzero(frm != to).astype(ix)
        key = frm[cand].astype(np.int64) * n + to[cand].astype(np.int64)
        srt = stable_argsort(key)
        order: Index = cand[srt]
        key = key[srt]
        first = np.ones(key.shape[0], dtype=bool)
        first[1:] = key[1:] != key[:-1]
        del key, srt, cand
        self.group: Index = (np.cumsum(first) - 1).astype(ix)        # pair of each copy
        del first
        self.frm: Index = frm[order]
        self.to: Index = to[order]
        del frm, to
        forward = order < m
        self.arc: Index = np.where(forward, order, order - m).astype(ix) if m else order
        self.sign: npt.NDArray[np.int8] = np.where(forward, 1, -1).astype(np.int8)
        self.rc: IntArray = self.sign * cost[self.arc]
        self.rc -= potentials[self.frm]
        self.rc += potentials[self.to]
        self.res: IntArray = np.concatenate([capacity - flow, flow])[order]
        pos = np.full(2 * m, -1, dtype=ix)
        pos[order] = np.arange(order.shape[0], dtype=ix)
        self.partner: Index = pos[np.where(forward, order + m, order - m)] if m else order

    def copies(self, radius: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """The residual copies priced within ``radius``: ``(frm, to, rc, state)``, one per pair.

        Parallel copies are merged to the cheapest; ``state`` is for :meth:`admissible`.
        """
        live = self.res > 0
        if radius != np.inf:
            live &= self.rc <= radius
        sel = np.flatnonzero(live)
        del live
        ws = self.rc[sel]
        st, wmin = reduce_runs(self.group[sel], ws, np.minimum)
        pairs = sel[st]
        return self.frm[pairs], self.to[pairs], wmin, (sel, ws)

    def graph(self, radius: float, backward: bool
              ) -> tuple[sp.csr_matrix | sp.csc_matrix, int, int, Any]:
        """:meth:`copies` as a search graph: ``(matrix, least rc, largest rc, state)``.

        The copies are sorted by ``(frm, to)``, so the merged pairs are already the
        CSR of the forward graph (no COO conversion); its transpose, the backward
        graph, is the CSC of the same arrays.
        """
        frm, to, w, state = self.copies(radius)
        n = self.n
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(frm, minlength=n), out=indptr[1:])
        parts = (w.astype(np.float64), to, indptr)
        G = sp.csc_matrix(parts, shape=(n, n)) if backward else sp.csr_matrix(parts, shape=(n, n))
        if not w.shape[0]:
            return G, 0, 0, state
        return G, int(w.min()), int(w.max()), state

    def reprice(self, change: IntArray) -> None:
        """Follow the potentials ``pi += change`` (one pass over the copies)."""
        self.rc -= change[self.frm]
        self.rc += change[self.to]

    def admissible(self, state: Any, top: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """Copies of ``state`` now of reduced cost 0: ``(frm, to, capacity, state)``, per pair.

        Capacities of parallel admissible copies are summed. A copy's reduced
        cost fell by at most ``top`` in the phase, so only copies searched
        with reduced cost ``<= top`` can be admissible now.
        """
        sel, ws = state
        near = sel[ws <= top]
        adm = near[self.rc[near] == 0]
        acap = self.res[adm]
        ast, gcap = reduce_runs(self.group[adm], acap, np.add)
        gu = self.frm[adm[ast]].astype(np.int64)
        gv = self.to[adm[ast]].astype(np.int64)
        return gu, gv, gcap, (adm, ast, acap, gu * self.n + gv)

    def push(self, state: Any, u: IntArray, v: IntArray, amount: IntArray) -> None:
        """Send ``amount`` along the admissible pairs ``u -> v`` of ``state``.

        Each pair's flow is spread over its admissible copies in sorted order.
        """
        adm, ast, acap, key = state
        gflow = np.zeros(ast.shape[0], dtype=np.int64)
        gflow[np.searchsorted(key, u * self.n + v)] = amount
        grp = np.flatnonzero(gflow > 0)
        sizes = np.diff(np.r_[ast, adm.shape[0]])[grp]
        pos = np.repeat(ast[grp], sizes) + ranges(sizes)[1]
        owner = np.repeat(np.arange(grp.shape[0]), sizes)
        ac = acap[pos]
        before = np.cumsum(ac) - ac
        before -= np.repeat(before[np.cumsum(sizes) - sizes], sizes)
        amt = np.clip(gflow[grp][owner] - before, 0, ac)
        moved = amt > 0
        sent, amt = adm[pos[moved]], amt[moved]
        np.add.at(self.flow, self.arc[sent], self.sign[sent] * amt)
        self.res[sent] -= amt
        self.res[self.partner[sent]] += amt


class CompiledResidual(Residual):
    """:class:`Residual` with its per-phase passes compiled (numba, the ``fast`` extra).

    Same copies, same values: :meth:`reprice` and :meth:`admissible` each run one
    pass of :mod:`mentormatch.flow._residual_kernels` over the copies instead of
    several vectorised ones, and :meth:`search` writes the search graph as CSR
    arrays directly (the copies are sorted by ``(frm, to)``) and runs a compiled
    Dijkstra on it that stops at the farthest target.
    """

    def __init__(self, tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                 flow: IntArray, potentials: IntArray) -> None:
        from mentormatch.flow import _residual_kernels
        self._k = k = _residual_kernels
        m = tail.shape[0]
        n = self.n = potentials.shape[0]
        self.flow = flow.copy()
        ix = np.int32 if 2 * m < 2**31 and n < 2**31 else np.int64
        # the copies of Residual.__init__, built in one compiled pass (same arrays)
        frm, to, group, arc, partner = self._room(2 * m, ix)
        sign, rc, res = self._full[4], self._full[5], self._full[6]
        pos = np.full(2 * m, -1, dtype=ix)
        t, h, c, w, f, p = (np.ascontiguousarray(x, dtype=np.int64)
                            for x in (tail, head, capacity, cost, flow, potentials))
        size = int(k.build_copies(t, h, c, w, f, p, frm, to, group, arc, sign, rc, res, partner,
                                  pos, np.empty(2 * m, dtype=ix), np.empty(n + 1, dtype=np.int64)))
        del pos
        self._views(size)
        self._buffers()

    def _room(self, size: int, ix: Any) -> tuple[Index, ...]:
        """Allocate the copies' arrays for ``size`` copies and some room to grow.

        The room (1/64 more, at least 4,096 copies) is not touched until
        :meth:`appended` merges new copies in place. Returns ``frm, to,
        group, arc, partner`` (``sign, rc, res`` are in ``self._full`` too).
        """
        room = size + max(4096, size >> 6)
        frm, to, group, arc, partner = (np.empty(room, dtype=ix) for _ in range(5))
        sign = np.empty(room, dtype=np.int8)
        rc, res = np.empty(room, dtype=np.int64), np.empty(room, dtype=np.int64)
        self._full = (frm, to, group, arc, sign, rc, res, partner)
        return frm, to, group, arc, partner

    def _views(self, size: int) -> None:
        """The copies: the first ``size`` entries of the arrays of :meth:`_room`."""
        frm, to, group, arc, sign, rc, res, partner = self._full
        self.frm, self.to, self.group, self.arc = frm[:size], to[:size], group[:size], arc[:size]
        self.sign, self.rc, self.res = sign[:size], rc[:size], res[:size]
        self.partner = partner[:size]

    def _buffers(self) -> None:
        """The search's scratch arrays, sized for the copies and their room."""
        size = self._full[0].shape[0]
        ix = self.frm.dtype
        self._indptr = np.empty(self.n + 1, dtype=np.int64 if size >= 2**31 else ix)
        self._indices = np.empty(size, dtype=ix)
        self._data = np.empty(size, dtype=np.int64)
        self._sel = np.empty(size, dtype=ix)
        self._ws = np.empty(size, dtype=np.int64)
        self._out = np.zeros(4, dtype=np.int64)

    def appended(self, first: int, tail: IntArray, head: IntArray, capacity: IntArray,
                 cost: IntArray, flow: IntArray, potentials: IntArray,
                 change: IntArray) -> CompiledResidual | None:
        """This residual with arcs inserted at arc index ``first`` (the copies merged in).

        ``self`` follows some arcs, a flow and potentials ``pi``; the result is
        :class:`CompiledResidual` of the same arcs with ``tail, head, capacity,
        cost`` (carrying ``flow``) inserted before arc ``first``, at the
        potentials ``pi + change`` (given whole as ``potentials``), array for
        array (the tests compare it with a fresh build): old copies keep their
        order and residual capacity, their reduced cost follows ``change``; each
        new copy is placed by a binary search and the groups numbered again.
        One pass over the copies instead of the two counting sorts of a build,
        in place when the arrays have room (they are allocated with some): then
        ``self`` is consumed (its arrays belong to the result).
        ``None`` (build afresh) if a new arc is a self-loop or joins two nodes
        that some copy already joins (its place among parallel copies would
        depend on arc indices), or the indices would outgrow their type.
        """
        k = self._k
        q = tail.shape[0]
        size = self.frm.shape[0]
        m = self.arc.shape[0] and int(self.arc.max()) + 1
        ix = self.frm.dtype
        if (np.any(tail == head) or (ix == np.int32 and 2 * (size + 2 * q) >= 2**31)
                or (ix == np.int32 and 2 * (m + q) >= 2**31)):
            return None
        qf = np.concatenate([tail, head]).astype(ix)
        qt = np.concatenate([head, tail]).astype(ix)
        at = np.empty(2 * q, dtype=np.int64)
        if k.copy_positions(self.frm, self.to, qf, qt, at):
            return None
        order = np.lexsort((qt, qf))            # by pair: then by place too
        key = qf[order].astype(np.int64) * self.n + qt[order]
        if np.any(key[1:] == key[:-1]):
            return None
        inv = np.empty(2 * q, dtype=np.int64)
        inv[order] = np.arange(2 * q)
        t = np.ascontiguousarray(tail, dtype=np.int64)
        h = np.ascontiguousarray(head, dtype=np.int64)
        w = np.ascontiguousarray(cost, dtype=np.int64)
        f = np.ascontiguousarray(flow, dtype=np.int64)
        pi = np.ascontiguousarray(potentials, dtype=np.int64)
        qarc = np.r_[np.arange(first, first + q), np.arange(first, first + q)].astype(ix)
        qsign = np.r_[np.ones(q), -np.ones(q)].astype(np.int8)
        qrc = np.r_[w - pi[t] + pi[h], -w - pi[h] + pi[t]].astype(np.int64)
        qres = np.r_[np.asarray(capacity, dtype=np.int64) - f, f].astype(np.int64)
        mate = np.r_[np.arange(q, 2 * q), np.arange(q)]
        total = size + 2 * q
        shift = np.ascontiguousarray(change, dtype=np.int64)
        new = (at[order], qf[order], qt[order], qarc[order], qsign[order], qrc[order],
               qres[order], inv[mate[order]], first, q)
        out = type(self).__new__(type(self))
        out._k, out.n = k, self.n
        out.flow = np.concatenate([self.flow[:first], f, self.flow[first:]])
        if self._full[0].shape[0] >= total:
            # in place: the arrays' room takes the new copies (self is consumed)
            k.merge_in_place(*self._full, size, shift, *new)
            out._full = self._full
            out._views(total)
            out._indptr, out._indices, out._data = self._indptr, self._indices, self._data
            out._sel, out._ws, out._out = self._sel, self._ws, self._out
        else:
            frm2, to2, group2, arc2, partner2 = out._room(total, ix)
            sign2, rc2, res2 = out._full[4], out._full[5], out._full[6]
            k.merge_copies(self.frm, self.to, self.arc, self.sign, self.rc, self.res,
                           self.partner, shift, *new[:-2], first, q, frm2, to2, group2, arc2,
                           sign2, rc2, res2, partner2, np.empty(size, dtype=np.int64))
            out._views(total)
            out._buffers()
        del self._full   # consumed: its arrays are the result's
        return out

    def largest(self, potentials: IntArray, start: IntArray) -> IntArray | None:
        """The largest potentials ``<= start`` certifying the flow, searched from what violates.

        ``potentials`` are the ones the reduced costs follow and must certify
        the flow (every live copy ``rc >= 0``: the primal–dual's result). The
        same values as :func:`mentormatch.flow.potentials.largest_potentials` on
        the residual arcs of the flow: every live copy is applied once to
        ``start``, and only the nodes that lowers are searched from (a compiled
        Dijkstra over the copies into each settled node). ``None`` if a live
        copy has a negative reduced cost (they do not certify).
        """
        live = self.res > 0
        if self.rc.shape[0] and bool(np.any(self.rc[live] < 0)):
            return None
        label = np.asarray(start, dtype=np.int64) - potentials
        heap = self.frm.shape[0] + self.n + 1
        settled = self._k.lower_largest(self.frm, self.to, self.rc, self.res, self.partner,
                                        label, np.empty(heap, dtype=np.int64),
                                        np.empty(heap, dtype=np.int64))
        if settled < 0:
            return None
        return np.asarray(potentials + label, dtype=np.int64)

    def search(self, radius: float, backward: bool, sources: IntArray, targets: IntArray
               ) -> tuple[npt.NDArray[np.float64], Any]:
        """One multi-source Dijkstra on the copies within ``radius``: ``(dist, state)``.

        The distances of :func:`scipy.sparse.csgraph.dijkstra` (``min_only``,
        ``limit=radius``) on the graph of :meth:`Residual.graph`, except that the
        search stops once every target is settled: nodes it leaves (``inf``) are
        at least as far as the farthest target, which is all a primal–dual phase
        needs of them. Exact int64 sums. ``state`` is for :meth:`admissible`
        (valid until the next call).
        """
        k, n, out = self._k, self.n, self._out
        k.live_graph(self.frm, self.to, self.group, self.rc, self.res, float(radius), n,
                     self._indptr, self._indices, self._data, self._sel, self._ws, out)
        n_pairs, n_sel = int(out[0]), int(out[1])
        if n_pairs and (int(out[2]) < 0 or int(out[3]) >= FLOAT_EXACT):
            raise ArithmeticError("reduced costs out of range for the primal-dual repair")
        indptr, indices, data = self._indptr, self._indices, self._data
        if backward:  # distance to the nearest source: the transposed graph
            t_indptr = np.empty_like(indptr)
            t_indices = np.empty(n_pairs, dtype=indices.dtype)
            t_data = np.empty(n_pairs, dtype=np.int64)
            k.transpose_csr(indptr, indices, data, n, t_indptr, t_indices, t_data)
            indptr, indices, data = t_indptr, t_indices, t_data
        is_target = np.zeros(n, dtype=np.bool_)
        is_target[targets] = True
        dist = np.empty(n, dtype=np.float64)
        heap = n_pairs + sources.shape[0] + 1
        status = k.dijkstra(indptr, indices, data, n, np.asarray(sources, dtype=np.int64),
                            is_target, int(np.count_nonzero(is_target)), float(radius), dist,
                            np.empty(heap, dtype=np.int64), np.empty(heap, dtype=np.int64))
        if status != 0:
            raise ArithmeticError("primal-dual search: heap overflow (never expected)")
        return dist, (self._sel[:n_sel], self._ws[:n_sel])

    def reprice(self, change: IntArray) -> None:
        """Follow the potentials ``pi += change`` (one compiled pass)."""
        self._k.reprice(self.frm, self.to, self.rc, np.ascontiguousarray(change, dtype=np.int64))

    def admissible(self, state: Any, top: float) -> tuple[IntArray, IntArray, IntArray, Any]:
        """:meth:`Residual.admissible` in one compiled pass."""
        sel, ws = state
        size = sel.shape[0]
        adm: Index = np.empty(size, dtype=sel.dtype)
        acap: IntArray = np.empty(size, dtype=np.int64)
        ast: IntArray = np.empty(size, dtype=np.int64)
        gu: IntArray = np.empty(size, dtype=np.int64)
        gv: IntArray = np.empty(size, dtype=np.int64)
        gcap: IntArray = np.empty(size, dtype=np.int64)
        n_adm, n_grp = self._k.admissible(sel, ws, size, float(top), self.rc, self.res,
                                          self.group, self.frm, self.to, adm, acap, ast, gu,
                                          gv, gcap)
        adm, acap, ast = adm[:n_adm], acap[:n_adm], ast[:n_grp]
        gu, gv, gcap = gu[:n_grp], gv[:n_grp], gcap[:n_grp]
        return gu, gv, gcap, (adm, ast, acap, gu * self.n + gv)
