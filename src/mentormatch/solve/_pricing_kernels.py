# mypy: allow-untyped-defs
"""Numba kernel of the pricing scan (imported only when numba is installed).

See :mod:`mentormatch.solve.pricing` for what is priced and why the result is
the same as the numpy scan's; everything here is int64 arithmetic over the
feasible graph's arrays, compiled once and cached on disk (``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _lower_bound(keys, lo, hi, key):  # pragma: no cover - compiled
    """First position in ``keys[lo:hi]`` (sorted) holding a value ``>= key``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def price_scan(row_start, fp_mi, fp_cost, s_primary, s_avail, order, value, n_free, vmin_gm,
               pi_s, threshold, in_network, n_blocks, margin, per_student,
               out_row, out_blk, out_rc, out_count, buf_row, buf_blk, buf_rc, buf_mi, tie, stats,
               p_lo, p_hi):  # pragma: no cover - compiled
    """Price each pupil's rows of the feasible graph; keep its most violated pairs.

    Pupils ``p_lo:p_hi`` only: the kernel releases the GIL, so threads may scan
    disjoint ranges of pupils at once, each with its own buffers and ``stats``
    (the outputs of a pupil are written in its own slots).

    For pupil ``p``, rows ``row_start[p]`` onwards are read while their pair
    cost is below ``threshold[p]`` (rows are sorted by cost); a row whose
    bound ``cost + vmin_gm[g, m]`` reaches ``pi_s[p] + margin`` is skipped.
    A pair's best block is the first of its volunteer's blocks in ``order``
    (sorted by value) that the pupil is free for and whose triple is not in
    ``in_network`` (sorted triple keys); its reduced cost is ``cost + value -
    pi_s[p]``. Pairs with a reduced cost below ``margin`` are kept, at most
    ``per_student`` per pupil (least reduced cost first, ties: smaller
    volunteer), in ``out_*[p * per_student:]`` with ``out_count[p]`` of them.
    Returns ``(violating pairs, least reduced cost or 0)``: pairs below 0.
    ``stats`` (3 int64) counts rows read, rows within the bound and pairs
    below ``margin``.
    """
    n_m = n_free.shape[0]
    n_violating = 0
    min_rc = 0
    # mark[m] == p: pupil p has some triple with volunteer m in the network
    mark = np.full(n_m, -1, dtype=np.int64)
    for p in range(p_lo, p_hi):
        g = s_primary[p]
        pip = pi_s[p]
        limit = pip + margin
        # the pupil's triples in the network: keys in [p * n_m * nb, (p + 1) * n_m * nb)
        k_lo = _lower_bound(in_network, 0, in_network.shape[0], p * n_m * n_blocks)
        k_hi = _lower_bound(in_network, k_lo, in_network.shape[0], (p + 1) * n_m * n_blocks)
        for q in range(k_lo, k_hi):
            mark[(in_network[q] // n_blocks) % n_m] = p
        count = 0
        thr = threshold[p]
        for r in range(row_start[p], row_start[p + 1]):
            pc = np.int64(fp_cost[r])
            if pc >= thr:
                break
            stats[0] += 1
            m = np.int64(fp_mi[r])
            if pc + vmin_gm[g * n_m + m] >= limit:
                continue
            stats[1] += 1
            # the pair's triples in the network, if any
            base = (p * n_m + m) * n_blocks
            a = k_lo
            z = k_lo
            if mark[m] == p:
                a = _lower_bound(in_network, k_lo, k_hi, base)
                z = _lower_bound(in_network, a, k_hi, base + n_blocks)
            for rank in range(n_free[m]):
                b = order[g, m, rank]
                if (s_avail[p, b >> 6] >> np.uint64(b & 63)) & np.uint64(1) == 0:
                    continue
                if z > a:  # skip blocks whose triple is already in the network
                    q = _lower_bound(in_network, a, z, base + b)
                    if q < z and in_network[q] == base + b:
                        continue
                rc = pc + value[g, m, rank] - pip
                if rc < margin:
                    if rc < 0:
                        n_violating += 1
                        if rc < min_rc:
                            min_rc = rc
                    buf_row[count] = r
                    buf_blk[count] = b
                    buf_rc[count] = rc
                    buf_mi[count] = m
                    count += 1
                break
        if count == 0:
            continue
        stats[2] += count
        o = p * per_student
        if count <= per_student:
            for i in range(count):
                out_row[o + i] = buf_row[i]
                out_blk[o + i] = buf_blk[i]
                out_rc[o + i] = buf_rc[i]
            out_count[p] = count
            continue
        # the per_student least (rc, volunteer): every pair below the per_student-th
        # least rc, then the pairs at that rc by volunteer (the order does not matter:
        # the caller sorts)
        kth = np.partition(buf_rc[:count], per_student - 1)[per_student - 1]
        j = 0
        n_tie = 0
        for i in range(count):
            if buf_rc[i] < kth:
                out_row[o + j] = buf_row[i]
                out_blk[o + j] = buf_blk[i]
                out_rc[o + j] = buf_rc[i]
                j += 1
            elif buf_rc[i] == kth:
                tie[n_tie] = i
                n_tie += 1
        if n_tie > per_student - j:
            by_m = np.argsort(buf_mi[tie[:n_tie]], kind="mergesort")
            ties = tie[:n_tie][by_m]
        else:
            ties = tie[:n_tie]
        for t in range(per_student - j):
            i = ties[t]
            out_row[o + j] = buf_row[i]
            out_blk[o + j] = buf_blk[i]
            out_rc[o + j] = buf_rc[i]
            j += 1
        out_count[p] = j
    return n_violating, min_rc
