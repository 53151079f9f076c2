"""The certificate, residual potentials, the assignment helper, structural edge cases."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from instances import random_assignment
from mentormatch.errors import FlowInputError, InfeasibleError
from mentormatch.flow import NegativeCycleError, min_cost_flow, residual_potentials
from mentormatch.flow.backends.assignment import solve_assignment
from mentormatch.flow.potentials import find_negative_cycle
from mentormatch.verify import Certificate, certify, check_flow

# 0 -> 1 -> 2 and a direct 0 -> 2; optimum sends 2 units: one direct, one around
NET = ([0, 1, 0], [1, 2, 2], [1, 1, 1], [1, 1, 3], [2, 0, -2])


def test_certificate_of_optimal_result() -> None:
    r = min_cost_flow(*NET, backend="networkx")
    cert = check_flow(*NET, r.flow, r.potentials)
    assert cert == Certificate(True, 5, 5, 0, [])


def test_dual_objective_formula_with_lower_bounds() -> None:
    r = min_cost_flow(*NET, lower=[1, 0, 0])
    cert = certify(r, *NET, lower=[1, 0, 0])
    assert cert.optimal
    assert cert.dual_objective == cert.primal_cost == 5


def test_certificate_detects_bound_violation() -> None:
    cert = check_flow(*NET, [2, 2, 0], [3, 2, 0])
    assert not cert.optimal
    assert any("above capacity" in v for v in cert.violations)


def test_certificate_detects_lower_violation() -> None:
    cert = check_flow(*NET, [0, 0, 1], [3, 2, 0], lower=[1, 0, 0])
    assert any("below lower bound" in v for v in cert.violations)


def test_certificate_detects_conservation_violation() -> None:
    cert = check_flow(*NET, [1, 0, 1], [3, 2, 0])
    assert not cert.optimal
    assert any("node 1" in v for v in cert.violations)


def test_certificate_detects_slackness_and_gap() -> None:
    # feasible but the potentials are wrong: reduced cost violations and a gap
    cert = check_flow(*NET, [1, 1, 1], [0, 0, 0])
    assert not cert.optimal
    assert cert.primal_cost == 5
    assert any("reduced cost" in v for v in cert.violations)
    # zero potentials: dual = sum over arcs of capacity * min(rc, 0) = 0 (all rc > 0)
    assert cert.dual_objective == 0
    assert cert.gap == 5


def test_certificate_negative_reduced_cost_on_unbounded_arc() -> None:
    cert = check_flow([0], [1], [-1], [1], [1, -1], [1], [5, 0])
    assert any("below capacity" in v for v in cert.violations)


def test_certificate_of_non_optimal_status() -> None:
    r = min_cost_flow([0], [1], [1], [1], [2, -2])
    assert r.status == "infeasible"
    assert not certify(r, [0], [1], [1], [1], [2, -2]).optimal


def test_certificate_input_errors() -> None:
    with pytest.raises(FlowInputError, match="flow"):
        check_flow(*NET, [1, 1], [0, 0, 0])
    with pytest.raises(FlowInputError, match="potentials"):
        check_flow(*NET, [1, 1, 1], [0, 0])
    with pytest.raises(FlowInputError, match="potentials"):
        check_flow(*NET, [1, 1, 1], [0.5, 0, 0])


def test_certificate_exact_for_huge_values() -> None:
    big = 2**61
    cert = check_flow([0], [1], [big], [3], [big, -big], [big], [3, 0])
    assert cert.primal_cost == 3 * big  # beyond int64, computed exactly
    assert cert.optimal


def test_residual_potentials_certify() -> None:
    r = min_cost_flow(*NET)
    p = residual_potentials(NET[0], NET[1], NET[2], NET[3], r.flow, 3)
    assert check_flow(*NET, r.flow, p).optimal


def test_residual_potentials_with_start_and_lower() -> None:
    r = min_cost_flow(*NET, lower=[1, 1, 0])
    p = residual_potentials(NET[0], NET[1], NET[2], NET[3], r.flow, 3, lower=[1, 1, 0],
                            start=[100.2, 3.0, -7.0])
    assert check_flow(*NET, r.flow, p, lower=[1, 1, 0]).optimal


def test_residual_potentials_reject_non_optimal_flow() -> None:
    # 2 units forced through 0->2? capacity 1; use a worse but feasible flow instead:
    tail, head, cap, cost = [0, 1, 0], [1, 2, 2], [2, 2, 2], [1, 1, 5]
    with pytest.raises(NegativeCycleError) as info:
        residual_potentials(tail, head, cap, cost, [0, 0, 2], 3)
    assert info.value.cycle  # arcs of the negative cycle are reported


def test_residual_potentials_input_errors() -> None:
    with pytest.raises(FlowInputError, match="length"):
        residual_potentials([0], [1], [1, 2], [0], [0], 2)
    with pytest.raises(FlowInputError, match="range"):
        residual_potentials([0], [5], [1], [0], [0], 2)
    with pytest.raises(FlowInputError, match="not_finite"):
        residual_potentials([0], [1], [1], [float("nan")], [0], 2)


def test_negative_cycle_long_chain_detected() -> None:
    n = 300  # a long negative cycle needs many rounds; the n-round cap or the check finds it
    tail = np.arange(n)
    head = (tail + 1) % n
    cost = np.full(n, 1)
    cost[0] = -n
    assert find_negative_cycle(n, tail, head, cost)
    assert not find_negative_cycle(n, tail, head, cost + 1)


def test_empty_network_and_isolated_nodes() -> None:
    r = min_cost_flow([], [], [], [], [])
    assert (r.status, r.cost, r.flow.size, r.potentials.size) == ("optimal", 0, 0, 0)
    r = min_cost_flow([], [], [], [], [0, 0, 0])
    assert (r.status, r.cost, r.potentials.size) == ("optimal", 0, 3)
    assert min_cost_flow([], [], [], [], [1, -1]).status == "infeasible"
    assert min_cost_flow([], [], [], [], [1, 0]).status == "infeasible"


@pytest.mark.backends("networkx", "highs", "ortools")
def test_self_loops_and_parallel_arcs(backend: str) -> None:
    # parallel 0->1 arcs (cost 2 cap 1, cost 1 cap 1), negative self-loop at 1 (saturated),
    # positive self-loop at 0 (unused)
    args = ([0, 0, 1, 0], [1, 1, 1, 0], [1, 1, 4, 3], [2, 1, -3, 5], [2, -2])
    r = min_cost_flow(*args, backend=backend)
    assert r.cost == 3 - 12
    assert r.flow.tolist() == [1, 1, 4, 0]
    assert certify(r, *args).optimal


def test_unbounded_self_loop_and_precedence() -> None:
    assert min_cost_flow([0], [0], [-1], [-1], [0]).status == "unbounded"
    assert min_cost_flow([0], [0], [-1], [-1], [1]).status == "infeasible"
    assert min_cost_flow([0], [0], [-1], [1], [0]).cost == 0


def test_solve_assignment_matches_dense_reference() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        nr, nc = int(rng.integers(1, 7)), int(rng.integers(7, 10))
        dense = rng.integers(-5, 6, size=(nr, nc))
        mask = rng.random((nr, nc)) < 0.7
        mask[:, :nr] |= np.eye(nr, dtype=bool)  # a full matching exists
        r, c = np.nonzero(mask)
        col = solve_assignment(r, c, dense[r, c], nr, nc)
        assert len(set(col.tolist())) == nr
        assert mask[np.arange(nr), col].all()
        ref = np.where(mask, dense, 10**6)
        rr, cc = linear_sum_assignment(ref)
        assert int(dense[np.arange(nr), col].sum()) == int(ref[rr, cc].sum())


def test_solve_assignment_zero_costs_and_duplicates() -> None:
    # explicit zero costs are real edges; duplicate (row, col) keeps the cheapest
    col = solve_assignment([0, 1, 1, 1], [0, 1, 1, 0], [0, 5, 0, 3], 2, 2)
    assert col.tolist() == [0, 1]


def test_solve_assignment_edge_order_is_lexsort_dedup() -> None:
    """The packed sort + run minimum hands LAPJV the arrays of the three-key lexsort."""
    import mentormatch.flow.backends.assignment as assignment_module
    rng = np.random.default_rng(7)
    for _ in range(30):
        nr, nc = int(rng.integers(1, 9)), int(rng.integers(9, 14))
        k = int(rng.integers(nr, 4 * nc))
        r = np.r_[np.arange(nr), rng.integers(0, nr, k)]
        c = np.r_[np.arange(nr), rng.integers(0, nc, k)]
        w = rng.integers(-4, 5, r.size)
        order = np.lexsort((w, c, r))
        rs, cs, ws = r[order], c[order], w[order]
        first = np.r_[True, (rs[1:] != rs[:-1]) | (cs[1:] != cs[:-1])]
        seen: list[tuple[np.ndarray, ...]] = []

        def spy(*a: Any, seen: list[tuple[np.ndarray, ...]] = seen) -> np.ndarray:
            seen.append(a)
            return np.arange(a[3])

        with patch.object(assignment_module, "_match", spy):
            solve_assignment(r, c, w, nr, nc)
        got_r, got_c, got_w = seen[0][:3]
        assert np.array_equal(got_r, rs[first])
        assert np.array_equal(got_c, cs[first])
        assert np.array_equal(got_w, ws[first])
        assert np.array_equal(solve_assignment(r, c, w, nr, nc),
                              assignment_module._match(rs[first], cs[first], ws[first], nr, nc))


def test_solve_assignment_infeasible_and_errors() -> None:
    with pytest.raises(InfeasibleError):
        solve_assignment([0, 1], [0, 0], [1, 1], 2, 2)
    with pytest.raises(InfeasibleError):
        solve_assignment([0, 1, 2], [0, 1, 0], [1, 1, 1], 3, 2)
    with pytest.raises(InfeasibleError):
        solve_assignment([], [], [], 1, 1)
    assert solve_assignment([], [], [], 0, 3).size == 0
    with pytest.raises(FlowInputError, match="length"):
        solve_assignment([0], [0, 1], [1], 1, 2)
    with pytest.raises(FlowInputError, match="range"):
        solve_assignment([0], [2], [1], 1, 2)
    with pytest.raises(FlowInputError, match=r"n_rows"):
        solve_assignment([], [], [], -1, 2)
    with pytest.raises(FlowInputError, match="not_float_exact"):
        solve_assignment([0, 0], [0, 1], [0, 2**50], 1, 2)
    with pytest.raises(FlowInputError, match="not_integral"):
        solve_assignment([0], [0], [0.5], 1, 1)


def test_assignment_backend_infeasible_without_unassigned_arcs() -> None:
    rng = np.random.default_rng(1)
    net = random_assignment(rng, 10, 2, 2, max_cap=1, unassigned=None)
    for b in ("assignment", "networkx"):
        assert min_cost_flow(*net, backend=b).status == "infeasible"


@given(st.integers(2, 30), st.integers(0, 2**32 - 1), st.booleans())
def test_compiled_bellman_ford_is_the_vectorised_one(n: int, seed: int, start: bool) -> None:
    """``shortest_distances(compiled=True)``: same distances, same negative-cycle error."""
    pytest.importorskip("numba", reason="the compiled search needs the fast extra (numba)")
    from mentormatch.flow.potentials import shortest_distances
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 4 * n))
    tail, head = rng.integers(0, n, m), rng.integers(0, n, m)
    cost = rng.integers(-3, 20, m)
    d0 = rng.integers(-50, 1, n) if start else None
    try:
        ref = shortest_distances(n, tail, head, cost, d0)
    except NegativeCycleError:
        with pytest.raises(NegativeCycleError):
            shortest_distances(n, tail, head, cost, d0, compiled=True)
        return
    assert np.array_equal(shortest_distances(n, tail, head, cost, d0, compiled=True), ref)


@given(st.integers(3, 40), st.integers(0, 2**32 - 1))
def test_compiled_bellman_ford_proves_negative_cycles_itself(n: int, seed: int) -> None:
    """A negative cycle is found in the compiled search's predecessors (no vectorised
    fallback) and the arcs it names form a cycle of negative cost."""
    pytest.importorskip("numba", reason="the compiled search needs the fast extra (numba)")
    from mentormatch.flow import potentials
    rng = np.random.default_rng(seed)
    m = int(rng.integers(n, 5 * n))
    tail, head = rng.integers(0, n, m), rng.integers(0, n, m)
    cost = rng.integers(0, 30, m)
    ring = rng.permutation(n)[: int(rng.integers(2, n + 1))]   # a planted negative cycle
    tail = np.r_[tail, ring]
    head = np.r_[head, np.roll(ring, -1)]
    cost = np.r_[cost, np.full(ring.size, -1)]
    with patch.object(potentials, "stable_argsort", side_effect=AssertionError("fallback")), \
            pytest.raises(NegativeCycleError) as info:
        potentials.shortest_distances(n, tail, head, cost, compiled=True)
    cyc = info.value.cycle
    assert cyc
    assert int(cost[cyc].sum()) < 0
    assert np.array_equal(head[cyc], np.roll(tail[cyc], -1))
