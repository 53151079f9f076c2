"""flow.primal_dual: one primal–dual, exact on both of its uses.

* the match loop's repair of an optimal flow after pupil arcs are added
  (:func:`mentormatch.solve.loop.reoptimize`, searching in alternate directions);
* the transportation problem of ``solve_sparse`` (searching backward, within a radius).

Each is checked against networkx's and HiGHS's optima, from any start, in both
search directions; and the two residual representations give the same answer.
"""

from __future__ import annotations

import logging
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import mentormatch as mm
import mentormatch.flow.primal_dual as primal_dual_module
from match_networks import certified_objective as _check
from match_networks import make_network, networks, reordered, sub_network
from mentormatch.flow import PrimalDualAbortedError, min_cost_flow
from mentormatch.flow.primal_dual import primal_dual
from mentormatch.network import Network, carry_flow
from mentormatch.solve.loop import reoptimize
from mentormatch.solve.reduction import solve_network, warm_potentials
from mentormatch.verify import check_flow


@given(networks(), st.booleans())
def test_reoptimize_matches_networkx(case: tuple[Network, np.ndarray], use_nx: bool) -> None:
    full, keep = case
    net = reordered(full, keep)
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    sub = sub_network(full, keep)  # same pair order as the head of ``net``
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


def test_pseudoflow_start_and_bad_starts() -> None:
    """Balances need not hold at the start (the empty flow); bounds must."""
    net = make_network(np.array([0]), np.array([0]), np.array([0]), np.array([1]),
                       np.array([1]), [np.array([0])], np.array([9]), 1)
    zeros = np.zeros(net.sink + 1, dtype=np.int64)
    f, p = reoptimize(net, np.zeros(len(net.tail), dtype=np.int64), zeros)
    assert _check(net, f, p) == 1
    with pytest.raises(ValueError, match="outside its bounds"):
        reoptimize(net, np.full(len(net.tail), 2, dtype=np.int64), zeros)
    with pytest.raises(ValueError, match="do not match"):
        reoptimize(net, np.zeros(1, dtype=np.int64), zeros)
    unbounded = net.capacity.copy()
    unbounded[0] = -1
    with pytest.raises(ValueError, match="finite capacities"):
        primal_dual(net.tail, net.head, unbounded, net.cost, net.supply,
                    np.zeros(len(net.tail), dtype=np.int64), zeros)


def test_budgets_abort() -> None:
    net, carried, start = _cheaper_arc_added()
    with pytest.raises(PrimalDualAbortedError, match="units"):
        reoptimize(net, carried, start, max_units=0)
    with pytest.raises(PrimalDualAbortedError, match="phases"):
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
    except PrimalDualAbortedError as exc:
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


@given(networks(), st.integers(0, 2**32 - 1), st.sampled_from(["alternate", "backward"]),
       st.sampled_from([0.0, 3.0, np.inf]))
def test_any_direction_and_radius_on_match_networks(
        case: tuple[Network, np.ndarray], seed: int, directions: str, radius: float) -> None:
    """Search direction and radius are speed knobs: the optimum is reached either way."""
    net, _ = case
    ref = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply,
                        backend="networkx")
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, net.capacity + 1)
    pi = rng.integers(-40, 41, net.sink + 1)
    out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi,
                      directions=directions, radius=radius)  # type: ignore[arg-type]
    assert _check(net, out.flow, out.potentials) == ref.cost


@given(networks(), st.integers(0, 2**32 - 1), st.sampled_from(["alternate", "backward"]),
       st.sampled_from([0.0, 3.0, np.inf]))
def test_compiled_phases_are_the_numpy_phases(
        case: tuple[Network, np.ndarray], seed: int, directions: str, radius: float) -> None:
    """``compiled=True`` (numba) runs the same phases: same flow, potentials and count."""
    pytest.importorskip("numba", reason="the compiled residual needs the fast extra (numba)")
    net, _ = case
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, net.capacity + 1)
    pi = rng.integers(-40, 41, net.sink + 1)
    runs = [primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi,
                        directions=directions, radius=radius,  # type: ignore[arg-type]
                        compiled=compiled) for compiled in (False, True)]
    assert np.array_equal(runs[0].flow, runs[1].flow)
    assert np.array_equal(runs[0].potentials, runs[1].potentials)
    assert runs[0].phases == runs[1].phases


@given(networks(), st.integers(0, 2**32 - 1))
def test_parallel_hint_is_exact_on_any_network(case: tuple[Network, np.ndarray],
                                               seed: int) -> None:
    """``parallel=True`` (the compiled residual without the simple-graph test) is exact.

    On a network without parallel arcs too, where the default would take the
    simple-graph residual: the same optimum cost, certified by its potentials.
    """
    pytest.importorskip("numba", reason="the compiled residual needs the fast extra (numba)")
    net, _ = case
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, net.capacity + 1)
    pi = rng.integers(-40, 41, net.sink + 1)
    ref, out = (primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi,
                            compiled=True, parallel=parallel) for parallel in (False, True))
    assert _check(net, out.flow, out.potentials) == _check(net, ref.flow, ref.potentials)


