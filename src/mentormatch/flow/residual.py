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
  over the arcs is the cheapest way to follow a phase.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch._arrays import ranges, reduce_runs, stable_argsort

__all__ = ["CAP32", "ArcResidual", "Residual", "residual_arcs", "simple_pairs"]

IntArray = npt.NDArray[np.int64]
#: Node and arc indices: int32 when they fit (see :class:`Residual`).
Index = npt.NDArray[Any]

#: Largest capacity handed to scipy's int32 maximum flow.
CAP32 = 2**31 - 1


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


def simple_pairs(tail: IntArray, head: IntArray, n: int) -> bool:
    """Whether no arc is a self-loop and no two arcs join the same two nodes (either way)."""
    if np.any(tail == head):
        return False
    key = np.minimum(tail, head) * n + np.maximum(tail, head)
    key = np.sort(key)
    return not bool(np.any(key[1:] == key[:-1]))


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
