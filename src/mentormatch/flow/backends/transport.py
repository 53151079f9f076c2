"""Exact core-only transportation solver behind :func:`mentormatch.solve_sparse`.

The network of ``solve_sparse`` is a pure transportation problem: pupils
(supply 1) → mentors (pair arcs, capacity 1) → sink (capacity per mentor,
cost 0), plus an "unassigned" arc pupil → sink. This module solves it with
numpy/scipy only and returns an optimal flow together with potentials that
certify it on the *full* network. At 30,000 pupils × 15,000 mentors (25 pairs
per pupil) it takes about 1.2 s where scipy's LAPJVsp on the capacity
expansion (flow backend ``"assignment"``) takes about 5.5 s: LAPJVsp skips its
initialisation on rectangular matrices and clears a column-sized array for
every row (1.4 s at this size even when every row has a free zero-cost column).

Algorithm
---------
**Primal–dual on the residual graph** (:func:`primal_dual`). A pseudoflow with
reduced costs ``rc = cost - pi[tail] + pi[head] >= 0`` on every residual arc
is repaired phase by phase until no node has excess. A phase runs one
multi-source :func:`scipy.sparse.csgraph.dijkstra` on the *transposed*
residual graph from every deficit node (the sink, and mentors that lost a
pupil), giving each node its distance ``dist`` to the nearest deficit, and
raises the potentials by ``min(dist, top)`` where ``top`` is the largest
distance of an excess node. Reduced costs stay non-negative and the shortest
path of *every* excess node becomes admissible (``rc == 0``) at once, so one
:func:`scipy.sparse.csgraph.maximum_flow` (Dinic) routes as much excess as the
admissible arcs allow. Measured at 30,000 pupils: about 40 phases from a cold
start (pulling the potentials from the single deficit side; capping at the
*nearest* excess instead needs one phase per distance level, ~270). Dijkstra
searches only within a radius (default 2 % of the pair-cost range) and so
receives only the residual arcs priced within it, a small fraction of all;
excess beyond the radius waits for a later phase (the radius widens when no
excess is in reach). A phase costs a few vectorised passes over the arcs.

**Candidate generation** (:func:`solve_transport`). The first solve uses only
each pupil's ``k`` cheapest pairs; the potentials then price every stored
pair (vectorised, ``rc = c - pi[pupil] + pi[mentor]``). Violators (``rc < 0``)
are added, pupils' potentials are lowered to keep their arcs dual feasible
(a pupil that prefers a new pair is released: excess at the pupil, deficit at
its mentor) and the primal–dual repair runs again, until no pair prices
negatively. The final potentials therefore certify the flow on every stored
pair: the answer is optimal for the full problem, and
:func:`mentormatch.verify.check_flow` proves it.

Everything is exact: Dijkstra runs in float64 on integer reduced costs (exact
below ``2**53``; the caller keeps costs far below), distances are rounded back
to int64 and admissibility is tested on int64 reduced costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra, maximum_flow

from mentormatch._arrays import group_rank

__all__ = ["TransportSolution", "primal_dual", "solve_transport"]

IntArray = NDArray[np.int64]

#: Largest capacity handed to scipy's int32 maximum flow.
_CAP32 = 2**31 - 1
#: Reduced costs and distances must stay exactly representable in float64.
_EXACT = 2**53


@dataclass(frozen=True)
class TransportSolution:
    """Optimal flow of a transportation network and its certifying potentials.

    Attributes
    ----------
    flow : int64 array
        Flow per arc of the full network: the pairs in input order, then one
        arc per mentor (mentor → sink), then one "unassigned" arc per pupil
        (pupil → sink). Nodes: pupils ``0..n_s-1``, mentors ``n_s..n_s+n_m-1``,
        the sink ``n_s + n_m``.
    potentials : int64 array
        Node potentials certifying ``flow`` (``rc >= 0`` where ``flow < cap``,
        ``rc <= 0`` where ``flow > 0``).
    rounds : int
        Candidate-generation rounds (restricted solves).
    phases : int
        Primal–dual phases over all rounds.
    """

    flow: IntArray
    potentials: IntArray
    rounds: int
    phases: int


def _distances(tail: IntArray, head: IntArray, rc: IntArray, fwd: NDArray[np.bool_],
               bwd: NDArray[np.bool_], defi: IntArray, exc: IntArray, n: int,
               radius: float) -> tuple[NDArray[np.float64], float]:
    """Distance of every node to its nearest deficit on the residual graph (``inf`` if beyond).

    Returns the distances and the radius searched.

    Only residual copies with reduced cost at most the search radius can lie on
    a path within it, so the graph handed to Dijkstra holds just those: most
    pairs price far above the radius. The radius is widened (×4, then without
    limit) until some excess node is reached.
    """
    while True:
        sf = np.flatnonzero(fwd & (rc <= radius))
        sb = np.flatnonzero(bwd & (rc >= -radius))
        # transposed residual graph: forward copy u -> v stored as v -> u
        rows = np.concatenate([head[sf], tail[sb]])
        cols = np.concatenate([tail[sf], head[sb]])
        w = np.concatenate([rc[sf], -rc[sb]])
        if w.shape[0] and w.max() >= _EXACT:
            raise ArithmeticError("reduced costs out of float64's exact range")
        # COO -> CSR keeps explicit zeros: Dijkstra treats them as 0-length arcs
        G = sp.coo_matrix((w.astype(np.float64), (rows, cols)), shape=(n, n)).tocsr()
        dist = dijkstra(G, directed=True, indices=defi, min_only=True, limit=radius)
        if np.isfinite(dist[exc]).any() or radius == np.inf:
            return np.asarray(dist), radius
        radius = max(4 * radius, 1.0) if radius < 2**40 else np.inf


def primal_dual(tail: IntArray, head: IntArray, cap: IntArray, cost: IntArray,
                supply: IntArray, flow: IntArray, pi: IntArray, *,
                limit: float = np.inf) -> tuple[IntArray, IntArray, int]:
    """Repair a pseudoflow into an optimal flow (see the module notes).

    Parameters
    ----------
    tail, head, cap, cost : int64 arrays
        The network's arcs (finite capacities; at most one arc per unordered
        node pair).
    supply : int64 array
        Supply per node (sums to zero).
    flow : int64 array
        Starting flow, ``0 <= flow <= cap`` (node balances need not hold).
    pi : int64 array
        Starting potentials. Arcs are first saturated or emptied where their
        reduced cost is negative or positive.
    limit : float
        Initial Dijkstra search radius: excess further from every deficit
        waits for a later phase (a speed knob; the result does not depend on
        it). The radius doubles after a phase that reached less than a quarter of
        the excess, and grows ×4 (finally without limit) while none is reached.

    Returns
    -------
    flow, pi : int64 arrays
        An optimal flow and potentials certifying it.
    phases : int
        Primal–dual phases run.

    Raises
    ------
    ValueError
        If some excess cannot reach any deficit (the network is infeasible),
        or two arcs join the same pair of nodes.
    ArithmeticError
        If reduced costs leave float64's exact integer range (then no phase
        can be trusted to make progress).
    """
    n = supply.shape[0]
    pi = pi.copy()
    rc = cost - pi[tail] + pi[head]
    f = np.where(rc < 0, cap, np.where(rc > 0, 0, flow))
    b = supply - (np.bincount(tail, weights=f, minlength=n)
                  - np.bincount(head, weights=f, minlength=n)).astype(np.int64)
    src, snk = n, n + 1
    phases = 0
    radius = max(float(limit), 0.0)
    while True:
        exc = np.flatnonzero(b > 0)
        if exc.shape[0] == 0:
            break
        phases += 1
        defi = np.flatnonzero(b < 0)
        dist, radius = _distances(tail, head, rc, f < cap, f > 0, defi, exc, n, radius)
        de = dist[exc]
        reach = np.isfinite(de)
        if not reach.any():
            raise ValueError("no excess can reach a deficit: the network is infeasible")
        if 4 * int(reach.sum()) < exc.shape[0]:  # most excess beyond reach: search further
            radius = max(2 * radius, 1.0)
        top = float(de[reach].max())
        d = np.rint(np.minimum(np.where(np.isfinite(dist), dist, top), top)).astype(np.int64)
        pi += d
        rc = rc - d[tail] + d[head]
        tight = rc == 0
        fw = np.flatnonzero(tight & (f < cap))
        bw = np.flatnonzero(tight & (f > 0))
        rows = np.concatenate([tail[fw], head[bw], np.full(exc.shape[0], src), defi])
        cols = np.concatenate([head[fw], tail[bw], exc, np.full(defi.shape[0], snk)])
        data = np.concatenate([cap[fw] - f[fw], f[bw], b[exc], -b[defi]])
        H = sp.csr_matrix((np.minimum(data, _CAP32).astype(np.int32), (rows, cols)),
                          shape=(n + 2, n + 2))
        mf = maximum_flow(H, src, snk, method="dinic")
        if mf.flow_value == 0:  # every reached excess has an admissible path: never
            raise ArithmeticError("primal-dual phase routed nothing (inexact distances?)")
        F = mf.flow.tocoo()
        keep = (F.data > 0) & (F.row < n) & (F.col < n)
        u = F.row[keep].astype(np.int64)
        v = F.col[keep].astype(np.int64)
        amt = F.data[keep].astype(np.int64)
        # each positive net flow u -> v runs on an edge of H (its reverse has no
        # capacity): the forward copy of arc u -> v or the backward copy of v -> u
        n_in = fw.shape[0] + bw.shape[0]
        hkey = rows[:n_in] * n + cols[:n_in]
        hord = np.argsort(hkey)
        edge = hord[np.searchsorted(hkey[hord], u * n + v)]
        isf = edge < fw.shape[0]
        np.add.at(f, fw[edge[isf]], amt[isf])
        np.add.at(f, bw[edge[~isf] - fw.shape[0]], -amt[~isf])
        np.add.at(b, u, -amt)
        np.add.at(b, v, amt)
    return f, pi, phases


def _cheapest_per_row(rows: IntArray, cost: IntArray, k: int) -> NDArray[np.bool_]:
    """Mask of each row's ``k`` cheapest entries (ties broken arbitrarily)."""
    p = rows.shape[0]
    if p == 0:
        return np.zeros(0, dtype=bool)
    lo = int(cost.min())
    span = int(cost.max()) - lo + 1
    if span * (int(rows.max()) + 1) < 2**62:  # one integer sort instead of two
        order = np.argsort(rows * span + (cost - lo))
    else:
        order = np.lexsort((cost, rows))
    mask = np.zeros(p, dtype=bool)
    mask[order[group_rank(rows[order]) < k]] = True
    return mask


