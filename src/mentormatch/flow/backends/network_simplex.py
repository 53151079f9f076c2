"""Backend ``"network_simplex"``: compiled primal network simplex (extra ``mentormatch[fast]``).

Any network, solved by the primal network simplex compiled with numba
(:mod:`._network_simplex_kernels`, ``@njit(cache=True)``). Without numba the
backend is unavailable and nothing here is compiled.

Algorithm
---------
* **Spanning tree.** The basis is a spanning tree of the network plus an
  artificial root ``r``, stored as parent / predecessor-arc / direction /
  thread (preorder) / reverse-thread / subtree-size / last-successor arrays,
  so that a pivot costs the length of the cycle and the size of the subtree
  that moves, never a pass over the whole graph.
* **Start.** Every node hangs from ``r`` by an artificial arc of infinite
  capacity carrying its supply (``u → r`` of cost 0 when ``supply >= 0``,
  ``r → u`` of cost ``M`` otherwise), ``M = (max |cost| + 1)(n + 1)`` (above
  the cost of any simple path, so an optimum that can avoid the artificial
  arcs does). This tree is *strongly feasible* (every tree arc of zero flow
  points towards the root).
* **Pivots.** The entering arc is the most negative reduced cost of the next
  block of ``max(sqrt(m), 10)`` arcs, searched round-robin (*block search*);
  the leaving arc is the last blocking arc met on the cycle from its apex in
  the cycle's direction (Cunningham's rule), which keeps the tree strongly
  feasible and so excludes cycling. A few *first pivots* enter the cheapest
  arc into each deficit node. The subtree cut off is re-hung under the
  entering arc and only its potentials move.
* **End.** No arc has negative reduced cost: the tree's potentials certify
  the flow. Flow left on an artificial arc means the network is infeasible.
  This is the design of LEMON's ``NetworkSimplex`` (Kovács, *Minimum-cost flow
  algorithms: an experimental evaluation*, 2015), written for numba.

Everything is int64 and exact. Numbers whose potentials could leave int64
(``8·M >= 2**62``) are solved by ``"primal_dual"`` instead; so are networks
where the pivot budget (:data:`PIVOTS_PER_ARC` per arc) runs out, and an
*infeasible* verdict is confirmed by the primal–dual, which proves it
independently. The flow and the potentials then go through the front door's
exact verification like every other backend's.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch._extras import CompiledKernels, available
from mentormatch.flow.backends import primal_dual
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = ["PIVOTS_PER_ARC", "compile_seconds", "is_available", "solve"]

_log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]

#: Pivot budget per arc and node before the backend hands over to the primal–dual.
PIVOTS_PER_ARC = 100
#: Potentials stay below this (the kernels compute reduced costs in int64).
_LIMIT = 1 << 62

def is_available() -> bool:
    """Return whether numba is installed (the extra ``mentormatch[fast]``)."""
    return available("numba")


def _warm(k: Any) -> None:
    a = np.array([0, 1], dtype=np.int64)
    b = np.array([1, 2], dtype=np.int64)
    one = np.ones(2, dtype=np.int64)
    k.simplex(a, b, one, one, np.array([1, 0, -1], dtype=np.int64), np.int64(8),
              a[:1], np.int64(10), np.int64(100))


_KERNELS = CompiledKernels("mentormatch.flow.backends._network_simplex_kernels", _warm,
                           "network simplex kernels")
_kernels = _KERNELS.get
#: Seconds the first use of the kernels took in this process (compile or cache load).
compile_seconds = _KERNELS.compile_seconds


def _first_arcs(net: CanonicalNetwork) -> IntArray:
    """The cheapest arc into each deficit node (the heuristic first pivots)."""
    order = np.lexsort((net.cost, net.head))
    h = net.head[order]
    first = np.ones(h.size, dtype=bool)
    first[1:] = h[1:] != h[:-1]
    arcs = order[first]
    return arcs[net.supply[net.head[arcs]] < 0].astype(np.int64)


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve ``net`` exactly by the compiled network simplex; see the module notes.

    Parameters
    ----------
    net : CanonicalNetwork
        The canonical network (finite capacities).

    Returns
    -------
    BackendOutput
        ``"optimal"`` with the flow and the tree's certifying potentials, or
        ``"infeasible"``.

    Raises
    ------
    mentormatch.errors.MissingExtraError
        If numba is not installed.
    """
    from mentormatch._extras import require
    require("numba")
    n, m = net.n_nodes, net.n_arcs
    if m == 0:
        return (BackendOutput("optimal", np.zeros(0, dtype=np.int64)) if not np.any(net.supply)
                else BackendOutput("infeasible"))
    top = int(np.abs(net.cost).max())
    art = (top + 1) * (n + 1)
    if 8 * art >= _LIMIT:
        _log.debug("network simplex: costs too wide for int64 potentials; primal-dual")
        return primal_dual.solve(net)
    k = _kernels()
    block = max(int(math.sqrt(m)), 10)
    budget = PIVOTS_PER_ARC * (m + n)
    t0 = time.perf_counter()
    flow, pi, status, pivots = k.simplex(
        np.ascontiguousarray(net.tail, dtype=np.int64),
        np.ascontiguousarray(net.head, dtype=np.int64),
        np.ascontiguousarray(net.capacity, dtype=np.int64),
        np.ascontiguousarray(net.cost, dtype=np.int64),
        np.ascontiguousarray(net.supply, dtype=np.int64), np.int64(art), _first_arcs(net),
        np.int64(block), np.int64(budget))
    _log.debug("network simplex: %d nodes, %d arcs, %d pivots, status %d, %.3f s", n, m,
               pivots, status, time.perf_counter() - t0)
    if status != 0:  # pivot budget spent, or infeasible: the primal-dual decides
        return primal_dual.solve(net)
    return BackendOutput("optimal", flow, -pi)
