"""The front door: validate, canonicalise, dispatch to a backend, verify, certify."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from mentormatch._extras import require
from mentormatch.errors import FlowError, FlowInputError, InputProblem
from mentormatch.flow._validate import SAFE_TOTAL, ValidatedNetwork, validate_network
from mentormatch.flow.backends import (
    BACKEND_CHOICES,
    BACKENDS,
    choose_backend,
    networkx_simplex,
)
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork
from mentormatch.flow.potentials import (
    NegativeCycleError,
    find_negative_cycle,
    residual_potentials,
)

__all__ = ["FlowResult", "min_cost_flow"]

IntArray = npt.NDArray[np.int64]
Status = Literal["optimal", "infeasible", "unbounded"]

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class FlowResult:
    """Result of :func:`min_cost_flow`.

    Attributes
    ----------
    status : {"optimal", "infeasible", "unbounded"}
        Outcome. ``"infeasible"`` takes precedence over ``"unbounded"``.
    cost : int or None
        Exact optimal cost (a Python ``int``), ``None`` unless optimal.
    flow : ndarray of int64
        Flow per arc (length ``n_arcs``) when optimal; empty otherwise.
    potentials : ndarray of int64
        Node potentials (length ``n_nodes``) certifying optimality when
        optimal; empty otherwise. Reduced cost
        ``rc = cost - potentials[tail] + potentials[head]``.
    backend : str
        The backend that solved the problem (after ``"auto"`` resolution and
        any fallback).
    """

    status: Status
    cost: int | None
    flow: IntArray = field(repr=False)
    potentials: IntArray = field(repr=False)
    backend: str

    @property
    def optimal(self) -> bool:
        """Whether ``status == "optimal"``."""
        return self.status == "optimal"


def _overflow(message: str, fld: str, value: Any = None) -> FlowInputError:
    return FlowInputError([InputProblem("overflow_risk", message, field=fld, value=value)])


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A validated network with lower bounds shifted out, and its canonical form."""

    shifted_capacity: IntArray  # capacity - lower, -1 kept for unbounded
    shifted_supply: IntArray
    constant: int  # sum(cost * lower)
    loops: IntArray  # indices of self-loops
    kept: IntArray  # indices of other arcs (canonical arc i = original kept[i])
    canonical: CanonicalNetwork


def _prepare(v: ValidatedNetwork) -> _Prepared:
    inf = v.capacity == -1
    lo = v.lower
    has_lower = bool(np.any(lo != 0))
    cap = np.where(inf, -1, v.capacity - lo)
    supply = v.supply.copy()
    constant = 0
    if has_lower:
        # validate_network bounded sum|supply| + 2 sum|lower| by 2**62: no int64 overflow
        np.subtract.at(supply, v.tail, lo)
        np.add.at(supply, v.head, lo)
        est = float(np.abs(v.cost.astype(np.float64)) @ np.abs(lo.astype(np.float64)))
        if est > SAFE_TOTAL:
            raise _overflow("sum |cost * lower| exceeds 2**62", "lower", est)
        constant = int(v.cost @ lo)
    loop = v.tail == v.head
    loops = np.flatnonzero(loop)
    kept = np.flatnonzero(~loop)
    # A bound no arc flow of some optimal solution exceeds: paths carry at most the
    # total supply; negative cycles are limited by a finite arc of negative cost, or
    # by any finite arc when a negative-cost arc is unbounded.
    fcap = cap.astype(np.float64)
    fin_k = ~inf & ~loop
    est = float(np.clip(supply, 0, None).astype(np.float64).sum())
    neg_fin = fin_k & (v.cost < 0)
    est += float(fcap[neg_fin].sum())
    if np.any(inf & ~loop & (v.cost < 0)):
        est += float(fcap[fin_k].sum())
    if est > SAFE_TOTAL:
        raise _overflow("the total flow an optimal solution may need exceeds 2**62", "capacity",
                        est)
    bound = int(np.clip(supply, 0, None).sum()) + int(cap[neg_fin].sum())
    if np.any(inf & ~loop & (v.cost < 0)):
        bound += int(cap[fin_k].sum())
    ub = np.where(inf, bound, np.minimum(cap, bound))
    ub = np.where(loop, np.where(inf, 0, cap), ub)
    total = float(np.abs(v.cost.astype(np.float64)) @ ub.astype(np.float64))
    if total > SAFE_TOTAL:
        i = int(np.argmax(np.abs(v.cost.astype(np.float64)) * ub))
        raise _overflow(f"|cost| x flow could overflow int64 (sum over arcs of |cost| x "
                        f"largest useful flow is {total:.3g} > 2**62; largest term at arc {i})",
                        f"cost[{i}]", int(v.cost[i]))
    canon = CanonicalNetwork(
        tail=v.tail[kept], head=v.head[kept], capacity=ub[kept], cost=v.cost[kept],
        supply=supply, bound=bound)
    return _Prepared(cap, supply, constant, loops, kept, canon)


def _verify_primal(net: CanonicalNetwork, flow: IntArray) -> str | None:
    """Return why ``flow`` is not feasible for ``net``, or ``None``."""
    if flow.shape != (net.n_arcs,):
        return f"flow has shape {flow.shape}, expected ({net.n_arcs},)"
    if np.any(flow < 0) or np.any(flow > net.capacity):
        return "flow outside [0, capacity]"
    bal = np.zeros(net.n_nodes, dtype=np.int64)
    np.add.at(bal, net.tail, flow)
    np.subtract.at(bal, net.head, flow)
    if not np.array_equal(bal, net.supply):
        return "flow violates conservation"
    return None


