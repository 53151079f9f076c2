"""Backend ``"highs"``: the LP on the node–arc incidence matrix, solved by HiGHS.

Uses :func:`scipy.optimize.linprog` (``method="highs"``). The incidence matrix
is totally unimodular, so a basic optimal solution is integral; HiGHS computes
in float64, so the flow is rounded and the front door verifies it exactly (and
recomputes certifying potentials, starting from the LP duals). Networks whose
numbers float64 cannot carry exactly through HiGHS's tolerances are refused:
see :func:`float_safe`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch._arrays import FLOAT_EXACT
from mentormatch.errors import FlowError, FlowInputError, InputProblem
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = ["FLOAT_LIMIT", "float_safe", "solve"]

#: Largest |cost| and largest capacity bound the HiGHS backend accepts: well below
#: 2**53 so that HiGHS's 1e-7 feasibility/optimality tolerances cannot hide a unit.
FLOAT_LIMIT = 2**31


def float_safe(net: CanonicalNetwork) -> bool:
    """Return whether the network's numbers are safe for a float64 LP solve.

    Every |cost| and the capacity bound must be at most :data:`FLOAT_LIMIT`, and
    the largest possible ``sum |cost| * capacity`` at most ``2**53``.
    """
    if net.n_arcs == 0:
        return True
    cmax = int(np.abs(net.cost).max())
    if cmax > FLOAT_LIMIT or net.bound > FLOAT_LIMIT:
        return False
    total = float(np.abs(net.cost).astype(np.float64) @ net.capacity.astype(np.float64))
    return total <= FLOAT_EXACT


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve ``net`` as an LP with HiGHS.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network; must satisfy :func:`float_safe`.

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the rounded flow and the LP duals (as approximate
        potentials), or ``"infeasible"``.

    Raises
    ------
    FlowInputError
        If the numbers are too large for an exact float64 solve (:func:`float_safe`).
    FlowError
        If HiGHS fails for another reason (iteration limit, numerical trouble).
    """
    if not float_safe(net):
        raise FlowInputError([InputProblem(
            "not_float_exact", "numbers too large for an exact float64 LP solve "
            f"(|cost| and flow bound must be <= {FLOAT_LIMIT}); use backend "
            "'networkx' or 'ortools'", field="backend", value="highs")])
    n, m = net.n_nodes, net.n_arcs
    if m == 0:
        if np.any(net.supply != 0):
            return BackendOutput("infeasible")
        return BackendOutput("optimal", np.zeros(0, dtype=np.int64), np.zeros(n))
    rows = np.concatenate([net.tail, net.head])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    vals = np.concatenate([np.ones(m), -np.ones(m)])
    a_eq = sp.csr_matrix((vals, (rows, cols)), shape=(n, m))
    bounds = np.column_stack([np.zeros(m), net.capacity.astype(np.float64)])
    from scipy.optimize import linprog  # here: a match by another backend never needs it

    res = linprog(net.cost.astype(np.float64), A_eq=a_eq, b_eq=net.supply.astype(np.float64),
                  bounds=bounds, method="highs")
    if res.status == 2:
        return BackendOutput("infeasible")
    if res.status != 0 or res.x is None:
        raise FlowError(f"HiGHS failed: {res.message}")
    flow = np.rint(res.x).astype(np.int64)
    duals = None
    eqlin = getattr(res, "eqlin", None)
    if eqlin is not None and getattr(eqlin, "marginals", None) is not None:
        duals = np.asarray(eqlin.marginals, dtype=np.float64)
    return BackendOutput("optimal", flow, duals)
