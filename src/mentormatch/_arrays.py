"""Small array idioms shared by the flow layer and the engine (no Python loops)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = ["FLOAT_EXACT", "counting_argsort", "group_rank", "grouped_csr", "in_sorted",
           "lexsort_int", "ranges", "reduce_runs", "sorted_csr", "stable_argsort",
           "unique_inverse"]

#: Integers up to this size are exact in float64. Whatever goes through a float64
#: solver (scipy's Dijkstra and LAPJV, HiGHS) or an objective kept float-safe stays
#: below it: the network's objective bound, the primal–dual's reduced costs, the
#: pricing potentials' Dijkstra.
FLOAT_EXACT = 2**53

IntArray = NDArray[np.int64]
V = TypeVar("V", bound=np.generic)


def ranges(counts: NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """Return ``(owner, offset)``: item ``i`` repeated ``counts[i]`` times, offsets ``0..``.

    ``ranges([2, 0, 3])`` is ``([0, 0, 2, 2, 2], [0, 1, 0, 1, 2])``.
    """
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.shape[0], dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(owner.shape[0], dtype=np.int64) - starts[owner]


def group_rank(sorted_keys: NDArray[np.generic]) -> IntArray:
    """Position of each element within its run of equal keys (``sorted_keys`` grouped).

    ``group_rank([4, 4, 7, 9, 9, 9])`` is ``[0, 1, 0, 0, 1, 2]``.
    """
    n = sorted_keys.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return ranges(np.diff(np.r_[starts, n]))[1]


def stable_argsort(keys: NDArray[np.integer]) -> IntArray:
    """``np.argsort(keys, kind="stable")`` for integer keys, several times faster.

    When ``(key - min) << bits(n)`` fits in 63 bits, each key is packed with its
    position into one int64 and the packed values are sorted with ``np.sort``
    (numpy's vectorised sort; measured 0.08 s against 0.73 s for a stable
    argsort of 4 million keys). Equal keys keep their order because the
    position breaks the tie. Otherwise falls back to the stable argsort.
    """
    k = np.asarray(keys)
    n = k.shape[0]
    if n < 2:
        return np.arange(n, dtype=np.int64)
    lo, hi = int(k.min()), int(k.max())
    ib = (n - 1).bit_length()
    if (hi - lo).bit_length() + ib > 63:
        return np.asarray(np.argsort(k, kind="stable"), dtype=np.int64)
    packed = (k.astype(np.int64) - lo) << ib
    packed |= np.arange(n, dtype=np.int64)
    packed.sort()
    packed &= (1 << ib) - 1
    return packed


def counting_argsort(keys: NDArray[np.integer], size: int) -> NDArray[np.integer]:
    """``np.argsort(keys, kind="stable")`` for keys in ``[0, size)``, by a counting sort.

    scipy's COO → CSR conversion of the entries ``(key, position)`` is a counting
    sort in C that keeps each row's entries in input order: the CSR's column
    indices are the stable order (int32 when they fit). Measured 20 ms against
    176 ms for :func:`stable_argsort` of 2.7 million keys below 130,000. (The
    positions are distinct, so nothing is summed.)
    """
    k = np.asarray(keys)
    n = k.shape[0]
    if n < 2:
        return np.arange(n, dtype=np.int64)
    coo = sp.coo_matrix((np.ones(n, dtype=np.int8), (k, np.arange(n))), shape=(size, n))
    coo.has_canonical_format = True     # distinct columns: no duplicates to sum
    order = coo.tocsr().indices
    srt = k[order]
    if order.shape[0] == n and bool(np.all(srt[1:] >= srt[:-1])):
        return order
    return stable_argsort(k)   # never expected: scipy's conversion changed


def lexsort_int(keys: tuple[NDArray[np.integer], ...]) -> IntArray:
    """``np.lexsort(keys)`` for integer keys (last key primary), several times faster.

    When the keys' ranges fit together in 63 bits they are packed into one
    int64 (primary key highest) and ordered by :func:`stable_argsort`, which
    keeps equal entries in input order as ``np.lexsort`` does (measured on 3
    million triples: 0.18 s against 1.70 s). Otherwise falls back to
    ``np.lexsort``.
    """
    arrays = [np.asarray(k) for k in keys]
    if not arrays or arrays[0].shape[0] < 2:
        return np.asarray(np.lexsort(arrays), dtype=np.int64) if arrays else \
            np.zeros(0, dtype=np.int64)
    lows = [int(a.min()) for a in arrays]
    widths = [(int(a.max()) - lo).bit_length() for a, lo in zip(arrays, lows, strict=True)]
    if sum(widths) > 62:
        return np.asarray(np.lexsort(arrays), dtype=np.int64)
    packed = np.zeros(arrays[0].shape[0], dtype=np.int64)
    shift = 0
    for a, lo, w in zip(arrays, lows, widths, strict=True):   # least significant first
        if w:
            packed |= (a.astype(np.int64) - lo) << shift
        shift += w
    return stable_argsort(packed)


def in_sorted(sorted_keys: NDArray[np.integer], keys: NDArray[np.integer]) -> NDArray[np.bool_]:
    """True where ``keys`` occur in ``sorted_keys`` (binary search, no sort of ``keys``)."""
    if not sorted_keys.size:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys.take(pos) == keys)


def unique_inverse(keys: NDArray[np.integer]) -> tuple[IntArray, IntArray]:
    """``np.unique(keys, return_inverse=True)`` for integer keys, by :func:`stable_argsort`."""
    k = np.asarray(keys, dtype=np.int64)
    if k.shape[0] == 0:
        return k.copy(), np.zeros(0, dtype=np.int64)
    order = stable_argsort(k)
    srt = k[order]
    first = np.ones(srt.shape[0], dtype=bool)
    first[1:] = srt[1:] != srt[:-1]
    inverse = np.empty(k.shape[0], dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return srt[first], inverse


def reduce_runs(keys: NDArray[np.generic], values: NDArray[V], ufunc: np.ufunc
                ) -> tuple[IntArray, NDArray[V]]:
    """Combine ``values`` of consecutive equal ``keys`` with ``ufunc`` (e.g. ``np.minimum``).

    Returns the first position of each run and the combined value of each run.
    ``reduce_runs([3, 3, 5], [4, 1, 7], np.minimum)`` is ``([0, 2], [1, 7])``.
    """
    first = np.ones(keys.shape[0], dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    st = np.flatnonzero(first)
    if st.shape[0] == keys.shape[0]:
        return st, values
    out: NDArray[V] = ufunc.reduceat(values, st)
    return st, out


def sorted_csr(rows: NDArray[np.integer], cols: NDArray[np.integer],
               data: NDArray[np.generic], size: int) -> sp.csr_matrix:
    """A ``size × size`` CSR matrix from entries already sorted by ``(row, col)``, no duplicates."""
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=indptr[1:])
    return sp.csr_matrix((data, cols, indptr), shape=(size, size))


def grouped_csr(rows: NDArray[np.integer], cols: NDArray[np.integer],
                data: NDArray[np.generic], size: int) -> sp.csr_matrix:
    """A ``size × size`` CSR matrix of the entries grouped by row, repeated entries kept apart.

    For a search graph (:func:`scipy.sparse.csgraph.dijkstra` relaxes every entry,
    so parallel arcs need no merging and rows no sorting): the entries in the
    order of :func:`counting_argsort` of their rows (each row's in input order).
    """
    order = counting_argsort(rows, size)
    indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=size), out=indptr[1:])
    return sp.csr_matrix((data[order], cols[order], indptr), shape=(size, size))