def _finish(v: ValidatedNetwork, prep: _Prepared, out: BackendOutput,
            name: str) -> FlowResult:
    """Assemble the full flow, verify it exactly, compute certifying potentials."""
    net = prep.canonical
    assert out.flow is not None
    why = _verify_primal(net, out.flow)
    if why is not None:
        raise FlowError(f"backend {name!r} returned an infeasible flow: {why}")
    flow_s = np.zeros(v.n_arcs, dtype=np.int64)
    flow_s[prep.kept] = out.flow
    lp = prep.loops
    neg_loop = lp[v.cost[lp] < 0]
    flow_s[neg_loop] = prep.shifted_capacity[neg_loop]  # unbounded ones: status unbounded
    inf = v.capacity == -1
    cand = np.flatnonzero(inf)
    if cand.size and np.any(v.cost[cand] < 0):
        cyc = find_negative_cycle(v.n_nodes, v.tail[cand], v.head[cand], v.cost[cand])
        if cyc:
            return FlowResult("unbounded", None, _EMPTY, _EMPTY, name)
    try:
        pot = residual_potentials(v.tail, v.head, prep.shifted_capacity, v.cost, flow_s,
                                  v.n_nodes, start=out.potentials)
    except NegativeCycleError as exc:
        raise FlowError(f"backend {name!r} returned a non-optimal flow: {exc}") from exc
    flow = flow_s + v.lower
    total = prep.constant + int(v.cost @ flow_s)
    return FlowResult("optimal", total, flow, pot, name)


def min_cost_flow(tail: Any, head: Any, capacity: Any, cost: Any, supply: Any, *,
                  lower: Any = None, backend: str = "auto") -> FlowResult:
    """Solve a min-cost flow problem exactly, with certifying potentials.

    Minimise ``sum(cost * flow)`` subject to ``lower <= flow <= capacity`` on
    every arc and ``out - in = supply`` at every node.

    Parameters
    ----------
    tail, head : array_like of int, shape (n_arcs,)
        Arc end nodes, in ``[0, n_nodes)``. Parallel arcs and self-loops allowed.
    capacity : array_like of int, shape (n_arcs,)
        Upper bounds; ``-1`` means unbounded.
    cost : array_like of int, shape (n_arcs,)
        Cost per unit of flow (any sign).
    supply : array_like of int, shape (n_nodes,)
        Positive at sources, negative at sinks; defines ``n_nodes``.
    lower : array_like of int, shape (n_arcs,), optional
        Lower bounds (default 0; negative values allowed).
    backend : str
        ``"auto"`` or a backend name (``"assignment"``, ``"networkx"``, ``"highs"``,
        ``"ortools"``, ``"auction"``, ``"primal_dual"``, ``"network_simplex"``).
        Which solver to use (:data:`~mentormatch.flow.backends.BackendChoice`,
        dispatched by :data:`~mentormatch.flow.backends.BACKENDS`); for
        ``"auto"`` see :func:`~mentormatch.flow.backends.choose_backend`
        (``kind="flow"``).

    Returns
    -------
    FlowResult
        Status ``"optimal"`` (with exact cost, flow and potentials),
        ``"infeasible"`` or ``"unbounded"`` (cost ``None``, empty arrays).

    Raises
    ------
    FlowInputError
        Malformed input (every problem listed, naming the arc or node), an
        unknown backend, a network the requested backend cannot solve exactly
        (``"assignment"`` outside its class, ``"highs"`` on numbers too large
        for float64), or numbers whose ``|cost| x flow`` could overflow int64.
    MissingExtraError
        ``backend="ortools"`` without OR-Tools installed.
    FlowError
        A backend returned a flow that failed exact verification.

    Notes
    -----
    Every optimal answer is verified: the flow is checked exactly for bounds
    and conservation, and potentials are computed by shortest paths on the
    residual graph (which fails if the flow is not optimal). The cost is
    computed in exact integer arithmetic. Numbers are limited to
    ``|x| <= 2**62``; see ``docs/flow.md``.
    """
    if backend not in BACKEND_CHOICES:
        raise FlowInputError([InputProblem(
            "unknown_backend", f"unknown backend {backend!r}; choose one of "
            f"{BACKEND_CHOICES}", field="backend", value=backend)])
    v = validate_network(tail, head, capacity, cost, supply, lower)
    if backend == "ortools":
        require("ortools.graph.python.min_cost_flow")
    if backend in ("auction", "network_simplex"):
        require("numba")
    if int(v.supply.sum()) != 0:
        return FlowResult("infeasible", None, _EMPTY, _EMPTY,
                          backend if backend != "auto" else "none")
    prep = _prepare(v)
    net = prep.canonical
    name = choose_backend("flow", net=net) if backend == "auto" else backend
    if net.n_arcs == 0 and name not in ("assignment", "auction"):
        out = (BackendOutput("optimal", _EMPTY.copy()) if not np.any(net.supply)
               else BackendOutput("infeasible"))
    else:
        out = BACKENDS[name](net)
    if out.status == "infeasible":
        return FlowResult("infeasible", None, _EMPTY, _EMPTY, name)
    try:
        return _finish(v, prep, out, name)
    except FlowError:
        if backend != "auto" or name not in ("highs", "primal_dual"):
            raise
    # A float-based answer (HiGHS, the primal-dual's float64 Dijkstra) failed exact
    # verification: the exact reference decides.
    out = networkx_simplex.solve(net)
    if out.status == "infeasible":
        return FlowResult("infeasible", None, _EMPTY, _EMPTY, "networkx")
    return _finish(v, prep, out, "networkx")

