# mypy: allow-untyped-defs
"""Numba kernel of the merge's fill (imported only when numba is installed).

:func:`merge_fill` writes the three columns of :func:`..arcs._merged` in one pass
over the output; ``nogil``, so it can run beside other work.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True, nogil=True)
def merge_fill(pos, a0, a1, a2, b0, b1, b2, o0, o1, o2, lo, hi, j0):  # pragma: no cover
    """Rows ``lo..hi`` of the merge: row ``pos[j]`` from ``b*[j]``, the others from ``a*``.

    ``pos`` must be strictly increasing (checked: returns -1 otherwise, having
    written nothing reliable) and ``j0`` the first ``j`` with ``pos[j] >= lo``;
    the ``a`` row of output row ``r`` is ``r - j`` (the ``b`` rows before it).
    Returns the ``b`` rows written.
    """
    nb = pos.shape[0]
    na = a0.shape[0]
    j = j0
    for r in range(lo, hi):
        if j < nb and pos[j] == r:
            if j > 0 and pos[j - 1] >= r:
                return -1
            o0[r] = b0[j]
            o1[r] = b1[j]
            o2[r] = b2[j]
            j += 1
        else:
            if j < nb and pos[j] < r:
                return -1
            i = r - j
            if i >= na:
                return -1
            o0[r] = a0[i]
            o1[r] = a1[i]
            o2[r] = a2[i]
    return j - j0
