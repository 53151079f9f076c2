"""engine.warmstart: repairing an optimal flow after pupil arcs are added is exact."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch.flow import min_cost_flow
from mentormatch.network import Network, carry_flow
from mentormatch.solve.reduction import solve_network, warm_potentials
from mentormatch.solve.warmstart import WarmStartAbortedError, reoptimize
from mentormatch.verify import check_flow
from test_engine_fastpath import _sub, make_network, networks


def _check(net: Network, flow: np.ndarray, pot: np.ndarray) -> int:
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pot)
    assert cert.optimal, cert.violations
    return cert.primal_cost


def _reordered(net: Network, keep: np.ndarray) -> Network:
    """``net`` with the kept pair arcs first and the others appended (a pricing round)."""
    p = net.n_pair_arcs
    order = np.r_[np.flatnonzero(keep), np.flatnonzero(~keep)]
    slot = net.head[:p][order] - net.n_s
    loads = [net.cost[p + net.n_slot_arcs:][:net.n_load_arcs][net.load_mentor == m]
             for m in range(net.n_m)]
    group = np.ones(net.n_m, dtype=np.int64)
    group[net.slot_mentor] = net.capacity[p:p + net.n_slot_arcs]
    return make_network(net.tail[:p][order], net.slot_mentor[slot], net.slot_block[slot],
                        net.cost[:p][order], group, loads, net.cost[-net.n_s:],
                        int(net.slot_block.max()) + 1)


@given(networks(), st.booleans())
def test_reoptimize_matches_networkx(case: tuple[Network, np.ndarray], use_nx: bool) -> None:
    full, keep = case
    net = _reordered(full, keep)
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    sub = _sub(full, keep)  # same pair order as the head of ``net``
    if use_nx:
        r = min_cost_flow(sub.tail, sub.head, sub.capacity, sub.cost, sub.supply,
                          backend="networkx")
        f0, p0 = r.flow, r.potentials
    else:
        f0, p0 = solve_network(sub)
    _check(sub, f0, p0)
    start = warm_potentials(net, (sub, f0, p0))
    assert start is not None
    flow, pot = reoptimize(net, carry_flow(net, sub, f0), start)
    assert _check(net, flow, pot) == ref.cost


@given(networks(), st.integers(0, 2**32 - 1))
def test_reoptimize_from_any_potentials(case: tuple[Network, np.ndarray], seed: int) -> None:
    """Exact from the all-unassigned flow and arbitrary potentials (a harder start)."""
    net, _ = case
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    pot = np.random.default_rng(seed).integers(-50, 50, net.sink + 1)
    f, p = reoptimize(net, _all_unassigned(net), pot)
    assert _check(net, f, p) == ref.cost


def test_optimal_start_is_kept() -> None:
    net = make_network(np.array([0, 1]), np.array([0, 0]), np.array([0, 0]),
                       np.array([3, 4]), np.array([2]), [np.array([0, 1])],
                       np.array([50, 50]), 1)
    flow, pot = solve_network(net)
    f2, p2 = reoptimize(net, flow, pot)
    np.testing.assert_array_equal(f2, flow)
    _check(net, f2, p2)


def _cheaper_arc_added() -> tuple[Network, np.ndarray, np.ndarray]:
    """Pupil 0 sits on volunteer 0 (cost 10); a new arc to volunteer 1 costs 1.

    Returns the new network, the carried flow and the mapped potentials.
    """
    old = make_network(np.array([0]), np.array([0]), np.array([0]), np.array([10]),
                       np.array([1, 1]), [np.array([0]), np.array([0])], np.array([99]), 1)
    f0, p0 = solve_network(old)
    net = make_network(np.array([0, 0]), np.array([0, 1]), np.array([0, 0]),
                       np.array([10, 1]), np.array([1, 1]), [np.array([0]), np.array([0])],
                       np.array([99]), 1)
    start = warm_potentials(net, (old, f0, p0))
    assert start is not None
    return net, carry_flow(net, old, f0), start


def _all_unassigned(net: Network) -> np.ndarray:
    """The feasible flow that leaves every pupil on their unassigned arc."""
    flow = np.zeros(len(net.tail), dtype=np.int64)
    flow[-net.n_s:] = 1
    return flow


def test_new_cheaper_arc_reroutes() -> None:
    net, carried, start = _cheaper_arc_added()
    flow, pot = reoptimize(net, carried, start)
    assert _check(net, flow, pot) == 1
    assert flow[1] == 1


def test_rejects_infeasible_start() -> None:
    net = make_network(np.array([0]), np.array([0]), np.array([0]), np.array([1]),
                       np.array([1]), [np.array([0])], np.array([9]), 1)
    with pytest.raises(ValueError, match="not feasible"):
        reoptimize(net, np.zeros(len(net.tail), dtype=np.int64),
                   np.zeros(net.sink + 1, dtype=np.int64))


def test_budgets_abort() -> None:
    net, carried, start = _cheaper_arc_added()
    with pytest.raises(WarmStartAbortedError, match="units"):
        reoptimize(net, carried, start, max_units=0)
    with pytest.raises(WarmStartAbortedError, match="phases"):
        reoptimize(net, carried, start, max_phases=0)
    flow, pot = reoptimize(net, carried, start, max_units=1, max_phases=5)
    assert _check(net, flow, pot) == 1


@pytest.mark.parametrize("seed", [1, 3])
def test_match_uses_the_repair_and_stays_exact(seed: int, caplog: pytest.LogCaptureFixture
                                               ) -> None:
    problem = mm.synth.generate(400, seed=seed)
    ref = mm.match(problem, backend="networkx")
    with caplog.at_level(logging.DEBUG, logger="mentormatch.solve"):
        fast = mm.match(problem, backend="assignment")
    assert fast.certificate.optimal
    assert fast.certificate.gap == 0
    assert fast.certificate.objective == ref.certificate.objective
    assert any("(reoptimized)" in r.getMessage() for r in caplog.records)


@given(networks(), st.integers(1, 4))
def test_reoptimize_within_a_phase_budget_is_exact_or_gives_up(
        case: tuple[Network, np.ndarray], budget: int) -> None:
    """A budget (counted or projected from the routing rate) never costs exactness."""
    net, _ = case
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    try:
        f, p = reoptimize(net, _all_unassigned(net), np.zeros(net.sink + 1, dtype=np.int64),
                          max_phases=budget)
    except WarmStartAbortedError as exc:
        message = str(exc)
    else:
        assert _check(net, f, p) == ref.cost
        return
    assert "phases" in message


def test_reoptimize_on_a_network_beyond_int32_node_pairs() -> None:
    """100,000 nodes: node-pair keys exceed int32 (the residual graph stores int32 indices)."""
    n_s, n_m = 50_000, 25_000
    rng = np.random.default_rng(7)
    si = np.arange(n_s)
    cost = rng.integers(0, 500, n_s)
    net = make_network(si, si // 2, np.zeros(n_s, dtype=np.int64), cost,
                       np.ones(n_m, dtype=np.int64), [np.zeros(1, dtype=np.int64)] * n_m,
                       np.full(n_s, 1000), 1)
    assert (net.sink + 1) ** 2 > 2**31
    f, p = reoptimize(net, _all_unassigned(net), np.zeros(net.sink + 1, dtype=np.int64))
    pairs = cost.reshape(n_m, 2)
    assert _check(net, f, p) == int(pairs.min(axis=1).sum()) + 1000 * n_m
