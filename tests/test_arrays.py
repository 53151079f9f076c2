"""The shared array idioms."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mentormatch._arrays import (
    counting_argsort,
    group_rank,
    grouped_csr,
    in_sorted,
    lexsort_int,
    ranges,
    reduce_runs,
    sorted_csr,
    stable_argsort,
    unique_inverse,
)


def test_ranges() -> None:
    owner, offset = ranges(np.array([2, 0, 3]))
    assert owner.tolist() == [0, 0, 2, 2, 2]
    assert offset.tolist() == [0, 1, 0, 1, 2]
    assert ranges(np.zeros(0, dtype=np.int64))[0].size == 0


def test_group_rank() -> None:
    assert group_rank(np.array([4, 4, 7, 9, 9, 9])).tolist() == [0, 1, 0, 0, 1, 2]
    assert group_rank(np.zeros(0, dtype=np.int64)).size == 0


@given(st.lists(st.integers(-(2**62), 2**62), max_size=60), st.integers(0, 3))
def test_stable_argsort_is_numpys_stable_argsort(values: list[int], spread: int) -> None:
    keys = np.array(values, dtype=np.int64) >> (20 * spread)  # narrow keys pack, wide fall back
    assert np.array_equal(stable_argsort(keys), np.argsort(keys, kind="stable"))


@given(st.lists(st.integers(-1000, 1000), max_size=60))
def test_unique_inverse_is_numpys(values: list[int]) -> None:
    keys = np.array(values, dtype=np.int64)
    uniq, inv = unique_inverse(keys)
    ref_u, ref_i = np.unique(keys, return_inverse=True)
    assert np.array_equal(uniq, ref_u)
    assert np.array_equal(inv, ref_i.ravel())


@given(st.integers(0, 40), st.integers(1, 4), st.integers(0, 3), st.data())
def test_lexsort_int_is_numpys_lexsort(n: int, n_keys: int, spread: int,
                                       data: st.DataObject) -> None:
    """Narrow keys pack into one int64; wide ones fall back; ties keep input order."""
    bound = 2 ** (4 + 19 * spread)
    keys = tuple(np.array(data.draw(st.lists(st.integers(-bound, bound), min_size=n,
                                             max_size=n)), dtype=np.int64)
                 for _ in range(n_keys))
    assert np.array_equal(lexsort_int(keys), np.lexsort(keys))


def test_reduce_runs_and_sorted_csr() -> None:
    st, low = reduce_runs(np.array([3, 3, 5]), np.array([4, 1, 7]), np.minimum)
    assert st.tolist() == [0, 2]
    assert low.tolist() == [1, 7]
    st, same = reduce_runs(np.array([1, 2]), np.array([9, 8]), np.add)
    assert st.tolist() == [0, 1]
    assert same.tolist() == [9, 8]
    m = sorted_csr(np.array([0, 0, 2]), np.array([1, 2, 0]), np.array([5.0, 6.0, 7.0]), 3)
    assert m.toarray().tolist() == [[0, 5, 6], [0, 0, 0], [7, 0, 0]]


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 9)),
                max_size=40))
def test_grouped_csr_keeps_repeated_entries_apart(entries: list[tuple[int, int, int]]) -> None:
    """Every entry lands in its row, in input order, repeated ones not summed."""
    rows = np.array([e[0] for e in entries], dtype=np.int64)
    cols = np.array([e[1] for e in entries], dtype=np.int64)
    data = np.array([e[2] for e in entries], dtype=np.float64)
    G = grouped_csr(rows, cols, data, 6)
    assert G.nnz == len(entries)
    for r in range(6):
        got = list(zip(G.indices[G.indptr[r]:G.indptr[r + 1]].tolist(),
                       G.data[G.indptr[r]:G.indptr[r + 1]].tolist(), strict=True))
        assert got == [(c, float(d)) for rr, c, d in entries if rr == r]


@given(st.lists(st.integers(0, 9), max_size=60))
def test_counting_argsort_is_the_stable_argsort(keys: list[int]) -> None:
    k = np.array(keys, dtype=np.int64)
    assert counting_argsort(k, 10).tolist() == np.argsort(k, kind="stable").tolist()


@given(st.lists(st.integers(-50, 50), max_size=30), st.lists(st.integers(-60, 60), max_size=30))
def test_in_sorted_is_isin(have: list[int], keys: list[int]) -> None:
    """``in_sorted`` answers as ``np.isin`` (duplicates and empty sets included)."""
    srt = np.sort(np.array(have, dtype=np.int64))
    k = np.array(keys, dtype=np.int64)
    assert in_sorted(srt, k).tolist() == np.isin(k, srt).tolist()
