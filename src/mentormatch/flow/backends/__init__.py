"""Min-cost-flow backends, one module each, in one registry, with the one ``"auto"`` rule.

* :mod:`.assignment` — ``"assignment"``, capacity-expanded LAPJV (scipy);
* :mod:`.networkx_simplex` — ``"networkx"``, exact reference;
* :mod:`.highs` — ``"highs"``, LP on the incidence matrix (scipy/HiGHS);
* :mod:`.ortools` — ``"ortools"``, extra ``mentormatch[ortools]``, imported lazily
  (only when it solves);
* :mod:`.auction` — ``"auction"``, the compiled ε-scaling auction on the same
  class as ``"assignment"``, extra ``mentormatch[fast]`` (numba), compiled lazily;
* :mod:`.primal_dual` — ``"primal_dual"``, any network, the primal–dual of
  :mod:`mentormatch.flow.primal_dual` from scratch (numpy/scipy);
* :mod:`.network_simplex` — ``"network_simplex"``, any network, the primal network
  simplex compiled by numba, extra ``mentormatch[fast]``, compiled lazily.

:data:`BACKENDS` maps each name of :data:`BackendName` to its solve function
(the :class:`~mentormatch.flow.backends._base.Backend` protocol). Beside them,
:mod:`.transport` is the transportation solver of
:func:`mentormatch.solve_sparse` (``"transport"``; not a min-cost-flow backend:
it takes a cost matrix, not a network). :func:`choose_backend` is the only
place where ``"auto"`` is decided; its table is in ``docs/flow.md``.
"""

from __future__ import annotations

from typing import Literal

from mentormatch._backends import (
    BACKEND_CHOICES,
    BACKEND_NAMES,
    SPARSE_BACKEND_CHOICES,
    BackendChoice,
    BackendName,
    SparseBackendChoice,
)
from mentormatch.flow.backends import (
    assignment,
    auction,
    highs,
    network_simplex,
    networkx_simplex,
    ortools,
    primal_dual,
)
from mentormatch.flow.backends._base import Backend, CanonicalNetwork

__all__ = ["AUTO_CORE_MAX_PUPILS", "BACKENDS", "BACKEND_CHOICES", "BACKEND_NAMES",
           "SPARSE_BACKEND_CHOICES", "Backend", "BackendChoice", "BackendName", "Kind",
           "SparseBackendChoice", "choose_backend"]

#: Each backend's solve function, by name (the names of :data:`BackendName`).
BACKENDS: dict[str, Backend] = {
    "assignment": assignment.solve,
    "networkx": networkx_simplex.solve,
    "highs": highs.solve,
    "ortools": ortools.solve,
    "auction": auction.solve,
    "primal_dual": primal_dual.solve,
    "network_simplex": network_simplex.solve,
}

#: Largest match (pupils) that ``"auto"`` solves by the assignment reduction even
#: when OR-Tools is installed: the reduction is faster up to there, OR-Tools
#: beyond (figures in ``docs/performance.md``).
AUTO_CORE_MAX_PUPILS = 35_000

#: What is being solved: a network given to ``min_cost_flow``, the match
#: network of ``match()``, or the transportation problem of ``solve_sparse()``.
Kind = Literal["flow", "match", "sparse"]


def choose_backend(kind: Kind, *, net: CanonicalNetwork | None = None, pupils: int = 0,
                   float_exact: bool = True) -> str:
    """Return the backend ``"auto"`` stands for: the one rule, for every entry point.

    ==========  ==============================================================
    kind        ``"auto"`` means
    ==========  ==============================================================
    ``"flow"``  ``"ortools"`` when OR-Tools is installed; else, when ``net``
                is of the assignment class and its cost range fits float64
                exactly, ``"auction"`` if numba is installed
                (``mentormatch[fast]``), ``"assignment"`` if not; else
                ``"primal_dual"`` when its numbers are float-safe (it falls
                back to ``"networkx"`` itself if its reduced costs leave
                float64's exact range); else ``"networkx"``. (``"highs"`` is
                no longer chosen: measured 20 times slower on a NETGEN-style
                network, ``benchmarks/netgen.py``.)
    ``"match"`` ``"auction"`` when numba is installed (the match network
                reduced to an assignment, :mod:`mentormatch.solve.reduction`,
                matched by the compiled auction); else ``"assignment"`` (the
                same reduction, LAPJV) up to :data:`AUTO_CORE_MAX_PUPILS`
                pupils or when OR-Tools is not installed; else ``"ortools"``.
    ``"sparse"`` ``"transport"`` when the costs fit its float64 Dijkstra
                exactly (``float_exact``); else ``"auto"``: the ``"flow"``
                rule, applied by ``min_cost_flow`` to the canonical network.
    ==========  ==============================================================

    Parameters
    ----------
    kind : {"flow", "match", "sparse"}
        What is solved (:data:`Kind`).
    net : CanonicalNetwork, optional
        The canonical network (``kind="flow"``).
    pupils : int
        Number of pupils (``kind="match"``).
    float_exact : bool
        Whether the transportation solver is exact on these costs (``kind="sparse"``).

    Returns
    -------
    str
        A name of :data:`BackendName`, ``"transport"``, or ``"auto"`` (see the table).
    """
    if kind == "match":
        if auction.is_available():
            return "auction"
        if pupils <= AUTO_CORE_MAX_PUPILS or not ortools.is_available():
            return "assignment"
        return "ortools"
    if kind == "sparse":
        return "transport" if float_exact else "auto"
    if net is None:
        raise TypeError("choose_backend('flow') needs the canonical network")
    if ortools.is_available():
        return "ortools"
    if assignment.float_safe(net) and assignment.detect(net) is not None:
        return "auction" if auction.is_available() else "assignment"
    if network_simplex.is_available():
        return "network_simplex"
    if highs.float_safe(net):
        return "primal_dual"
    return "networkx"

