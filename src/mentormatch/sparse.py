"""``solve_sparse``: the low-level engine for callers who compute their own costs.

With ``backend="transport"``, and with ``"auto"`` as decided by
:func:`mentormatch.flow.backends.choose_backend` (``kind="sparse"``: whenever
the costs fit its float64 Dijkstra exactly, OR-Tools installed or not), the
transportation network is solved by :mod:`mentormatch.flow.backends.transport`
(exact primal–dual with candidate generation, numpy/scipy only); the other
backends, and ``"auto"`` on costs too wide for it, go through
:func:`mentormatch.flow.min_cost_flow`. Either way the answer is certified by
:func:`mentormatch.verify.check_flow` on the full network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch._backends import SPARSE_BACKEND_CHOICES, SparseBackendChoice
from mentormatch.errors import InputError, InputProblem, InternalError
from mentormatch.flow import choose_backend, min_cost_flow
from mentormatch.flow._validate import as_int_array
from mentormatch.flow.backends.transport import solve_transport
from mentormatch.verify import FlowCertificate, check_flow

__all__ = ["SparseResult", "solve_sparse"]

#: The transportation solver's potentials are shortest-path lengths: it runs when
#: ``(largest |cost| + 1) * (nodes + 1)`` stays below this (float64-exact Dijkstra).
_TRANSPORT_LIMIT = 2**50


@dataclass(frozen=True)
class SparseResult:
    """Result of :func:`solve_sparse`.

    Attributes
    ----------
    mentor_of : int64 array
        Mentor (column) of each student (row), -1 when unassigned.
    total_cost : int
        Pair costs plus unassigned costs (a Python int, exact).
    status : str
        ``"optimal"`` (the problem is always feasible: every student may stay
        unassigned).
    certificate : mentormatch.verify.FlowCertificate
        LP-duality proof of optimality of the flow behind the answer
        (``objective``, ``dual_bound``, ``gap``, ``optimal``).
    backend : str
        The flow backend used.
    """

    mentor_of: NDArray[np.int64]
    total_cost: int
    status: str
    certificate: FlowCertificate = field(repr=False)
    backend: str = "auto"


def solve_sparse(cost: Any, capacity: Any, unassigned_cost: Any, *,
                 backend: SparseBackendChoice = "auto") -> SparseResult:
    """Assign students to mentors at least total cost, exactly.

    Parameters
    ----------
    cost : scipy.sparse matrix, shape (n_students, n_mentors)
        Integer costs. A stored entry is an allowed pair (an explicit zero is
        an allowed pair of cost 0); a missing entry is forbidden.
    capacity : array_like of int, shape (n_mentors,)
        Most students per mentor (non-negative).
    unassigned_cost : int or array_like of int, shape (n_students,)
        Cost of leaving each student unassigned.
    backend : str
        ``"auto"``, ``"transport"`` or a min-cost-flow backend name
        (:data:`mentormatch._backends.SparseBackendChoice`). ``"transport"`` is
        the transportation solver (:mod:`mentormatch.flow.backends.transport`),
        as fast as OR-Tools or faster from 3,000 students on (figures in
        ``docs/performance.md``); the others are the flow layer's backends
        (:data:`mentormatch.flow.BACKENDS`; ``"assignment"`` is scipy's LAPJV on
        the capacity expansion). ``"auto"``: see
        :func:`mentormatch.flow.backends.choose_backend` (``kind="sparse"``).

    Returns
    -------
    SparseResult
        ``mentor_of``, ``total_cost`` (Python int), ``status``, ``certificate``.

    Raises
    ------
    InputError
        Not a sparse matrix, non-integral or non-finite numbers, negative
        capacities, mismatched lengths (every problem listed), or an unknown
        backend.
    """
    if backend not in SPARSE_BACKEND_CHOICES:
        raise InputError.single("unknown_backend", f"unknown backend {backend!r}; choose one "
                                f"of {SPARSE_BACKEND_CHOICES}", field="backend", value=backend)
    problems: list[InputProblem] = []
    if not sp.issparse(cost):
        raise InputError.single("wrong_type", "cost must be a scipy.sparse matrix",
                                field="cost", value=type(cost).__name__)
    n_s, n_m = cost.shape
    coo = sp.csr_matrix(cost).tocoo()  # sums duplicates, keeps explicit zeros
    rows = coo.row.astype(np.int64)
    cols = coo.col.astype(np.int64)
    # The flow layer's number checks (NaN, infinity, non-integral, too large), each listed.
    c = as_int_array(coo.data, "cost", problems)
    cap = as_int_array(np.ravel(capacity), "capacity", problems)
    if cap is not None and cap.shape != (n_m,):
        problems.append(InputProblem("length_mismatch",
                                     f"capacity has {cap.size} entries for {n_m} mentors",
                                     field="capacity"))
    elif cap is not None and (cap < 0).any():
        k = int(np.flatnonzero(cap < 0)[0])
        problems.append(InputProblem("out_of_range", "capacity must be non-negative",
                                     field=f"capacity[{k}]", value=int(cap[k])))
    u_in = np.asarray(unassigned_cost)
    u = as_int_array(np.full(n_s, u_in) if u_in.ndim == 0 else u_in, "unassigned_cost",
                     problems)
    if u is not None and u.shape != (n_s,):
        problems.append(InputProblem("length_mismatch",
                                     f"unassigned_cost has {u.size} entries for {n_s} students",
                                     field="unassigned_cost"))
    if problems or c is None or cap is None or u is None:
        raise InputError(problems)
    sink = n_s + n_m
    tail = np.concatenate([rows, n_s + np.arange(n_m), np.arange(n_s)])
    head = np.concatenate([n_s + cols, np.full(n_m, sink), np.full(n_s, sink)])
    capa = np.concatenate([np.ones(len(rows), dtype=np.int64), cap, np.ones(n_s, dtype=np.int64)])
    arc_cost = np.concatenate([c, np.zeros(n_m, dtype=np.int64), u])
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_s] = 1
    supply[sink] = -n_s
    flow: NDArray[np.int64] | None = None
    potentials: NDArray[np.int64] | None = None
    used_backend: str = backend
    span = max(int(np.abs(c).max(initial=0)), int(np.abs(u).max(initial=0))) + 1
    fits = span * (sink + 2) < _TRANSPORT_LIMIT
    chosen = choose_backend("sparse", float_exact=fits) if backend == "auto" else backend
    if chosen == "transport" and fits:
        try:
            sol = solve_transport(rows, cols, c, cap, u)
        except ArithmeticError:  # out of float64's exact range: the flow layer instead
            sol = None
        if sol is not None:
            flow, potentials, used_backend = sol.flow, sol.potentials, "transport"
    if flow is None or potentials is None:
        # "transport" on costs too wide for it, or "auto" deferring to the flow rule
        flow_backend = "auto" if chosen == "transport" else chosen
        res = min_cost_flow(tail, head, capa, arc_cost, supply, backend=flow_backend)
        if res.status != "optimal" or res.cost is None:  # cannot happen: unassigned arcs
            raise RuntimeError(f"unexpected status {res.status}")
        flow, potentials, used_backend = res.flow, res.potentials, res.backend
    cert = check_flow(tail, head, capa, arc_cost, supply, flow, potentials)
    if not cert.optimal:  # never expected: every solver's answer is checked
        raise InternalError(f"solve_sparse: the {used_backend} answer failed its certificate: "
                           f"{cert.violations}")
    mentor_of = np.full(n_s, -1, dtype=np.int64)
    used = np.flatnonzero(flow[: len(rows)] > 0)
    mentor_of[rows[used]] = cols[used]
    return SparseResult(mentor_of, cert.objective, "optimal", cert, used_backend)
