# mypy: allow-untyped-defs
"""The in-place cycles of :mod:`mentormatch.whatif.cycles`, as one numba-compatible function.

:func:`pending_cycles` is plain Python over numpy arrays: without numba it runs
as is (slow, so its callers cap it lower); with numba
(``mentormatch[fast]``) :mod:`mentormatch.whatif._search_kernels` compiles this
very function, so both paths do the same steps in the same order
(``tests/whatif/test_local_kernels.py`` compares them).

The residual graph is never built: each search reads every arc's flow,
capacity and cost and the node potentials, and the cycles update flow and
potentials **in place**, so the next search sees the graph the last cycle left.
"""

from __future__ import annotations

#: A label larger than any reachable one.
INF = 1 << 62


def pending_cycles(n_s, inc_ptr, inc_arc, xptr, xarc, tail, head, cap, cost, flow, off,
                   pending, pi, raised, max_settled, max_total, dist, pred, settled,
                   heap_d, heap_v, out, trace):
    """Close the pending arcs one at a time by a cycle, updating flow and ``pi`` in place.

    Parameters
    ----------
    n_s
        Pupils (nodes ``0 .. n_s - 1``).
    inc_ptr, inc_arc
        The network's arcs by endpoint (CSR over the network's nodes).
    xptr, xarc
        The extra arcs (the what-if's pairs, new slots) by endpoint (CSR over
        every node, new slots included); ``xarc`` indexes the arc arrays.
    tail, head, cap, cost, flow
        Every arc (network arcs, then extra arcs); ``flow`` is updated.
    off
        Arcs not in the residual graph: left out of the modified network, or
        pending (``pending`` lists the candidates; each is switched on when closed).
    pi
        Node potentials (``rc = cost - pi[tail] + pi[head]``), dual feasible on
        every arc that is not off; raised in place.
    raised
        Set True on every node whose potential changes (raised, or a pupil lowered).
    max_settled, max_total
        Nodes settled by one search, and by all, at most (beyond: -1 returned).
    dist, pred, settled, heap_d, heap_v
        Work arrays: ``dist`` all ``INF`` on entry (left so on return), the
        others at least as long as a search may need.
    out
        Receives ``[cycles applied, nodes settled, searches]``.
    trace
        ``(k, 5)``: for each of the first ``k`` searches, the limit, reached (0/1),
        nodes settled, the pending arc's pupil and ``T`` (``k = 0``: none; profiling).

    Returns
    -------
    int
        0 when every pending arc is closed; -1 when a search grew too large;
        -2 when an arc that should be dual feasible is not (the caller then
        re-solves the general way).

    Notes
    -----
    The pending arc ``e = (p, w)`` of least reduced cost ``rc < 0`` is taken
    first. A Dijkstra from ``w`` over the residual arcs gives ``d(v)``, the
    cheapest path from ``w`` to ``v``; it stops when ``p`` is settled (``T =
    d(p)``; as soon as ``p`` is labelled at the current label, which no later
    label can beat) or when no label below ``-rc`` is left (``T = -rc``).
    Raising each settled node by ``T - d(v)`` keeps every residual arc dual
    feasible (``d(b) <= d(a) + rc(a, b)``) and makes ``e``'s reduced cost 0
    (not reached: ``e`` joins with no flow) or ``rc + T < 0`` with every arc of
    the path at 0 (reached: the cycle ``p -> w -> ... -> p`` is sent, and ``e``,
    saturated, is dual feasible). Then every settled pupil (and ``p``) is
    lowered to the arc carrying its unit (a pupil has no arc in: only its own
    arcs' reduced costs grow), as :func:`mentormatch.solve.duals.pricing_potentials`
    does: a pupil left high would make its other pairs look negative.
    """
    n_cycles = 0
    total = 0
    searches = 0
    n_pending = pending.shape[0]
    while True:
        e = -1
        best = 0
        for k in range(n_pending):
            a = pending[k]
            if not off[a]:
                continue
            r = cost[a] - pi[tail[a]] + pi[head[a]]
            if r >= 0:
                off[a] = False   # dual feasible already: it simply joins
                continue
            if r < best:
                best = r
                e = a
        if e < 0:
            break
        p = tail[e]
        w = head[e]
        limit = -best
        searches += 1
        # Dijkstra from w towards p; labels below ``limit`` only
        dist[w] = 0
        pred[w] = -1
        heap_d[0] = 0
        heap_v[0] = w
        size = 1
        n_set = 0
        t_ = limit
        reached = False
        status = 0
        while size > 0:
            d = heap_d[0]
            v = heap_v[0]
            # pop the root: the last entry sifts down from the top
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
                                         or (heap_d[c + 1] == heap_d[c]
                                             and heap_v[c + 1] < heap_v[c])):
                        c += 1
                    if heap_d[c] < ld or (heap_d[c] == ld and heap_v[c] < lv):
                        heap_d[i] = heap_d[c]
                        heap_v[i] = heap_v[c]
                        i = c
                    else:
                        break
                heap_d[i] = ld
                heap_v[i] = lv
            if d != dist[v] or d < 0:
                continue   # stale entry, or v already settled (marked by a negative label)
            settled[n_set] = v
            n_set += 1
            if v == p:
                t_ = d
                reached = True
                break
            if n_set > max_settled:
                status = -1
                break
            # the residual arcs out of v: network arcs, then extra arcs
            for part in range(2):
                if part == 0:
                    lo = inc_ptr[v] if v < inc_ptr.shape[0] - 1 else 0
                    hi = inc_ptr[v + 1] if v < inc_ptr.shape[0] - 1 else 0
                else:
                    lo = xptr[v]
                    hi = xptr[v + 1]
                for k in range(lo, hi):
                    a = inc_arc[k] if part == 0 else xarc[k]
                    if off[a]:
                        continue
                    if tail[a] == v and flow[a] < cap[a]:
                        u = head[a]
                        r = cost[a] - pi[v] + pi[u]
                    elif head[a] == v and flow[a] > 0:
                        u = tail[a]
                        r = pi[u] - pi[v] - cost[a]
                    else:
                        continue
                    if r < 0:
                        status = -2
                        break
                    x = d + r
                    if x < limit and x < dist[u]:
                        dist[u] = x
                        pred[u] = a
                        if u == p and x == d:
                            # no label left is below d: p's is final (the plateau behind
                            # the sink has many nodes at d; they need not be settled)
                            t_ = x
                            reached = True
                            status = 1
                            break
                        # push (x, u): sift up
                        i = size
                        size += 1
                        while i > 0:
                            par = (i - 1) // 2
                            if heap_d[par] < x or (heap_d[par] == x and heap_v[par] < u):
                                break
                            heap_d[i] = heap_d[par]
                            heap_v[i] = heap_v[par]
                            i = par
                        heap_d[i] = x
                        heap_v[i] = u
                if status != 0:
                    break
            if status != 0:
                break
            dist[v] = -1 - d   # settled (labels are >= 0): later entries of v are stale
        # labels are pushed below ``limit`` only: the heap empties unless w is reached
        # restore dist of every settled node to its label for the update below
        for i in range(n_set):
            v = settled[i]
            if dist[v] < 0:
                dist[v] = -1 - dist[v]
        if status == 1:
            status = 0
        if status == 0:
            for i in range(n_set):
                v = settled[i]
                rise = t_ - dist[v]
                if rise > 0:
                    pi[v] += rise
                    raised[v] = True
            if reached:
                x = p
                while x != w:
                    a = pred[x]
                    if head[a] == x:
                        flow[a] += 1
                        x = tail[a]
                    else:
                        flow[a] -= 1
                        x = head[a]
                flow[e] += 1
                n_cycles += 1
            off[e] = False
            # pupils as low as the arc carrying their unit allows (they have no arc in):
            # the settled ones and p; only their own arcs' reduced costs grow
            for i in range(n_set + 1):
                v = settled[i] if i < n_set else p
                if v >= n_s:
                    continue
                top = -INF
                for part in range(2):
                    lo = inc_ptr[v] if part == 0 else xptr[v]
                    hi = inc_ptr[v + 1] if part == 0 else xptr[v + 1]
                    for k in range(lo, hi):
                        a = inc_arc[k] if part == 0 else xarc[k]
                        if tail[a] == v and flow[a] > 0 and not off[a]:
                            x = pi[head[a]] + cost[a]
                            if x > top:
                                top = x
                if -INF < top < pi[v]:
                    pi[v] = top
                    raised[v] = True
        total += n_set
        if searches <= trace.shape[0]:
            trace[searches - 1, 0] = limit
            trace[searches - 1, 1] = 1 if reached else 0
            trace[searches - 1, 2] = n_set
            trace[searches - 1, 3] = p
            trace[searches - 1, 4] = t_
        # reset the labels: every labelled node is settled, or still in the heap
        for i in range(n_set):
            dist[settled[i]] = INF
        for i in range(size):
            dist[heap_v[i]] = INF
        dist[p] = INF
        dist[w] = INF
        if status != 0:
            out[0] = n_cycles
            out[1] = total
            out[2] = searches
            return status
        if total > max_total:
            out[0] = n_cycles
            out[1] = total
            out[2] = searches
            return -1
    out[0] = n_cycles
    out[1] = total
    out[2] = searches
    return 0
