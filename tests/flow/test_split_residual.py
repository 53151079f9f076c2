"""flow.residual.SplitResidual and the guessed search radius: the numpy primal–dual's phases.

The primal–dual without numba keeps its residual per arc, merging copies only
where arcs share a node pair (:class:`~mentormatch.flow.residual.SplitResidual`),
and tries each unlimited search within a guessed radius first. Neither may change
a phase: same flow, same potentials, same number of phases as the merged
:class:`~mentormatch.flow.residual.Residual` searched without limit (what keeps the
match results byte-identical).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest.mock import patch

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import mentormatch.flow.primal_dual as primal_dual_module
from match_networks import networks
from mentormatch._arrays import FLOAT_EXACT
from mentormatch.flow.primal_dual import PrimalDualResult, primal_dual
from mentormatch.flow.residual import Residual, SplitResidual, shared_pairs
from mentormatch.network import Network
from mentormatch.verify import check_flow

Arrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@st.composite
def general_networks(draw: st.DrawFn) -> Arrays:
    """Small circulations (zero supply: always feasible) with parallel and opposite
    arcs, self-loops and negative costs."""
    n = draw(st.integers(2, 7))
    m = draw(st.integers(1, 30))
    ends = st.integers(0, n - 1)
    tail = np.array(draw(st.lists(ends, min_size=m, max_size=m)), dtype=np.int64)
    head = np.array(draw(st.lists(ends, min_size=m, max_size=m)), dtype=np.int64)
    cap = np.array(draw(st.lists(st.integers(0, 4), min_size=m, max_size=m)), dtype=np.int64)
    cost = np.array(draw(st.lists(st.integers(-20, 40), min_size=m, max_size=m)),
                    dtype=np.int64)
    return tail, head, cap, cost, np.zeros(n, dtype=np.int64)


def _run(arrays: Arrays, seed: int, residual: type | None, guess: bool,
         **kw: Any) -> PrimalDualResult:
    """primal_dual from a random start, with the merged ``residual`` forced or not."""
    tail, head, cap, cost, supply = arrays
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, cap + 1)
    pi = rng.integers(-40, 41, supply.shape[0])
    patches: list[Any] = [patch.object(primal_dual_module, "simple_pairs", lambda *a: False)]
    if residual is not None:
        patches.append(patch.object(primal_dual_module, "SplitResidual",
                                    lambda *a: residual(*a[:6])))
    if not guess:
        full: Callable[..., Any] = primal_dual_module._search
        patches.append(patch.object(
            primal_dual_module, "_search_exact",
            lambda R, s, t, n, b, g: full(R, s, t, n, b, np.inf)[:2]))
    with ExitStack() as stack:
        for p in patches:
            stack.enter_context(p)
        return primal_dual(tail, head, cap, cost, supply, flow, pi, **kw)


def _same(a: PrimalDualResult, b: PrimalDualResult) -> None:
    np.testing.assert_array_equal(a.flow, b.flow)
    np.testing.assert_array_equal(a.potentials, b.potentials)
    assert a.phases == b.phases


def _as_arrays(net: Network) -> Arrays:
    return net.tail, net.head, net.capacity, net.cost, net.supply


@given(general_networks(), st.integers(0, 2**32 - 1),
       st.sampled_from(["alternate", "backward"]), st.sampled_from([0.0, 3.0, np.inf]))
def test_split_residual_runs_the_merged_phases(arrays: Arrays, seed: int, directions: str,
                                                radius: float) -> None:
    """Parallel, opposite and self-loop arcs: SplitResidual runs Residual's phases."""
    kw = {"directions": directions, "radius": radius}
    ref = _run(arrays, seed, Residual, guess=False, **kw)
    _same(ref, _run(arrays, seed, None, guess=False, **kw))
    _same(ref, _run(arrays, seed, None, guess=True, **kw))
    tail, head, cap, cost, supply = arrays
    cert = check_flow(tail, head, cap, cost, supply, ref.flow, ref.potentials)
    assert cert.optimal, cert.violations


@given(networks(), st.integers(0, 2**32 - 1), st.sampled_from(["alternate", "backward"]))
def test_split_residual_and_guess_on_match_networks(case: tuple[Network, np.ndarray],
                                                    seed: int, directions: str) -> None:
    """The match networks (parallel load arcs): same phases with the split residual and
    the guessed radius as with the merged residual searched without limit."""
    arrays = _as_arrays(case[0])
    ref = _run(arrays, seed, Residual, guess=False, directions=directions)
    _same(ref, _run(arrays, seed, Residual, guess=True, directions=directions))
    _same(ref, _run(arrays, seed, None, guess=True, directions=directions))


@given(general_networks(), st.integers(0, 2**32 - 1), st.floats(0, 50))
def test_split_residual_lists_the_merged_pairs(arrays: Arrays, seed: int,
                                               radius: float) -> None:
    """The search graph holds Residual's pairs at their cheapest copy; the admissible pairs
    and their summed capacities are Residual's after any repricing."""
    tail, head, cap, cost, _ = arrays
    n = arrays[4].shape[0]
    rng = np.random.default_rng(seed)
    flow = rng.integers(0, cap + 1)
    pi = rng.integers(-5, 6, n)
    a = Residual(tail, head, cap, cost, flow, pi)
    b = SplitResidual(tail, head, cap, cost, flow, pi)
    for backward in (False, True):
        ga, lo_a, hi_a, sa = a.graph(radius, backward)
        gb, lo_b, hi_b, sb = b.graph(radius, backward)
        # the cheapest of parallel copies: duplicates in b are kept apart, take their min
        cb = gb.tocoo()
        db = np.full((n, n), np.inf)
        np.minimum.at(db, (cb.row, cb.col), cb.data)
        ca = ga.tocoo()
        dense_a = np.full((n, n), np.inf)
        dense_a[ca.row, ca.col] = ca.data
        np.testing.assert_array_equal(dense_a, db)
        if ca.nnz:   # the largest is of every copy, the pairs' cheapest only when out of range
            assert lo_a == lo_b
            assert hi_b >= hi_a
            assert (hi_a >= FLOAT_EXACT) == (hi_b >= FLOAT_EXACT)
    change = rng.integers(-3, 4, n)
    a.reprice(change)
    b.reprice(change)
    ua, va, capa, _ = a.admissible(sa, np.inf)
    ub, vb, capb, _ = b.admissible(sb, np.inf)
    ka = sorted(zip(ua.tolist(), va.tolist(), capa.tolist(), strict=True))
    kb = sorted(zip(ub.tolist(), vb.tolist(), capb.tolist(), strict=True))
    assert ka == kb


@given(general_networks())
def test_shared_pairs_by_brute_force(arrays: Arrays) -> None:
    """An arc is shared when another arc joins its two nodes, either way (loops never)."""
    tail, head = arrays[0], arrays[1]
    pairs = [frozenset((int(t), int(h))) for t, h in zip(tail, head, strict=True)]
    want = [t != h and pairs.count(p) > 1 for t, h, p in zip(tail, head, pairs, strict=True)]
    assert shared_pairs(tail, head, arrays[4].shape[0]).tolist() == want
