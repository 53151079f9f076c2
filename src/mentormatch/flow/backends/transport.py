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
**Primal–dual** (:func:`mentormatch.flow.primal_dual.primal_dual`, searching
``"backward"``): each phase runs one multi-source Dijkstra on the *transposed*
residual graph from every deficit node (the sink, and mentors that lost a
pupil) and raises the potentials by the distances to the nearest deficit,
capped at the farthest reached excess; the shortest path of *every* reached
excess node becomes admissible at once, so one maximum flow routes as much
excess as the admissible arcs allow. From a cold start this pulls the
potentials from the single deficit side in few phases (capping at the
*nearest* excess instead needs one phase per distance level). Dijkstra
searches only within a radius (default 2 % of the pair-cost range) and so
receives only the residual arcs priced within it, a small fraction of all.

**Candidate generation** (:func:`solve_transport`). The first solve uses only
each pupil's ``k`` cheapest pairs; the potentials then price every stored
pair (vectorised, ``rc = c - pi[pupil] + pi[mentor]``). Violators (``rc < 0``)
are added, pupils' potentials are raised to the largest dual-feasible value
(:func:`~mentormatch.flow.primal_dual.tighten_sources`: a pupil that prefers
a new pair is released, excess at the pupil, deficit at its mentor) and the
primal–dual repair runs again, until no pair prices negatively. The final
potentials therefore certify the flow on every stored pair: the answer is
optimal for the full problem, and :func:`mentormatch.verify.check_flow`
proves it.

Everything is exact: Dijkstra runs in float64 on integer reduced costs (exact
below ``2**53``, checked; :func:`mentormatch.solve_sparse` keeps costs far
below), distances are rounded back to int64 and admissibility is tested on
int64 reduced costs. Figures are in ``docs/performance.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import group_rank
from mentormatch.flow.primal_dual import primal_dual, tighten_sources

__all__ = ["TransportSolution", "solve_transport"]

IntArray = NDArray[np.int64]


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
        Pairs per pupil in the first restricted solve (its cheapest; the
        default measured best, see ``docs/performance.md``).
    limit : float, optional
        Initial Dijkstra search radius per phase (the ``radius`` of
        :func:`~mentormatch.flow.primal_dual.primal_dual`; a speed knob).
        Default: 2 % of the range of the pair costs, at least 1 (measured
        best; see ``docs/performance.md``).

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
    pupils = np.zeros(n, dtype=bool)
    pupils[:n_s] = True
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
        pi = tighten_sources(tail, head, cap, arc_cost, pi, pupils)
        out = primal_dual(tail, head, cap, arc_cost, supply, flow, pi,
                          directions="backward", radius=limit)
        flow, pi = out.flow, out.potentials
        phases += out.phases
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
