# mypy: allow-untyped-defs
"""Numba kernels of a primal–dual phase on :class:`~mentormatch.flow.residual.Residual`.

Imported only when numba is installed (the extra ``mentormatch[fast]``). Each
kernel is one pass over the residual copies (sorted by ``(frm, to)``) doing
what the numpy methods of :class:`~mentormatch.flow.residual.Residual` do in
several vectorised passes; every value is the same integer (the tests compare
both, phase by phase). Compiled once and cached on disk (``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def reprice(frm, to, rc, change):  # pragma: no cover - compiled
    """``rc += change[to] - change[frm]`` per copy (potentials ``pi += change``)."""
    for k in range(rc.shape[0]):
        rc[k] += change[to[k]] - change[frm[k]]


@njit(cache=True)
def live_graph(frm, to, group, rc, res, radius, n, indptr, indices, data, sel, ws,
               out):  # pragma: no cover - compiled
    """The live copies within ``radius``, merged per node pair, as CSR arrays.

    Copies with ``res > 0`` and ``rc <= radius`` go to ``sel``/``ws`` (their
    index and reduced cost, in copy order); each run of them with the same
    ``group`` gives one entry ``frm -> to`` of weight the least ``rc`` (CSR of
    the forward graph: ``indptr`` over ``frm``, ``indices`` = ``to``, ``data``).
    ``out`` receives ``[entries, live copies, least weight, largest weight]``.
    """
    n_pairs = 0
    n_sel = 0
    wmin = np.int64(0)
    wmax = np.int64(0)
    cur = np.int64(0)
    last = -1
    for v in range(n + 1):
        indptr[v] = 0
    for k in range(rc.shape[0]):
        if res[k] <= 0:
            continue
        w = rc[k]
        if w > radius:
            continue
        sel[n_sel] = k
        ws[n_sel] = w
        n_sel += 1
        g = group[k]
        if g == last:
            if w < cur:
                cur = w
            continue
        if n_pairs:  # close the previous pair
            data[n_pairs - 1] = cur
            if n_pairs == 1 or cur < wmin:
                wmin = cur
            if n_pairs == 1 or cur > wmax:
                wmax = cur
        last = g
        cur = w
        indices[n_pairs] = to[k]
        indptr[frm[k] + 1] += 1
        n_pairs += 1
    if n_pairs:
        data[n_pairs - 1] = cur
        if n_pairs == 1 or cur < wmin:
            wmin = cur
        if n_pairs == 1 or cur > wmax:
            wmax = cur
    for v in range(n):
        indptr[v + 1] += indptr[v]
    out[0] = n_pairs
    out[1] = n_sel
    out[2] = wmin
    out[3] = wmax


@njit(cache=True)
def admissible(sel, ws, n_sel, top, rc, res, group, frm, to, adm, acap, ast, gu, gv,
               gcap):  # pragma: no cover - compiled
    """Copies of ``sel[:n_sel]`` with ``ws <= top`` and ``rc == 0``, capacities summed per pair.

    Fills ``adm``/``acap`` (copies and their residual capacities, in order),
    ``ast`` (first position in ``adm`` of each pair), ``gu``/``gv``/``gcap``
    (each pair's nodes and summed capacity); returns ``(copies, pairs)``.
    """
    n_adm = 0
    n_grp = 0
    last = -1
    for i in range(n_sel):
        if ws[i] > top:
            continue
        k = sel[i]
        if rc[k] != 0:
            continue
        adm[n_adm] = k
        c = res[k]
        acap[n_adm] = c
        g = group[k]
        if g == last:
            gcap[n_grp - 1] += c
        else:
            last = g
            ast[n_grp] = n_adm
            gu[n_grp] = frm[k]
            gv[n_grp] = to[k]
            gcap[n_grp] = c
            n_grp += 1
        n_adm += 1
    return n_adm, n_grp


@njit(cache=True)
def transpose_csr(indptr, indices, data, n, t_indptr, t_indices, t_data):  # pragma: no cover
    """The CSR of the transposed graph (counting sort by head; rows keep their order)."""
    n_pairs = indptr[n]
    for v in range(n + 1):
        t_indptr[v] = 0
    for j in range(n_pairs):
        t_indptr[indices[j] + 1] += 1
    for v in range(n):
        t_indptr[v + 1] += t_indptr[v]
    for u in range(n):
        for j in range(indptr[u], indptr[u + 1]):
            h = indices[j]
            p = t_indptr[h]
            t_indices[p] = u
            t_data[p] = data[j]
            t_indptr[h] = p + 1
    for v in range(n, 0, -1):
        t_indptr[v] = t_indptr[v - 1]
    t_indptr[0] = 0


@njit(cache=True)
def heap_push(heap_d, heap_v, size, d, v):  # pragma: no cover - compiled
    """Push ``(d, v)`` on the binary heap of ``size`` entries; return the new size."""
    i = size
    while i > 0:
        p = (i - 1) >> 1
        if heap_d[p] > d or (heap_d[p] == d and heap_v[p] > v):
            heap_d[i] = heap_d[p]
            heap_v[i] = heap_v[p]
            i = p
        else:
            break
    heap_d[i] = d
    heap_v[i] = v
    return size + 1


@njit(cache=True)
def heap_pop(heap_d, heap_v, size):  # pragma: no cover - compiled
    """Remove the root of the heap (read it first); return the new size."""
    size -= 1
    if size > 0:
        ld = heap_d[size]
        lv = heap_v[size]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= size:
                break
            if c + 1 < size and (heap_d[c + 1] < heap_d[c]
                                 or (heap_d[c + 1] == heap_d[c] and heap_v[c + 1] < heap_v[c])):
                c += 1
            if heap_d[c] < ld or (heap_d[c] == ld and heap_v[c] < lv):
                heap_d[i] = heap_d[c]
                heap_v[i] = heap_v[c]
                i = c
            else:
                break
        heap_d[i] = ld
        heap_v[i] = lv
    return size


@njit(cache=True)
def dijkstra(indptr, indices, data, n, sources, is_target, n_targets, limit, dist,
             heap_d, heap_v):  # pragma: no cover - compiled
    """Multi-source Dijkstra on int64 weights; ``dist`` gets ``inf`` where not settled.

    Stops once every target is settled (nodes left unsettled are at least as far as
    the farthest target), or past ``limit``. A lazy binary heap (stale entries
    skipped) of ``(distance, node)``: ties by node, so the result is deterministic.
    """
    INF = np.int64(1) << np.int64(62)
    best = np.full(n, INF, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    size = 0
    for s in sources:
        if best[s] == 0:
            continue
        best[s] = 0
        size = heap_push(heap_d, heap_v, size, np.int64(0), s)
    left = n_targets
    cap = heap_d.shape[0]
    while size > 0 and left > 0:
        du = heap_d[0]
        u = heap_v[0]
        size = heap_pop(heap_d, heap_v, size)
        if done[u] or du > best[u]:
            continue
        if du > limit:
            break
        done[u] = True
        if is_target[u]:
            left -= 1
        for j in range(indptr[u], indptr[u + 1]):
            v = indices[j]
            nd = du + data[j]
            if nd < best[v] and not done[v]:
                best[v] = nd
                if size == cap:  # cannot happen: one entry per improvement, at most m + n
                    return -1
                size = heap_push(heap_d, heap_v, size, nd, v)
    for v in range(n):
        dist[v] = np.float64(best[v]) if done[v] else np.inf
    return 0


@njit(cache=True)
def build_copies(tail, head, capacity, cost, flow, potentials, frm, to, group, arc, sign, rc,
                 res, partner, pos, tmp, count):  # pragma: no cover - compiled
    """The copies of :class:`~mentormatch.flow.residual.Residual`, sorted by ``(frm, to)``.

    Copy ``k < m`` is arc ``k`` forward, ``m + k`` backward; self-loops dropped;
    stable order (two counting sorts: by ``to``, then by ``frm``), the order of
    ``stable_argsort(frm * n + to)``. Returns the number of copies.
    """
    m = tail.shape[0]
    n = potentials.shape[0]
    # pass 1: counting sort of the copies by ``to``
    for v in range(n + 1):
        count[v] = 0
    for k in range(2 * m):
        a = k if k < m else k - m
        f = tail[a] if k < m else head[a]
        t = head[a] if k < m else tail[a]
        if f != t:
            count[t + 1] += 1
    for v in range(n):
        count[v + 1] += count[v]
    nc = count[n]
    for k in range(2 * m):
        a = k if k < m else k - m
        f = tail[a] if k < m else head[a]
        t = head[a] if k < m else tail[a]
        if f != t:
            tmp[count[t]] = k
            count[t] += 1
    # pass 2: stable counting sort by ``frm``
    for v in range(n + 1):
        count[v] = 0
    for i in range(nc):
        k = tmp[i]
        f = tail[k] if k < m else head[k - m]
        count[f + 1] += 1
    for v in range(n):
        count[v + 1] += count[v]
    for i in range(nc):
        k = tmp[i]
        f = tail[k] if k < m else head[k - m]
        j = count[f]
        count[f] = j + 1
        pos[k] = j
    for k in range(2 * m):
        pos_k = pos[k]
        if pos_k < 0:
            continue
        a = k if k < m else k - m
        if k < m:
            frm[pos_k] = tail[a]
            to[pos_k] = head[a]
            sign[pos_k] = 1
            rc[pos_k] = cost[a] - potentials[tail[a]] + potentials[head[a]]
            res[pos_k] = capacity[a] - flow[a]
            partner[pos_k] = pos[k + m]
        else:
            frm[pos_k] = head[a]
            to[pos_k] = tail[a]
            sign[pos_k] = -1
            rc[pos_k] = -cost[a] - potentials[head[a]] + potentials[tail[a]]
            res[pos_k] = flow[a]
            partner[pos_k] = pos[a]
        arc[pos_k] = a
    g = -1
    for i in range(nc):
        if i == 0 or frm[i] != frm[i - 1] or to[i] != to[i - 1]:
            g += 1
        group[i] = g
    return nc


@njit(cache=True)
def _pred_has_cycle(tail, pred, stamp):  # pragma: no cover - compiled
    """Whether the predecessor graph (``pred[v]``: the arc last lowering ``d[v]``) has a cycle."""
    n = pred.shape[0]
    for v in range(n):
        stamp[v] = -1
    for s in range(n):
        if stamp[s] != -1:
            continue
        v = s
        while v != -1 and stamp[v] == -1:
            stamp[v] = s
            a = pred[v]
            v = tail[a] if a >= 0 else -1
        if v != -1 and stamp[v] == s:
            return True
    return False


@njit(cache=True)
def bellman_ford(tail, head, cost, d, budget, pred):  # pragma: no cover - compiled
    """Queue-based Bellman–Ford: ``d`` lowered in place to its fixed point.

    ``d[head[a]] <= d[tail[a]] + cost[a]`` for every arc at the end; the fixed
    point below the starting ``d`` is unique, so it is the vectorised search's.
    ``pred[v]`` (filled with -1 by the caller) is set to the arc that last lowered
    ``d[v]``; every ``n`` relaxations the predecessor graph is searched for a cycle,
    which can only be a negative one (each of its arcs was tight when set, and the
    head of the last one set has been lowered since).
    Returns the relaxations made, -2 when the predecessor graph has a cycle (a
    negative cycle: ``pred`` shows it), or -1 once more than ``budget`` were needed
    (a slow case: the caller runs the vectorised search).
    """
    n = d.shape[0]
    m = tail.shape[0]
    indptr = np.zeros(n + 1, dtype=np.int64)
    for a in range(m):
        indptr[tail[a] + 1] += 1
    for v in range(n):
        indptr[v + 1] += indptr[v]
    fill = indptr[:n].copy()
    hs = np.empty(m, dtype=np.int64)
    cs = np.empty(m, dtype=np.int64)
    ids = np.empty(m, dtype=np.int64)
    for a in range(m):
        j = fill[tail[a]]
        fill[tail[a]] = j + 1
        hs[j] = head[a]
        cs[j] = cost[a]
        ids[j] = a
    queue = np.empty(n + 1, dtype=np.int64)
    inq = np.ones(n, dtype=np.bool_)
    stamp = np.empty(n, dtype=np.int64)
    for v in range(n):
        queue[v] = v
    first = 0
    size = n
    cap = n + 1
    relax = 0
    check = n
    while size > 0:
        u = queue[first]
        first += 1
        if first == cap:
            first = 0
        size -= 1
        inq[u] = False
        du = d[u]
        for j in range(indptr[u], indptr[u + 1]):
            v = hs[j]
            nd = du + cs[j]
            if nd < d[v]:
                d[v] = nd
                pred[v] = ids[j]
                relax += 1
                if relax > budget:
                    return -1
                if relax >= check:
                    check += n
                    if _pred_has_cycle(tail, pred, stamp):
                        return -2
                if not inq[v]:
                    inq[v] = True
                    last = first + size
                    if last >= cap:
                        last -= cap
                    queue[last] = v
                    size += 1
    return relax


@njit(cache=True)
def copy_positions(frm, to, qf, qt, at):  # pragma: no cover - compiled
    """Where the copies ``qf -> qt`` go among copies sorted by ``(frm, to)``.

    ``at[j]`` is the first position whose pair is not below ``(qf[j], qt[j])``;
    returns whether one of them lands on an equal pair (a tie: the order
    among parallel copies would need the copy indices, the caller rebuilds).
    """
    size = frm.shape[0]
    tie = False
    for j in range(qf.shape[0]):
        f = qf[j]
        t = qt[j]
        lo = 0
        hi = size
        while lo < hi:
            mid = (lo + hi) >> 1
            if frm[mid] < f or (frm[mid] == f and to[mid] < t):
                lo = mid + 1
            else:
                hi = mid
        at[j] = lo
        if lo < size and frm[lo] == f and to[lo] == t:
            tie = True
    return tie


@njit(cache=True)
def merge_copies(frm, to, arc, sign, rc, res, partner, change, at, qf, qt, qarc, qsign,
                 qrc, qres, qpartner, first, shift, frm2, to2, group2, arc2, sign2, rc2,
                 res2, partner2, newpos):  # pragma: no cover - compiled
    """The copies with ``q`` new ones inserted before the old positions ``at`` (sorted).

    Old copies keep their order, their arc index is raised by ``shift`` from
    arc ``first`` on (the new arcs are inserted there), their reduced cost
    follows ``pi += change``; new copy ``j`` goes before old copy ``at[j]``
    (ties by ``j``) and partners copy ``qpartner[j]`` among the new ones. The
    groups are numbered again over the merged order.
    """
    size = frm.shape[0]
    q = at.shape[0]
    j = 0
    for i in range(size):
        while j < q and at[j] <= i:
            j += 1
        newpos[i] = i + j
    for i in range(size):
        p = newpos[i]
        frm2[p] = frm[i]
        to2[p] = to[i]
        a = arc[i]
        arc2[p] = a + shift if a >= first else a
        sign2[p] = sign[i]
        rc2[p] = rc[i] + change[to[i]] - change[frm[i]]
        res2[p] = res[i]
        partner2[p] = newpos[partner[i]]
    for j in range(q):
        p = at[j] + j
        frm2[p] = qf[j]
        to2[p] = qt[j]
        arc2[p] = qarc[j]
        sign2[p] = qsign[j]
        rc2[p] = qrc[j]
        res2[p] = qres[j]
        k = qpartner[j]
        partner2[p] = at[k] + k
    g = -1
    for i in range(size + q):
        if i == 0 or frm2[i] != frm2[i - 1] or to2[i] != to2[i - 1]:
            g += 1
        group2[i] = g


@njit(cache=True)
def _count_le(at, x):  # pragma: no cover - compiled
    """How many entries of the sorted ``at`` are ``<= x``."""
    lo = 0
    hi = at.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        if at[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def merge_in_place(frm, to, group, arc, sign, rc, res, partner, size, change, at, qf, qt,
                   qarc, qsign, qrc, qres, qpartner, first, shift):  # pragma: no cover
    """:func:`merge_copies` into the same arrays (their room beyond ``size`` takes the growth).

    One pass follows ``change``, the arc shift and the partners' new places
    (a binary search among the few insertion places); then, from the end down
    to the first insertion place, the old copies move up and the new ones go
    in; the groups are numbered again from there. Copies before the first
    insertion place stay where they are.
    """
    q = at.shape[0]
    for i in range(size):
        rc[i] += change[to[i]] - change[frm[i]]
        if arc[i] >= first:
            arc[i] += shift
        x = partner[i]
        partner[i] = x + _count_le(at, x)
    lo = at[0] if q else size
    j = q - 1
    # from the end: the new copies inserted before position i go in, then copy i
    # moves up past them; the last step (i = lo - 1) only places the copies left
    for i in range(size - 1, lo - 2, -1):
        while j >= 0 and at[j] > i:
            p = at[j] + j
            frm[p] = qf[j]
            to[p] = qt[j]
            arc[p] = qarc[j]
            sign[p] = qsign[j]
            rc[p] = qrc[j]
            res[p] = qres[j]
            k = qpartner[j]
            partner[p] = at[k] + k
            j -= 1
        if i < lo:
            break
        d = i + j + 1
        frm[d] = frm[i]
        to[d] = to[i]
        arc[d] = arc[i]
        sign[d] = sign[i]
        rc[d] = rc[i]
        res[d] = res[i]
        partner[d] = partner[i]
    g = group[lo - 1] if lo > 0 else -1
    for i in range(lo, size + q):
        if i == 0 or frm[i] != frm[i - 1] or to[i] != to[i - 1]:
            g += 1
        group[i] = g


@njit(cache=True)
def lower_largest(frm, to, rc, res, partner, label, heap_d, heap_v):  # pragma: no cover
    """Lower ``label`` to the largest values with ``label[t] <= rc + label[h]`` on live copies.

    ``rc >= 0`` on every live copy (``res > 0``), ``label`` starts at an upper
    bound. One pass applies every live copy once to the starting labels; the
    nodes it lowers seed a Dijkstra that relaxes, from each settled node ``u``,
    the live copies into it (the partners of the copies leaving it, of reduced
    cost ``-rc``: the copies are sorted by ``frm``). A node no lowering reaches keeps its label (its
    copies were applied by the first pass). Returns the nodes settled, -1 if
    the heap overflows (never expected: one entry per lowering).
    """
    size = frm.shape[0]
    n = label.shape[0]
    start = label.copy()
    for k in range(size):
        if res[k] <= 0:
            continue
        nd = rc[k] + start[to[k]]
        t = frm[k]
        if nd < label[t]:
            label[t] = nd
    cap = heap_d.shape[0]
    hs = 0
    for v in range(n):
        if label[v] < start[v]:
            if hs == cap:
                return -1
            hs = heap_push(heap_d, heap_v, hs, label[v], v)
    done = np.zeros(n, dtype=np.bool_)
    settled = 0
    if hs == 0:
        return 0
    row = np.zeros(n + 1, dtype=np.int64)
    for k in range(size):
        row[frm[k] + 1] += 1
    for v in range(n):
        row[v + 1] += row[v]
    while hs > 0:
        du = heap_d[0]
        u = heap_v[0]
        hs = heap_pop(heap_d, heap_v, hs)
        if done[u] or du > label[u]:
            continue
        done[u] = True
        settled += 1
        for k in range(row[u], row[u + 1]):
            c = partner[k]        # the copy to[k] -> u, of reduced cost -rc[k]
            if res[c] <= 0:
                continue
            t = to[k]
            nd = du - rc[k]
            if nd < label[t] and not done[t]:
                label[t] = nd
                if hs == cap:
                    return -1
                hs = heap_push(heap_d, heap_v, hs, nd, t)
    return settled
