"""Backend ``"assignment"``: capacity-expanded bipartite matching on scipy's sparse LAPJV.

Structure class (checked by :func:`detect`, on the canonical network):

* exactly one node with negative supply, the *sink* ``t``;
* *source* nodes with positive supply of at most :data:`MAX_SOURCE_SUPPLY` units;
* every other node is a *right* node (supply 0) with at most one out-arc, to ``t``
  (its *slot arc*, of capacity ``U_r`` and cost ``g_r``);
* every arc is source→right (a *pair arc*), right→sink, or source→sink (an
  *unassigned arc*);
* a pair arc's capacity never binds: ``capacity >= min(supply(source), U_r)``.

The network is expanded into a bipartite graph: one row per unit of supply,
``U_r`` columns ("slots") per right node and, per unassigned arc of capacity
``w``, ``min(w, supply)`` dummy columns. A pair arc ``(s, r)`` of cost ``c``
becomes edges of cost ``c + g_r`` from each row of ``s`` to each slot of ``r``.
A min-cost matching saturating every row (:func:`solve_assignment`, on
:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`) is a min-cost
flow. Potentials are recovered afterwards by the front door (shortest paths on
the residual graph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from mentormatch._arrays import ranges, reduce_runs, stable_argsort
from mentormatch.errors import FlowInputError, InfeasibleError, InputProblem
from mentormatch.flow._validate import as_int_array
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = [
    "MAX_SOURCE_SUPPLY",
    "AssignmentStructure",
    "Matcher",
    "detect",
    "float_safe",
    "match_lapjv",
    "solve",
    "solve_assignment",
]

IntArray = npt.NDArray[np.int64]

#: Largest supply of a source node for the expansion (rows per source).
MAX_SOURCE_SUPPLY = 8
#: Largest |cost| after shifting that scipy's float64 LAPJV carries exactly
#: (its dual updates add and subtract costs; keep a wide margin under 2**53).
_FLOAT_COST_LIMIT = 2**40


@dataclass(frozen=True, slots=True)
class AssignmentStructure:
    """Roles of nodes and arcs of an assignment-class network (see module notes)."""

    sink: int
    pair_arcs: IntArray
    slot_arc_of_node: IntArray  # per node: index of its slot arc, or -1
    unassigned_arcs: IntArray


def detect(net: CanonicalNetwork) -> AssignmentStructure | None:
    """Return the assignment structure of ``net``, or ``None`` if it is not of the class."""
    n, m = net.n_nodes, net.n_arcs
    b = net.supply
    sinks = np.flatnonzero(b < 0)
    if sinks.size != 1 or m == 0:
        return None
    t = int(sinks[0])
    if int(b.max()) > MAX_SOURCE_SUPPLY:
        return None
    is_src = b > 0
    tail, head = net.tail, net.head
    src_t = is_src[tail]
    src_h = is_src[head]
    right_t = ~src_t & (tail != t)
    right_h = ~src_h & (head != t)
    pair = src_t & right_h
    slot = right_t & (head == t)
    unas = src_t & (head == t)
    if not np.all(pair | slot | unas):
        return None
    slot_arcs = np.flatnonzero(slot)
    if slot_arcs.size and np.bincount(tail[slot_arcs], minlength=n).max() > 1:
        return None
    slot_of = np.full(n, -1, dtype=np.int64)
    slot_of[tail[slot_arcs]] = slot_arcs
    pair_arcs = np.flatnonzero(pair)
    has_slot = slot_of[head[pair_arcs]] >= 0
    ucap = np.where(has_slot, net.capacity[np.maximum(slot_of[head[pair_arcs]], 0)], 0)
    need = np.minimum(b[tail[pair_arcs]], ucap)
    if np.any(net.capacity[pair_arcs] < need):
        return None
    return AssignmentStructure(t, pair_arcs, slot_of, np.flatnonzero(unas))


def float_safe(net: CanonicalNetwork) -> bool:
    """Return whether the expanded edge costs (pair + slot cost) fit scipy's float64 range."""
    if net.n_arcs == 0:
        return True
    span = int(net.cost.max()) - int(net.cost.min())
    return 2 * span + 1 <= _FLOAT_COST_LIMIT


def _sorted_unique(rows: IntArray, cols: IntArray) -> bool:
    """Whether the edges are sorted by ``(row, col)`` without repeats (CSR order)."""
    if rows.shape[0] < 2:
        return True
    dr = np.diff(rows)
    return bool(np.all((dr > 0) | ((dr == 0) & (np.diff(cols) > 0))))


