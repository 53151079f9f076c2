"""Backend ``"primal_dual"``: any network, by :mod:`mentormatch.flow.primal_dual` from scratch.

The core-only solver of general networks (numpy/scipy), with **cost scaling by bits**
around :func:`mentormatch.flow.primal_dual.primal_dual` (one multi-source Dijkstra and one
Dinic maximum flow per phase):

* Scale ``k`` solves the network with costs ``cost >> k`` (``floor(cost / 2**k)``),
  from ``K = bits(max |cost|) - START_BITS`` down to ``0``, the real costs. The first
  scale starts from the empty flow and zero potentials; its costs are below
  ``2**START_BITS``, so Dijkstra's distances are small integers, many paths tie and
  each maximum flow routes much.
* Scale ``k`` starts from scale ``k + 1``'s optimal flow and doubled potentials. As
  ``cost >> k = 2 (cost >> (k + 1)) + bit``, every residual arc keeps a reduced cost
  ``>= 0`` except the reverse copies of flow-carrying arcs whose bit is 1 (reduced
  cost ``-1``): the primal–dual's saturation step empties exactly those, and only that
  flow is routed again, over distances of a few cost units.
* Scale ``0`` is the primal–dual on the real costs: its flow is optimal and its
  potentials certify it, checked there and again by the front door.

Measured on NETGEN-style networks (``benchmarks/netgen.py``): about 100 phases in all
against 180–350 for one primal–dual on the real costs, 2–2.5 times less time
(``docs/performance.md``). :data:`START_BITS` and :data:`RADIUS` (the initial search
radius of each phase, in scaled cost units) are speed knobs only.

Its potentials certify the flow; the front door still verifies both exactly. When the
reduced costs leave float64's exact range (``ArithmeticError``) the exact reference
(``"networkx"``) solves instead; when no excess can reach a deficit the network is
infeasible.
"""

from __future__ import annotations

import numpy as np

from mentormatch.flow.backends import networkx_simplex
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork
from mentormatch.flow.primal_dual import primal_dual

__all__ = ["RADIUS", "START_BITS", "solve"]

#: Initial Dijkstra radius of each phase, in (scaled) cost units (a speed knob only).
RADIUS = 4.0
#: The first scale's costs are below ``2**START_BITS`` (a speed knob only).
START_BITS = 5


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve ``net`` exactly by the primal–dual; see the module notes.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network (finite capacities).

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the flow and certifying potentials, or ``"infeasible"``.
    """
    if net.n_arcs == 0:
        return (BackendOutput("optimal", np.zeros(0, dtype=np.int64)) if not np.any(net.supply)
                else BackendOutput("infeasible"))
    flow = np.zeros(net.n_arcs, dtype=np.int64)
    pot = np.zeros(net.n_nodes, dtype=np.int64)
    top = int(np.abs(net.cost).max())
    first = max(0, top.bit_length() - START_BITS)
    try:
        for k in range(first, -1, -1):
            out = primal_dual(net.tail, net.head, net.capacity, net.cost >> k, net.supply,
                              flow, pot, radius=RADIUS)
            flow, pot = out.flow, out.potentials
            if k:
                pot = 2 * pot
    except ArithmeticError:
        return networkx_simplex.solve(net)
    except ValueError:  # some excess reaches no deficit
        return BackendOutput("infeasible")
    return BackendOutput("optimal", flow, pot)
