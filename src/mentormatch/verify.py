"""The optimality certificate of a min-cost flow: never take a solver's word for it.

Primal problem (``f`` the flow)::

    minimise    sum_a cost[a] * f[a]
    subject to  out(v) - in(v) = supply[v]        for every node v
                lower[a] <= f[a] <= capacity[a]   (capacity -1: no upper bound)

Dual, with node potentials ``p`` and reduced costs
``rc[a] = cost[a] - p[tail[a]] + p[head[a]]``::

    D(p) = sum_v supply[v] * p[v]
           + sum_a lower[a]    * max(rc[a], 0)
           + sum_a capacity[a] * min(rc[a], 0)     (finite capacities)

which is ``sum(supply * p)`` plus the lower-bound terms minus the capacity
terms ``sum capacity[a] * max(-rc[a], 0)``. (An unbounded arc with ``rc < 0``
makes ``D = -infinity``; it is reported as a violation and its term omitted.)
Weak duality: ``D(p) <= cost of every feasible flow``. A flow is optimal
exactly when it is feasible and some ``p`` satisfies complementary slackness::

    rc[a] >= 0 where f[a] < capacity[a] (or unbounded)
    rc[a] <= 0 where f[a] > lower[a]

and then ``D(p)`` equals the primal cost (strong duality, gap 0). Everything
here is computed in exact integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch.errors import FlowInputError, InputProblem
from mentormatch.flow._validate import as_int_array, validate_network

__all__ = ["Certificate", "FlowCertificate", "certify", "check_flow"]

IntArray = npt.NDArray[np.int64]

_MAX_LISTED = 10


@dataclass(frozen=True, slots=True)
class FlowCertificate:
    """Outcome of :func:`check_flow`: the LP-duality proof (or refutation) for one flow.

    The field names are those of the match's certificate
    (:class:`mentormatch.result.model.Certificate`): ``objective``,
    ``dual_bound``, ``gap``, ``optimal``.

    Attributes
    ----------
    optimal : bool
        ``True`` when the flow is feasible, complementary slackness holds and
        the gap is zero: a proof of optimality.
    objective : int
        The primal cost ``sum(cost * flow)``, exact.
    dual_bound : int
        The dual objective ``D(potentials)`` as defined in this module's notes,
        exact: a lower bound on the cost of every feasible flow.
    gap : int
        ``objective - dual_bound`` (0 when optimal).
    violations : list of str
        Human-readable violations, the first few of each kind.
    """

    optimal: bool
    objective: int
    dual_bound: int
    gap: int
    violations: list[str] = field(default_factory=list)

    @property
    def primal_cost(self) -> int:
        """Former name of :attr:`objective` (kept for compatibility)."""
        return self.objective

    @property
    def dual_objective(self) -> int:
        """Former name of :attr:`dual_bound` (kept for compatibility)."""
        return self.dual_bound


#: Former name of :class:`FlowCertificate` (kept for compatibility).
Certificate = FlowCertificate


def _exact_dot(a: IntArray, b: IntArray) -> int:
    """``sum(a * b)`` exactly: int64 when provably safe, Python ints otherwise."""
    est = float(np.abs(a.astype(np.float64)) @ np.abs(b.astype(np.float64)))
    if est < 2.0**62:
        return int(a @ b)
    return int(np.dot(a.astype(object), b.astype(object)))


def _list(violations: list[str], idx: IntArray, fmt: str, *cols: Any) -> None:
    for i in idx[:_MAX_LISTED]:
        violations.append(fmt.format(int(i), *(int(c[i]) for c in cols)))
    if idx.size > _MAX_LISTED:
        violations.append(f"... and {idx.size - _MAX_LISTED} more of the same kind")


def check_flow(tail: Any, head: Any, capacity: Any, cost: Any, supply: Any, flow: Any,
               potentials: Any, *, lower: Any = None) -> FlowCertificate:
    """Check that ``flow`` is optimal, with ``potentials`` as the dual proof.

    Parameters
    ----------
    tail, head, capacity, cost, supply, lower
        The network, as for :func:`mentormatch.flow.min_cost_flow`.
    flow : array_like of int, shape (n_arcs,)
        The flow to check.
    potentials : array_like of int, shape (n_nodes,)
        Node potentials (integral values; floats holding integers accepted).

    Returns
    -------
    FlowCertificate
        With ``optimal`` true only if the flow is feasible (bounds,
        conservation), complementary slackness holds for every arc, and the
        dual objective equals the primal cost.

    Raises
    ------
    FlowInputError
        If the network, flow or potentials are malformed.
    """
    v = validate_network(tail, head, capacity, cost, supply, lower)
    problems: list[InputProblem] = []
    f = as_int_array(flow, "flow", problems)
    p = as_int_array(potentials, "potentials", problems)
    if problems or f is None or p is None:
        raise FlowInputError(problems)
    if f.shape[0] != v.n_arcs:
        problems.append(InputProblem("length_mismatch", f"'flow' has {f.shape[0]} entries "
                                     f"but there are {v.n_arcs} arcs", field="flow"))
    if p.shape[0] != v.n_nodes:
        problems.append(InputProblem("length_mismatch", f"'potentials' has {p.shape[0]} "
                                     f"entries but there are {v.n_nodes} nodes",
                                     field="potentials"))
    if problems:
        raise FlowInputError(problems)
    t, h, u, c, b, lo = v.tail, v.head, v.capacity, v.cost, v.supply, v.lower
    obj = lambda x: x.astype(object)  # noqa: E731 - exact fallback
    viol: list[str] = []
    inf = u == -1
    # Bounds.
    _list(viol, np.flatnonzero(f < lo), "arc {}: flow {} below lower bound {}", f, lo)
    _list(viol, np.flatnonzero(~inf & (f > u)), "arc {}: flow {} above capacity {}", f, u)
    # Conservation, exact (values are bounded by 2**62; sums use Python ints if needed).
    fo = obj(f) if float(np.abs(f.astype(np.float64)).sum()) >= 2.0**62 else f
    bal = np.zeros(v.n_nodes, dtype=fo.dtype)
    np.add.at(bal, t, fo)
    np.subtract.at(bal, h, fo)
    bad = np.flatnonzero(bal != b)
    _list(viol, bad, "node {}: out - in = {} but supply is {}", bal, b)
    primal = _exact_dot(c, f)
    # Reduced costs, exact.
    pmax = float(np.abs(p.astype(np.float64)).max()) if p.size else 0.0
    if pmax * 2 + float(np.abs(c.astype(np.float64)).max() if c.size else 0.0) < 2.0**62:
        rc = c - p[t] + p[h]
    else:
        rc = obj(c) - obj(p)[t] + obj(p)[h]
    up_open = inf | (f < u)
    _list(viol, np.flatnonzero(up_open & (rc < 0)),
          "arc {}: reduced cost {} < 0 but flow {} is below capacity", rc, f)
    _list(viol, np.flatnonzero((f > lo) & (rc > 0)),
          "arc {}: reduced cost {} > 0 but flow {} is above the lower bound", rc, f)
    # Dual objective D(p) = b.p + sum lower*max(rc,0) + sum capacity*min(rc,0).
    pos = np.where(rc > 0, rc, 0)
    neg = np.where((rc < 0) & ~inf, rc, 0)
    dual = _exact_dot(b, p) + _exact_dot(lo, np.asarray(pos, dtype=np.int64)
                                         if rc.dtype != object else pos) \
        + _exact_dot(np.where(inf, 0, u), np.asarray(neg, dtype=np.int64)
                     if rc.dtype != object else neg)
    gap = primal - dual
    if gap != 0:
        viol.append(f"duality gap {gap}: primal cost {primal}, dual objective {dual}")
    return FlowCertificate(not viol, primal, dual, gap, viol)


def certify(result: Any, tail: Any, head: Any, capacity: Any, cost: Any, supply: Any, *,
            lower: Any = None) -> FlowCertificate:
    """Check a :class:`~mentormatch.flow.FlowResult` against its network.

    Parameters
    ----------
    result : FlowResult
        The result of :func:`mentormatch.flow.min_cost_flow`.
    tail, head, capacity, cost, supply, lower
        The network it was computed for.

    Returns
    -------
    FlowCertificate
        See :func:`check_flow`. A result whose status is not ``"optimal"``
        yields ``optimal=False`` with a violation saying so (infeasibility and
        unboundedness carry no certificate here).
    """
    if result.status != "optimal":
        return FlowCertificate(False, 0, 0, 0, [f"status is {result.status!r}: nothing to "
                                            "certify"])
    return check_flow(tail, head, capacity, cost, supply, result.flow, result.potentials,
                      lower=lower)
