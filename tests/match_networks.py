"""Small networks in the layout of ``mentormatch.network.build_network``, for the solver tests.

Shared by ``tests/solve/test_reduction.py``, ``tests/solve/test_duals.py`` and
``tests/flow/test_primal_dual.py`` (this folder is on ``sys.path``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from mentormatch.network import Network
from mentormatch.verify import check_flow

__all__ = ["certified_objective", "make_network", "networks", "reordered", "sub_network"]


def certified_objective(net: Network, flow: np.ndarray, pot: np.ndarray) -> int:
    """Assert that ``pot`` certifies ``flow`` as optimal on ``net``; return its cost."""
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pot)
    assert cert.optimal, cert.violations
    return cert.objective


def make_network(si: np.ndarray, mi: np.ndarray, block: np.ndarray, cost: np.ndarray,
                 group: np.ndarray, loads: list[np.ndarray], unassigned: np.ndarray,
                 n_blocks: int) -> Network:
    """Build a network with the layout of ``mentormatch.network.build_network``."""
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


def sub_network(net: Network, keep: np.ndarray) -> Network:
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


def reordered(net: Network, keep: np.ndarray) -> Network:
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
