"""Backend ``"networkx"``: networkx network simplex, the exact reference.

networkx computes in Python integers, so it is exact for any size of number;
it is also the slowest backend (a Python loop per pivot). Use it as the
reference in tests, not at scale. networkx is imported when the backend runs
(importing it costs about 0.1 s that a match by another backend does not need).
"""

from __future__ import annotations

import numpy as np

from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = ["solve"]


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve ``net`` with :func:`networkx.network_simplex`.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network (zero lower bounds, finite capacities).

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the flow, or ``"infeasible"``.
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    supply = net.supply.tolist()
    g.add_nodes_from((v, {"demand": -s}) for v, s in enumerate(supply))
    # Building the graph is a Python loop by nature: networkx stores dicts.
    g.add_edges_from(
        (t, h, a, {"capacity": u, "weight": c})
        for a, (t, h, u, c) in enumerate(zip(net.tail.tolist(), net.head.tolist(),
                                             net.capacity.tolist(), net.cost.tolist(),
                                             strict=True))
    )
    try:
        _, flow_dict = nx.network_simplex(g)
    except nx.NetworkXUnfeasible:
        return BackendOutput("infeasible")
    flow = np.fromiter(
        (flow_dict[t][h][a] for a, (t, h) in enumerate(zip(net.tail.tolist(),
                                                            net.head.tolist(), strict=True))),
        dtype=np.int64, count=net.n_arcs)
    return BackendOutput("optimal", flow)
