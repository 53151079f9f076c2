"""Certifying node potentials by shortest paths on the residual graph.

A flow is optimal exactly when its residual graph has no negative-cost cycle;
then shortest-path distances ``d`` from a virtual source joined to every node
by a zero-cost arc exist, and ``potentials = -d`` satisfy the convention of
:mod:`mentormatch.flow`::

    rc[a] = cost[a] - potentials[tail[a]] + potentials[head[a]]
    rc[a] >= 0 where flow[a] < capacity[a] (or capacity unbounded)
    rc[a] <= 0 where flow[a] > lower[a]

The distances are computed by a vectorised Bellman–Ford: each round relaxes, in
one batch of numpy operations, every residual arc leaving a node whose distance
changed in the previous round (a frontier, so late rounds are cheap). A cycle in
the predecessor graph, checked every few rounds with
:func:`scipy.sparse.csgraph.connected_components`, proves a negative cycle
early; ``n`` rounds without convergence prove it too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, dijkstra

from mentormatch._arrays import FLOAT_EXACT, grouped_csr, stable_argsort
from mentormatch.errors import FlowError, FlowInputError, InputProblem
from mentormatch.flow._validate import as_int_array
from mentormatch.flow.residual import compiled_available, residual_arcs

__all__ = ["NegativeCycleError", "find_negative_cycle", "largest_potentials", "residual_arcs",
           "residual_potentials", "shortest_distances"]

IntArray = npt.NDArray[np.int64]


class NegativeCycleError(FlowError):
    """The residual graph has a negative-cost cycle: the flow is not optimal.

    Attributes
    ----------
    cycle : list of int
        Indices (into the arrays searched) of the arcs of one negative cycle,
        when it could be extracted, else empty.
    """

    def __init__(self, message: str, cycle: list[int] | None = None) -> None:
        self.cycle: list[int] = cycle or []
        super().__init__(message)


def _pred_cycle(n: int, pred: IntArray, tail: IntArray) -> list[int] | None:
    """Return the arcs of a cycle in the predecessor graph, or ``None``."""
    nodes = np.flatnonzero(pred >= 0)
    if nodes.size == 0:
        return None
    parents = tail[pred[nodes]]
    if np.any(parents == nodes):
        v = int(nodes[np.flatnonzero(parents == nodes)[0]])
        return [int(pred[v])]
    g = sp.csr_matrix((np.ones(nodes.size, dtype=np.int8), (nodes, parents)), shape=(n, n))
    n_comp, labels = connected_components(g, directed=True, connection="strong")
    if n_comp == n:
        return None
    sizes = np.bincount(labels, minlength=n_comp)
    comp = int(np.flatnonzero(sizes > 1)[0])
    v = int(np.flatnonzero(labels == comp)[0])
    cycle: list[int] = []
    seen: set[int] = set()
    while v not in seen:  # walk the cycle once (its length, not the arc count)
        seen.add(v)
        a = int(pred[v])
        cycle.append(a)
        v = int(tail[a])
    return cycle[::-1]


#: Relaxations per arc the compiled Bellman–Ford may make before handing over to the
#: vectorised one (which finishes a slow case). From an optimal flow it needs about 0.7
#: per arc at 30,000 pupils; a negative cycle (a failed keep check) shows as a cycle of
#: predecessors well before (0.16 s instead of 1.3 s at 30,000 pupils, round 6).
COMPILED_RELAXATIONS_PER_ARC = 2


def shortest_distances(n: int, tail: IntArray, head: IntArray, cost: IntArray,
                       start: IntArray | None = None, *, check_every: int = 8,
                       compiled: bool = False) -> IntArray:
    """Vectorised Bellman–Ford from a virtual source (distance ``start``, default 0).

    Returns ``d`` with ``d[head[a]] <= d[tail[a]] + cost[a]`` for every arc,
    ``d <= start``. Raises :class:`NegativeCycleError` if a negative cycle exists.
    With ``compiled=True`` and numba installed (the ``fast`` extra), a compiled
    queue-based Bellman–Ford runs first, within
    :data:`COMPILED_RELAXATIONS_PER_ARC` relaxations per arc; the largest ``d <= start``
    meeting every arc is unique, so the result is the same. It searches its
    predecessor graph for a cycle every ``n`` relaxations, so a negative cycle (a
    failed keep check of the match loop) is proved compiled too.
    """
    d = np.zeros(n, dtype=np.int64) if start is None else np.array(start, dtype=np.int64)
    m = tail.shape[0]
    if m == 0 or n == 0:
        return d
    if compiled and compiled_available():
        from mentormatch.flow import _residual_kernels
        fixed = d.copy()
        pred = np.full(n, -1, dtype=np.int64)
        t64 = np.ascontiguousarray(tail, dtype=np.int64)
        done = _residual_kernels.bellman_ford(
            t64, np.ascontiguousarray(head, dtype=np.int64),
            np.ascontiguousarray(cost, dtype=np.int64), fixed,
            COMPILED_RELAXATIONS_PER_ARC * m + n, pred)
        if done >= 0:
            return fixed
        if done == -2:   # a cycle of predecessors: a negative cycle, found compiled
            cyc = _pred_cycle(n, pred, t64)
            raise NegativeCycleError("negative-cost cycle in the predecessor graph",
                                     [] if cyc is None else cyc)
    order = stable_argsort(tail)
    t = tail[order]
    h = head[order]
    c = cost[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(t, minlength=n), out=indptr[1:])
    pred = np.full(n, -1, dtype=np.int64)
    mark = np.zeros(n, dtype=bool)
    active: IntArray | None = None  # None = all arcs
    rounds = 0
    while True:
        if active is None:
            idx = np.arange(m, dtype=np.int64)
        else:
            starts = indptr[active]
            counts = indptr[active + 1] - starts
            total = int(counts.sum())
            if total == 0:
                break
            offs = np.cumsum(counts) - counts
            idx = np.repeat(starts - offs, counts) + np.arange(total, dtype=np.int64)
        cand = d[t[idx]] + c[idx]
        hh = h[idx]
        better = cand < d[hh]
        if not better.any():
            break
        rounds += 1
        if rounds > n:
            cyc = _pred_cycle(n, pred, t)
            raise NegativeCycleError("negative-cost cycle (Bellman–Ford did not converge)",
                                     [] if cyc is None else [int(order[a]) for a in cyc])
        idx = idx[better]
        cand = cand[better]
        hh = hh[better]
        np.minimum.at(d, hh, cand)
        win = cand == d[hh]
        pred[hh[win]] = idx[win]
        mark[hh] = True
        active = np.flatnonzero(mark)
        mark[active] = False
        if rounds % check_every == 0:
            cyc = _pred_cycle(n, pred, t)
            if cyc is not None:
                raise NegativeCycleError("negative-cost cycle in the predecessor graph",
                                         [int(order[a]) for a in cyc])
    return d


def find_negative_cycle(n: int, tail: IntArray, head: IntArray, cost: IntArray) -> list[int]:
    """Return the arc indices of one negative-cost cycle, or ``[]`` if none exists."""
    neg_loops = np.flatnonzero((tail == head) & (cost < 0))
    if neg_loops.size:
        return [int(neg_loops[0])]
    if not np.any(cost < 0):
        return []
    try:
        shortest_distances(n, tail, head, cost)
    except NegativeCycleError as exc:
        return exc.cycle or [-1]
    return []


def residual_potentials(tail: Any, head: Any, capacity: Any, cost: Any, flow: Any,
                        n_nodes: int, lower: Any = None, *,
                        start: Any = None) -> IntArray:
    """Compute node potentials certifying an optimal flow.

    Parameters
    ----------
    tail, head : array_like of int
        Arc end nodes, in ``[0, n_nodes)``.
    capacity : array_like of int
        Arc capacities; ``-1`` means unbounded.
    cost : array_like of int
        Arc costs.
    flow : array_like of int
        The flow to certify (assumed feasible; see :func:`mentormatch.verify.check_flow`).
    n_nodes : int
        Number of nodes.
    lower : array_like of int, optional
        Arc lower bounds (default 0).
    start : array_like, optional
        Approximate potentials (for example LP duals) to start from; rounded to
        integers. Good start values make the search converge in a few rounds.

    Returns
    -------
    numpy.ndarray of int64
        ``potentials`` such that ``rc = cost - potentials[tail] + potentials[head]``
        is ``>= 0`` on arcs with ``flow < capacity`` and ``<= 0`` on arcs with
        ``flow > lower``.

    Raises
    ------
    NegativeCycleError
        If the residual graph has a negative cycle (the flow is not optimal).
    FlowInputError
        If the arrays are malformed.

    Notes
    -----
    Integer costs give integer potentials. Their magnitude is at most the total
    ``|cost|`` of a simple path (plus ``max |start|``). Cost: a few
    vectorised passes over the residual arcs per round; the number of rounds is
    the largest number of arcs in a shortest path (often small).
    """
    problems: list[InputProblem] = []
    arrays = {name: as_int_array(v, name, problems) for name, v in
              (("tail", tail), ("head", head), ("capacity", capacity), ("cost", cost),
               ("flow", flow))}
    lo = None if lower is None else as_int_array(lower, "lower", problems)
    t, h, u, c, f = (arrays[k] for k in ("tail", "head", "capacity", "cost", "flow"))
    if problems or t is None or h is None or u is None or c is None or f is None:
        raise FlowInputError(problems)
    m = t.shape[0]
    n = int(n_nodes)
    for name, arr in (("head", h), ("capacity", u), ("cost", c), ("flow", f), ("lower", lo)):
        if arr is not None and arr.shape[0] != m:
            problems.append(InputProblem("length_mismatch", f"{name!r} has {arr.shape[0]} "
                                         f"entries but 'tail' has {m}", field=name))
    if m and (t.min() < 0 or h.min() < 0 or t.max() >= n or h.max() >= n):
        problems.append(InputProblem("node_out_of_range",
                                     f"arc end nodes must be in [0, {n})", field="tail"))
    if problems:
        raise FlowInputError(problems)
    d0 = None
    if start is not None:
        s = np.asarray(start, dtype=np.float64)
        if s.shape == (n,) and np.all(np.isfinite(s)) and (n == 0 or np.abs(s).max() < 2**52):
            d0 = -np.rint(s).astype(np.int64)
    rt, rh, rc, _ = residual_arcs(t, h, u, c, f, lo)
    d = shortest_distances(n, rt, rh, rc, d0)
    pot = -d
    if n:
        pot -= pot.min()  # normalise: smallest potential 0 (any shift certifies equally)
    return pot


def largest_potentials(n: int, rt: IntArray, rh: IntArray, rc: IntArray, start: IntArray,
                       certified: IntArray) -> IntArray | None:
    """The largest certifying potentials ``<= start``, by one Dijkstra from known ones.

    ``rt, rh, rc`` are the residual arcs of an optimal flow
    (:func:`~mentormatch.flow.residual.residual_arcs`) and ``certified``
    potentials certifying it. With ``rc' = rc - c[t] + c[h] >= 0`` on every
    residual arc ``t -> h``, ``largest[v] = c[v] + min_x (dist'(v, x) + start[x]
    - c[x])``: one Dijkstra on the reversed residual graph (parallel arcs
    kept apart: the search takes the cheapest) from a super source joined to every ``x`` at
    ``start[x] - c[x]`` (shifted to be ``>= 0``). The same potentials as
    :func:`shortest_distances` on the reversed graph from ``start``, faster.

    Returns
    -------
    numpy.ndarray of int64 or None
        ``None`` if a weight is out of float64's exact range or the result
        does not certify (the caller then runs the Bellman–Ford search).
    """
    w = rc - certified[rt] + certified[rh]
    label = start - certified
    shift = int(label.min(initial=0))
    label = label - shift
    too_wide = int(label.max(initial=0)) >= FLOAT_EXACT
    if too_wide or (w.size and (int(w.min()) < 0 or int(w.max()) >= FLOAT_EXACT)):
        return None
    # the reversed graph (parallel arcs kept apart: the search keeps the cheapest)
    rows = np.concatenate([rh, np.full(n, n)])
    cols = np.concatenate([rt, np.arange(n)])
    graph = grouped_csr(rows, cols, np.concatenate([w, label]).astype(np.float64), n + 1)
    dist = dijkstra(graph, directed=True, indices=n)[:n]
    if not np.all(np.isfinite(dist)):
        return None
    largest = certified + np.rint(dist).astype(np.int64) + shift
    ok = bool(np.all(rc - largest[rt] + largest[rh] >= 0)) and bool(np.all(largest <= start))
    return largest if ok else None
