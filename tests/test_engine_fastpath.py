"""engine.fastpath: the assignment reduction of the match network is exact and certified."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
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
from mentormatch.verify import check_flow


def make_network(si: np.ndarray, mi: np.ndarray, block: np.ndarray, cost: np.ndarray,
                 group: np.ndarray, loads: list[np.ndarray], unassigned: np.ndarray,
                 n_blocks: int) -> Network:
    """Build a network with the layout of ``engine.network.build_network``."""
    n_s, n_m = len(unassigned), len(loads)
    uniq, slot_of = np.unique(mi * n_blocks + block, return_inverse=True)
    n_slots = len(uniq)
    slot_m, slot_b = uniq // n_blocks, uniq % n_blocks
    m0 = n_s + n_slots
    sink = m0 + n_m
    lm = np.repeat(np.arange(n_m), [len(x) for x in loads])
    lc = np.concatenate(loads)
    tail = np.concatenate([si, n_s + np.arange(n_slots), m0 + lm, np.arange(n_s)])
    head = np.concatenate([n_s + slot_of.ravel(), m0 + slot_m, np.full(len(lm), sink),
                           np.full(n_s, sink)])
    cap = np.concatenate([np.ones(len(si)), group[slot_m], np.ones(len(lm)), np.ones(n_s)])
    costs = np.concatenate([cost, np.zeros(n_slots), lc, unassigned])
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_s] = 1
    supply[sink] = -n_s
    i64 = np.int64
    return Network(tail.astype(i64), head.astype(i64), cap.astype(i64), costs.astype(i64),
                   supply, n_s, n_slots, n_m, slot_m.astype(i64), slot_b.astype(i64), len(si),
                   len(lm), lm.astype(i64), 1)


@st.composite
def networks(draw: st.DrawFn) -> tuple[Network, np.ndarray]:
    """A random network of the engine's family, and a random subset of its pair arcs."""
    n_s = draw(st.integers(1, 7))
    n_m = draw(st.integers(1, 4))
    n_blocks = draw(st.integers(1, 3))
    group = np.array([draw(st.integers(1, 3)) for _ in range(n_m)], dtype=np.int64)
    loads = []
    for _ in range(n_m):
        steps = sorted(draw(st.lists(st.integers(0, 6), min_size=0, max_size=3)))
        first = draw(st.integers(0, 3))  # l_1 > 0 is allowed too
        loads.append(np.cumsum([first, *steps]).astype(np.int64))
    triples = draw(st.lists(st.tuples(st.integers(0, n_s - 1), st.integers(0, n_m - 1),
                                      st.integers(0, n_blocks - 1), st.integers(0, 30)),
                            min_size=1, max_size=30, unique_by=lambda t: t[:3]))
    arr = np.array(triples, dtype=np.int64)
    unassigned = np.array([draw(st.integers(0, 60)) for _ in range(n_s)], dtype=np.int64)
    net = make_network(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], group, loads, unassigned,
                       n_blocks)
    keep = np.array(draw(st.lists(st.booleans(), min_size=len(arr), max_size=len(arr))))
    return net, keep


def _sub(net: Network, keep: np.ndarray) -> Network:
    """The network of the kept pair arcs only, in ``keep``'s order (a mask or indices)."""
    p = net.n_pair_arcs
    si = net.tail[:p][keep]
    slot = net.head[:p][keep] - net.n_s
    loads = [net.cost[p + net.n_slot_arcs:][:net.n_load_arcs][net.load_mentor == m]
             for m in range(net.n_m)]
    group = np.ones(net.n_m, dtype=np.int64)
    group[net.slot_mentor] = net.capacity[p:p + net.n_slot_arcs]
    return make_network(si, net.slot_mentor[slot], net.slot_block[slot], net.cost[:p][keep],
                        group, loads, net.cost[-net.n_s:], int(net.slot_block.max()) + 1)


def _check(net: Network, flow: np.ndarray, pot: np.ndarray) -> int:
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pot)
    assert cert.optimal, cert.violations
    return cert.primal_cost


@given(networks())
def test_matches_networkx_and_certifies(case: tuple[Network, np.ndarray]) -> None:
    net, keep = case
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    flow, pot = solve_network(net)
    assert _check(net, flow, pot) == ref.cost
    # warm start from the optimum of a sub-network (a previous pricing round)
    if keep.any():
        sub = _sub(net, keep)
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
    return _sub(net, keep), _sub(net, np.r_[np.flatnonzero(keep), np.flatnonzero(~keep)])


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
