"""Primal–dual repair of a pseudoflow into an optimal flow with certifying potentials.

One algorithm, plain integer arrays in and out, serving two callers: the
match loop's warm-start repair after a pricing round appends pupil → slot arcs
(:mod:`mentormatch.solve.loop`), and the transportation solver behind
:func:`mentormatch.solve_sparse` (:mod:`mentormatch.flow.backends.transport`).

Algorithm
---------
Given arcs with finite capacities, supplies, a starting flow ``0 <= f <= cap``
(node balances need not hold) and potentials ``pi`` (reduced costs
``rc = cost - pi[tail] + pi[head]``):

1. **Saturate.** Arcs with ``rc < 0`` get full flow, arcs with ``rc > 0``
   none. Every residual arc now has ``rc >= 0`` (reduced-cost optimality), at
   the price of node imbalances: *excess* (must send more) and *deficit* nodes.
   (A caller who appended cheaper arcs first raises the potentials of nodes
   without incoming arcs as far as dual feasibility allows,
   :func:`tighten_sources`: a pupil that prefers a new arc then leaves its old
   one, excess at the pupil, deficit where it was.)
2. **Phases** until no excess remains. Reduced-cost optimality of a
   pseudoflow needs only ``rc >= 0`` on residual arcs: *any* potential change
   keeping that is allowed, and pushing flow along ``rc == 0`` arcs keeps it.
   A phase runs one multi-source :func:`scipy.sparse.csgraph.dijkstra` on the
   residual reduced costs, either *forward* from every excess node (then
   potentials are lowered by the distances ``d``) or *backward* on the
   transposed graph from every deficit node (potentials raised by ``d``, the
   distance to the nearest deficit). Distances are capped at ``top``, the
   largest distance between a reached excess and deficit node (unreached nodes
   get ``top`` too), which keeps ``rc >= 0`` and makes every shortest
   excess–deficit path within ``top`` admissible (``rc == 0``). Then
   :func:`scipy.sparse.csgraph.maximum_flow` (Dinic; super source → excess
   nodes, deficit nodes → super sink) routes as much as possible on the
   admissible residual arcs. Every phase routes at least one unit.

``directions`` chooses the search: ``"alternate"`` (odd phases forward, even
phases backward; fewer phases on the match network's repairs, where excess sits
at many pupils and deficit at many volunteers) or ``"backward"`` (every phase
from the deficits; the transportation solver's, whose only deficits are the
sink and the volunteers a pupil left, so one search prices every pupil's path
at once). ``radius`` bounds each search: only residual arcs with reduced cost
up to it can lie on a path within it, so Dijkstra receives just those;
excess beyond it waits for a later phase. The radius grows ×4 (finally without
limit) while nothing is reached and doubles after a phase that reached less
than a quarter of its targets. It is a speed knob: the result is an optimal
flow either way.

Parallel residual arcs (parallel load arcs, an arc and the reverse of another)
are merged per ordered node pair (:class:`~mentormatch.flow.residual.Residual`):
Dijkstra sees the cheapest residual copy, the maximum flow the summed capacity
of the admissible copies, and the flow found on a pair is spread back over its
admissible copies in a fixed order. Everything is deterministic.

The number of phases, not the units moved, sets the cost; a phase is a few
vectorised passes over the residual arcs plus the two scipy calls.
``max_units`` / ``max_phases`` let a caller who can re-solve instead give up
early (:class:`PrimalDualAbortedError`).

Everything is integral: Dijkstra runs in float64 on integer reduced costs
(exact below :data:`~mentormatch._arrays.FLOAT_EXACT`, checked), distances are
rounded back to int64 and admissibility is tested exactly. The result is
checked (feasibility and complementary slackness) before it is returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra, maximum_flow

from mentormatch._arrays import FLOAT_EXACT, counting_argsort, reduce_runs
from mentormatch.flow.residual import (
    CAP32,
    ArcResidual,
    CompiledResidual,
    Residual,
    SplitResidual,
    compiled_available,
    shared_pairs,
    simple_pairs,
)

__all__ = ["PrimalDualAbortedError", "PrimalDualResult", "primal_dual", "tighten_sources"]

_log = logging.getLogger(__name__)

IntArray = NDArray[np.int64]
Directions = Literal["alternate", "backward"]
#: The residual graphs a phase runs on (CompiledResidual is a Residual).
AnyResidual = ArcResidual | Residual | SplitResidual

_INF = np.iinfo(np.int64).max
#: The radius stops growing ×4 beyond this and becomes unlimited.
_RADIUS_CEILING = 2**40

#: Without a radius, each search first tries this many times the farthest target of the
#: last search in the same direction (at least :data:`GUESS_FLOOR`): only if some target
#: lies beyond does the full search run. Same phases either way (see :func:`_search_exact`).
GUESS_FACTOR = 4

#: Smallest guessed radius.
GUESS_FLOOR = 16.0


class PrimalDualAbortedError(RuntimeError):
    """The repair exceeded its budget (``max_units`` or ``max_phases``): re-solve instead."""


@dataclass(frozen=True)
class PrimalDualResult:
    """Result of :func:`primal_dual`.

    Attributes
    ----------
    flow : numpy.ndarray of int64
        An optimal flow (feasible: bounds and conservation hold).
    potentials : numpy.ndarray of int64
        Potentials certifying it (not normalised).
    phases : int
        Phases run.
    units : int
        Units of excess after saturation (what the phases routed).
    residual : CompiledResidual or None
        With ``keep``: the compiled residual graph the phases ran on, following
        ``flow`` at ``potentials`` (None if none was built).
    """

    flow: IntArray
    potentials: IntArray
    phases: int
    units: int
    residual: CompiledResidual | None = None


def tighten_sources(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                    potentials: IntArray, nodes: NDArray[np.bool_] | None = None) -> IntArray:
    """Raise nodes without incoming arcs to their largest dual-feasible potential.

    A node ``v`` without incoming arcs may take any potential; it gets
    ``min(cost[a] + pi[head[a]])`` over its outgoing arcs (capacity non-zero,
    self-loops ignored), the largest keeping every one of them dual feasible.
    A pupil whose new arc is cheaper then prices its current arc positively,
    so :func:`primal_dual` moves it.

    Parameters
    ----------
    tail, head, capacity, cost : numpy.ndarray of int64
        The arcs.
    potentials : numpy.ndarray of int64, shape (n_nodes,)
        Potentials (not modified).
    nodes : numpy.ndarray of bool, shape (n_nodes,), optional
        The nodes to raise (they must have no incoming arcs); default: every
        node without an incoming arc of non-zero capacity.

    Returns
    -------
    numpy.ndarray of int64
        The new potentials (nodes without outgoing arcs unchanged).
    """
    n = potentials.shape[0]
    pi = np.array(potentials, dtype=np.int64)
    usable = capacity != 0
    if nodes is None:
        nodes = np.bincount(head[usable], minlength=n) == 0
    src = nodes[tail] & usable & (tail != head)
    if not src.any():
        return pi
    arcs = np.flatnonzero(src)
    arcs = arcs[counting_argsort(tail[arcs], n)]          # grouped by tail
    t = tail[arcs]
    first, best = reduce_runs(t, cost[arcs] + pi[head[arcs]], np.minimum)
    pi[t[first]] = best
    return pi


def _imbalance(tail: IntArray, head: IntArray, supply: IntArray, flow: IntArray) -> IntArray:
    """``supply - (out - in)`` per node: positive = excess, negative = deficit."""
    n = supply.shape[0]
    out = np.bincount(tail, weights=flow, minlength=n)
    inn = np.bincount(head, weights=flow, minlength=n)
    return supply - np.rint(out - inn).astype(np.int64)


def _check(tail: IntArray, head: IntArray, cap: IntArray, cost: IntArray, supply: IntArray,
           flow: IntArray, pi: IntArray) -> None:
    """Raise ``ArithmeticError`` unless ``flow`` is feasible and ``pi`` certifies it."""
    rc = cost - pi[tail] + pi[head]
    ok = (bool(np.all((flow >= 0) & (flow <= cap)))
          and bool(np.all(_imbalance(tail, head, supply, flow) == 0))
          and bool(np.all(rc[flow < cap] >= 0)) and bool(np.all(rc[flow > 0] <= 0)))
    if not ok:
        raise ArithmeticError("the primal-dual repair lost exactness (costs too wide?)")


def _search(R: AnyResidual, sources: IntArray, targets: IntArray, n: int,
            backward: bool, radius: float, *, widen: bool = True
            ) -> tuple[NDArray[np.float64], Any, float]:
    """One multi-source Dijkstra on the residual reduced costs, within ``radius``.

    Returns the distances (``inf`` beyond the radius), the residual's state of
    the copies searched, and the radius used (with ``widen``, widened ×4,
    finally without limit, until some target is reached).
    """
    while True:
        if isinstance(R, CompiledResidual):
            dist, state = R.search(radius, backward, sources, targets)
        else:
            G, wmin, wmax, state = R.graph(radius, backward)
            if wmin < 0 or wmax >= FLOAT_EXACT:
                raise ArithmeticError("reduced costs out of range for the primal-dual repair")
            dist = np.asarray(dijkstra(G, directed=True, indices=sources, min_only=True,
                                       limit=radius))
        if not widen or radius == np.inf or np.isfinite(dist[targets]).any():
            return dist, state, radius
        radius = max(4 * radius, 1.0) if radius < _RADIUS_CEILING else np.inf


def _search_exact(R: AnyResidual, sources: IntArray, targets: IntArray, n: int,
                  backward: bool, guess: float) -> tuple[NDArray[np.float64], Any]:
    """The search of an unlimited radius, tried first within ``guess``.

    Reduced costs are non-negative, so a path of length at most ``guess`` uses
    only copies priced within ``guess``: the search within ``guess`` finds the
    exact distance of every node within ``guess``. If every target is among
    them, the farthest target ``top <= guess`` is the unlimited search's too,
    and every node the limited search leaves (``inf``) is farther than
    ``top``, where a phase caps it anyway: the phase that follows is the
    unlimited search's, copy for copy (the admissible copies are priced within
    ``top``). Otherwise the unlimited search runs. The guess only saves time:
    fewer copies listed and scanned.
    """
    if guess < np.inf:
        dist, state, _ = _search(R, sources, targets, n, backward, guess, widen=False)
        if bool(np.isfinite(dist[targets]).all()):
            return dist, state
    dist, state, _ = _search(R, sources, targets, n, backward, np.inf)
    return dist, state


def primal_dual(tail: IntArray, head: IntArray, capacity: IntArray, cost: IntArray,
                supply: IntArray, flow: IntArray, potentials: IntArray, *,
                directions: Directions = "alternate", radius: float = np.inf,
                max_units: int | None = None,
                max_phases: int | None = None, compiled: bool = False,
                parallel: bool = False, keep: bool = False,
                residual: CompiledResidual | None = None,
                imbalance: IntArray | None = None, check: bool = True) -> PrimalDualResult:
    """Turn a pseudoflow and potentials into an optimal flow and certifying potentials.

    Parameters
    ----------
    tail, head, capacity, cost : numpy.ndarray of int64, shape (n_arcs,)
        The arcs (finite, non-negative capacities; parallel arcs allowed).
    supply : numpy.ndarray of int64, shape (n_nodes,)
        Supply per node (``out - in = supply``; sums to zero).
    flow : numpy.ndarray of int64, shape (n_arcs,)
        Starting flow, ``0 <= flow <= capacity`` (node balances need not hold).
    potentials : numpy.ndarray of int64, shape (n_nodes,)
        Starting potentials; any values are accepted, good ones (certifying the
        flow on most arcs) make few phases.
    directions : {"alternate", "backward"}
        Dijkstra from the excess and from the deficit nodes in turn, or always
        from the deficits (see the module notes).
    radius : float
        Initial search radius per phase (a speed knob; see the module notes).
        Default: unlimited.
    max_units : int, optional
        Give up (:class:`PrimalDualAbortedError`) if more than this many units
        of excess must be routed after saturation (checked before any phase).
    max_phases : int, optional
        The cost of re-solving instead, in phases: give up
        (:class:`PrimalDualAbortedError`) as soon as the units left, at the rate
        of the last two phases, would need more phases than this (phases already
        run are spent either way), or after twice this many phases in all.
        The units routed per phase decay geometrically on large repairs, so
        the projection stops a hopeless repair early. Default: no limit.
    compiled : bool
        Run the per-phase passes over a residual graph with parallel arcs compiled
        (:class:`~mentormatch.flow.residual.CompiledResidual`, numba, the ``fast``
        extra) when numba is installed; same phases, same result. Without numba,
        ignored.
    parallel : bool
        With ``compiled``: the caller knows the network has parallel arcs (an engine
        network's load arcs), so the test for a simple graph (a pass that sorts every
        arc) is skipped and the compiled residual used straight away; it is exact on
        any graph. Without numba, ignored.
    keep : bool
        Return the compiled residual the phases ran on (``result.residual``), for a
        caller that appends arcs and repairs again
        (:meth:`~mentormatch.flow.residual.CompiledResidual.appended`).
    residual : CompiledResidual, optional
        A kept residual following ``flow`` at ``potentials`` with every live copy
        at ``rc >= 0`` (the caller saturated what its potentials price negative),
        given with ``imbalance`` (``supply - (out - in)`` per node): the saturation
        and imbalance passes over every arc are skipped and the phases run on it
        (it is updated in place). The caller's claim is not checked here beyond
        the searches' (a negative reduced cost met raises ``ArithmeticError``):
        ``check`` or the caller's certificate (:func:`mentormatch.verify.check_flow`)
        does.
    imbalance : numpy.ndarray of int64, optional
        With ``residual``: the imbalance per node of ``flow``.
    check : bool
        Check the result (bounds, conservation, complementary slackness: passes
        over every arc); ``False`` for a caller that certifies its final network
        itself.

    Returns
    -------
    PrimalDualResult
        The optimal flow, its certifying potentials (not normalised), the
        phases run and the units routed.

    Raises
    ------
    ValueError
        If the shapes do not match, a capacity is negative (unbounded ``-1``),
        the starting flow is outside its bounds, or some excess cannot reach any
        deficit (the network is infeasible).
    ArithmeticError
        If reduced costs leave float64's exact integer range, or the result
        fails its exactness check.
    PrimalDualAbortedError
        If a budget is exceeded. In every error case the caller can re-solve
        from scratch.

    Notes
    -----
    See the module notes. Each phase costs one Dijkstra and one maximum flow on
    the residual graph plus a few vectorised passes over its arcs; the number of
    phases is the number of times the admissible graph runs out of augmenting
    paths, usually far fewer than the units to route.
    """
    n = int(supply.shape[0])
    m = int(tail.shape[0])
    cap = capacity
    f = np.array(flow, dtype=np.int64)
    pi = np.array(potentials, dtype=np.int64)
    if (f.shape != (m,) or pi.shape != (n,) or cap.shape != (m,) or head.shape != (m,)
            or cost.shape != (m,)):
        raise ValueError("flow/potentials do not match the network")
    if np.any(cap < 0):
        raise ValueError("primal_dual needs finite capacities")
    if np.any((f < 0) | (f > cap)):
        raise ValueError("the starting flow is outside its bounds")
    if residual is not None:
        if imbalance is None or imbalance.shape != (n,) or residual.flow.shape != (m,):
            raise ValueError("a kept residual needs the imbalance of its flow")
        b = np.array(imbalance, dtype=np.int64)
    else:
        rc = cost - pi[tail] + pi[head]
        f = np.where(rc < 0, cap, np.where(rc > 0, 0, f))
        del rc
        b = _imbalance(tail, head, supply, f)
    units = int(b[b > 0].sum())
    if max_units is not None and units > max_units:
        raise PrimalDualAbortedError(f"{units} units to re-route (budget {max_units})")
    R: AnyResidual | None = residual
    if residual is not None:
        f = residual.flow
    elif units and parallel and compiled and compiled_available():
        R = CompiledResidual(tail, head, cap, cost, f, pi)
    elif units:
        shared = shared_pairs(tail, head, n)
        if simple_pairs(tail, head, n, shared):
            R = ArcResidual(tail, head, cap, cost, f, pi)
        elif compiled and compiled_available():
            R = CompiledResidual(tail, head, cap, cost, f, pi)
        else:
            R = SplitResidual(tail, head, cap, cost, f, pi, shared)
    S, T = n, n + 1
    hard = None if max_phases is None else 2 * max_phases
    radius = max(float(radius), 0.0)
    exact = radius == np.inf     # unlimited: guess a radius per search (same phases)
    last_top = [np.inf, np.inf]  # the farthest target of the last search, per direction
    phases = routed_total = 0
    recent = [units, units]  # units routed by the last two phases
    while R is not None:
        exc = np.flatnonzero(b > 0)
        if exc.size == 0:
            f = R.flow
            break
        phases += 1
        if hard is not None and phases > hard:
            raise PrimalDualAbortedError(f"more than {hard} phases ({int(b[exc].sum())} of "
                                         f"{units} units left)")
        defi = np.flatnonzero(b < 0)
        backward = directions == "backward" or phases % 2 == 0
        sources, targets = (defi, exc) if backward else (exc, defi)
        if exact:
            guess = max(GUESS_FACTOR * last_top[backward], GUESS_FLOOR)
            dist, state = _search_exact(R, sources, targets, n, backward, guess)
        else:
            dist, state, radius = _search(R, sources, targets, n, backward, radius)
        dd = dist[targets]
        reach = np.isfinite(dd)
        if not reach.any():
            raise ValueError("no excess can reach a deficit: the network is infeasible")
        if 4 * int(reach.sum()) < targets.shape[0]:  # most targets beyond reach: search further
            radius = max(2 * radius, 1.0)
        top = float(dd[reach].max())
        last_top[backward] = top
        d = np.rint(np.minimum(np.where(np.isfinite(dist), dist, top), top)).astype(np.int64)
        del dist
        if not backward:
            d = -d
        pi += d
        R.reprice(d)
        del d
        # admissible residual pairs (rc == 0) to the excess and from the deficit nodes
        gu, gv, gcap, state = R.admissible(state, top)
        rows = np.concatenate([gu, np.full(exc.size, S), defi])
        cols = np.concatenate([gv, exc, np.full(defi.size, T)])
        data = np.minimum(np.concatenate([gcap, b[exc], -b[defi]]), CAP32)
        H = sp.csr_matrix((data.astype(np.int32), (rows, cols)), shape=(n + 2, n + 2))
        mf = maximum_flow(H, S, T, method="dinic")
        routed = int(mf.flow_value)
        if routed == 0:  # every reached target has an admissible path: never
            raise ArithmeticError("primal-dual phase routed nothing (inexact distances?)")
        routed_total += routed
        recent = [recent[1], routed]
        left = units - routed_total
        if max_phases is not None and left and 2 * left / sum(recent) > max_phases:
            raise PrimalDualAbortedError(f"{left} of {units} units left after {phases} "
                                         f"phases, at {sum(recent) / 2:.0f} per phase "
                                         f"(budget {max_phases} phases)")
        _log.debug("phase %d: %d units routed, %d left", phases, routed, left)
        # each positive net flow u -> v between network nodes runs on one admissible pair
        F = mf.flow.tocoo()
        inner = (F.data > 0) & (F.row < n) & (F.col < n)
        u = F.row[inner].astype(np.int64)
        v = F.col[inner].astype(np.int64)
        amount = F.data[inner].astype(np.int64)
        R.push(state, u, v, amount)
        np.add.at(b, u, -amount)
        np.add.at(b, v, amount)
    if check:
        _check(tail, head, cap, cost, supply, f, pi)
    _log.debug("primal-dual: %d phases, %d units routed", phases, routed_total)
    kept = R if (keep or residual is not None) and isinstance(R, CompiledResidual) else None
    return PrimalDualResult(f, pi, phases, units, kept)
