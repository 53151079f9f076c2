"""The compiled residual kept across rounds: appended arcs merged in, largest potentials.

:meth:`CompiledResidual.appended` must give, array for array, the residual a fresh
build gives (a kept residual that missed an appended arc, or kept a stale reduced
cost, fails here), and :meth:`CompiledResidual.largest` the largest certifying
potentials the full search gives.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from match_networks import networks
from mentormatch.flow.potentials import shortest_distances
from mentormatch.flow.primal_dual import primal_dual
from mentormatch.flow.residual import residual_arcs
from mentormatch.network import Network

pytest.importorskip("numba", reason="the compiled residual needs the fast extra (numba)")
from mentormatch.flow.residual import CompiledResidual

NAMES = ("frm", "to", "group", "arc", "sign", "rc", "res", "partner", "flow")


@given(networks(), st.integers(0, 2**32 - 1), st.data())
def test_appended_arcs_merge_into_the_fresh_residual(case: tuple[Network, np.ndarray],
                                                     seed: int, data: st.DataObject) -> None:
    """Arcs inserted anywhere: the merged residual equals a fresh build, or it declines."""
    net, _ = case
    rng = np.random.default_rng(seed)
    m = len(net.tail)
    first = data.draw(st.integers(0, m - 1))
    q = data.draw(st.integers(1, m - first))
    flow = rng.integers(0, net.capacity + 1)
    pi0 = rng.integers(-40, 41, net.sink + 1)
    pi1 = pi0 + rng.integers(-5, 6, net.sink + 1) * rng.integers(0, 2, net.sink + 1)
    new = np.arange(first, first + q)
    old = np.r_[np.arange(first), np.arange(first + q, m)]
    kept = CompiledResidual(net.tail[old], net.head[old], net.capacity[old], net.cost[old],
                            flow[old], pi0)
    if data.draw(st.booleans()):   # no room left: the merge allocates
        kept._full = tuple(a[: len(kept.frm)] for a in kept._full)
    merged = kept.appended(first, net.tail[new], net.head[new], net.capacity[new],
                           net.cost[new], flow[new], pi1, pi1 - pi0)
    fresh = CompiledResidual(net.tail, net.head, net.capacity, net.cost, flow, pi1)
    pairs = {(int(a), int(b)) for a, b in zip(net.tail[old], net.head[old], strict=True)}
    pairs |= {(b, a) for a, b in pairs}
    ties = any((int(a), int(b)) in pairs for a, b in zip(net.tail[new], net.head[new],
                                                           strict=True))
    if merged is None:
        assert ties or len({(int(a), int(b)) for a, b in zip(net.tail[new], net.head[new],
                                                               strict=True)}) < q
        return
    for name in NAMES:
        assert np.array_equal(getattr(merged, name), getattr(fresh, name)), name
        assert getattr(merged, name).dtype == getattr(fresh, name).dtype, name
    # the merged residual searches like the fresh one (its scratch arrays resized)
    if np.all(fresh.rc[fresh.res > 0] >= 0):
        src, dst = np.array([0]), np.array([net.sink])
        a, _ = merged.search(np.inf, False, src, dst)
        b, _ = fresh.search(np.inf, False, src, dst)
        assert np.array_equal(a, b)


def test_a_missed_arc_is_seen() -> None:
    """The merged residual holds the new arcs' copies (a pupil arc to another slot)."""
    tail = np.array([0, 2, 1, 3, 0], dtype=np.int64)
    head = np.array([1, 3, 3, 4, 4], dtype=np.int64)
    cap = np.array([1, 1, 1, 2, 1], dtype=np.int64)
    cost = np.array([3, 2, 0, 0, 9], dtype=np.int64)
    flow = np.array([1, 0, 1, 1, 0], dtype=np.int64)
    pi = np.zeros(5, dtype=np.int64)
    keep = np.array([0, 2, 3, 4])
    kept = CompiledResidual(tail[keep], head[keep], cap[keep], cost[keep], flow[keep], pi)
    merged = kept.appended(1, tail[1:2], head[1:2], cap[1:2], cost[1:2], flow[1:2], pi,
                           np.zeros(5, dtype=np.int64))
    assert merged is not None
    assert len(merged.frm) == len(kept.frm) + 2
    fresh = CompiledResidual(tail, head, cap, cost, flow, pi)
    for name in NAMES:
        assert np.array_equal(getattr(merged, name), getattr(fresh, name)), name


@given(networks(), st.integers(0, 2**32 - 1))
def test_largest_from_the_kept_residual(case: tuple[Network, np.ndarray], seed: int) -> None:
    """The largest certifying potentials below a start: the Bellman–Ford fixed point."""
    net, _ = case
    rng = np.random.default_rng(seed)
    n = net.sink + 1
    zero = np.zeros(len(net.tail), dtype=np.int64)
    out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, zero,
                      np.zeros(n, dtype=np.int64), compiled=True, parallel=True)
    res = CompiledResidual(net.tail, net.head, net.capacity, net.cost, out.flow, out.potentials)
    start = -rng.integers(0, 200, n) * rng.integers(0, 2, n)
    got = res.largest(out.potentials, start)
    rt, rh, rc, _ = residual_arcs(net.tail, net.head, net.capacity, net.cost, out.flow)
    want = shortest_distances(n, rh, rt, rc, start)
    assert got is not None
    assert np.array_equal(got, want)
