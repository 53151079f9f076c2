"""The smallest potentials certifying the optimum in force on the full graph (issue 17).

An experiment for :mod:`mentormatch.whatif.cycles` (``h17x``): the engine's
potentials are the *largest* certifying ones, which leave a plateau of arcs at
reduced cost 0 around full volunteers' slots. The *smallest* ones are the
other end of the same polytope: with ``rc = cost - pi[tail] + pi[head]``,
``pi[v] = -D(v)`` where ``D(v) = min(0, min_u d(u -> v))`` is the shortest
distance to ``v`` from a virtual node joined to every node at cost 0, on the
residual graph of the optimum **plus every feasible pair of the full graph**
(a pair to a slot the network lacks is an arc to its volunteer: the slot would
take the volunteer's potential, :func:`mentormatch.solve.pricing.slot_potentials`).

:func:`smallest_certifying` computes it by rounds: Bellman–Ford on the network's
residual graph plus the pairs found so far, then a full pricing of the feasible
graph with the result; violators join the arcs and the distances are lowered
from where they were (adding arcs only lowers them) until a pricing finds none.
The last pricing is the certificate of the full graph.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.flow.potentials import residual_arcs, shortest_distances
from mentormatch.solve.pricing import slot_potentials
from mentormatch.whatif.local import negative_blocks_of

__all__ = ["Smallest", "smallest_certifying"]

#: Pricing rounds at most before giving up (ValueError).
MAX_ROUNDS = 30


@dataclass
class Smallest:
    """Smallest certifying potentials and how they were found."""

    pi: NDArray[np.int64]
    table: NDArray[np.int64]
    rounds: int
    pairs_added: int
    seconds: float


def smallest_certifying(enc: Encoded, fp: FeasiblePairs, net: Any,
                        flow: NDArray[np.int64]) -> Smallest:
    """The smallest potentials certifying ``flow`` on ``net`` and every pair of ``fp``.

    Raises
    ------
    ValueError
        If the pricing rounds do not settle within :data:`MAX_ROUNDS`.
    """
    t0 = time.perf_counter()
    n = net.sink + 1
    rt, rh, rc, _ = residual_arcs(net.tail, net.head, net.capacity, net.cost, flow)
    keys = net.slot_mentor.astype(np.int64) * enc.n_blocks + net.slot_block
    order = np.argsort(keys, kind="stable")
    skeys = keys[order]
    xt: list[NDArray[np.int64]] = []
    xh: list[NDArray[np.int64]] = []
    xc: list[NDArray[np.int64]] = []
    d = np.zeros(n, dtype=np.int64)
    added = 0
    for rounds in range(1, MAX_ROUNDS + 1):
        t = np.concatenate([rt, *xt])
        h = np.concatenate([rh, *xh])
        c = np.concatenate([rc, *xc])
        d = shortest_distances(n, t, h, c, d, compiled=True)
        pi = -d
        table = slot_potentials(enc, net, pi)
        row, blk, _ = negative_blocks_of(enc, fp, table, pi[: enc.n_s])
        if not len(row):
            return Smallest(pi, table, rounds, added, time.perf_counter() - t0)
        q = fp.si[row].astype(np.int64)
        m = fp.mi[row].astype(np.int64)
        cost = fp.cost[row].astype(np.int64) + fp.session_cost[
            enc.s_primary[q].astype(np.int64), blk]
        k = m * enc.n_blocks + blk
        pos = np.minimum(np.searchsorted(skeys, k), max(len(skeys) - 1, 0))
        inside = (skeys[pos] == k) if len(skeys) else np.zeros(len(k), dtype=bool)
        node = np.where(inside, net.n_s + order[pos], net.mentor_node0 + m)
        xt.append(q)
        xh.append(node.astype(np.int64))
        xc.append(cost)
        added += len(q)
    raise ValueError("the smallest potentials did not settle")