def _match(rows: IntArray, cols: IntArray, costs: IntArray, n_rows: int,
           n_cols: int) -> IntArray:
    """LAPJV on unique edges; return the column of each row (all rows matched)."""
    if n_rows == 0:
        return np.zeros(0, dtype=np.int64)
    if n_rows > n_cols:
        raise InfeasibleError(f"{n_rows} rows cannot all be matched to {n_cols} columns")
    if rows.size == 0:
        raise InfeasibleError("no edges: rows cannot be matched")
    lo = int(costs.min())
    span = int(costs.max()) - lo
    if span + 1 > _FLOAT_COST_LIMIT:
        raise FlowInputError([InputProblem(
            "not_float_exact", f"cost range {span} is too wide for scipy's float64 "
            f"matching (limit {_FLOAT_COST_LIMIT})", field="costs")])
    # scipy drops explicit zeros; every row is matched once, so a constant shift of
    # all costs shifts every full matching's cost by the same n_rows * shift.
    weights = (costs - lo + 1).astype(np.float64)
    if _sorted_unique(rows, cols):   # already the CSR order: no COO conversion and sort
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
        g = sp.csr_matrix((weights, cols, indptr), shape=(n_rows, n_cols))
    else:
        g = sp.csr_matrix((weights, (rows, cols)), shape=(n_rows, n_cols))
    try:
        r, c = min_weight_full_bipartite_matching(g)
    except ValueError as exc:
        raise InfeasibleError(f"no matching saturates every row: {exc}") from exc
    col_of_row = np.full(n_rows, -1, dtype=np.int64)
    col_of_row[r] = c
    if np.any(col_of_row < 0):
        raise InfeasibleError("no matching saturates every row")
    return col_of_row


#: A matcher of unique edges: ``(rows, cols, costs, n_rows, n_cols) -> col_of_row``.
Matcher = Callable[[IntArray, IntArray, IntArray, int, int], IntArray]

#: The LAPJV matcher on unique edges (scipy's LAPJVsp; the fallback of ``"auction"``).
match_lapjv: Matcher = _match


def solve_assignment(rows: Any, cols: Any, costs: Any, n_rows: int, n_cols: int) -> IntArray:
    """Min-cost matching of a sparse bipartite graph saturating every row.

    Parameters
    ----------
    rows, cols : array_like of int
        Edge end points, ``0 <= rows < n_rows``, ``0 <= cols < n_cols``.
        Repeated ``(row, col)`` pairs are allowed; the cheapest is kept.
    costs : array_like of int
        Edge costs (any sign; an explicit zero is a real edge of cost 0).
    n_rows, n_cols : int
        Sizes of the two sides (``n_rows <= n_cols`` for a solution to exist).

    Returns
    -------
    numpy.ndarray of int64
        ``col_of_row``: the column matched to each row. The optimal cost is
        ``sum`` of the chosen edges' costs.

    Raises
    ------
    InfeasibleError
        If no matching saturates every row.
    FlowInputError
        If the arrays are malformed, or the cost range exceeds ``2**40``
        (scipy computes in float64).

    Notes
    -----
    Runs :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`
    (LAPJVsp). scipy removes explicit zeros from sparse matrices, so costs are
    shifted to ``costs - min(costs) + 1 >= 1``; since every row is matched
    exactly once, this adds the same constant to every full matching and does
    not change the optimum.
    """
    problems: list[InputProblem] = []
    r = as_int_array(rows, "rows", problems)
    c = as_int_array(cols, "cols", problems)
    w = as_int_array(costs, "costs", problems)
    if problems:
        raise FlowInputError(problems)
    assert r is not None
    assert c is not None
    assert w is not None
    if not (r.shape == c.shape == w.shape):
        raise FlowInputError([InputProblem("length_mismatch", "rows, cols and costs must "
                                           "have the same length", field="rows")])
    if n_rows < 0 or n_cols < 0:
        raise FlowInputError([InputProblem("bad_size", "n_rows and n_cols must be >= 0",
                                           field="n_rows")])
    for name, arr, size in (("rows", r, n_rows), ("cols", c, n_cols)):
        bad = np.flatnonzero((arr < 0) | (arr >= size))
        if bad.size:
            i = int(bad[0])
            raise FlowInputError([InputProblem("index_out_of_range",
                                               f"{name}[{i}] is not in [0, {size})",
                                               field=f"{name}[{i}]", value=int(arr[i]))])
    if r.size:
        # sorted by (row, col), the cheapest of repeated pairs kept: one packed sort
        # (stable_argsort) instead of a three-key lexsort, same arrays
        order = stable_argsort(r * max(int(n_cols), 1) + c)
        r, c, w = r[order], c[order], w[order]
        first, w = reduce_runs(r * max(int(n_cols), 1) + c, w, np.minimum)
        r, c = r[first], c[first]
    return _match(r, c, w, int(n_rows), int(n_cols))


