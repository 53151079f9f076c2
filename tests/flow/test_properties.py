"""Hypothesis: brute force, cross-backend agreement, metamorphic properties (issue 3)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from backends import ALL_BACKENDS, GENERAL_BACKENDS, missing_extra
from instances import random_assignment
from mentormatch._extras import available
from mentormatch.flow import min_cost_flow
from mentormatch.verify import certify

HAVE_ORTOOLS = available("ortools.graph.python.min_cost_flow")
# the general backends whose extra is installed ("network_simplex" needs mentormatch[fast];
# its own tests skip visibly without it, tests/flow/backends/test_network_simplex.py)
BACKENDS_HERE = [b for b in GENERAL_BACKENDS if missing_extra(b) is None
                 and (b != "ortools" or HAVE_ORTOOLS)]


@st.composite
def tiny_networks(draw: st.DrawFn, unbounded: bool = False) -> tuple[np.ndarray, ...]:
    """Networks small enough to enumerate every integer flow (when all arcs bounded)."""
    n = draw(st.integers(1, 4))
    m = draw(st.integers(0, 5))
    node = st.integers(0, n - 1)
    tail = np.array(draw(st.lists(node, min_size=m, max_size=m)), dtype=np.int64)
    head = np.array(draw(st.lists(node, min_size=m, max_size=m)), dtype=np.int64)
    lower = np.array(draw(st.lists(st.integers(-2, 2), min_size=m, max_size=m)), dtype=np.int64)
    width = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), dtype=np.int64)
    cap = lower + width
    cap = np.where(cap < 0, 0, cap)
    lower = np.minimum(lower, cap)
    if unbounded:
        inf = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)), dtype=bool)
        cap = np.where(inf, -1, cap)
    cost = np.array(draw(st.lists(st.integers(-5, 5), min_size=m, max_size=m)), dtype=np.int64)
    supply = np.array(draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n)),
                      dtype=np.int64)
    if draw(st.booleans()) and n > 0:
        supply[-1] -= supply.sum()  # usually balanced
    return tail, head, cap, cost, supply, lower


def brute_force(tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray,
                supply: np.ndarray, lower: np.ndarray) -> tuple[str, int | None]:
    """Enumerate every integer flow within bounds."""
    n = supply.size
    ranges = [range(int(lo), int(u) + 1) for lo, u in zip(lower, cap, strict=True)]
    best: int | None = None
    for f in itertools.product(*ranges):
        fa = np.array(f, dtype=np.int64)
        bal = np.zeros(n, dtype=np.int64)
        np.add.at(bal, tail, fa)
        np.subtract.at(bal, head, fa)
        if np.array_equal(bal, supply):
            c = int(cost @ fa)
            best = c if best is None else min(best, c)
    return ("infeasible", None) if best is None else ("optimal", best)


def lp_oracle(tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray,
              supply: np.ndarray, lower: np.ndarray) -> tuple[str, int | None]:
    """Independent LP: feasibility first (infeasible beats unbounded), then optimum."""
    n, m = supply.size, tail.size
    if m == 0:
        return ("optimal", 0) if not supply.any() else ("infeasible", None)
    a = np.zeros((n, m))
    a[tail, np.arange(m)] += 1
    a[head, np.arange(m)] -= 1
    bounds = [(float(lo), None if u == -1 else float(u)) for lo, u in zip(lower, cap,
                                                                           strict=True)]
    feas = linprog(np.zeros(m), A_eq=a, b_eq=supply, bounds=bounds, method="highs")
    if feas.status == 2:
        return "infeasible", None
    res = linprog(cost, A_eq=a, b_eq=supply, bounds=bounds, method="highs")
    if res.status == 3:
        return "unbounded", None
    assert res.status == 0
    return "optimal", round(res.fun)


def _check_all(net: tuple[np.ndarray, ...], expected: tuple[str, int | None]) -> None:
    tail, head, cap, cost, supply, lower = net
    for b in BACKENDS_HERE:
        r = min_cost_flow(tail, head, cap, cost, supply, lower=lower, backend=b)
        assert (r.status, r.cost) == expected, b
        if r.status == "optimal":
            cert = certify(r, tail, head, cap, cost, supply, lower=lower)
            assert cert.optimal, (b, cert.violations)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_networks())
def test_brute_force_agreement(net: tuple[np.ndarray, ...]) -> None:
    _check_all(net, brute_force(*net))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_networks(unbounded=True))
def test_unbounded_arcs_against_lp(net: tuple[np.ndarray, ...]) -> None:
    _check_all(net, lp_oracle(*net))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 12), st.integers(1, 8), st.integers(1, 3))
def test_random_assignment_networks_all_backends(seed: int, n_src: int, n_right: int,
                                                 max_supply: int) -> None:
    rng = np.random.default_rng(seed)
    unas = None if seed % 4 == 0 else int(rng.integers(0, 120))
    net = random_assignment(rng, n_src, n_right, 3, max_supply=max_supply, unassigned=unas,
                            slot_cost=bool(seed % 2))
    results = {}
    for b in ALL_BACKENDS:
        if (b == "ortools" and not HAVE_ORTOOLS) or missing_extra(b) is not None:
            continue
        r = min_cost_flow(*net, backend=b)
        results[b] = (r.status, r.cost)
        if r.status == "optimal":
            assert certify(r, *net).optimal
    assert len(set(results.values())) == 1, results


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 5))
def test_metamorphic_cost_scaling(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 8, 20
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    cap = rng.integers(0, 6, m)
    cost = rng.integers(-10, 20, m)
    supply = np.zeros(n, dtype=np.int64)
    supply[0], supply[n - 1] = 3, -3
    base = min_cost_flow(tail, head, cap, cost, supply)
    scaled = min_cost_flow(tail, head, cap, k * cost, supply)
    assert base.status == scaled.status
    if base.status == "optimal":
        assert scaled.cost == k * base.cost  # type: ignore[operator]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(-50, 50))
def test_metamorphic_shift_unit_source(seed: int, delta: int) -> None:
    rng = np.random.default_rng(seed)
    tail, head, cap, cost, supply = random_assignment(rng, 6, 4, 3, unassigned=60)
    s = int(rng.integers(0, 6))  # unit supply, no in-arcs: exactly one unit leaves it
    shifted = cost + np.where(tail == s, delta, 0)
    for b in ("assignment", "networkx"):
        a = min_cost_flow(tail, head, cap, cost, supply, backend=b)
        c = min_cost_flow(tail, head, cap, shifted, supply, backend=b)
        assert c.cost == a.cost + delta  # type: ignore[operator]


@pytest.mark.parametrize("seed", range(5))
def test_medium_random_networks_agree(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 60, 400
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    cap = np.where(rng.random(m) < 0.1, -1, rng.integers(0, 20, m))
    cost = rng.integers(-5, 50, m)
    lower = np.where(rng.random(m) < 0.05, 1, 0)
    lower = np.where((cap != -1) & (lower > cap), 0, lower)
    supply = np.zeros(n, dtype=np.int64)
    supply[:5] = 7
    supply[-5:] = -7
    outs = {}
    for b in BACKENDS_HERE:
        r = min_cost_flow(tail, head, cap, cost, supply, lower=lower, backend=b)
        outs[b] = (r.status, r.cost)
        if r.optimal:
            assert certify(r, tail, head, cap, cost, supply, lower=lower).optimal
    assert len(set(outs.values())) == 1, outs


@pytest.mark.backends(*ALL_BACKENDS)
def test_larger_assignment_network(backend: str) -> None:
    if backend == "networkx":
        pytest.skip("networkx is checked on smaller networks (too slow here)")
    rng = np.random.default_rng(7)
    net = random_assignment(rng, 2000, 900, 10, unassigned=90)
    ref = min_cost_flow(*net, backend="highs")
    r = min_cost_flow(*net, backend=backend)
    assert (r.status, r.cost) == (ref.status, ref.cost)
    assert certify(r, *net).optimal


@pytest.mark.slow
@pytest.mark.backends("assignment", "ortools", "highs")
def test_engine_scale_assignment_network(backend: str) -> None:
    """10,000 pupils, 25 candidates each: every backend certified and equal to the reference."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from flow_backends import assignment_network

    net = assignment_network(10_000)
    ref = min_cost_flow(*net, backend="assignment")
    r = min_cost_flow(*net, backend=backend)
    assert r.cost == ref.cost
    assert certify(r, *net).optimal
