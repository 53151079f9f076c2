"""solve_sparse(): exact optimum against an independent dense assignment solver."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

import mentormatch as mm
from mentormatch._extras import available


def dense_reference(cost: sp.csr_matrix, capacity: np.ndarray, unassigned: np.ndarray) -> int:
    """Optimum by scipy's dense Hungarian method on the capacity-expanded matrix.

    Columns: one per unit of mentor capacity, then one "unassigned" column per
    student; forbidden cells get a cost larger than any feasible total.
    """
    n_s, n_m = cost.shape
    dense = cost.toarray().astype(float)
    stored = np.zeros((n_s, n_m), dtype=bool)
    coo = cost.tocoo()
    stored[coo.row, coo.col] = True
    forbid = float(np.abs(dense).sum() + np.abs(unassigned).sum() + 1) * 4
    cols = np.repeat(np.arange(n_m), capacity)
    left = np.where(stored[:, cols], dense[:, cols], forbid)
    right = np.full((n_s, n_s), forbid)
    np.fill_diagonal(right, unassigned)
    big = np.hstack([left, right])
    r, c = linear_sum_assignment(big)
    return round(big[r, c].sum())


@st.composite
def instances(draw: st.DrawFn) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    n_s = draw(st.integers(0, 7))
    n_m = draw(st.integers(1, 5))
    cells = draw(st.lists(st.tuples(st.integers(0, max(n_s - 1, 0)), st.integers(0, n_m - 1),
                                    st.integers(-5, 30)), max_size=n_s * n_m))
    cells_d = {(i, j): c for i, j, c in cells if n_s}
    rows = np.array([k[0] for k in cells_d], dtype=np.int64)
    cols = np.array([k[1] for k in cells_d], dtype=np.int64)
    data = np.array(list(cells_d.values()), dtype=np.int64)
    cost = sp.csr_matrix((data, (rows, cols)), shape=(n_s, n_m))
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)))
    unassigned = np.array(draw(st.lists(st.integers(0, 40), min_size=n_s, max_size=n_s)),
                          dtype=np.int64)
    return cost, capacity, unassigned


@settings(max_examples=150, deadline=None)
@given(instances())
def test_matches_dense_reference(inst: tuple[sp.csr_matrix, np.ndarray, np.ndarray]) -> None:
    cost, capacity, unassigned = inst
    res = mm.solve_sparse(cost, capacity, unassigned)
    assert res.status == "optimal"
    assert res.certificate.optimal
    assert isinstance(res.total_cost, int)
    assert res.total_cost == dense_reference(cost, capacity, unassigned)
    # The assignment reproduces the total and respects capacities.
    coo = cost.tocsr()
    total = sum(int(coo[i, j]) if j >= 0 else int(unassigned[i])
                for i, j in enumerate(res.mentor_of))
    assert total == res.total_cost
    counts = np.bincount(res.mentor_of[res.mentor_of >= 0], minlength=cost.shape[1])
    assert np.all(counts <= capacity)


def test_explicit_zero_is_an_allowed_pair() -> None:
    cost = sp.csr_matrix((np.array([0]), (np.array([0]), np.array([0]))), shape=(1, 1))
    assert cost.nnz == 1
    res = mm.solve_sparse(cost, [1], 10)
    assert res.mentor_of.tolist() == [0]
    assert res.total_cost == 0
    empty = sp.csr_matrix((1, 1), dtype=np.int64)
    res = mm.solve_sparse(empty, [1], 10)
    assert res.mentor_of.tolist() == [-1]
    assert res.total_cost == 10


@pytest.mark.parametrize("backend", ["networkx", "highs", "assignment", "ortools"])
def test_backends_agree_on_random_instance(backend: str) -> None:
    if backend == "ortools" and not available("ortools"):
        pytest.skip("OR-Tools not installed (extra 'ortools')")
    rng = np.random.default_rng(7)
    n_s, n_m, k = 300, 150, 8
    rows = np.repeat(np.arange(n_s), k)
    cols = rng.integers(0, n_m, n_s * k)
    data = rng.integers(0, 50, n_s * k)
    cost = sp.csr_matrix((data, (rows, cols)), shape=(n_s, n_m))
    cap = rng.integers(1, 4, n_m)
    ref = mm.solve_sparse(cost, cap, 60, backend="networkx")
    res = mm.solve_sparse(cost, cap, 60, backend=backend)
    assert res.total_cost == ref.total_cost
    assert res.certificate.optimal


def test_errors_listed() -> None:
    cost = sp.csr_matrix(np.array([[1.5, np.nan]]))
    with pytest.raises(mm.InputError) as info:
        mm.solve_sparse(cost, [1, -1, 3], [1, 2])
    codes = set(info.value.codes)
    assert {"not_finite", "length_mismatch"} <= codes
    with pytest.raises(mm.InputError):
        mm.solve_sparse(np.ones((2, 2)), [1, 1], 0)
    with pytest.raises(mm.InputError) as info2:
        mm.solve_sparse(sp.csr_matrix(np.array([[1.5]])), [-1], 0)
    assert {"not_integral", "out_of_range"} <= set(info2.value.codes)
