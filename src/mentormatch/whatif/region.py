"""A repair of the optimum in force restricted to the region the change reaches.

The general re-solve of a what-if (:mod:`mentormatch.whatif.resolve`, step 4)
starts from a *feasible* flow on the modified network (the optimum in force,
the changed people's pairs dropped) and potentials that certify every arc but
a few: those of the changed people. Repairing it with the primal–dual of
:mod:`mentormatch.flow.primal_dual` over the whole network costs every phase a
pass over every arc, although only a few hundred nodes move.
:func:`region_repair` repairs it on a **sub-network** instead and proves the
result on the whole one:

1. the region ``R``: the endpoints of the arcs breaking complementary
   slackness (and the sink, whose potential is the anchor);
2. the sub-problem: the arcs with both ends in ``R``; every other arc keeps
   its flow, so each node of ``R`` gets as supply its own, minus what it sends
   out of ``R``, plus what it receives from outside (the flow in force is
   feasible for it);
3. the sub-problem is solved exactly by the same primal–dual (compiled
   residual when numba is installed), starting from the flow and potentials
   in force; its potentials, anchored at the sink, are then brought as close
   to those in force as two Dijkstra searches allow (:func:`_closest`), and
   pupils are lowered to the arc carrying their unit (as
   :func:`mentormatch.solve.duals.pricing_potentials` does): the sink and the
   nodes the change did not reach keep their potentials;
4. **every arc of the network** is checked (bounds, conservation,
   complementary slackness with the new potentials; one vectorised pass).
   Arcs outside ``R`` kept flow and potentials, so only arcs between ``R``
   and the rest can fail: their outer ends join ``R`` and the sub-problem is
   solved again from the current state, until no arc fails — then the flow is
   optimal on the whole network, certified by the same LP-duality argument as
   ``match()``.

The region only grows, so the loop ends (at worst with the whole network);
past ``max_nodes`` it gives up (:class:`RegionTooLargeError`) and the caller
repairs the whole network instead. The result is exact either way; the
region bounds the work when the change is local.

:func:`mentormatch.whatif.resolve.resolve` uses it only with ``region=True``:
on the radius fixes and recruitment it was built for, the intermediate regions
do not stay local (``docs/explain.md``, "Region repair"), and it was measured
slower than repairing the whole network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.flow import PrimalDualAbortedError
from mentormatch.flow.potentials import largest_potentials
from mentormatch.flow.primal_dual import primal_dual
from mentormatch.flow.residual import compiled_available, residual_arcs

__all__ = ["RegionRepair", "RegionTooLargeError", "region_repair"]

IntArray = NDArray[np.int64]

#: Region growths at most before giving up.
MAX_GROWTHS = 15


class RegionTooLargeError(RuntimeError):
    """The region outgrew its budget (or its repair failed): repair the whole network."""


@dataclass(frozen=True)
class RegionRepair:
    """Result of :func:`region_repair`.

    Attributes
    ----------
    flow : numpy.ndarray of int64
        An optimal flow of the whole network.
    potentials : numpy.ndarray of int64
        Potentials certifying it on the whole network (the starting ones outside
        the region).
    nodes : int
        Nodes of the final region.
    growths : int
        Sub-problems solved (the region grew between them).
    """

    flow: IntArray
    potentials: IntArray
    nodes: int
    growths: int


def _imbalance(tail: IntArray, head: IntArray, supply: IntArray, flow: IntArray) -> IntArray:
    n = supply.shape[0]
    out = np.bincount(tail, weights=flow, minlength=n)
    inn = np.bincount(head, weights=flow, minlength=n)
    return supply - np.rint(out - inn).astype(np.int64)


def _failing(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
             flow: IntArray, pi: IntArray) -> NDArray[np.bool_]:
    """Arcs breaking their bounds or complementary slackness under ``pi``."""
    rc = cost - pi[tail] + pi[head]
    return ((flow < 0) | (flow > capacity) | ((flow < capacity) & (rc < 0))
            | ((flow > 0) & (rc > 0)))


def _closest(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
             flow: IntArray, start: IntArray, certified: IntArray) -> IntArray:
    """Potentials certifying ``flow``, as close to ``start`` as two searches make them.

    ``certified`` certifies ``flow`` and equals ``start`` at the anchor (the
    sink). First the largest certifying potentials below ``max(start,
    certified)`` (nodes below ``start`` rise toward it), then the smallest above
    ``min(start, that)`` (nodes above ``start`` fall toward it): each keeps the
    anchor (it is squeezed between the two bounds, both equal to ``start``
    there) and every node already at ``start``. Each search is one Dijkstra
    (:func:`mentormatch.flow.potentials.largest_potentials`, on the reversed
    graph for the second); if one is not possible (weights out of range) the
    previous potentials are kept.
    """
    k = start.shape[0]
    rt, rh, rc, _ = residual_arcs(tail, head, capacity, cost, flow)
    pi = certified
    up = largest_potentials(k, rt, rh, rc, np.maximum(start, pi), pi)
    if up is not None:
        pi = up
    down = largest_potentials(k, rh, rt, rc, -np.minimum(start, pi), -pi)
    if down is not None:
        pi = -down
    return pi


def region_repair(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                  supply: IntArray, flow: IntArray, potentials: IntArray, *, n_s: int,
                  sink: int, max_nodes: int) -> RegionRepair:
    """Repair a feasible flow into an optimal one, working on the region that moves.

    Parameters
    ----------
    tail, head, capacity, cost, supply : numpy.ndarray of int64
        An engine network (:func:`mentormatch.network.build_network`): pupils
        are nodes ``0 .. n_s - 1`` (no incoming arc), ``sink`` the last node.
    flow : numpy.ndarray of int64
        A feasible flow (bounds and conservation hold).
    potentials : numpy.ndarray of int64
        Potentials certifying it on most arcs.
    n_s, sink : int
        Number of pupils and the sink's node.
    max_nodes : int
        Give up (:class:`RegionTooLargeError`) when the region exceeds it.

    Returns
    -------
    RegionRepair
        The optimal flow and certifying potentials (module notes).

    Raises
    ------
    RegionTooLargeError
        The region grew past ``max_nodes`` (or ``MAX_GROWTHS`` times), or a
        sub-problem could not be repaired: the caller repairs the whole network.
    """
    n = supply.shape[0]
    f = np.array(flow, dtype=np.int64)
    pi = np.array(potentials, dtype=np.int64)
    start = pi.copy()
    if np.any(_imbalance(tail, head, supply, f) != 0) or np.any((f < 0) | (f > capacity)):
        raise RegionTooLargeError("the starting flow is not feasible")
    bad = _failing(tail, head, capacity, cost, f, pi)
    if not bad.any():
        return RegionRepair(f, pi, 0, 0)
    in_r = np.zeros(n, dtype=bool)
    compiled = compiled_available()
    growths = 0
    while True:
        in_r[tail[bad]] = True
        in_r[head[bad]] = True
        in_r[sink] = True
        nodes = np.flatnonzero(in_r)
        growths += 1
        if len(nodes) > max_nodes or growths > MAX_GROWTHS:
            raise RegionTooLargeError(f"region of {len(nodes)} nodes after {growths} growths")
        local = np.full(n, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        t_in, h_in = in_r[tail], in_r[head]
        inner = np.flatnonzero(t_in & h_in)
        out_b = np.flatnonzero(t_in & ~h_in)
        in_b = np.flatnonzero(~t_in & h_in)
        k = len(nodes)
        sub_supply = (supply[nodes]
                      - np.bincount(local[tail[out_b]], weights=f[out_b], minlength=k)
                      .astype(np.int64)
                      + np.bincount(local[head[in_b]], weights=f[in_b], minlength=k)
                      .astype(np.int64))
        st, sh = local[tail[inner]], local[head[inner]]
        scap, scost = capacity[inner], cost[inner]
        try:
            out = primal_dual(st, sh, scap, scost, sub_supply, f[inner], pi[nodes],
                              directions="alternate", compiled=compiled)
        except (PrimalDualAbortedError, ArithmeticError, ValueError) as exc:
            raise RegionTooLargeError(f"the region's repair failed: {exc}") from None
        sub_flow = out.flow
        sub_pi = _closest(st, sh, scap, scost, sub_flow, start[nodes],
                          out.potentials + (start[sink] - out.potentials[local[sink]]))
        f[inner] = sub_flow
        pi[nodes] = sub_pi
        # pupils of the region: lowered to the arc carrying their unit (never raised: a
        # boundary arc carrying it that fails is the next growth)
        pupils = in_r[:n_s]
        near = np.concatenate([inner, out_b])
        used = near[(f[near] > 0) & (tail[near] < n_s)]
        level = np.full(n_s, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(level, tail[used], cost[used] + pi[head[used]])
        low = pupils & (level > np.iinfo(np.int64).min)
        pi[:n_s][low] = np.minimum(pi[:n_s][low], level[low])
        bad = _failing(tail, head, capacity, cost, f, pi)
        if not bad.any():
            break
        if np.all(in_r[tail[bad]] & in_r[head[bad]]):
            raise RegionTooLargeError("an arc inside the region fails its certificate")
    if np.any(_imbalance(tail, head, supply, f) != 0):
        raise RegionTooLargeError("the repaired flow is not balanced")
    return RegionRepair(f, pi, int(in_r.sum()), growths)
