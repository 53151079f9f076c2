"""The compiled auction (extra ``mentormatch[fast]``): agreement with LAPJV and brute force.

Every test here skips, naming the extra, when numba is not installed; the ``"auto"`` rule
without numba is tested with numba hidden.
"""

from __future__ import annotations

import itertools
import logging
import re
import sys
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch import synth
from mentormatch.errors import InfeasibleError, MissingExtraError
from mentormatch.flow import min_cost_flow, solve_assignment
from mentormatch.flow.backends import assignment, auction, choose_backend
from mentormatch.flow.backends._base import CanonicalNetwork

pytestmark = pytest.mark.skipif(not auction.is_available(),
                                reason="backend 'auction' unavailable: install mentormatch[fast]")


def _brute(rows: list[int], cols: list[int], costs: list[int], m: int, n: int) -> int | None:
    best: dict[tuple[int, int], int] = {}
    for r, c, w in zip(rows, cols, costs, strict=True):
        best[(r, c)] = min(best.get((r, c), w), w)
    out = None
    for perm in itertools.permutations(range(n), m):
        if all((i, perm[i]) in best for i in range(m)):
            total = sum(best[(i, perm[i])] for i in range(m))
            out = total if out is None else min(out, total)
    return out


@st.composite
def sparse_assignments(draw: st.DrawFn) -> tuple[list[int], list[int], list[int], int, int]:
    m = draw(st.integers(1, 5))
    n = draw(st.integers(m, 7))
    k = draw(st.integers(1, m * n + 3))
    rows = draw(st.lists(st.integers(0, m - 1), min_size=k, max_size=k))
    cols = draw(st.lists(st.integers(0, n - 1), min_size=k, max_size=k))
    costs = draw(st.lists(st.integers(-20, 20), min_size=k, max_size=k))
    return rows, cols, costs, m, n


@given(sparse_assignments())
def test_auction_matches_brute_force(case: tuple[list[int], list[int], list[int], int, int]
                                     ) -> None:
    rows, cols, costs, m, n = case
    expected = _brute(rows, cols, costs, m, n)
    got = auction.solve_assignment_auction(np.array(rows), np.array(cols), np.array(costs), m, n)
    if expected is None:
        assert got is None   # the auction gives up; LAPJV then proves infeasibility
        with pytest.raises(InfeasibleError):
            auction.match(np.array(rows), np.array(cols), np.array(costs), m, n)
        return
    assert got is not None
    assert len(set(got.tolist())) == m
    best = {}
    for r, c, w in zip(rows, cols, costs, strict=True):
        best[(r, c)] = min(best.get((r, c), w), w)
    assert sum(best[(i, int(got[i]))] for i in range(m)) == expected


def test_auction_equals_lapjv_on_random_engine_sized_graphs() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        m, n = 300, 200
        rows = np.repeat(np.arange(m), 6)
        cols = rng.integers(0, n, rows.size)
        costs = rng.integers(0, 1000, rows.size)
        # each row's own "unassigned" column (an outside option of the auction)
        rows = np.r_[rows, np.arange(m)]
        cols = np.r_[cols, n + np.arange(m)]
        costs = np.r_[costs, rng.integers(500, 5000, m)]
        ref = solve_assignment(rows, cols, costs, m, n + m)
        got = auction.solve_assignment_auction(rows, cols, costs, m, n + m)
        assert got is not None

        key = {(int(r), int(c)): int(w) for r, c, w in zip(rows, cols, costs, strict=True)}
        assert sum(key[(i, int(got[i]))] for i in range(m)) == \
            sum(key[(i, int(ref[i]))] for i in range(m))


def test_budget_exhausted_falls_back_to_lapjv() -> None:
    rows, cols, costs = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([1, 5, 2, 9])
    assert auction.solve_assignment_auction(rows, cols, costs, 2, 2, max_bids=0) is None
    with patch.object(auction, "BIDS_PER_EDGE", 0):
        got = auction.match(rows, cols, costs, 2, 2)
    assert got.tolist() == [1, 0]


