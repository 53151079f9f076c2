"""Multipliers from the flow engine on the core network: a restricted Lagrangian dual.

The Lagrangian bound of multipliers ``lam`` needs a flow-engine solve over the
*full* feasible graph (pricing included); its *restricted* value over the core
(the arcs tight or used in some solve so far, :func:`~.rounds._core_arcs`) needs
only a min-cost flow of that network, repaired warm from the previous one
(:func:`~mentormatch.solve.loop.reoptimize`). :func:`core_multipliers` maximises
the restricted value over ``lam`` (a bracketing search per stock and item, from
the supergradients ``items drawn - stock``); only the final multipliers are
then solved on the full graph, whose certified solve alone gives the bound. So
the search decides only the quality of the bound, never its validity.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.flow.primal_dual import PrimalDualAbortedError
from mentormatch.network import SlotArcs, build_network
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member, _multiplier_cost
from mentormatch.solve.equipment.prices import _clearing_multipliers
from mentormatch.solve.loop import SolveOutcome, reoptimize
from mentormatch.solve.reduction import warm_potentials

_log = logging.getLogger(__name__)

_INF = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class CoreDual:
    """The search's result: the best multipliers on the core and its record.

    Attributes
    ----------
    lam : (n_scopes, 2) int64
        The multipliers of the best restricted value.
    value : int
        That value (an estimate of the full graph's Lagrangian bound: at least it).
    evaluations : int
        Min-cost flows of the core network solved.
    seconds : float
    """

    lam: NDArray[np.int64]
    value: int
    evaluations: int
    seconds: float


def _drawn(lend: Lending, lent: NDArray[np.int64], lam: NDArray[np.int64],
           breadth: NDArray[np.int64]) -> NDArray[np.int64]:
    """Items drawn per (stock, item) when the pupils ``lent`` take the cheapest covering stock.

    Ties between stocks of one price go to the most local (fewest pupils covered).
    """
    use = np.zeros(lend.stock.shape, dtype=np.int64)
    if not len(lent):
        return use
    cov = lend.cover[lent]                                   # (n, k, 2)
    price = np.where(cov, lam[None, :, :], _INF)
    cheapest = price.min(axis=1, keepdims=True)
    score = np.where(cov & (price == cheapest), breadth[None, :, None], _INF)
    k = score.argmin(axis=1)                                 # (n, 2)
    need = lend.need[lent]
    for t in range(2):
        np.add.at(use[:, t], k[need[:, t], t], 1)
    return use


def alternative_arcs(out: SolveOutcome, lend_keys: LendKeys, helped: NDArray[np.bool_],
                     extra: NDArray[np.int64] | None, n_m: int, per_pupil: int) -> SlotArcs:
    """The ``per_pupil`` least reduced-cost arcs of each status of the pupils ``helped``.

    Per pupil who can be lent (``helped``): its cheapest lendable and its
    cheapest other arcs of the solve ``out``, at true costs. Without them the
    core holds the tight arcs only, and on it a stock's price rises until its
    pupils are left unmatched: the pupils' other choices are missing.
    """
    net, pot = out.network, out.potentials
    arcs = out.arcs
    rows = np.flatnonzero(helped[arcs.si])
    rc = (net.cost[rows] - pot[net.tail[rows]] + pot[net.head[rows]]).astype(np.int64)
    status = _member(lend_keys, arcs.si[rows] * n_m + arcs.mi[rows]).astype(np.int64)
    group = arcs.si[rows] * 2 + status
    order = np.lexsort((rc, group))
    g = group[order]
    first = np.r_[True, g[1:] != g[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(g)), 0))
    keep = rows[order[np.arange(len(g)) - start < per_pupil]]
    cost = arcs.cost[keep]
    if extra is not None:
        cost = cost - np.where(_member(lend_keys, arcs.si[keep] * n_m + arcs.mi[keep]),
                               extra[arcs.si[keep]], 0)
    return SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], cost)


def core_multipliers(enc: Encoded, lend: Lending, lend_keys: LendKeys, core: SlotArcs,
                     big: int, load_int: list[NDArray[np.int64]], start: SolveOutcome,
                     lam0: NDArray[np.int64], cap: NDArray[np.int64] | int, *,
                     iterations: int = 24, seconds: float | None = None,
                     newton: bool = True) -> CoreDual:
    """Maximise the restricted Lagrangian value over the core network (see module docs).

    Parameters
    ----------
    enc, lend, lend_keys : the problem, its lending and the lendable pairs' set
    core : SlotArcs
        The core's triples at true costs; must hold every arc ``start`` uses.
    big, load_int : the network's ``BIG`` and the volunteers' load costs
    start : SolveOutcome
        A certified solve (any multipliers): its flow and potentials start the repairs.
    lam0 : (n_scopes, 2) int64
        The first multipliers tried (the search's centre: the clearing prices).
    cap : int or (n_scopes, 2) int64
        Most any multiplier may reach (a trust region; the final bound is a full
        solve's, valid for any multipliers).
    iterations, seconds : the search's budget (flows solved; wall time).

    Returns
    -------
    CoreDual
    """
    t0 = time.perf_counter()
    n_m, n_blocks = enc.n_m, enc.n_blocks
    net = build_network(enc, core, big, load_int)
    npa = net.n_pair_arcs
    lend_arc = np.flatnonzero(_member(lend_keys, core.si * n_m + core.mi))
    lend_si = core.si[lend_arc]
    # the start's flow on the core network (every arc it uses is in the core)
    onet = start.network
    okeys = start.arcs.keys(n_m, n_blocks)
    used = np.flatnonzero(start.flow[: onet.n_pair_arcs] > 0)
    ckeys = core.keys(n_m, n_blocks)
    order = np.argsort(ckeys, kind="stable")
    pos = np.searchsorted(ckeys[order], okeys[used])
    pos = np.minimum(pos, len(order) - 1)
    pair = np.zeros(npa, dtype=np.int64)
    hit = ckeys[order][pos] == okeys[used]
    pair[order[pos[hit]]] = start.flow[used[hit]]
    slot = np.bincount(net.head[:npa] - net.n_s, weights=pair,
                       minlength=net.n_slots).astype(np.int64)
    flow = np.concatenate([pair, slot, start.flow[onet.n_pair_arcs + onet.n_slot_arcs:]])
    pot = warm_potentials(net, (onet, start.flow, start.potentials))
    if pot is None:
        pot = np.zeros(len(net.supply), dtype=np.int64)
    breadth = lend.cover.any(axis=2).sum(axis=0)
    capv = np.broadcast_to(np.asarray(cap, dtype=np.int64), lend.stock.shape)
    holds = lend.stock > 0
    lam = np.minimum(np.maximum(np.asarray(lam0, dtype=np.int64), 0), capv)
    lo = np.zeros(lend.stock.shape, dtype=np.int64)
    hi = capv.copy()
    best_val, best_lam = -_INF, lam.copy()
    evals = 0
    for it in range(iterations):
        extra = _multiplier_cost(lend, lam)
        cost = net.cost.copy()
        cost[lend_arc] += extra[lend_si]
        try:
            flow, pot = reoptimize(dataclasses.replace(net, cost=cost), flow, pot)
        except (PrimalDualAbortedError, ArithmeticError, ValueError) as exc:
            _log.debug("core dual: repair failed (%s); search stopped", exc)
            break
        evals += 1
        value = int((cost * flow).sum()) - int((lam * lend.stock).sum())
        lent = np.unique(core.si[lend_arc[flow[lend_arc] > 0]])
        g = _drawn(lend, lent, lam, breadth) - lend.stock
        _log.debug("core dual %d: value %d, over %d, under %d, %.1f s", it, value,
                   int((g > 0).sum()), int(((g < 0) & (lam > 0)).sum()),
                   time.perf_counter() - t0)
        if value > best_val:
            best_val, best_lam = value, lam.copy()
        over = (g > 0) & holds
        under = (g < 0) & (lam > 0)
        lo = np.where(over, np.maximum(lo, lam), lo)
        hi = np.where(under, np.minimum(hi, lam), hi)
        stale = lo > hi   # the other coordinates moved: the bracket no longer holds
        lo = np.where(stale & under, 0, lo)
        hi = np.where(stale & over, capv, hi)
        move = (over | under) & (hi - lo > 1)
        if not move.any():
            break
        mid = lo + (hi - lo) // 2
        if newton:
            # the prices clearing each stock in this solve's potentials, when inside the
            # bracket (a safeguarded Newton step); else the bracket's middle
            here = dataclasses.replace(start, network=dataclasses.replace(net, cost=cost),
                                       flow=flow, potentials=pot, arcs=core)
            clear = _clearing_multipliers(lend, here, n_m, lend_keys, lam)
            inside = (clear > lo) & (clear < hi)
            mid = np.where(inside, clear, mid)
        lam = np.where(move, mid, lam)
        if seconds is not None and time.perf_counter() - t0 > seconds:
            break
    return CoreDual(best_lam, best_val, evals, time.perf_counter() - t0)
