"""Better solutions near the best loan set: refills and local branching (no bound).

The loan MILP (:mod:`.loans`) is Benders' master problem over the loan
decisions: its global optimum is the proof; the sets it names are solved
exactly by reserved-loan solves (the flow engine on the feasible graph plus
the lendable pairs of a stock-feasible set ``T``: the optimum ``V(T)`` of
every solution lending within ``T``, certified against the full graph). This
module looks for better solutions only; nothing here is a bound.

**Refill** (:func:`refill`, on). A reserved-loan solve over ``T`` lends to the
pupils ``U`` of ``T`` who use their loan; the items reserved for ``T`` minus ``U`` are
wasted. The set ``U`` plus the stocks' leftovers given to *other* pupils holds
the best solution (it lends within ``U``), so its solve is never worse, and
often better (measured at 10,000 pupils: …626 to …622; at 30,000: …885,535 to
…885,316). Repeated while it improves.

**Swaps of unequal shape** (:func:`shape_swaps`, :func:`swap`, on). Within one
stock, one pupil lent both items out for the two best-rated pupils each missing
one of them in, or the reverse, ranked by the best solution's form; solved
exactly (its other loans kept, the leftovers filled), ``batch`` swaps per solve
(a batch that does not improve is bisected). At 10,000 pupils, one per solve:
the 8th (Fort-de-France) takes the best solution from …622 to …605; the 2nd
(Port-de-Bouc), no change alone, **re-tried** after it: …604. At 30,000, the 8
best-ranked in one solve (5.5 s): …885,408 to …884,324 (one at a time, session
h18d: 8 solves, 38 s after 3 refills, …884,346); the next batches made it worse. Single swaps of
one shape (one holder for one candidate) never improved.

**Local branching** (:func:`local_branching`, off by default). Let ``B`` be the
pupils the best solution lends to. The master restricted to the sets that
differ from ``B`` in at most ``k`` pupils (``sum_{s in B} (1 - z[s]) +
sum_{s not in B} z[s] <= k``) names the set the forms rate best near ``B``;
it is solved exactly (a new solution, form and no-good row); ``k`` doubles
when the neighbourhood holds no set rated below the best, and the
neighbourhood moves with the best solution. The restricted master's value
holds for its neighbourhood only and is never reported. Measured at 10,000
pupils (``docs/equipment-history.md``, session h18d): the forms rate a great many
neighbours at the Lagrangian bound (degenerate solves), so its picks are
nearly arbitrary: 8 solves, 11 s, one better solution by 2 units without the
refills, none after them. The forms of the reserved-loan solves alone (exact at
their sets) promise gains of several units of priority weight that no solve
realises: not better.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.solve.equipment.lending import Lending
from mentormatch.solve.equipment.loans import LoanBound, LoanCut, loan_milp

_log = logging.getLogger(__name__)


@dataclass
class SwapStats:
    """What :func:`swap` did: moves, solves, better ones, moves kept, re-tries, groups left."""

    moves: int = 0
    solves: int = 0
    improvements: int = 0
    kept: int = 0
    retries: int = 0
    left: int = 0


@dataclass
class SearchStats:
    """What the local branching did: evaluations, improvements, time, the radii tried."""

    evaluations: int = 0
    improvements: int = 0
    masters: int = 0
    seconds: float = 0.0
    radii: tuple[int, ...] = ()


def local_branching(lend: Lending, cuts: list[LoanBound], evaluated: list[NDArray[np.bool_]],
                    best: Callable[[], tuple[int, NDArray[np.bool_]]],
                    evaluate: Callable[[NDArray[np.int64]], object], *,
                    evaluations: int, radius: int, max_radius: int,
                    seconds: float | None = None) -> SearchStats:
    """Search loan sets near the best one's (see module docs); only solutions, no bound.

    Parameters
    ----------
    lend : Lending
    cuts, evaluated : list
        The forms (1) and the evaluated sets' masks (over all pupils), shared
        with the caller: ``evaluate`` appends to them.
    best : callable
        The best solution's value and the mask of the pupils it lends to.
    evaluate : callable
        Solves the loan set given by ``take`` (rows ``(pupil, item, stock)``)
        exactly, its leftovers filled; records the solution, form and no-good row.
    evaluations : int
        Most exact solves.
    radius, max_radius : int
        The first and the largest neighbourhood (pupils changing loan status).
    seconds : float, optional
        Stop once this much time has passed (checked between solves).

    Returns
    -------
    SearchStats
    """
    stats = SearchStats()
    t0 = time.perf_counter()
    k = radius
    radii: list[int] = []
    while stats.evaluations < evaluations and cuts and evaluated:
        if seconds is not None and time.perf_counter() - t0 > seconds:
            break
        value, centre = best()
        radii.append(k)
        cut: LoanCut = loan_milp(lend, cuts, evaluated, value, near=(centre, k))
        stats.masters += 1
        _log.debug("local branching: radius %d, master %s, best %d", k, cut.bound, value)
        if cut.take is None or cut.bound is None or cut.bound >= value:
            # nothing below the best within k changes (by the forms): wider
            if k >= max_radius:
                break
            k = min(2 * k, max_radius)
            continue
        evaluate(cut.take)
        stats.evaluations += 1
        if best()[0] < value:
            stats.improvements += 1
            k = radius   # around the new best solution
    stats.seconds = time.perf_counter() - t0
    stats.radii = tuple(radii)
    return stats


def refill(best: Callable[[], tuple[int, NDArray[np.int64], NDArray[np.bool_] | None]],
           evaluate: Callable[[NDArray[np.int64]], object], skip: NDArray[np.bool_],
           rounds: int) -> int:
    """Give the items the best solution's reserved pupils left unused to other pupils.

    A reserved-loan solve over the set ``T`` lends to the pupils ``U`` of ``T``
    who use their loan; the items of ``T \\ U`` are wasted. The set ``U`` plus
    the stocks' leftovers filled by other pupils (those of ``T \\ U`` marked in
    ``skip``, filled last) holds the best solution (it lends within ``U``), so
    its exact solve is never worse. Repeated while it improves, at most
    ``rounds`` solves; returns their number. ``best()``: the best value, its
    loans (rows pupil, item, stock) and its reserved pupils with their loan
    unused (None: the best solution is not a reserved-loan solve's).
    """
    done = 0
    while done < rounds:
        value, take, unused = best()
        if unused is None or not np.any(unused & ~skip):
            break
        skip |= unused
        evaluate(take)
        done += 1
        if best()[0] >= value:
            break
    return done


def shape_swaps(lend: Lending, form: LoanBound, take: NDArray[np.int64],
                most: int, floor: int) -> list[tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """Swaps of unequal shape within one stock, ranked by the form's predicted change.

    ``form``: the form (1) of the reserved-loan solve behind the best solution;
    ``take``: its loans, rows ``(pupil, item, stock)``. Per stock: one pupil lent
    both items by it out, the best-rated pupil missing only a device and the one
    missing only a key in (both covered by it, not lent, negative coefficients);
    or the reverse (the best-rated pupil missing both in, the cheapest-to-remove
    holder of each single item out). Predicted: the coefficients in plus the
    removal costs out; those below 0, at most ``most``, best first. Each is
    solved exactly by the caller (the prediction is only a ranking). Pupils
    whose coefficient is ``-floor`` or below are left out (one priority weight:
    a loan promising to match more weight, never realised when measured).
    """
    p = form.pupils
    n_s = lend.need.shape[0]
    coef = np.zeros(n_s, dtype=np.int64)
    coef[p] = form.coef
    cand = p[~form.lent & (form.coef < 0) & (form.coef > -floor)]
    need = lend.need.astype(bool)
    moves: list[tuple[int, NDArray[np.int64], NDArray[np.int64]]] = []
    for k in np.unique(take[:, 2]).tolist():   # stocks (a few hundred), not pupils x volunteers
        rows = take[take[:, 2] == k]
        held = np.zeros((n_s, 2), dtype=bool)
        held[rows[:, 0], rows[:, 1]] = True
        covered = cand[lend.cover[cand, k, :].any(axis=1)]
        single = [covered[need[covered, t] & ~need[covered, 1 - t]] for t in (0, 1)]
        both_in = covered[need[covered].all(axis=1)]
        both_out = np.flatnonzero(held.all(axis=1))
        if all(s.size for s in single) and both_out.size:
            ins = np.array([s[np.argmin(coef[s])] for s in single], dtype=np.int64)
            out = np.array([both_out[np.argmax(coef[both_out])]], dtype=np.int64)
            moves.append((int(coef[ins].sum() - coef[out].sum()), ins, out))
        one_out = [np.flatnonzero(held[:, t] & ~held[:, 1 - t]) for t in (0, 1)]
        if both_in.size and all(o.size for o in one_out):
            ins = np.array([both_in[np.argmin(coef[both_in])]], dtype=np.int64)
            out = np.array([o[np.argmax(coef[o])] for o in one_out], dtype=np.int64)
            moves.append((int(coef[ins].sum() - coef[out].sum()), ins, out))
    moves = [m for m in moves if m[0] < 0]
    moves.sort(key=lambda m: m[0])
    _log.debug("shape swaps: %d moves, predicted %s", len(moves), [m[0] for m in moves])
    return [(i, o) for _, i, o in moves[:most]]


def swap(lend: Lending, form: LoanBound,
         best: Callable[[], tuple[int, NDArray[np.int64], NDArray[np.bool_] | None]],
         evaluate: Callable[..., int | None], most: int, floor: int,
         proven: Callable[[], bool], *, batch: int = 1, retry: int = -1,
         solves: int | None = None) -> SwapStats:
    """Solve the swaps :func:`shape_swaps` ranks, in batches, each from the best solution so far.

    ``best()`` as for :func:`refill`; ``evaluate(take, first=ins)`` solves the
    best solution's loans less the pupils swapped out, the pupils swapped in
    served first, the leftovers filled, and returns the solve's exact value
    (None: no solution). The ranked moves are taken ``batch`` at a time into
    one solve (swaps in different stocks are nearly independent): a batch that
    improves the best solution is kept whole; one that does not is split in two
    halves, solved in turn (bisection), down to single moves. A single move that
    does not improve is **re-tried once** after a later solve has improved the
    best solution if it cost at most ``retry`` more than the best of its time
    (a swap may pay only once another is made: at 10,000 pupils the
    Port-de-Bouc swap alone leaves the best at 622, with Fort-de-France's 604);
    ``retry`` < 0: never. A move whose pupils no longer hold (in) or lack (out)
    a loan in the best solution is passed over; the search stops once
    ``proven()`` or after ``solves`` solves (None: until every move is tried).
    """
    moves = shape_swaps(lend, form, best()[1], most, floor)
    stats = SwapStats(moves=len(moves))
    size = max(1, batch)
    queue: list[list[int]] = [list(range(i, min(i + size, len(moves))))
                              for i in range(0, len(moves), size)]
    failed: dict[int, int] = {}   # single moves that did not improve: their excess
    retried: set[int] = set()
    limit = solves if solves is not None else float("inf")
    while queue and stats.solves < limit and not proven():
        group = queue.pop(0)
        before, take, _ = best()
        held = take[:, 0]
        live = [i for i in group if not np.isin(moves[i][0], held).any()
                and np.isin(moves[i][1], held).all()]
        if not live:
            continue
        outs = np.concatenate([moves[i][1] for i in live])
        ins = np.concatenate([moves[i][0] for i in live])
        value = evaluate(take[~np.isin(held, outs)], first=ins)
        stats.solves += 1
        after = best()[0]
        _log.debug("shape swaps %s: +%s -%s, value %s, best %d -> %d", live, ins.tolist(),
                   outs.tolist(), value, before, after)
        if after < before:
            stats.improvements += 1
            stats.kept += len(live)
            again = [i for i, excess in failed.items()
                     if i not in retried and 0 <= excess <= retry]
            retried.update(again)
            for i in again:
                del failed[i]
            queue[:0] = [[i] for i in again]   # ranked higher: tried first
            stats.retries += len(again)
        elif len(live) > 1:
            half = (len(live) + 1) // 2
            queue[:0] = [live[:half], live[half:]]
        elif value is not None and live[0] not in retried:
            failed[live[0]] = value - before
    stats.left = len(queue)
    return stats
