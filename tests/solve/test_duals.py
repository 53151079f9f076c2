"""solve.duals: the pricing potentials certify the flow and are the largest ones."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given

from match_networks import networks
from mentormatch.flow import NegativeCycleError
from mentormatch.flow.residual import residual_arcs
from mentormatch.network import Network
from mentormatch.solve.duals import pricing_potentials
from mentormatch.solve.reduction import optimal_flow
from mentormatch.verify import check_flow


def _from_virtual(n: int, tails: np.ndarray, heads: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Independent oracle: ``min(0, shortest path to v)`` from a node joined to all, by networkx."""
    g = nx.DiGraph()
    g.add_nodes_from(range(n + 1))
    for t, h, c in zip(tails.tolist(), heads.tolist(), costs.tolist(), strict=True):
        if not g.has_edge(t, h) or g[t][h]["weight"] > c:
            g.add_edge(t, h, weight=c)
    for v in range(n):
        g.add_edge(n, v, weight=0)
    dist = nx.single_source_bellman_ford_path_length(g, n)
    return np.array([dist[v] for v in range(n)], dtype=np.int64)


def _largest(net: Network, flow: np.ndarray) -> np.ndarray:
    """``min(0, shortest residual path from v)``: distances on the reversed residual graph."""
    rt, rh, rc, _ = residual_arcs(net.tail, net.head, net.capacity, net.cost, flow)
    return _from_virtual(net.sink + 1, rh, rt, rc)


@given(networks())
def test_pricing_potentials_certify_and_are_largest(case: tuple[Network, np.ndarray]) -> None:
    net, _ = case
    flow = optimal_flow(net)
    pi, largest = pricing_potentials(net, flow)
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi)
    assert cert.optimal, cert.violations
    # every pupil is tight on the arc carrying its unit (as low as it can go)
    rc = net.cost - pi[net.tail] + pi[net.head]
    used = (flow > 0) & (net.tail < net.n_s)
    assert np.all(rc[used] == 0)
    assert np.array_equal(np.bincount(net.tail[used], minlength=net.n_s), np.ones(net.n_s))
    # slots, volunteers and the sink: the largest certifying potentials (up to a shift)
    ref = _largest(net, flow)
    assert np.array_equal(largest, ref)
    assert np.all(np.diff(pi[net.n_s:] - ref[net.n_s:]) == 0)
    # a bound at or above the largest potentials changes nothing
    for bound in (largest, np.zeros_like(largest), largest + 7):
        again, again_largest = pricing_potentials(net, flow, bound=bound)
        assert np.array_equal(again, pi)
        assert np.array_equal(again_largest, largest)
    # a lower bound still certifies (only maximality is lost)
    low, low_largest = pricing_potentials(net, flow, bound=largest - 3)
    assert np.all(low_largest <= largest - 3)
    assert check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow,
                      low).optimal


@given(networks())
def test_pricing_potentials_refuse_a_non_optimal_flow(case: tuple[Network, np.ndarray]) -> None:
    net, _ = case
    flow = np.zeros(len(net.tail), dtype=np.int64)
    flow[-net.n_s:] = 1  # everyone unassigned: optimal only if nobody gains by a match
    opt = int(net.cost @ optimal_flow(net))
    if int(net.cost @ flow) == opt:
        pi, _ = pricing_potentials(net, flow)
        assert check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow,
                          pi).optimal
    else:
        with pytest.raises(NegativeCycleError):
            pricing_potentials(net, flow)


@given(networks())
def test_certified_start_gives_the_same_potentials(case: tuple[Network, np.ndarray]) -> None:
    """With potentials already certifying the flow, one Dijkstra finds the same largest ones."""
    net, _ = case
    flow = optimal_flow(net)
    pi, largest = pricing_potentials(net, flow)
    # any certifying potentials will do: the smallest ones, shifted
    rt, rh, rc, _ = residual_arcs(net.tail, net.head, net.capacity, net.cost, flow)
    smallest = -_from_virtual(net.sink + 1, rt, rh, rc) + 11   # minus paths *to* v
    assert np.all(rc - smallest[rt] + smallest[rh] >= 0)
    for bound in (None, largest, largest - 3):
        ref = pricing_potentials(net, flow, bound=bound)
        got = pricing_potentials(net, flow, bound=bound, certified=smallest)
        assert np.array_equal(got[0], ref[0])
        assert np.array_equal(got[1], ref[1])
    # potentials that do not certify are not trusted: Bellman–Ford answers
    wrong = smallest.copy()
    wrong[net.sink] += 10**6
    got = pricing_potentials(net, flow, certified=wrong)
    assert np.array_equal(got[0], pi)
    assert np.array_equal(got[1], largest)
