"""Exact warm-start repair of an optimal flow after arcs are added (primal–dual).

A pricing round appends pupil → slot arcs to a network whose previous optimal
flow and potentials are known. The carried flow stays feasible; the potentials
stay dual feasible on the old arcs but may price some new arcs negatively.
:func:`reoptimize` restores optimality without solving from scratch:

1. **Tighten source-only nodes.** A node without incoming arcs (a pupil) may
   take any potential; it gets the largest one keeping every outgoing arc dual
   feasible, ``pi[v] = min(cost[a] + pi[head[a]])``. A pupil whose new arc is
   cheaper now prices its current arc positively.
2. **Saturate.** Arcs with a negative reduced cost get full flow, arcs with a
   positive one get none. Every residual arc now has ``rc >= 0`` (reduced-cost
   optimality), at the price of node imbalances: *excess* (must send more) and
   *deficit* nodes. With step 1, each pupil that wants a new arc has excess 1 and
   the slot it leaves a deficit 1.
3. **Primal–dual phases** until no excess remains. Reduced-cost optimality
   of a pseudoflow needs only ``rc >= 0`` on residual arcs: *any* potential
   change keeping that is allowed, and pushing flow along ``rc == 0`` arcs
   keeps it. Odd phases run one multi-source
   :func:`scipy.sparse.csgraph.dijkstra` on the residual reduced costs from all
   excess nodes and lower potentials by the distances ``d``; even phases run it
   on the transposed graph from all deficit nodes and raise potentials by the
   distances to the nearest deficit (measured: alternating needs fewer phases
   than either direction alone). Distances are capped at ``D``, the largest
   distance between a reached excess and deficit node (unreachable nodes too),
   which keeps ``rc >= 0`` and makes every shortest excess–deficit path within
   ``D`` admissible (``rc == 0``). Then :func:`scipy.sparse.csgraph.maximum_flow`
   (super source → excess nodes, deficit nodes → super sink) routes as much as
   possible on admissible residual arcs. Every phase routes at least one unit.

Parallel residual arcs (parallel load arcs, an arc and the reverse of another)
are merged per ordered node pair: Dijkstra sees the cheapest residual copy, the
maximum flow the summed capacity of the admissible copies, and the flow found on
a pair is spread back over its admissible copies in a fixed order.

Each phase is a few vectorised passes over the residual arcs plus the two
scipy calls; the number of phases, not the units moved, sets the cost, and
grows when many units compete for the same volunteers (the first pricing
rounds). ``max_units`` / ``max_phases`` let the caller give up early and
re-solve instead.

Everything is integral: Dijkstra runs in float64 on integer reduced costs
(exact below ``2**53``; engine networks keep costs below that), distances are
rounded back to int64 and admissibility is tested exactly. The result is
checked (feasibility and complementary slackness) before it is returned.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra, maximum_flow

from mentormatch._arrays import lexsort_int, ranges, reduce_runs, sorted_csr, stable_argsort
from mentormatch.network import Network

__all__ = ["WarmStartAbortedError", "reoptimize"]

_log = logging.getLogger(__name__)

IntArray = NDArray[np.int64]
#: Node and arc indices: int32 when they fit (see :class:`_Residual`).
Index = NDArray[Any]

_INF = np.iinfo(np.int64).max
#: Largest capacity handed to scipy's int32 maximum flow.
_CAP32 = 2**31 - 1
#: Reduced costs must stay exactly representable in float64.
_EXACT = 2**53


class WarmStartAbortedError(RuntimeError):
    """The repair exceeded its budget (``max_units`` or ``max_phases``): re-solve instead."""


class _Residual:
    """The residual graph: both copies of every arc, sorted by node pair.

    Candidate ``k < m`` is the forward copy of arc ``k`` (``tail → head``, cost
    ``cost[k]``), candidate ``m + k`` its backward copy (``head → tail``, cost
    ``-cost[k]``); self-loops are dropped. Candidates are stored sorted by
    ``(from, to)`` with their residual capacity ``res`` kept up to date;
    ``group`` numbers the distinct node pairs (parallel copies share one).
    """

    def __init__(self, net: Network, flow: IntArray, n: int) -> None:
        tail, head, cap, cost = net.tail, net.head, net.capacity, net.cost
        m = tail.shape[0]
        # indices in int32 when they fit: this graph is the repair's memory peak
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
        self.group: Index = (np.cumsum(first) - 1).astype(ix)        # pair of each candidate
        del first
        self.frm: Index = frm[order]
        self.to: Index = to[order]
        del frm, to
        forward = order < m
        self.arc: Index = np.where(forward, order, order - m).astype(ix) if m else order
        self.sign: NDArray[np.int8] = np.where(forward, 1, -1).astype(np.int8)
        self.cost: IntArray = self.sign * cost[self.arc]
        self.res: IntArray = np.concatenate([cap - flow, flow])[order]
        pos = np.full(2 * m, -1, dtype=ix)
        pos[order] = np.arange(order.shape[0], dtype=ix)
        self.partner: Index = pos[np.where(forward, order + m, order - m)] if m else order

    def reduced(self, pi: IntArray, idx: IntArray) -> IntArray:
        """Reduced cost of the candidates ``idx`` under the potentials ``pi``."""
        return self.cost[idx] - pi[self.frm[idx]] + pi[self.to[idx]]

    def push(self, sel: IntArray, amount: IntArray) -> None:
        """Send ``amount`` more along candidates ``sel`` (distinct positions)."""
        self.res[sel] -= amount
        self.res[self.partner[sel]] += amount


def _imbalance(net: Network, flow: IntArray, n: int) -> IntArray:
    """``supply - (out - in)`` per node: positive = excess, negative = deficit."""
    out = np.bincount(net.tail, weights=flow, minlength=n)
    inn = np.bincount(net.head, weights=flow, minlength=n)
    return net.supply - np.rint(out - inn).astype(np.int64)


def _reduced(net: Network, pi: IntArray) -> IntArray:
    return net.cost - pi[net.tail] + pi[net.head]


def _tighten_sources(net: Network, pi: IntArray, n: int) -> None:
    """Set the potential of each node without incoming arcs to its largest feasible value."""
    indeg = np.bincount(net.head[net.capacity != 0], minlength=n)
    src = (indeg == 0)[net.tail] & (net.capacity != 0) & (net.tail != net.head)
    if not src.any():
        return
    best = np.full(n, _INF, dtype=np.int64)
    np.minimum.at(best, net.tail[src], net.cost[src] + pi[net.head[src]])
    has = best < _INF
    pi[has] = best[has]


def _check(net: Network, flow: IntArray, pi: IntArray, n: int) -> None:
    """Raise ``ArithmeticError`` unless ``flow`` is feasible and ``pi`` certifies it."""
    rc = _reduced(net, pi)
    cap = net.capacity
    ok = (bool(np.all((flow >= 0) & (flow <= cap)))
          and bool(np.all(_imbalance(net, flow, n) == 0))
          and bool(np.all(rc[flow < cap] >= 0)) and bool(np.all(rc[flow > 0] <= 0)))
    if not ok:
        raise ArithmeticError("warm-start repair lost exactness (costs too wide?)")


def reoptimize(net: Network, flow: IntArray, potentials: IntArray, *,
               max_units: int | None = None,
               max_phases: int | None = None) -> tuple[IntArray, IntArray]:
    """Turn a feasible flow and nearly-certifying potentials into an optimal, certified pair.

    Parameters
    ----------
    net : Network
        The network (any min-cost flow network in the :class:`Network` layout of
        arrays; finite capacities). Typically the previous round's arcs plus
        appended pupil → slot arcs.
    flow : numpy.ndarray of int64, shape (n_arcs,)
        A feasible flow on ``net`` (the previous optimum, new arcs empty).
    potentials : numpy.ndarray of int64, shape (n_nodes,)
        Potentials (``rc = cost - pi[tail] + pi[head]``), ideally certifying
        ``flow`` on most arcs; any values are accepted, good ones make few phases.
    max_units : int, optional
        Give up (:class:`WarmStartAbortedError`) if more than this many units of
        excess must be re-routed after saturation (checked before any phase).
    max_phases : int, optional
        The cost of re-solving instead, in phases: give up
        (:class:`WarmStartAbortedError`) as soon as the units left, at the rate of
        the last two phases, would need more phases than this (phases already
        run are spent either way), or after twice this many phases in all
        (default: number of nodes + 1, more than ever needed, and no
        projection). The units routed per phase decay geometrically on large
        repairs (measured at 30,000 pupils: 7,471 then 1,849, 1,654, ... 5 per
        phase with 7,300 left), so the projection stops a hopeless repair early.

    Returns
    -------
    flow : numpy.ndarray of int64
        An optimal flow of ``net``.
    potentials : numpy.ndarray of int64
        Certifying potentials, normalised so the smallest is 0.

    Raises
    ------
    ValueError
        If a capacity is unbounded (``-1``), the flow is infeasible for ``net``
        or the inputs have the wrong shapes.
    ArithmeticError
        If the result fails its exactness check (reduced costs beyond ``2**53``).
    WarmStartAbortedError
        If a budget is exceeded. In every error case the caller can re-solve
        from scratch.

    Notes
    -----
    See the module notes. Each phase costs one Dijkstra and one maximum flow on
    the residual graph plus a few vectorised passes over its arcs; the number of
    phases is the number of times the admissible graph runs out of augmenting
    paths, usually far fewer than the units to re-route.
    """
    n = int(net.supply.shape[0])
    m = int(net.tail.shape[0])
    cap = net.capacity
    f = np.asarray(flow, dtype=np.int64).copy()
    pi = np.asarray(potentials, dtype=np.int64).copy()
    if f.shape != (m,) or pi.shape != (n,) or cap.shape != (m,):
        raise ValueError("flow/potentials do not match the network")
    if np.any(cap < 0):
        raise ValueError("reoptimize needs finite capacities")
    if np.any((f < 0) | (f > cap)) or np.any(_imbalance(net, f, n) != 0):
        raise ValueError("the starting flow is not feasible for the network")
    _tighten_sources(net, pi, n)
    rc = _reduced(net, pi)
    f = np.where(rc < 0, cap, np.where(rc > 0, 0, f))
    b = _imbalance(net, f, n)
    units = int(b[b > 0].sum())
    if units == 0:  # the carried flow is still optimal: only the pupils' potentials moved
        _check(net, f, pi, n)
        pi -= pi.min(initial=0)
        return f, pi
    if max_units is not None and units > max_units:
        raise WarmStartAbortedError(f"{units} units to re-route (budget {max_units})")
    R = _Residual(net, f, n)
    S, T = n, n + 1
    hard = n + 1 if max_phases is None else 2 * max_phases
    phases = routed_total = 0
    recent = [units, units]  # units routed by the last two phases
    while True:
        exc = np.flatnonzero(b > 0)
        if exc.size == 0:
            break
        phases += 1
        if phases > hard:
            raise WarmStartAbortedError(f"more than {hard} phases ({int(b[exc].sum())} of "
                                   f"{units} units left)")
        defi = np.flatnonzero(b < 0)
        live = np.flatnonzero(R.res > 0)          # residual copies, still sorted by pair
        # Dijkstra graph: the cheapest residual copy of each node pair
        w = R.reduced(pi, live)
        st, gmin = reduce_runs(R.group[live], w, np.minimum)
        if gmin.size and (gmin.min() < 0 or gmin.max() >= _EXACT):
            raise ArithmeticError("reduced costs out of range for the warm-start repair")
        G = sorted_csr(R.frm[live[st]], R.to[live[st]], gmin.astype(np.float64), n)
        backward = phases % 2 == 0
        if backward:  # distance of every node to its nearest deficit (transposed graph)
            dist = dijkstra(G.T.tocsr(), directed=True, indices=defi, min_only=True)
            dd = dist[exc]
        else:  # distance from the nearest excess to every node
            dist = dijkstra(G, directed=True, indices=exc, min_only=True)
            dd = dist[defi]
        reach = np.isfinite(dd)
        if not reach.any():
            raise ValueError("no deficit node is reachable: the network is infeasible")
        top = float(dd[reach].max())
        d = np.rint(np.minimum(np.where(np.isfinite(dist), dist, top), top)).astype(np.int64)
        pi = pi + d if backward else pi - d
        # admissible residual copies (rc == 0) and their summed capacity per pair; with
        # 0 <= d <= top, an arc's reduced cost fell by at most top, so only arcs with
        # w <= top can be admissible now (measured: 3.3 s of 26 s in repairs at 30,000)
        near = live[w <= top]
        adm = near[R.reduced(pi, near) == 0]
        acap = R.res[adm]
        ast, gcap = reduce_runs(R.group[adm], acap, np.add)
        gu, gv = R.frm[adm[ast]].astype(np.int64), R.to[adm[ast]].astype(np.int64)
        rows = np.concatenate([gu, np.full(exc.size, S), defi])
        cols = np.concatenate([gv, exc, np.full(defi.size, T)])
        data = np.minimum(np.concatenate([gcap, b[exc], -b[defi]]), _CAP32)
        srt = lexsort_int((cols, rows))
        H = sorted_csr(rows[srt], cols[srt], data[srt].astype(np.int32), n + 2)
        mf = maximum_flow(H, S, T, method="dinic")
        routed = int(mf.flow_value)
        if routed == 0:
            continue  # the other direction's distances admit new paths next phase
        routed_total += routed
        recent = [recent[1], routed]
        left = units - routed_total
        if max_phases is not None and left and 2 * left / sum(recent) > max_phases:
            raise WarmStartAbortedError(f"{left} of {units} units left after {phases} "
                                        f"phases, at {sum(recent) / 2:.0f} per phase "
                                        f"(budget {max_phases} phases)")
        _log.debug("phase %d: %d units routed, %d left", phases, routed,
                   units - routed_total)
        F = mf.flow.tocoo()
        inner = (F.data > 0) & (F.row < n) & (F.col < n)
        fkey = F.row[inner].astype(np.int64) * n + F.col[inner].astype(np.int64)
        gflow = np.zeros(ast.shape[0], dtype=np.int64)
        gflow[np.searchsorted(gu * n + gv, fkey)] = F.data[inner]
        # spread each pair's flow over its admissible copies, in sorted order
        grp = np.flatnonzero(gflow > 0)
        sizes = np.diff(np.r_[ast, adm.shape[0]])[grp]
        pos = np.repeat(ast[grp], sizes) + ranges(sizes)[1]
        owner = np.repeat(np.arange(grp.shape[0]), sizes)
        ac = acap[pos]
        before = np.cumsum(ac) - ac
        before -= np.repeat(before[np.cumsum(sizes) - sizes], sizes)
        amount = np.clip(gflow[grp][owner] - before, 0, ac)
        moved = amount > 0
        sel, amount = adm[pos[moved]], amount[moved]
        np.add.at(f, R.arc[sel], R.sign[sel] * amount)
        R.push(sel, amount)
        np.add.at(b, R.frm[sel], -amount)
        np.add.at(b, R.to[sel], amount)
    _check(net, f, pi, n)
    _log.debug("warm-start repair: %d phases, %d units routed", phases, routed_total)
    pi -= pi.min(initial=0)
    return f, pi
