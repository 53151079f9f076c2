# mypy: allow-untyped-defs
"""Numba kernels of the forward–reverse auction (imported only when numba is installed).

See :mod:`mentormatch.flow.backends.auction` for the algorithm and its proof;
everything here is int64 arithmetic on CSR/CSC arrays, compiled once and
cached on disk (``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Sentinel "no option" cost (far above any scaled cost the caller accepts).
NONE = np.int64(1) << np.int64(62)


@njit(cache=True)
def _forward(row_ptr, col_idx, cost, outside, price, owner, col_of, value, queue, eps,
             budget, price_limit):  # pragma: no cover - compiled
    """Gauss–Seidel forward auction from the rows in ``queue``; returns bids made or -1."""
    m = row_ptr.shape[0] - 1
    head = 0
    tail = 0
    size = queue.shape[0]
    count = 0
    for i in range(m):
        if col_of[i] == -1:
            queue[tail] = i
            tail += 1
    pending = tail
    while pending > 0:
        i = queue[head]
        head += 1
        if head == size:
            head = 0
        pending -= 1
        count += 1
        if count > budget:
            return -1
        b1 = outside[i]
        j1 = -2
        b2 = NONE
        for e in range(row_ptr[i], row_ptr[i + 1]):
            j = col_idx[e]
            v = cost[e] + price[j]
            if v < b1:
                b2 = b1
                b1 = v
                j1 = j
            elif v < b2:
                b2 = v
        if j1 == -2:
            if b1 >= NONE:
                return -1  # a row without any option: infeasible
            col_of[i] = -2
            value[i] = b1
            continue
        if b2 >= NONE:
            b2 = b1 + eps
        e1 = b1 - price[j1]
        newp = b2 - e1 + eps
        if newp > price_limit:
            return -1
        price[j1] = newp
        prev = owner[j1]
        owner[j1] = i
        col_of[i] = j1
        value[i] = b2 + eps
        if prev >= 0:
            col_of[prev] = -1
            queue[tail] = prev
            tail += 1
            if tail == size:
                tail = 0
            pending += 1
    return count


@njit(cache=True)
def _reverse(col_ptr, row_idx, ccost, price, owner, col_of, value, queue, eps,
             budget):  # pragma: no cover - compiled
    """Reverse auction: every free column with a positive price lowers it (lambda = 0).

    Returns bids made, or -1 past the budget.
    """
    n = col_ptr.shape[0] - 1
    size = queue.shape[0]
    head = 0
    tail = 0
    pending = 0
    for j in range(n):
        if owner[j] == -1 and price[j] > 0:
            queue[tail] = j
            tail += 1
            pending += 1
    count = 0
    while pending > 0:
        j = queue[head]
        head += 1
        if head == size:
            head = 0
        pending -= 1
        if owner[j] != -1 or price[j] <= 0:
            continue
        count += 1
        if count > budget:
            return -1
        beta = -NONE
        w = -NONE
        best = -1
        bc = 0
        for e in range(col_ptr[j], col_ptr[j + 1]):
            i = row_idx[e]
            b = value[i] - ccost[e]
            if b > beta:
                w = beta
                beta = b
                best = i
                bc = ccost[e]
            elif b > w:
                w = b
        if best < 0 or beta < eps:
            price[j] = 0
            continue
        p = w - eps
        if p < 0:
            p = 0
        price[j] = p
        k = col_of[best]
        owner[j] = best
        col_of[best] = j
        value[best] = bc + p
        if k >= 0:
            owner[k] = -1
            if price[k] > 0:
                queue[tail] = k
                tail += 1
                if tail == size:
                    tail = 0
                pending += 1
    return count


@njit(cache=True)
def certify(row_ptr, col_idx, cost, outside, col_ptr, row_idx, ccost, price, col_of,
            scale, budget):  # pragma: no cover - compiled
    """Exact column prices proving a row-saturating matching optimal, if ``price`` leads to any.

    Costs are the scaled ones (multiples of ``scale``); the prices returned are
    in unscaled units. Starting from ``price / scale`` rounded up, the prices of matched
    columns are only lowered, by a queue-based Bellman–Ford on the difference
    constraints of complementary slackness (a matched row's column may cost it
    no more than any other option: ``q[a] <= c[i, k] + q[k] - c[i, a]`` and
    ``q[a] <= outside[i] - c[i, a]``). Free columns keep their price (0 after
    the reverse auction). Fails (returns ``False``) when a price would turn
    negative or more than ``budget`` lowerings are needed. Success is verified
    by a last pass over every edge: every row's option is its cheapest at the
    prices ``q`` (``>= 0``, 0 on free columns), i.e. an optimal dual solution
    of the assignment LP satisfying complementary slackness with the matching,
    which is therefore optimal.

    Returns ``(ok, q)``.
    """
    m = row_ptr.shape[0] - 1
    n = price.shape[0]
    q = np.empty(n, dtype=np.int64)
    for j in range(n):
        q[j] = (price[j] + scale - 1) // scale   # rounded up: only lowered below
    cur = np.zeros(m, dtype=np.int64)        # unscaled cost of each row's own option
    queue = np.empty(n + 1, dtype=np.int64)
    inq = np.zeros(n, dtype=np.bool_)
    first = 0
    size = 0
    cap = n + 1
    for i in range(m):
        a = col_of[i]
        if a == -2:
            cur[i] = outside[i] // scale
            continue
        if a < 0:
            return False, q
        b = NONE
        if outside[i] < NONE:
            b = outside[i] // scale
        for e in range(row_ptr[i], row_ptr[i + 1]):
            j = col_idx[e]
            if j == a:
                cur[i] = cost[e] // scale
            else:
                v = cost[e] // scale + q[j]
                if v < b:
                    b = v
        if b < NONE and b - cur[i] < q[a]:
            q[a] = b - cur[i]
            if q[a] < 0:
                return False, q
            if not inq[a]:
                inq[a] = True
                queue[(first + size) % cap] = a
                size += 1
    lowered = 0
    while size > 0:
        k = queue[first]
        first += 1
        if first == cap:
            first = 0
        size -= 1
        inq[k] = False
        qk = q[k]
        for e in range(col_ptr[k], col_ptr[k + 1]):
            i = row_idx[e]
            a = col_of[i]
            if a < 0 or a == k:
                continue
            v = qk + ccost[e] // scale - cur[i]
            if v < q[a]:
                q[a] = v
                if v < 0:
                    return False, q
                lowered += 1
                if lowered > budget:
                    return False, q
                if not inq[a]:
                    inq[a] = True
                    queue[(first + size) % cap] = a
                    size += 1
    # the proof: every row's own option is its cheapest at the prices q
    for i in range(m):
        a = col_of[i]
        b = NONE
        if outside[i] < NONE:
            b = outside[i] // scale
        for e in range(row_ptr[i], row_ptr[i + 1]):
            j = col_idx[e]
            if j != a:
                v = cost[e] // scale + q[j]
                if v < b:
                    b = v
        own = cur[i] + (q[a] if a >= 0 else 0)
        if own > b:
            return False, q
    owned = np.zeros(n, dtype=np.bool_)
    for i in range(m):
        if col_of[i] >= 0:
            owned[col_of[i]] = True
    for j in range(n):
        if q[j] < 0 or (q[j] > 0 and not owned[j]):
            return False, q
    return True, q


@njit(cache=True)
def auction(row_ptr, col_idx, cost, outside, col_ptr, row_idx, ccost, price0, eps0,
            factor, budget, price_limit, scale, certify_budget):  # pragma: no cover - compiled
    """ε-scaling forward–reverse auction; returns ``(col_of_row, price, bids, phases)``.

    Starts from the column prices ``price0`` (any values ``>= 0``; zeros cold).
    ``col_of_row[i]`` is a column index, ``-2`` for the row's outside option,
    or the whole array is ``-1`` when the budget or the price limit was hit.
    Costs are multiples of ``scale``; after each phase with ``ε < scale`` (below
    one unscaled cost unit) :func:`certify` tries to prove the matching optimal
    (within ``certify_budget`` price lowerings), and the auction stops early
    with the proving prices (times ``scale``) when it does.
    """
    m = row_ptr.shape[0] - 1
    n_cols = price0.shape[0]
    price = price0.copy()
    owner = np.full(n_cols, -1, dtype=np.int64)
    col_of = np.full(m, -1, dtype=np.int64)
    value = np.zeros(m, dtype=np.int64)
    queue = np.empty(max(m, n_cols) + 1, dtype=np.int64)
    eps = eps0
    bids = 0
    phases = 0
    while True:
        phases += 1
        for j in range(n_cols):
            owner[j] = -1
        for i in range(m):
            col_of[i] = -1
        c = _forward(row_ptr, col_idx, cost, outside, price, owner, col_of, value, queue,
                     eps, budget - bids, price_limit)
        if c < 0:
            return np.full(m, -1, dtype=np.int64), price, bids, phases
        bids += c
        c = _reverse(col_ptr, row_idx, ccost, price, owner, col_of, value, queue, eps,
                     budget - bids)
        if c < 0:
            return np.full(m, -1, dtype=np.int64), price, bids, phases
        bids += c
        if eps == 1:
            break
        if eps < scale:
            # below one cost unit the matching is often optimal already: prove it
            ok, q = certify(row_ptr, col_idx, cost, outside, col_ptr, row_idx, ccost, price,
                            col_of, scale, certify_budget)
            if ok:
                for j in range(n_cols):
                    price[j] = q[j] * scale
                return col_of, price, bids, phases
        eps = eps // factor
        if eps < 1:
            eps = 1
    return col_of, price, bids, phases


@njit(cache=True)
def prepare(rows, cols, costs, m, n_cols, lo, mult):  # pragma: no cover - compiled
    """Edges to the auction's arrays, in O(edges + rows + columns).

    Duplicate ``(row, col)`` edges keep the cheapest; costs become
    ``(cost - lo) * mult``; a column with one edge becomes its row's outside
    option (the cheapest per row). Returns ``(row_ptr, col_idx, cost, outside,
    out_col, col_ptr, row_idx, ccost, shared_cols)``; columns in ``col_idx``
    are indices into ``shared_cols``.
    """
    e_n = rows.shape[0]
    cnt = np.zeros(m + 1, dtype=np.int64)
    for e in range(e_n):
        cnt[rows[e] + 1] += 1
    for i in range(m):
        cnt[i + 1] += cnt[i]
    pos = cnt[:m].copy()
    c1 = np.empty(e_n, dtype=np.int64)
    w1 = np.empty(e_n, dtype=np.int64)
    for e in range(e_n):
        i = rows[e]
        c1[pos[i]] = cols[e]
        w1[pos[i]] = (costs[e] - lo) * mult
        pos[i] += 1
    # dedupe within each row (stamp by row), compacting in place
    stamp = np.full(n_cols, -1, dtype=np.int64)
    where = np.zeros(n_cols, dtype=np.int64)
    ptr = np.zeros(m + 1, dtype=np.int64)
    k = 0
    for i in range(m):
        for e in range(cnt[i], cnt[i + 1]):
            j = c1[e]
            if stamp[j] == i:
                if w1[e] < w1[where[j]]:
                    w1[where[j]] = w1[e]
            else:
                stamp[j] = i
                where[j] = k
                c1[k] = j
                w1[k] = w1[e]
                k += 1
        ptr[i + 1] = k
    deg = np.zeros(n_cols, dtype=np.int64)
    for e in range(k):
        deg[c1[e]] += 1
    cid = np.full(n_cols, -1, dtype=np.int64)
    n_sh = 0
    for j in range(n_cols):
        if deg[j] >= 2:
            cid[j] = n_sh
            n_sh += 1
    shared_cols = np.empty(n_sh, dtype=np.int64)
    for j in range(n_cols):
        if cid[j] >= 0:
            shared_cols[cid[j]] = j
    outside = np.full(m, NONE, dtype=np.int64)
    out_col = np.full(m, -1, dtype=np.int64)
    row_ptr = np.zeros(m + 1, dtype=np.int64)
    col_idx = np.empty(k, dtype=np.int64)
    cost = np.empty(k, dtype=np.int64)
    s = 0
    ccnt = np.zeros(n_sh + 1, dtype=np.int64)
    for i in range(m):
        for e in range(ptr[i], ptr[i + 1]):
            j = c1[e]
            if cid[j] < 0:
                if w1[e] < outside[i]:
                    outside[i] = w1[e]
                    out_col[i] = j
            else:
                col_idx[s] = cid[j]
                cost[s] = w1[e]
                ccnt[cid[j] + 1] += 1
                s += 1
        row_ptr[i + 1] = s
    for j in range(n_sh):
        ccnt[j + 1] += ccnt[j]
    col_ptr = ccnt.copy()
    cpos = ccnt[:n_sh].copy()
    row_idx = np.empty(s, dtype=np.int64)
    ccost = np.empty(s, dtype=np.int64)
    for i in range(m):
        for e in range(row_ptr[i], row_ptr[i + 1]):
            j = col_idx[e]
            row_idx[cpos[j]] = i
            ccost[cpos[j]] = cost[e]
            cpos[j] += 1
    return (row_ptr, col_idx[:s], cost[:s], outside, out_col, col_ptr, row_idx, ccost,
            shared_cols)
