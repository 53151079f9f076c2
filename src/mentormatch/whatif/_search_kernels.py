# mypy: allow-untyped-defs
"""Numba kernel of the backward search of :func:`mentormatch.whatif.local.capacity_cycle`.

Imported only when numba is installed (the extra ``mentormatch[fast]``). The
kernel does what the pure-Python loop of ``capacity_cycle`` does, step for step
(the same pushes in the same order, the same ``(label, node)`` order of the
heap, the same stopping rules), so both settle the same nodes with the same
labels and predecessors; ``tests/whatif/test_local_kernels.py`` compares them.
A compiled node costs about a microsecond instead of 50–100, so the search may
settle far more nodes (the plateau behind the sink) before the general
re-solve is cheaper.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from mentormatch.flow._residual_kernels import heap_pop as _pop
from mentormatch.flow._residual_kernels import heap_push as _push


@njit(cache=True)
def backward_search(iptr, itail, irc, skip, sink, m0, target, limit, xptr, xto, xw, xtag,
                    max_settled, best, pred_node, pred_ridx, pred_q, order, order_d,
                    heap_d, heap_v, out):  # pragma: no cover - compiled
    """Dijkstra backwards from ``target`` on the residual graph in force plus extra arcs.

    ``iptr/itail/irc`` are the residual arcs by head (reduced costs), ``skip``
    the ones left out; nodes above ``sink`` are new slots. ``xptr/xto/xw/xtag``
    are the extra arcs by node (CSR over every node): an arc of tag ``-3`` is a
    new slot's arc to its volunteer (pushed at the volunteer's label, only from
    a volunteer node), an arc of tag ``q >= 0`` the what-if's pair ``q``. Labels
    at or above ``cap`` (``limit``, then ``d(sink)`` once pushed) are never
    pushed; the search stops when the sink is settled or every label left is at
    least ``cap``. ``best`` (all ``INF`` on entry) receives the labels,
    ``pred_*`` the predecessor of each labelled node (node, residual arc or -1,
    pair or -1, with ``-3`` in ``pred_ridx`` for a new slot's arc), ``order`` and
    ``order_d`` the settled nodes and labels in the order settled. ``out``
    receives ``[settled, reached (0/1), d(sink)]``. Returns -1 when more than
    ``max_settled`` nodes would be settled, else 0.
    """
    INF = np.int64(1) << np.int64(62)
    n = best.shape[0]
    done = np.zeros(n, dtype=np.bool_)
    cap = limit
    size = 0
    best[target] = 0
    pred_node[target] = -1
    size = _push(heap_d, heap_v, size, np.int64(0), target)
    settled = 0
    reached = 0
    d_sink = np.int64(0)
    while size > 0:
        d = heap_d[0]
        v = heap_v[0]
        size = _pop(heap_d, heap_v, size)
        if done[v] or d != best[v]:
            continue
        if v == sink:
            reached = 1
            d_sink = d
            break
        if d >= cap:
            if best[sink] < INF and best[sink] == cap and cap < limit:
                reached = 1
                d_sink = cap
            break
        done[v] = True
        order[settled] = v
        order_d[settled] = d
        settled += 1
        if settled > max_settled:
            out[0] = settled
            return -1
        if v <= sink:
            for k in range(iptr[v], iptr[v + 1]):
                if skip[k]:
                    continue
                u = itail[k]
                x = irc[k] + d
                if x < cap and x < best[u]:
                    best[u] = x
                    pred_node[u] = v
                    pred_ridx[u] = k
                    pred_q[u] = -1
                    size = _push(heap_d, heap_v, size, x, u)
                    if u == sink:
                        cap = x
        for k in range(xptr[v], xptr[v + 1]):
            tag = xtag[k]
            if tag == -3 and not (m0 <= v < sink):
                continue
            u = xto[k]
            x = d + xw[k]
            if x < cap and x < best[u]:
                best[u] = x
                pred_node[u] = v
                if tag == -3:
                    pred_ridx[u] = -3
                    pred_q[u] = -1
                else:
                    pred_ridx[u] = -1
                    pred_q[u] = tag
                size = _push(heap_d, heap_v, size, x, u)
                if u == sink:
                    cap = x
    out[0] = settled
    out[1] = reached
    out[2] = d_sink
    return 0


@njit(cache=True)
def negative_blocks(si, mi, cost, s_avail, m_avail, s_primary, session_cost, table, pi_s,
                    n_blocks, row_out, blk_out, rc_out):  # pragma: no cover - compiled
    """The (row, block, reduced cost) of every pair at a common block where it is negative.

    In the order of :func:`mentormatch.whatif.local.best_blocks_of` (rows, then
    blocks ascending), keeping only ``rc < 0``. Returns how many; when the
    outputs are too short, the count all the same (the caller grows them and calls again).
    """
    n_words = s_avail.shape[1]
    count = 0
    cap = row_out.shape[0]
    for r in range(si.shape[0]):
        u = si[r]
        m = mi[r]
        g = s_primary[u]
        base = np.int64(cost[r]) - pi_s[u]
        for wd in range(n_words):
            word = s_avail[u, wd] & m_avail[m, wd]
            b0 = wd * 64
            while word:
                low = word & (~word + np.uint64(1))
                bit = 0
                t = low
                while t > np.uint64(1):
                    t >>= np.uint64(1)
                    bit += 1
                word ^= low
                b = b0 + bit
                if b >= n_blocks:
                    break
                rc = base + session_cost[g, b] + table[m, b]
                if rc < 0:
                    if count < cap:
                        row_out[count] = r
                        blk_out[count] = b
                        rc_out[count] = rc
                    count += 1
    return count

