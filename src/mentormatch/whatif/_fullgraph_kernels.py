# mypy: allow-untyped-defs
"""Numba kernel of :mod:`mentormatch.whatif.fullgraph` (imported only with numba).

Successive shortest paths on the **implicit full residual graph** of a match:
every pupil's pairs of the feasible graph are arcs (read by volunteer, from a
column index), not only the network's. Nodes are numbered pupils
``0..n_s-1``, volunteers ``n_s..n_s+n_m-1``, the sink ``n_s+n_m``, then the slot
``(m, b)`` at ``n_s + n_m + 1 + m * nb + b``. A slot nobody holds is not a node
of its own: its potential is its volunteer's (the largest value keeping its
empty arc to the volunteer dual feasible), so a pupil's pair arcs to the free
slots of volunteer ``m`` are searched as one arc to ``m`` at the pair's
cheapest free common session ("collapsed"). A slot somebody holds is a node.

Each search runs **backwards** from the nodes in deficit (labels are distances
*to* them) and stops when it settles a node in excess; the settled nodes
``d < T`` are lowered by ``T - d`` (standard successive shortest paths: every
residual arc of the full graph keeps a non-negative reduced cost, because the
search relaxed every arc *into* each settled node: a volunteer's or a held
slot's whole column of pairs), then one unit is sent along the path.
``rc = cost - pi[tail] + pi[head]`` (:mod:`mentormatch.flow`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from mentormatch.flow._residual_kernels import heap_pop as _pop
from mentormatch.flow._residual_kernels import heap_push as _push

# how a node's label was reached: the arc (node -> pred_node[node]) on the way to a deficit
PAIR_SLOT = 1     # pupil -> held slot node (a pair arc)
PAIR_FREE = 2     # pupil -> volunteer through a free slot (collapsed pair arc)
REV_PAIR = 3      # slot -> its holder (reverse pair arc)
SLOT_M = 4        # slot -> its volunteer
M_SLOT = 5        # volunteer -> a slot it receives from (reverse)
LOAD = 6          # volunteer -> sink (its next load arc)
RLOAD = 7         # sink -> volunteer (reverse of its last used load arc)
UNASSIGNED = 8    # pupil -> sink (unassigned arc)
RUNASSIGNED = 9   # sink -> unmatched pupil (reverse)


@njit(cache=True)
def _free_at(s_avail, p, b):  # pragma: no cover - compiled
    return (s_avail[p, b >> 6] >> np.uint64(b & 63)) & np.uint64(1) != 0


@njit(cache=True)
def _column(m, ms, col_ptr, col_p, col_c, xcol_p, xcol_c):  # pragma: no cover - compiled
    """Volunteer ``m``'s column of pairs: the changed volunteer ``ms`` reads its new one."""
    if m == ms:
        return xcol_p, xcol_c, 0, xcol_p.shape[0]
    return col_p, col_c, col_ptr[m], col_ptr[m + 1]


