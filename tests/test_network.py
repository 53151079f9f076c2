"""The network's slot numbering (:func:`mentormatch.network._slot_numbers`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch._arrays import unique_inverse
from mentormatch.network import _slot_numbers, expand_sessions


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 400), st.lists(st.integers(0, 10**6), max_size=300))
def test_slot_numbers_are_unique_inverse(n_keys: int, raw: list[int]) -> None:
    keys = np.array([k % n_keys for k in raw], dtype=np.int64)
    uniq, inv = _slot_numbers(keys, n_keys)
    ref_u, ref_i = unique_inverse(keys)
    assert np.array_equal(uniq, ref_u)
    assert np.array_equal(inv, ref_i)
    assert uniq.dtype == np.int64
    assert inv.dtype == np.int64


def test_slot_numbers_of_a_sparse_range_sort() -> None:
    keys = np.array([5, 2**40, 5, 3], dtype=np.int64)   # beyond the table: the sort
    uniq, inv = _slot_numbers(keys, 2**41)
    assert uniq.tolist() == [3, 5, 2**40]
    assert inv.tolist() == [1, 2, 1, 0]


def _expand_by_unpacking(common: np.ndarray, n_blocks: int) -> tuple[np.ndarray, np.ndarray]:
    """The former expansion: unpack every bit, then a 2-D ``nonzero``."""
    bits = np.unpackbits(np.ascontiguousarray(common).view(np.uint8), axis=1, bitorder="little")
    row, block = np.nonzero(bits[:, :n_blocks])
    return row.astype(np.int64), block.astype(np.int64)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 3), st.integers(0, 40), st.data())
def test_expand_sessions_is_the_unpacked_nonzero(words: int, rows: int, data: st.DataObject
                                                 ) -> None:
    n_blocks = data.draw(st.integers(1, 64 * words))
    cells = data.draw(st.lists(st.sampled_from([0, 1, 2**63, 2**64 - 1, 0x8000000100000001])
                               | st.integers(0, 2**64 - 1),
                               min_size=rows * words, max_size=rows * words))
    common = np.array(cells, dtype=np.uint64).reshape(rows, words)
    row, block = expand_sessions(common, n_blocks)
    ref_r, ref_b = _expand_by_unpacking(common, n_blocks)
    assert np.array_equal(row, ref_r)
    assert np.array_equal(block, ref_b)
    assert row.dtype == np.int64
    assert block.dtype == np.int64