def test_min_cost_flow_auction_agrees_with_assignment() -> None:
    rng = np.random.default_rng(3)
    for _ in range(10):
        n_s, n_r = 40, 15
        pt = np.repeat(np.arange(n_s), 4)
        ph = n_s + rng.integers(0, n_r, pt.size)
        sink = n_s + n_r
        tail = np.r_[pt, n_s + np.arange(n_r), np.arange(n_s)]
        head = np.r_[ph, np.full(n_r, sink), np.full(n_s, sink)]
        cap = np.r_[np.full(pt.size, 3), rng.integers(1, 4, n_r), np.full(n_s, 3)]
        cost = np.r_[rng.integers(0, 100, pt.size), rng.integers(0, 10, n_r),
                     np.full(n_s, 1000)]
        supply = np.r_[rng.integers(1, 3, n_s), np.zeros(n_r, dtype=np.int64), [0]]
        supply[-1] = -supply.sum()
        a = min_cost_flow(tail, head, cap, cost, supply, backend="assignment")
        b = min_cost_flow(tail, head, cap, cost, supply, backend="auction")
        assert a.status == b.status == "optimal"
        assert a.cost == b.cost
        assert b.backend == "auction"


@pytest.mark.parametrize("n", [60, 400])
def test_match_auction_same_certified_objective(n: int) -> None:
    problem = synth.generate(n, seed=1)
    core = mm.match(problem, backend="assignment")
    fast = mm.match(problem, backend="auction")
    assert fast.certificate.optimal
    assert fast.certificate.objective == core.certificate.objective
    assert fast.certificate.backend == "auction"
    assert len(fast.pairs) == len(core.pairs)


def test_auto_picks_auction_when_numba_is_installed() -> None:
    assert choose_backend("match", pupils=10) == "auction"
    assert choose_backend("match", pupils=10**6) == "auction"
    with patch.object(auction, "is_available", return_value=False):
        assert choose_backend("match", pupils=10) == "assignment"


def test_auto_flow_picks_auction_for_assignment_networks() -> None:
    net = CanonicalNetwork(tail=np.array([0, 1]), head=np.array([1, 2]),
                           capacity=np.array([1, 1]), cost=np.array([1, 1]),
                           supply=np.array([1, 0, -1]), bound=1)
    assert assignment.detect(net) is not None
    from mentormatch.flow.backends import ortools
    with patch.object(ortools, "is_available", return_value=False):
        assert choose_backend("flow", net=net) == "auction"
        with patch.object(auction, "is_available", return_value=False):
            assert choose_backend("flow", net=net) == "assignment"


def test_compile_seconds_reported() -> None:
    assert auction.compile_seconds() >= 0.0


def test_auction_without_numba_names_the_extra() -> None:
    with patch.dict(sys.modules, {"numba": None}), \
            pytest.raises(MissingExtraError, match="fast"):
        min_cost_flow([0], [1], [1], [1], [1, -1], backend="auction")


@given(sparse_assignments(), st.lists(st.integers(0, 50), min_size=7, max_size=7),
       st.integers(1, 40))
def test_warm_start_prices_give_the_same_optimum(
        case: tuple[list[int], list[int], list[int], int, int], start: list[int],
        eps0: int) -> None:
    rows, cols, costs, m, n = case
    cold = auction.solve_assignment_auction(np.array(rows), np.array(cols), np.array(costs),
                                            m, n)
    warm, prices = auction.auction_prices(np.array(rows), np.array(cols), np.array(costs), m,
                                          n, start=np.array(start[:n]), eps0=eps0)
    assert prices.shape == (n,)
    assert np.all(prices >= 0)
    if cold is None:
        assert warm is None
        return
    assert warm is not None
    key = {}
    for r, c, w in zip(rows, cols, costs, strict=True):
        key[(r, c)] = min(key.get((r, c), w), w)
    assert sum(key[(i, int(warm[i]))] for i in range(m)) == \
        sum(key[(i, int(cold[i]))] for i in range(m))


@given(sparse_assignments(), st.randoms(use_true_random=False),
       st.lists(st.integers(0, 60), min_size=7, max_size=7), st.integers(1, 7))