@njit(cache=True)
def _grown(a, need):  # pragma: no cover - compiled
    out = np.empty(max(2 * a.shape[0], need), dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def _relax(u, x, v, kind, blk, cost, best, pred_node, pred_kind, pred_blk, pred_cost,
           touched, n_touched, heap_d, heap_v, size, excess, cap):  # pragma: no cover
    """Label ``u`` with ``x`` through the arc ``u -> v`` if it improves; returns state."""
    if x < cap[0] and x < best[u]:
        if best[u] == np.int64(1) << np.int64(62):
            touched[n_touched] = u
            n_touched += 1
        best[u] = x
        pred_node[u] = v
        pred_kind[u] = kind
        pred_blk[u] = blk
        pred_cost[u] = cost
        size = _push(heap_d, heap_v, size, x, u)
        cap[1] += 1
        if u < excess.shape[0] and excess[u] > 0:
            cap[0] = x
    return size, n_touched


@njit(cache=True)
def route(n_s, n_m, nb, col_ptr, col_p, col_c, slot_index, slot_ptr, slot_p, slot_c, ms,
          xcol_p, xcol_c, banned, s_avail,
          s_primary, sc, order, n_free, held_m, held_b, held_c, unassigned, w_big, slot_flow,
          group, load, load_ptr, load_c, pi, pi_slot, excess, max_settled, max_scanned,
          stats, moved, log):  # pragma: no cover - compiled
    """Route every unit of ``excess`` (imbalances of pupils, volunteers, sink) to the deficits.

    ``pi`` holds the potentials of pupils, volunteers and the sink (node
    numbers), ``pi_slot`` the held slots' (``m * nb + b``); ``held_*``,
    ``unassigned``, ``slot_flow`` and ``load`` the flow, all updated in place.
    ``order[g, m, :n_free[m]]`` are volunteer ``m``'s free blocks by session
    cost of group ``g``; volunteer ``ms``'s column is ``xcol_*`` (its new pairs),
    the others' ``col_*[col_ptr[m]:col_ptr[m + 1]]``. ``moved[p]`` is set for
    every pupil whose pair may change. ``stats``: ``[units, searches, settled,
    column entries scanned, largest T]``. Returns 0, -1 if a search grew past
    ``max_settled`` nodes or ``max_scanned`` column entries in all, -2 if a
    deficit cannot be reached.
    """
    INF = np.int64(1) << np.int64(62)
    sink = n_s + n_m
    slot0 = sink + 1
    n = slot0 + n_m * nb
    best = np.full(n, INF, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    # written when a node is labelled, read only for labelled nodes
    pred_node = np.empty(n, dtype=np.int64)
    pred_kind = np.empty(n, dtype=np.int8)
    pred_blk = np.empty(n, dtype=np.int64)
    pred_cost = np.empty(n, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    settled = np.empty(n, dtype=np.int64)
    heap_cap = 1 << 16
    heap_d = np.empty(heap_cap, dtype=np.int64)
    heap_v = np.empty(heap_cap, dtype=np.int64)
    cap = np.zeros(2, dtype=np.int64)
    # pushes one settled node may make at most: a column (and its slots), or the sink's arcs
    room = n_s + n_m + 64
    for m in range(n_m):
        room = max(room, col_ptr[m + 1] - col_ptr[m] + nb + 64)
    room = max(room, xcol_p.shape[0] + nb + 64)
    for h in range(slot_ptr.shape[0] - 1):
        room = max(room, slot_ptr[h + 1] - slot_ptr[h] + nb + 64)
    total_scanned = np.int64(0)
    lim = np.empty(n_s, dtype=np.int64)
    for p in range(n_s):
        lim[p] = -INF if banned[p] else INF + pi[p]
    while True:
        # the deficits are the roots; stop when every excess is routed
        n_touched = 0
        size = 0
        left = 0
        for v in range(slot0):   # slots are never in excess nor in deficit
            if excess[v] > 0:
                left += excess[v]
        if left == 0:
            return 0
        cap[0] = INF
        for v in range(slot0):
            if excess[v] < 0:
                touched[n_touched] = v
                n_touched += 1
                best[v] = 0
                pred_node[v] = -1
                if size + 1 >= heap_d.shape[0]:
                    heap_d = _grown(heap_d, size + 1)
                    heap_v = _grown(heap_v, size + 1)
                size = _push(heap_d, heap_v, size, np.int64(0), np.int64(v))
        stats[1] += 1
        n_settled = 0
        found = -1
        t_ = np.int64(0)
        while size > 0:
            d = heap_d[0]
            v = heap_v[0]
            size = _pop(heap_d, heap_v, size)
            if done[v] or d != best[v]:
                continue
            if v < slot0 and excess[v] > 0:
                found = v
                t_ = d
                break
            done[v] = True
            settled[n_settled] = v
            n_settled += 1
            if n_settled > max_settled:
                return -1
            if heap_d.shape[0] - size < room:
                heap_d = _grown(heap_d, size + room)
                heap_v = _grown(heap_v, size + room)
            if v < n_s:
                stats[7] += 1
                # arcs into a pupil: the reverse of its held pair, or of its unassigned arc
                if held_b[v] >= 0:
                    m = held_m[v]
                    w = slot0 + m * nb + held_b[v]
                    x = d + pi[v] - pi_slot[m * nb + held_b[v]] - held_c[v]
                    size, n_touched = _relax(w, x, v, REV_PAIR, 0, 0, best, pred_node,
                                             pred_kind, pred_blk, pred_cost, touched,
                                             n_touched, heap_d, heap_v, size, excess, cap)
                elif unassigned[v] > 0:
                    x = d + pi[v] - w_big[v] - pi[sink]
                    size, n_touched = _relax(sink, x, v, RUNASSIGNED, 0, 0, best, pred_node,
                                             pred_kind, pred_blk, pred_cost, touched,
                                             n_touched, heap_d, heap_v, size, excess, cap)
            elif v < sink:
                m = v - n_s
                pm = pi[v]
                stats[5] += 1
                # held slots with room: their arc to the volunteer (rc 0 when complementary)
                for k in range(n_free[m]):
                    b = order[0, m, k]
                    f = slot_flow[m * nb + b]
                    if f > 0 and f < group[m]:
                        w = slot0 + m * nb + b
                        x = d + pm - pi_slot[m * nb + b]
                        size, n_touched = _relax(w, x, v, SLOT_M, 0, 0, best, pred_node,
                                                 pred_kind, pred_blk, pred_cost, touched,
                                                 n_touched, heap_d, heap_v, size, excess, cap)
                # the reverse of its last used load arc
                if load[m] > 0:
                    x = d - (load_c[load_ptr[m] + load[m] - 1] - pm + pi[sink])
                    size, n_touched = _relax(sink, x, v, RLOAD, 0, 0, best, pred_node,
                                             pred_kind, pred_blk, pred_cost, touched,
                                             n_touched, heap_d, heap_v, size, excess, cap)
                # every pupil of its column, through its cheapest free common slot
                arr_p, arr_c, lo, hi = _column(m, ms, col_ptr, col_p, col_c, xcol_p, xcol_c)
                total_scanned += hi - lo
                stats[3] += hi - lo
                top = d + pm
                for r in range(lo, hi):
                    p = arr_p[r]
                    c = np.int64(arr_c[r])
                    # lim[p] = best[p] + pi[p] (-INF when forbidden): sc >= 0, so no
                    # session of this pair can improve p's label past it
                    if top + c >= lim[p]:
                        continue
                    base = top + c - pi[p]
                    if base >= cap[0]:
                        continue
                    g = s_primary[p]
                    for k in range(n_free[m]):
                        b = order[g, m, k]
                        if not _free_at(s_avail, p, b):
                            continue
                        if slot_flow[m * nb + b] >= group[m]:
                            continue
                        if held_m[p] == m and held_b[p] == b:
                            continue
                        x = base + sc[g, b]
                        size, n_touched = _relax(p, x, v, PAIR_FREE, b, c + sc[g, b], best,
                                                 pred_node, pred_kind, pred_blk, pred_cost,
                                                 touched, n_touched, heap_d, heap_v, size,
                                                 excess, cap)
                        if best[p] == x:
                            lim[p] = x + pi[p]
                        break
            elif v == sink:
                ps = pi[sink]
                for m in range(n_m):
                    if load[m] < load_ptr[m + 1] - load_ptr[m]:
                        x = d + load_c[load_ptr[m] + load[m]] - pi[n_s + m] + ps
                        size, n_touched = _relax(n_s + m, x, v, LOAD, 0, 0, best, pred_node,
                                                 pred_kind, pred_blk, pred_cost, touched,
                                                 n_touched, heap_d, heap_v, size, excess, cap)
                for p in range(n_s):
                    if unassigned[p] == 0:
                        x = d + w_big[p] - pi[p] + ps
                        size, n_touched = _relax(p, x, v, UNASSIGNED, 0, 0, best, pred_node,
                                                 pred_kind, pred_blk, pred_cost, touched,
                                                 n_touched, heap_d, heap_v, size, excess, cap)
                        if best[p] == x and not banned[p]:
                            lim[p] = x + pi[p]
            else:
                # a held slot: arcs in from its column's pupils at this block, and from m
                key = v - slot0
                m = key // nb
                b = key - m * nb
                ps_ = pi_slot[key]
                stats[6] += 1
                if slot_flow[key] > 0:
                    x = d + ps_ - pi[n_s + m]
                    size, n_touched = _relax(n_s + m, x, v, M_SLOT, 0, 0, best, pred_node,
                                             pred_kind, pred_blk, pred_cost, touched,
                                             n_touched, heap_d, heap_v, size, excess, cap)
                h = -1 if m == ms else slot_index[key]
                if h >= 0:   # the column's pupils free at this block, listed once per engine
                    arr_p = slot_p
                    arr_c = slot_c
                    lo = slot_ptr[h]
                    hi = slot_ptr[h + 1]
                else:
                    arr_p, arr_c, lo, hi = _column(m, ms, col_ptr, col_p, col_c, xcol_p,
                                                   xcol_c)
                total_scanned += hi - lo
                stats[3] += hi - lo
                stats[8] += hi - lo
                top = d + ps_
                for r in range(lo, hi):
                    p = arr_p[r]
                    c = np.int64(arr_c[r])
                    if top + c >= lim[p]:
                        continue
                    if held_m[p] == m and held_b[p] == b:
                        continue
                    if h < 0 and not _free_at(s_avail, p, b):
                        continue
                    g = s_primary[p]
                    x = top + c + sc[g, b] - pi[p]
                    size, n_touched = _relax(p, x, v, PAIR_SLOT, b, c + sc[g, b], best,
                                             pred_node, pred_kind, pred_blk, pred_cost, touched,
                                             n_touched, heap_d, heap_v, size, excess, cap)
                    if best[p] == x:
                        lim[p] = x + pi[p]
            if total_scanned > max_scanned:
                return -1
        if found < 0:
            return -2
        stats[2] += n_settled
        stats[9] = cap[1]
        if stats[1] < 32:
            log[3 * stats[1]] = n_settled
            log[3 * stats[1] + 1] = t_
            log[3 * stats[1] + 2] = found
        if t_ > stats[4]:
            stats[4] = t_
        # potentials: the settled nodes (d < T) are lowered by T - d
        for i in range(n_settled):
            v = settled[i]
            dv = best[v]
            if dv < t_:
                if v < slot0:
                    pi[v] -= t_ - dv
                else:
                    pi_slot[v - slot0] -= t_ - dv
        # one unit along the path: found -> ... -> a deficit root
        excess[found] -= 1
        u = found
        while pred_node[u] >= 0:
            v = pred_node[u]
            kind = pred_kind[u]
            if kind in (PAIR_SLOT, PAIR_FREE):
                if kind == PAIR_SLOT:
                    key = v - slot0
                    m = key // nb
                else:
                    m = v - n_s
                    key = m * nb + pred_blk[u]
                if slot_flow[key] == 0:
                    pi_slot[key] = pi[n_s + m]   # a free slot's potential is its volunteer's
                slot_flow[key] += 1
                held_m[u] = m
                held_b[u] = key - m * nb
                held_c[u] = pred_cost[u]
                moved[u] = True
            elif kind == REV_PAIR:
                slot_flow[u - slot0] -= 1
                held_m[v] = -1
                held_b[v] = -1
                moved[v] = True
            elif kind == LOAD:
                load[u - n_s] += 1
            elif kind == RLOAD:
                load[v - n_s] -= 1
            elif kind == UNASSIGNED:
                unassigned[u] = 1
                moved[u] = True
            elif kind == RUNASSIGNED:
                unassigned[v] = 0
                moved[v] = True
            u = v
        excess[u] += 1
        stats[0] += 1
        # reset the labels
        for i in range(n_touched):
            v = touched[i]
            best[v] = INF
            done[v] = False
            pred_node[v] = -1
            if v < n_s and not banned[v]:
                lim[v] = INF + pi[v]


@njit(cache=True)
def column_keys(col_ptr, col_p, col_c, s_avail, s_primary, sc, order, n_free, pi, n_s,
                out):  # pragma: no cover - compiled
    """``out[r]``: the least reduced cost of column entry ``r`` over its common sessions.

    ``c + sc[g, b] - pi[p] + pi[volunteer]`` at the pair's cheapest common block
    (every slot at its volunteer's potential); ``INF`` without a common block.
    A lower bound of the pair's arcs into the volunteer's free slots and, with
    ``pi[slot] >= pi[volunteer]`` on a full held slot, into its held ones.
    """
    INF = np.int64(1) << np.int64(62)
    n_m = col_ptr.shape[0] - 1
    for m in range(n_m):
        pm = pi[n_s + m]
        for r in range(col_ptr[m], col_ptr[m + 1]):
            p = np.int64(col_p[r])
            g = s_primary[p]
            out[r] = INF
            for k in range(n_free[m]):
                b = order[g, m, k]
                if (s_avail[p, b >> 6] >> np.uint64(b & 63)) & np.uint64(1) != 0:
                    out[r] = np.int64(col_c[r]) + sc[g, b] - pi[p] + pm
                    break


@njit(cache=True)
def slot_lists(col_ptr, col_p, col_c, s_avail, keys, nb, ptr, out_p, out_c
               ):  # pragma: no cover - compiled
    """The column entries of each slot ``keys[h] = m * nb + b`` whose pupil is free at ``b``.

    Called with empty ``out_*`` first (``ptr`` receives the counts' prefix sums),
    then with outputs of ``ptr[-1]`` entries.
    """
    fill = out_p.shape[0] > 0
    total = 0
    for h in range(keys.shape[0]):
        m = keys[h] // nb
        b = keys[h] - m * nb
        ptr[h] = total
        for r in range(col_ptr[m], col_ptr[m + 1]):
            p = col_p[r]
            if (s_avail[p, b >> 6] >> np.uint64(b & 63)) & np.uint64(1) != 0:
                if fill:
                    out_p[total] = p
                    out_c[total] = col_c[r]
                total += 1
    ptr[keys.shape[0]] = total


@njit(cache=True)
def columns(si, mi, cost, m_ptr, out_p, out_c):  # pragma: no cover - compiled
    """The feasible graph by volunteer (a stable counting sort of its rows by volunteer)."""
    at = m_ptr[:-1].copy()
    for r in range(si.shape[0]):
        m = mi[r]
        out_p[at[m]] = si[r]
        out_c[at[m]] = cost[r]
        at[m] += 1
