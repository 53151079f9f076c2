"""Backend ``"primal_dual"``: any network, by :mod:`mentormatch.flow.primal_dual` from scratch.

The core-only solver of general networks (numpy/scipy): from the empty flow and zero
potentials, arcs of negative cost are saturated and the imbalances routed phase by phase
(one multi-source Dijkstra and one Dinic maximum flow per phase; see
:func:`mentormatch.flow.primal_dual.primal_dual`). The initial search radius is
:data:`RADIUS` (measured fastest on NETGEN-style networks, ``benchmarks/netgen.py``).

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

__all__ = ["RADIUS", "solve"]

#: Initial Dijkstra radius of each phase, in cost units (a speed knob only).
RADIUS = 100.0


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
    zero_f = np.zeros(net.n_arcs, dtype=np.int64)
    zero_p = np.zeros(net.n_nodes, dtype=np.int64)
    try:
        out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, zero_f,
                          zero_p, radius=RADIUS)
    except ArithmeticError:
        return networkx_simplex.solve(net)
    except ValueError:  # some excess reaches no deficit
        return BackendOutput("infeasible")
    return BackendOutput("optimal", out.flow, out.potentials)
