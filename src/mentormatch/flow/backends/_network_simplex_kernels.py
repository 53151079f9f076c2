# mypy: allow-untyped-defs
"""Numba kernels of the primal network simplex (imported only when numba is installed).

See :mod:`mentormatch.flow.backends.network_simplex` for the algorithm and why
its answer is exact; everything here is int64 arithmetic on flat arrays,
compiled once and cached on disk (``cache=True``).

Tree arrays, one entry per node (``n`` network nodes and the artificial root
``n``): ``parent``, ``pred`` (the tree arc joining a node to its parent),
``up`` (``+1`` when ``pred`` leaves the node towards its parent, ``-1`` when it
enters it), ``thread`` (preorder successor, a cycle through every node),
``rev`` (its inverse), ``size`` (nodes in the subtree) and ``last`` (the last
node of the subtree in thread order). Arc states: ``1`` at lower bound, ``-1``
at upper bound, ``0`` in the tree. Potentials ``pi`` follow the convention
``reduced cost = cost + pi[tail] - pi[head]`` (the front door's potentials are
``-pi``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Capacity of the artificial arcs (above any flow the caller accepts).
INF = np.int64(1) << np.int64(62)


@njit(cache=True)
def _join(src, dst, parent, size, e):  # pragma: no cover - compiled
    """The apex of the cycle that arc ``e`` closes in the tree."""
    u = src[e]
    v = dst[e]
    while u != v:
        if size[u] < size[v]:
            u = parent[u]
        else:
            v = parent[v]
    return u


@njit(cache=True)
def _pivot(e, src, dst, cap, cost, flow, state, pi, parent, pred, up, thread, rev, size,
           last, dirty):  # pragma: no cover - compiled
    """One pivot on entering arc ``e`` (strongly feasible leaving-arc rule)."""
    join = _join(src, dst, parent, size, e)
    if state[e] == 1:
        first = src[e]
        second = dst[e]
    else:
        first = dst[e]
        second = src[e]
    delta = cap[e]
    result = 0
    u_out = -1
    u = first
    while u != join:
        a = pred[u]
        d = flow[a]
        if up[u] == -1:
            d = cap[a] - d
        if d < delta:
            delta = d
            u_out = u
            result = 1
        u = parent[u]
    u = second
    while u != join:
        a = pred[u]
        d = flow[a]
        if up[u] == 1:
            d = cap[a] - d
        if d <= delta:
            delta = d
            u_out = u
            result = 2
        u = parent[u]
    if result == 1:
        u_in = first
        v_in = second
    else:
        u_in = second
        v_in = first
    # augment along the cycle
    if delta > 0:
        val = state[e] * delta
        flow[e] += val
        u = src[e]
        while u != join:
            flow[pred[u]] -= up[u] * val
            u = parent[u]
        u = dst[e]
        while u != join:
            flow[pred[u]] += up[u] * val
            u = parent[u]
    if result == 0:  # the entering arc blocks itself: it changes bound
        state[e] = -state[e]
        return
    state[e] = 0
    state[pred[u_out]] = 1 if flow[pred[u_out]] == 0 else -1
    # re-hang the subtree of u_out below v_in, reversing the stem u_in .. u_out
    old_rev = rev[u_out]
    old_size = size[u_out]
    old_last = last[u_out]
    v_out = parent[u_out]
    if u_in == u_out:
        parent[u_in] = v_in
        pred[u_in] = e
        up[u_in] = 1 if u_in == src[e] else -1
        if thread[v_in] != u_out:
            after = thread[old_last]
            thread[old_rev] = after
            rev[after] = old_rev
            after = thread[v_in]
            thread[v_in] = u_out
            rev[u_out] = v_in
            thread[old_last] = after
            rev[after] = old_last
    else:
        cont = thread[old_last] if old_rev == v_in else thread[v_in]
        stem = u_in
        par_stem = v_in
        lst = last[u_in]
        after = thread[lst]
        thread[v_in] = u_in
        nd = 0
        dirty[nd] = v_in
        nd += 1
        while stem != u_out:
            nxt = parent[stem]
            thread[lst] = nxt
            dirty[nd] = lst
            nd += 1
            before = rev[stem]
            thread[before] = after
            rev[after] = before
            parent[stem] = par_stem
            par_stem = stem
            stem = nxt
            lst = rev[par_stem] if last[stem] == last[par_stem] else last[stem]
            after = thread[lst]
        parent[u_out] = par_stem
        thread[lst] = cont
        rev[cont] = lst
        last[u_out] = lst
        if old_rev != v_in:
            thread[old_rev] = after
            rev[after] = old_rev
        for i in range(nd):
            w = dirty[i]
            rev[thread[w]] = w
        sc = 0
        ls = last[u_out]
        u = u_out
        p = parent[u]
        while u != u_in:
            pred[u] = pred[p]
            up[u] = -up[p]
            sc += size[u] - size[p]
            size[u] = sc
            last[p] = ls
            u = p
            p = parent[u]
        pred[u_in] = e
        up[u_in] = 1 if u_in == src[e] else -1
        size[u_in] = old_size
    # last successors towards the root, subtree sizes up to the apex
    limit = join if last[join] == v_in else -1
    last_out = last[u_out]
    u = v_in
    while u != -1 and last[u] == v_in:
        last[u] = last_out
        u = parent[u]
    if join != old_rev and v_in != old_rev:
        u = v_out
        while u != limit and last[u] == old_last:
            last[u] = old_rev
            u = parent[u]
    elif last_out != old_last:
        u = v_out
        while u != limit and last[u] == old_last:
            last[u] = last_out
            u = parent[u]
    u = v_in
    while u != join:
        size[u] += old_size
        u = parent[u]
    u = v_out
    while u != join:
        size[u] -= old_size
        u = parent[u]
    # potentials of the moved subtree
    sigma = pi[v_in] - pi[u_in] - up[u_in] * cost[e]
    end = thread[last[u_in]]
    u = u_in
    while u != end:
        pi[u] += sigma
        u = thread[u]


@njit(cache=True)
def simplex(tail, head, capacity, cost, supply, art_cost, first_arcs, block,
            max_pivots):  # pragma: no cover - compiled
    """Primal network simplex with block search from the all-artificial tree.

    Returns ``(flow, pi, status, pivots)``: ``status`` 0 optimal, 1 infeasible
    (an artificial arc keeps flow), 2 pivot budget exhausted. ``flow`` has the
    ``m`` network arcs, ``pi`` the ``n`` network nodes.
    """
    n = supply.shape[0]
    m = tail.shape[0]
    root = n
    total = m + n
    src = np.empty(total, np.int64)
    dst = np.empty(total, np.int64)
    cap = np.empty(total, np.int64)
    cst = np.empty(total, np.int64)
    flow = np.zeros(total, np.int64)
    state = np.ones(total, np.int64)
    src[:m] = tail
    dst[:m] = head
    cap[:m] = capacity
    cst[:m] = cost
    pi = np.zeros(n + 1, np.int64)
    parent = np.empty(n + 1, np.int64)
    pred = np.empty(n + 1, np.int64)
    up = np.empty(n + 1, np.int64)
    thread = np.empty(n + 1, np.int64)
    rev = np.empty(n + 1, np.int64)
    size = np.empty(n + 1, np.int64)
    last = np.empty(n + 1, np.int64)
    dirty = np.empty(n + 1, np.int64)
    for u in range(n):
        e = m + u
        parent[u] = root
        pred[u] = e
        thread[u] = u + 1
        rev[u + 1] = u
        size[u] = 1
        last[u] = u
        cap[e] = INF
        state[e] = 0
        if supply[u] >= 0:
            up[u] = 1
            src[e] = u
            dst[e] = root
            flow[e] = supply[u]
            cst[e] = 0
        else:
            up[u] = -1
            pi[u] = art_cost
            src[e] = root
            dst[e] = u
            flow[e] = -supply[u]
            cst[e] = art_cost
    parent[root] = -1
    pred[root] = -1
    up[root] = 0
    thread[root] = 0
    rev[0] = root
    size[root] = n + 1
    last[root] = n - 1
    pivots = 0
    # heuristic first pivots: the cheapest arc into every deficit node
    for i in range(first_arcs.shape[0]):
        e = first_arcs[i]
        if state[e] * (cst[e] + pi[src[e]] - pi[dst[e]]) < 0:
            _pivot(e, src, dst, cap, cst, flow, state, pi, parent, pred, up, thread, rev, size,
                   last, dirty)
            pivots += 1
    # block search: the most negative reduced cost in the next block of arcs
    nxt = 0
    while True:
        best = 0
        ein = -1
        cnt = block
        e = nxt
        stop = -1
        for _k in range(m):
            c = state[e] * (cst[e] + pi[src[e]] - pi[dst[e]])
            if c < best:
                best = c
                ein = e
            e += 1
            if e == m:
                e = 0
            cnt -= 1
            if cnt == 0:
                if best < 0:
                    stop = e
                    break
                cnt = block
        if ein < 0:
            break
        nxt = stop if stop >= 0 else e
        _pivot(ein, src, dst, cap, cst, flow, state, pi, parent, pred, up, thread, rev, size,
               last, dirty)
        pivots += 1
        if pivots > max_pivots:
            return flow[:m].copy(), pi[:n].copy(), 2, pivots
    status = 0
    for e in range(m, total):
        if flow[e] != 0:
            status = 1
    return flow[:m].copy(), pi[:n] - pi[root], status, pivots