def test_certify_proves_only_optimal_matchings(
        case: tuple[list[int], list[int], list[int], int, int], rnd: Any, prices: list[int],
        scale: int) -> None:
    """Whatever matching and starting prices it is given, the early proof of optimality
    succeeds only on an optimal matching, with prices that are an optimal dual."""
    rows, cols, costs, m, n = case
    expected = _brute(rows, cols, costs, m, n)
    if expected is None:
        return
    k = auction._kernels()
    r, c, w = np.array(rows), np.array(cols), np.array(costs)
    lo = int(w.min())
    (row_ptr, col_idx, ww, outside, out_col, col_ptr, row_idx, ccost,
     shared) = k.prepare(r, c, w, m, n, np.int64(lo), np.int64(scale))
    best: dict[tuple[int, int], int] = {}
    for i, j, x in zip(rows, cols, costs, strict=True):
        best[(i, j)] = min(best.get((i, j), x), x)
    feasible = [p for p in itertools.permutations(range(n), m)
                if all((i, p[i]) in best for i in range(m))]
    perm = feasible[rnd.randrange(len(feasible))]
    pos = {int(j): s for s, j in enumerate(shared.tolist())}
    col_of = np.empty(m, dtype=np.int64)
    for i in range(m):
        if perm[i] in pos:
            col_of[i] = pos[perm[i]]
        elif perm[i] == out_col[i]:
            col_of[i] = -2
        else:
            return   # a single-edge column that is not the row's outside option
    taken = np.zeros(shared.size, dtype=bool)
    taken[col_of[col_of >= 0]] = True
    # the auction's prices are >= 0 and 0 on free columns
    price = np.where(taken, np.array(prices[:shared.size], dtype=np.int64), 0) * scale
    ok, q = k.certify(row_ptr, col_idx, ww, outside, col_ptr, row_idx, ccost, price, col_of,
                      np.int64(scale), np.int64(100))
    if not ok:
        return
    assert sum(best[(i, perm[i])] for i in range(m)) == expected
    assert np.all(q >= 0)
    assert np.all(q[~taken] == 0)
    for i in range(m):   # every row's own option is its cheapest at the prices q
        own = best[(i, perm[i])] + (int(q[col_of[i]]) if col_of[i] >= 0 else 0)
        for (i2, j), x in best.items():
            if i2 == i and j in pos:
                assert own <= x + int(q[pos[j]])
            elif i2 == i:
                assert own <= x


def test_auction_stops_early_with_a_proof(caplog: pytest.LogCaptureFixture) -> None:
    """On engine-like graphs the proof after a phase with ε below one cost unit ends the
    ε-scaling before ε = 1; the optimum is LAPJV's and the prices returned prove it."""
    rng = np.random.default_rng(11)
    early = 0
    for _ in range(10):
        m, n = 2000, 1200
        rows = np.repeat(np.arange(m), 8)
        cols = rng.integers(0, n, rows.size)
        costs = rng.integers(0, 300, rows.size)
        rows = np.r_[rows, np.arange(m)]
        cols = np.r_[cols, n + np.arange(m)]
        costs = np.r_[costs, rng.integers(200, 2000, m)]
        ref = solve_assignment(rows, cols, costs, m, n + m)
        with caplog.at_level(logging.DEBUG, logger="mentormatch.flow.backends.auction"):
            caplog.clear()
            got, prices = auction.auction_prices(rows, cols, costs, m, n + m)
        assert got is not None
        key = {}
        for r, c, w in zip(rows.tolist(), cols.tolist(), costs.tolist(), strict=True):
            key[(r, c)] = min(key.get((r, c), w), w)
        assert sum(key[(i, int(got[i]))] for i in range(m)) == \
            sum(key[(i, int(ref[i]))] for i in range(m))
        phases = int(re.search(r"(\d+) phases", caplog.text).group(1))  # type: ignore[union-attr]
        full = 1
        top = (max(costs.max() - costs.min(), 1)) * (m + 1)
        eps = max(1, top // auction.SCALING_FACTOR)
        while eps > 1:
            eps = max(1, eps // auction.SCALING_FACTOR)
            full += 1
        if phases < full:
            early += 1
            taken = np.zeros(n + m, dtype=bool)
            taken[got] = True
            assert np.all(prices[:n][~taken[:n]] == 0)
            own = np.array([key[(i, int(got[i]))] for i in range(m)]) + prices[got]
            for (r, c), w in key.items():
                assert own[r] <= w + prices[c]
    assert early >= 5
