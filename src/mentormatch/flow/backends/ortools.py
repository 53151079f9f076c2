"""Backend ``"ortools"``: OR-Tools ``SimpleMinCostFlow`` (extra ``mentormatch[ortools]``).

Imported lazily; when OR-Tools is missing, :class:`~mentormatch.errors.MissingExtraError`
names the extra to install. OR-Tools computes in ``int64``; the front door has
already capped every capacity and checked that costs times flows fit.
"""

from __future__ import annotations

import numpy as np

from mentormatch._extras import available, require
from mentormatch.errors import FlowError
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = ["is_available", "solve"]


def is_available() -> bool:
    """Return whether OR-Tools can be imported."""
    return available("ortools.graph.python.min_cost_flow")


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve ``net`` with OR-Tools' cost-scaling push-relabel ``SimpleMinCostFlow``.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network.

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the flow, or ``"infeasible"``.

    Raises
    ------
    MissingExtraError
        If OR-Tools is not installed.
    FlowError
        If OR-Tools reports a status other than optimal or infeasible.
    """
    mod = require("ortools.graph.python.min_cost_flow")
    smcf = mod.SimpleMinCostFlow()
    n, m = net.n_nodes, net.n_arcs
    if m:
        smcf.add_arcs_with_capacity_and_unit_cost(net.tail, net.head, net.capacity, net.cost)
    if n:
        smcf.set_nodes_supplies(np.arange(n, dtype=np.int64), net.supply)
    status = smcf.solve()
    if status == smcf.OPTIMAL:
        flow = np.asarray(smcf.flows(np.arange(m, dtype=np.int64)), dtype=np.int64)
        return BackendOutput("optimal", flow.reshape(m))
    if status in (smcf.INFEASIBLE, smcf.UNBALANCED):
        return BackendOutput("infeasible")
    raise FlowError(f"OR-Tools SimpleMinCostFlow returned status {status!r}")
