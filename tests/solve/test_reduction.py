"""solve.reduction: the assignment reduction of the match network is exact and certified."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
from match_networks import certified_objective as _check
from match_networks import make_network, networks, sub_network
from mentormatch.flow import min_cost_flow
from mentormatch.flow.potentials import residual_potentials
from mentormatch.network import Network, carry_flow
from mentormatch.solve.duals import pricing_potentials
from mentormatch.solve.loop import _warm_resolve
from mentormatch.solve.reduction import (
    assignment_reduction,
    optimal_flow,
    priced_loads,
    solve_network,
    warm_potentials,
)


@given(networks())
def test_matches_networkx_and_certifies(case: tuple[Network, np.ndarray]) -> None:
    net, keep = case
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    flow, pot = solve_network(net)
    assert _check(net, flow, pot) == ref.cost
    # warm start from the optimum of a sub-network (a previous pricing round)
    if keep.any():
        sub = sub_network(net, keep)
        f0, p0 = solve_network(sub)
        _check(sub, f0, p0)
        flow2 = optimal_flow(net)
        pot2 = residual_potentials(net.tail, net.head, net.capacity, net.cost, flow2,
                                   net.sink + 1, start=warm_potentials(net, (sub, f0, p0)))
        assert _check(net, flow2, pot2) == ref.cost


def test_reduction_shapes() -> None:
    # one volunteer of capacity 2 with two one-pupil sessions: absorbed (1 absorber row)
    net = make_network(np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([0, 1, 1]),
                       np.array([5, 6, 7]), np.array([1]), [np.array([0, 4])],
                       np.array([100, 100, 100]), 2)
    _, _, _, n_rows, n_cols, _ = assignment_reduction(net)
    assert n_rows == 3 + 1            # pupils + T - 1 absorbers (T = 2 copies)
    assert n_cols == 2 + 1 + 3        # copies + c' - 1 releases + dummies
    flow, pot = solve_network(net)
    # two pupils matched (on different sessions), load cost 0 + 4, pupil 2 or 1 left out
    assert _check(net, flow, pot) == 5 + 6 + 4 + 100
    assert flow[:3].sum() == 2


def test_not_an_engine_network() -> None:
    net = make_network(np.array([0]), np.array([0]), np.array([0]), np.array([1]),
                       np.array([1]), [np.array([0])], np.array([9]), 1)
    bad = dataclasses.replace(net, tail=net.head, head=net.tail)
    with pytest.raises(ValueError, match="not an engine match network"):
        solve_network(bad)


@pytest.mark.parametrize("seed", [1, 2])
def test_match_assignment_backend_agrees(seed: int) -> None:
    problem = mm.synth.generate(120, seed=seed)
    ref = mm.match(problem, backend="networkx")
    fast = mm.match(problem, backend="assignment")
    assert fast.certificate.optimal
    assert fast.certificate.gap == 0
    assert fast.certificate.objective == ref.certificate.objective


@pytest.mark.slow
@pytest.mark.parametrize("n", [1000, 3000])
def test_engine_networks_against_reference(n: int) -> None:
    problem = mm.synth.generate(n, seed=1)
    ref = mm.match(problem, backend="highs")
    fast = mm.match(problem, backend="assignment")
    assert fast.certificate.optimal
    assert fast.certificate.objective == ref.certificate.objective


def _prefix_network(net: Network, keep: np.ndarray) -> tuple[Network, Network]:
    """``net``'s kept pair arcs as a sub-network, and ``net`` with those arcs first."""
    order = np.r_[np.flatnonzero(keep), np.flatnonzero(~keep)]
    return sub_network(net, keep), sub_network(net, order)


@given(networks(), st.integers(0, 2**31 - 1))
def test_warm_resolve_is_exact(case: tuple[Network, np.ndarray], seed: int) -> None:
    # the last round's optimum and largest potentials, carried onto the network with the
    # new arcs; and arbitrary potentials, which must not change the result either
    net, keep = case
    sub, full = _prefix_network(net, keep)
    ref = min_cost_flow(full.tail, full.head, full.capacity, full.cost, full.supply,
                        backend="networkx").cost
    f0, _ = solve_network(sub)
    _, largest = pricing_potentials(sub, f0)
    carried = carry_flow(full, sub, f0)
    rng = np.random.default_rng(seed)
    starts = [warm_potentials(full, (sub, f0, largest)),
              rng.integers(-200, 1, size=full.sink + 1)]
    for bound in starts:
        assert bound is not None
        priced, raised = priced_loads(full, carried, bound)
        assert np.all(priced.cost >= full.cost)
        assert np.all(carried[raised] == 1)
        assert np.array_equal(priced.cost != full.cost, raised)
        flow, certified = _warm_resolve(full, carried, bound)
        if certified is None:
            certified, _ = pricing_potentials(full, flow)
        assert _check(full, flow, certified) == ref


def test_warm_resolve_repairs_an_abandoned_volunteer() -> None:
    # pupil 0 held volunteer 0 (price 100 from a contested past); the new arc to volunteer 1
    # is cheaper, so the raised load arc of volunteer 0 is left and the repair decides
    net = make_network(np.array([0, 0]), np.array([0, 1]), np.array([0, 0]),
                       np.array([10, 1]), np.array([1, 1]), [np.array([0]), np.array([0])],
                       np.array([500]), 1)
    carried = np.zeros(len(net.cost), dtype=np.int64)
    carried[[0, 2, 4]] = 1                        # pupil 0 -> slot (0, 0) -> volunteer 0
    bound = np.zeros(net.sink + 1, dtype=np.int64)
    bound[net.mentor_node0] = 100
    bound[0] = 110
    priced, raised = priced_loads(net, carried, bound)
    assert raised.sum() == 1
    assert priced.cost[raised][0] == 50
    flow, certified = _warm_resolve(net, carried, bound)
    assert flow[1] == 1
    assert flow[0] == 0
    pot = certified if certified is not None else pricing_potentials(net, flow)[0]
    assert _check(net, flow, pot) == 1