def solve(net: CanonicalNetwork, structure: AssignmentStructure | None = None, *,
          matcher: Matcher | None = None) -> BackendOutput:
    """Solve an assignment-class network by capacity expansion and LAPJV.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network.
    structure : AssignmentStructure, optional
        The result of :func:`detect` when already computed.
    matcher : Matcher, optional
        The matcher of the expanded graph (default LAPJV, :data:`match_lapjv`;
        the ``"auction"`` backend passes its own).

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the flow, or ``"infeasible"``.

    Raises
    ------
    FlowInputError
        If the network is not of the assignment class (see module notes).
    """
    st = detect(net) if structure is None else structure
    if st is None:
        raise FlowInputError([InputProblem(
            "not_assignment", "the network is not a capacity-expandable bipartite "
            "assignment (see mentormatch.flow.backends.assignment)", field="backend",
            value="assignment")])
    n = net.n_nodes
    b = net.supply
    tail, head, cap, cost = net.tail, net.head, net.capacity, net.cost
    k = np.where(b > 0, b, 0)
    row_start = np.cumsum(k) - k
    n_rows = int(k.sum())
    # Pair arcs: keep the cheapest of parallel arcs, drop arcs into slot-less nodes.
    pa = st.pair_arcs
    pa = pa[st.slot_arc_of_node[head[pa]] >= 0]
    if pa.size:
        order = np.lexsort((cost[pa], head[pa], tail[pa]))
        pa = pa[order]
        first = np.ones(pa.size, dtype=bool)
        first[1:] = (tail[pa][1:] != tail[pa][:-1]) | (head[pa][1:] != head[pa][:-1])
        pa = pa[first]
    # Slots per right node: its capacity, but never more than the supply that can reach it.
    reach = np.bincount(head[pa], weights=k[tail[pa]], minlength=n).astype(np.int64)
    slot_arc = st.slot_arc_of_node
    has = slot_arc >= 0
    slots = np.zeros(n, dtype=np.int64)
    slots[has] = np.minimum(cap[slot_arc[has]], reach[has])
    col_start = np.cumsum(slots) - slots
    n_slot_cols = int(slots.sum())
    ua = st.unassigned_arcs
    dummies = np.minimum(cap[ua], k[tail[ua]])
    dummy_start = n_slot_cols + np.cumsum(dummies) - dummies
    n_cols = n_slot_cols + int(dummies.sum())
    # Pair edges: every row of s to every slot of r.
    s_of = tail[pa]
    r_of = head[pa]
    per = k[s_of] * slots[r_of]
    owner, off = ranges(per)
    width = slots[r_of][owner]
    rows_p = row_start[s_of][owner] + off // np.maximum(width, 1)
    cols_p = col_start[r_of][owner] + off % np.maximum(width, 1)
    cost_p = cost[pa][owner] + cost[slot_arc[r_of]][owner]
    # Unassigned edges: every row of s to every dummy column of its unassigned arc.
    per_u = k[tail[ua]] * dummies
    owner_u, off_u = ranges(per_u)
    width_u = dummies[owner_u]
    rows_u = row_start[tail[ua]][owner_u] + off_u // np.maximum(width_u, 1)
    cols_u = dummy_start[owner_u] + off_u % np.maximum(width_u, 1)
    rows = np.concatenate([rows_p, rows_u])
    cols = np.concatenate([cols_p, cols_u])
    costs = np.concatenate([cost_p, cost[ua][owner_u]])
    try:
        col_of_row = (matcher or _match)(rows, cols, costs, n_rows, n_cols)
    except InfeasibleError:
        return BackendOutput("infeasible")
    # Map each matched column back to arcs.
    flow = np.zeros(net.n_arcs, dtype=np.int64)
    is_slot_col = col_of_row < n_slot_cols
    node_of_col = np.repeat(np.flatnonzero(slots > 0), slots[slots > 0])
    src_of_row = np.repeat(np.arange(n, dtype=np.int64), k)
    # pair arc of (source, right node): search among the deduplicated pair arcs
    keys = s_of * n + r_of
    sc = col_of_row[is_slot_col]
    r_nodes = node_of_col[sc]
    q = src_of_row[is_slot_col] * n + r_nodes
    pos = np.searchsorted(keys, q)
    np.add.at(flow, pa[pos], 1)
    np.add.at(flow, slot_arc[r_nodes], 1)
    dc = col_of_row[~is_slot_col] - n_slot_cols
    arc_of_dummy = np.repeat(ua, dummies)
    np.add.at(flow, arc_of_dummy[dc], 1)
    return BackendOutput("optimal", flow)
