"""Backend ``"primal_dual"`` (core): cost scaling by bits, checked against networkx.

Costs wide enough that several scales run (``cost >> k`` from the coarsest scale to the
real costs), negative costs, parallel and opposite arcs, infeasible networks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest.mock import patch

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentormatch.flow import min_cost_flow
from mentormatch.flow._core import _prepare
from mentormatch.flow._validate import validate_network
from mentormatch.flow.backends import primal_dual
from mentormatch.verify import certify

Net = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _networkx(net: Net) -> int | None:
    tail, head, cap, cost, supply = net
    g = nx.MultiDiGraph()
    g.add_nodes_from((v, {"demand": -int(s)}) for v, s in enumerate(supply))
    for t, h, c, w in zip(tail, head, cap, cost, strict=True):
        if t != h:
            g.add_edge(int(t), int(h), capacity=int(c), weight=int(w))
    try:
        loops = sum(int(c) * int(w) for t, h, c, w in zip(tail, head, cap, cost, strict=True)
                    if t == h and w < 0)
        return int(nx.network_simplex(g)[0]) + loops
    except nx.NetworkXUnfeasible:
        return None


@st.composite
def wide_networks(draw: st.DrawFn) -> Net:
    n = draw(st.integers(2, 10))
    m = draw(st.integers(1, 35))
    node = st.integers(0, n - 1)
    tail = np.array(draw(st.lists(node, min_size=m, max_size=m)), dtype=np.int64)
    head = np.array(draw(st.lists(node, min_size=m, max_size=m)), dtype=np.int64)
    cap = np.array(draw(st.lists(st.integers(0, 9), min_size=m, max_size=m)), dtype=np.int64)
    width = draw(st.sampled_from([7, 300, 10_000, 2**20]))
    cost = np.array(draw(st.lists(st.integers(-width, width), min_size=m, max_size=m)),
                    dtype=np.int64)
    supply = np.array(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)),
                      dtype=np.int64)
    supply[-1] -= supply.sum()
    return tail, head, cap, cost, supply


# several scales per case and two first-scale widths: more cases than the default
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_networks(), st.sampled_from([1, 5]))
def test_scaled_primal_dual_agrees_with_networkx(net: Net, start_bits: int) -> None:
    expected = _networkx(net)
    with patch.object(primal_dual, "START_BITS", start_bits):
        r = min_cost_flow(*net, backend="primal_dual")
    if expected is None:
        assert r.status == "infeasible"
        return
    assert (r.status, r.cost, r.backend) == ("optimal", expected, "primal_dual")
    assert certify(r, *net).optimal


def test_scales_run_and_end_on_the_real_costs() -> None:
    """A NETGEN-style network: every scale runs, the last one on the real costs."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from benchmarks.netgen import netgen

    net = netgen(2**8, seed=5)
    seen: list[int] = []
    real = primal_dual.primal_dual

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        seen.append(int(np.abs(args[3]).max()))
        return real(*args, **kw)

    with patch.object(primal_dual, "primal_dual", spy):
        r = min_cost_flow(*net, backend="primal_dual")
    top = int(np.abs(_prepare(validate_network(*net, None)).canonical.cost).max())
    assert len(seen) == top.bit_length() - primal_dual.START_BITS + 1
    assert seen[0] < 2**primal_dual.START_BITS
    assert seen[-1] == top
    assert r.cost == _networkx(net)
    assert certify(r, *net).optimal


@pytest.mark.parametrize("seed", range(4))
def test_medium_networks_with_negative_costs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 50, 300
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    cap = rng.integers(0, 15, m)
    cost = rng.integers(-5_000, 20_000, m)
    supply = np.zeros(n, dtype=np.int64)
    supply[:6] = 5
    supply[-6:] = -5
    net = (tail, head, cap, cost, supply)
    r = min_cost_flow(*net, backend="primal_dual")
    assert r.cost == _networkx(net)
    if r.optimal:
        assert certify(r, *net).optimal