@given(networks(), st.integers(0, 2**32 - 1))
def test_compiled_residual_holds_the_numpy_copies(case: tuple[Network, np.ndarray],
                                                  seed: int) -> None:
    """CompiledResidual builds the copies of Residual: same order, same arrays."""
    pytest.importorskip("numba", reason="the compiled residual needs the fast extra (numba)")
    from mentormatch.flow.residual import CompiledResidual, Residual
    net, _ = case
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, net.capacity + 1)
    pi = rng.integers(-40, 41, net.sink + 1)
    tail, head = net.tail.copy(), net.head.copy()
    tail[: len(tail) // 7] = head[: len(tail) // 7]   # some self-loops (dropped)
    a = Residual(tail, head, net.capacity, net.cost, flow, pi)
    b = CompiledResidual(tail, head, net.capacity, net.cost, flow, pi)
    for name in ("frm", "to", "group", "arc", "sign", "rc", "res", "partner"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype, name


# --- the transportation problem of solve_sparse ------------------------------------


@st.composite
def transport_networks(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Pupils (supply 1) → mentors (pairs, capacity 1) → sink (capacities), and an
    "unassigned" arc pupil → sink: the network of ``solve_sparse``, as arrays."""
    n_s = draw(st.integers(1, 8))
    n_m = draw(st.integers(1, 5))
    pairs = draw(st.lists(st.tuples(st.integers(0, n_s - 1), st.integers(0, n_m - 1)),
                          max_size=25, unique=True))
    rows = np.array([p[0] for p in pairs], dtype=np.int64)
    cols = np.array([p[1] for p in pairs], dtype=np.int64)
    cost = np.array(draw(st.lists(st.integers(0, 50), min_size=len(pairs),
                                  max_size=len(pairs))), dtype=np.int64)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)),
                        dtype=np.int64)
    unassigned = np.array(draw(st.lists(st.integers(0, 80), min_size=n_s, max_size=n_s)),
                          dtype=np.int64)
    t = n_s + n_m
    tail = np.concatenate([rows, n_s + np.arange(n_m), np.arange(n_s)]).astype(np.int64)
    head = np.concatenate([n_s + cols, np.full(n_m + n_s, t)]).astype(np.int64)
    cap = np.concatenate([np.ones(len(rows), dtype=np.int64), capacity,
                          np.ones(n_s, dtype=np.int64)])
    arc_cost = np.concatenate([cost, np.zeros(n_m, dtype=np.int64), unassigned])
    supply = np.zeros(t + 1, dtype=np.int64)
    supply[:n_s] = 1
    supply[t] = -n_s
    return tail, head, cap, arc_cost, supply


def _reference(tail: np.ndarray, head: np.ndarray, cap: np.ndarray, cost: np.ndarray,
               supply: np.ndarray) -> int:
    """The optimum by networkx, confirmed by HiGHS."""
    ref = min_cost_flow(tail, head, cap, cost, supply, backend="networkx")
    lp = min_cost_flow(tail, head, cap, cost, supply, backend="highs")
    assert ref.cost is not None
    assert lp.cost == ref.cost
    return ref.cost


@given(transport_networks(), st.integers(0, 2**32 - 1),
       st.sampled_from(["alternate", "backward"]), st.sampled_from([0.0, 1.0, 7.0, np.inf]))
def test_transport_networks_from_any_start(net: tuple[np.ndarray, ...], seed: int,
                                           directions: str, radius: float) -> None:
    """The transportation solver's use: arbitrary flows and potentials, any direction."""
    tail, head, cap, cost, supply = net
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, cap + 1)
    pi = rng.integers(-40, 41, supply.shape[0])
    out = primal_dual(tail, head, cap, cost, supply, flow, pi,
                      directions=directions, radius=radius)  # type: ignore[arg-type]
    cert = check_flow(tail, head, cap, cost, supply, out.flow, out.potentials)
    assert cert.optimal, cert.violations
    assert cert.objective == _reference(tail, head, cap, cost, supply)


@given(transport_networks(), st.integers(0, 2**32 - 1),
       st.sampled_from(["alternate", "backward"]), st.sampled_from([1.0, np.inf]))
def test_both_residual_forms_give_the_same_answer(
        net: tuple[np.ndarray, ...], seed: int, directions: str, radius: float) -> None:
    """Networks without parallel arcs use ArcResidual; the merged Residual gives the same
    flow, potentials and phases (what keeps ``solve_sparse``'s answers byte-identical)."""
    tail, head, cap, cost, supply = net
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, cap + 1)
    pi = rng.integers(-40, 41, supply.shape[0])
    kw = {"directions": directions, "radius": radius}
    arc = primal_dual(tail, head, cap, cost, supply, flow, pi, **kw)  # type: ignore[arg-type]
    with patch.object(primal_dual_module, "simple_pairs", lambda *a: False):
        merged = primal_dual(tail, head, cap, cost, supply, flow, pi,
                             **kw)  # type: ignore[arg-type]
    np.testing.assert_array_equal(arc.flow, merged.flow)
    np.testing.assert_array_equal(arc.potentials, merged.potentials)
    assert arc.phases == merged.phases


def test_infeasible_network_is_reported() -> None:
    """Excess that cannot reach any deficit: ValueError (the caller re-solves)."""
    tail = np.array([0], dtype=np.int64)
    head = np.array([1], dtype=np.int64)
    supply = np.array([1, 0, -1], dtype=np.int64)
    with pytest.raises(ValueError, match="infeasible"):
        primal_dual(tail, head, np.ones(1, dtype=np.int64), np.ones(1, dtype=np.int64),
                    supply, np.zeros(1, dtype=np.int64), np.zeros(3, dtype=np.int64))
