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


@njit(cache=True)
def price_scan(row_start, fp_mi, fp_cost, s_primary, s_avail, order, value, n_free, vmin_gm,
               pi_s, threshold, in_network, n_blocks, margin, per_student,
               out_row, out_blk, out_rc, out_count, buf_row, buf_blk, buf_rc, buf_mi
               ):  # pragma: no cover - compiled
    """Price each pupil's rows of the feasible graph; keep its most violated pairs.

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
    """
    n_s = row_start.shape[0] - 1
    n_m = n_free.shape[0]
    n_violating = 0
    min_rc = 0
    for p in range(n_s):
        g = s_primary[p]
        pip = pi_s[p]
        limit = pip + margin
        # the pupil's triples in the network: keys in [p * n_m * nb, (p + 1) * n_m * nb)
        k_lo = _lower_bound(in_network, 0, in_network.shape[0], p * n_m * n_blocks)
        k_hi = _lower_bound(in_network, k_lo, in_network.shape[0], (p + 1) * n_m * n_blocks)
        count = 0
        thr = threshold[p]
        for r in range(row_start[p], row_start[p + 1]):
            pc = np.int64(fp_cost[r])
            if pc >= thr:
                break
            m = np.int64(fp_mi[r])
            if pc + vmin_gm[g * n_m + m] >= limit:
                continue
            # the pair's triples in the network, if any
            base = (p * n_m + m) * n_blocks
            a = _lower_bound(in_network, k_lo, k_hi, base)
            z = _lower_bound(in_network, a, k_hi, base + n_blocks) if a < k_hi else a
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
        o = p * per_student
        if count <= per_student:
            sel = np.arange(count)
        else:
            by_m = np.argsort(buf_mi[:count], kind="mergesort")
            sel = by_m[np.argsort(buf_rc[:count][by_m], kind="mergesort")][:per_student]
        for j in range(sel.shape[0]):
            i = sel[j]
            out_row[o + j] = buf_row[i]
            out_blk[o + j] = buf_blk[i]
            out_rc[o + j] = buf_rc[i]
        out_count[p] = sel.shape[0]
    return n_violating, min_rc