def solve_transport(rows: IntArray, cols: IntArray, cost: IntArray, capacity: IntArray,
                    unassigned: IntArray, *, k: int = 12,
                    limit: float | None = None) -> TransportSolution:
    """Solve the transportation network of ``solve_sparse`` exactly (module notes).

    Parameters
    ----------
    rows, cols, cost : int64 arrays
        Allowed pairs (pupil, mentor) and their costs; each pair at most once.
    capacity : int64 array
        Capacity per mentor (non-negative).
    unassigned : int64 array
        Cost of leaving each pupil unassigned.
    k : int
        Pairs per pupil in the first restricted solve (its cheapest). At
        30,000 pupils with 25 pairs each, 12 needs one pricing round (no
        violator), 8 three rounds; both end at the same optimum.
    limit : float, optional
        Dijkstra search radius per phase (see :func:`primal_dual`; a speed
        knob, the result does not depend on it). Default: 2 % of the range of
        the pair costs, at least 1 (measured best at 30,000 pupils, costs
        0..999: radius 20 gives 39 phases, 10 gives 44, 5 gives 64).

    Returns
    -------
    TransportSolution
        Flow (arc layout in :class:`TransportSolution`) and certifying potentials.
    """
    n_s = unassigned.shape[0]
    n_m = capacity.shape[0]
    t = n_s + n_m
    n = t + 1
    p = rows.shape[0]
    supply = np.zeros(n, dtype=np.int64)
    supply[:n_s] = 1
    supply[t] = -n_s
    fixed_tail = np.concatenate([n_s + np.arange(n_m, dtype=np.int64),
                                 np.arange(n_s, dtype=np.int64)])
    fixed_head = np.full(n_m + n_s, t, dtype=np.int64)
    fixed_cap = np.concatenate([capacity, np.ones(n_s, dtype=np.int64)])
    fixed_cost = np.concatenate([np.zeros(n_m, dtype=np.int64), unassigned])
    if limit is None:
        spread = int(cost.max()) - int(cost.min()) if p else 0
        limit = float(max(1, spread // 50))
    chosen = np.flatnonzero(_cheapest_per_row(rows, cost, k))
    in_set = np.zeros(p, dtype=bool)
    in_set[chosen] = True
    pi = np.zeros(n, dtype=np.int64)
    flow_pairs = np.zeros(chosen.shape[0], dtype=np.int64)
    flow_fixed = np.zeros(n_m + n_s, dtype=np.int64)
    rounds = phases = 0
    while True:
        rounds += 1
        pr, pm, pc = rows[chosen], n_s + cols[chosen], cost[chosen]
        tail = np.concatenate([pr, fixed_tail])
        head = np.concatenate([pm, fixed_head])
        cap = np.concatenate([np.ones(chosen.shape[0], dtype=np.int64), fixed_cap])
        arc_cost = np.concatenate([pc, fixed_cost])
        flow = np.concatenate([flow_pairs, flow_fixed])
        # Pupils have no incoming arcs: each gets the largest dual-feasible potential,
        # so a pupil with a cheaper new pair leaves its current one (excess at the
        # pupil, deficit at its mentor) and the rest of the flow stays optimal.
        best = unassigned + pi[t]
        np.minimum.at(best, pr, pc + pi[pm])
        pi[:n_s] = best
        flow, pi, ph = primal_dual(tail, head, cap, arc_cost, supply, flow, pi, limit=limit)
        phases += ph
        q = chosen.shape[0]
        flow_pairs, flow_fixed = flow[:q], flow[q:]
        # price every stored pair; the restricted optimum is global when none is negative
        rc = cost - pi[rows] + pi[n_s + cols]
        new = np.flatnonzero((rc < 0) & ~in_set)
        if new.shape[0] == 0:
            break
        in_set[new] = True
        chosen = np.concatenate([chosen, new])
        flow_pairs = np.concatenate([flow_pairs, np.zeros(new.shape[0], dtype=np.int64)])
    full = np.zeros(p + n_m + n_s, dtype=np.int64)
    full[chosen] = flow_pairs
    full[p:] = flow_fixed
    return TransportSolution(full, pi - pi.min(initial=0), rounds, phases)
