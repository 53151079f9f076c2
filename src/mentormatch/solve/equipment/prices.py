"""Lagrange multipliers of the stocks from a flow solve: loan values, clearing prices.

Also the greedy reservation of loans (:func:`_reserve`) of the large problems'
reserved-loan solve.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.solve.equipment.lending import Lending, LendKeys, _member, _multiplier_cost
from mentormatch.solve.loop import SolveOutcome


def _loan_values(lend: Lending, out: SolveOutcome, n_m: int, lend_keys: LendKeys,
                 lam: NDArray[np.int64]
                 ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """What a loan is worth to each pupil in a Lagrangian solve (see :func:`_clearing_multipliers`).

    Returns the value per pupil, whether the solve lends to them, and the pupils
    who can be lent and value it (positive value).
    """
    net, pot = out.network, out.potentials
    n_s = len(lend.need)
    extra = _multiplier_cost(lend, lam)
    npa = net.n_pair_arcs
    rc = net.cost - pot[net.tail] + pot[net.head]
    via = rc[:npa]
    si = out.arcs.si
    is_lend = _member(lend_keys, si * n_m + out.arcs.mi)
    used = out.flow[:npa] > 0
    big_rc = np.iinfo(np.int64).max // 4
    best_plain = np.full(n_s, big_rc, dtype=np.int64)
    np.minimum.at(best_plain, si[~is_lend & ~used], via[~is_lend & ~used])
    un = npa + net.n_slot_arcs + net.n_load_arcs + np.arange(n_s)
    best_plain = np.minimum(best_plain, rc[un])
    best_lend = np.full(n_s, big_rc, dtype=np.int64)
    np.minimum.at(best_lend, si[is_lend & ~used], via[is_lend & ~used])
    lent = np.zeros(n_s, dtype=bool)
    lent[si[is_lend & used]] = True
    value = np.where(lent, extra + best_plain, extra - best_lend)
    cand = np.flatnonzero(lend.need.any(axis=1) & (value > 0) & (lent | (best_lend < big_rc)))
    return value, lent, cand


def _reserve(lend: Lending, order: NDArray[np.int64],
             take: NDArray[np.int64] | None = None) -> NDArray[np.bool_]:
    """Pupils, in ``order``, whose every missing item still fits a covering stock (reserved).

    Each item is taken from the covering stock with the fewest pupils covered
    (most local first). Lending to every reserved pupil at once respects the stocks.
    ``take``: rows ``(pupil, item, stock)`` of loans made first (a stock-feasible
    set and its assignment; checked), the others then fill what is left.
    """
    left = lend.stock.copy()
    breadth = lend.cover.any(axis=2).sum(axis=0)
    chosen = np.zeros(len(lend.need), dtype=bool)
    if take is not None and len(take):
        if not np.all(lend.cover[take[:, 0], take[:, 2], take[:, 1]]):
            raise ValueError("a loan from a stock that does not cover the pupil")
        np.subtract.at(left, (take[:, 2], take[:, 1]), 1)
        got = np.zeros(lend.need.shape, dtype=np.int64)
        np.add.at(got, (take[:, 0], take[:, 1]), 1)
        pupils = np.unique(take[:, 0])
        if np.any(left < 0) or np.any(got[pupils] != lend.need[pupils]):
            raise ValueError("the loans given first do not respect the stocks")
        chosen[pupils] = True
    for s in order:   # pupils who can be lent (thousands at most), not pupils × volunteers
        if chosen[s]:
            continue
        need = np.flatnonzero(lend.need[s])
        picks = []
        for t in need:
            ks = np.flatnonzero(lend.cover[s, :, t] & (left[:, t] > 0))
            picks.append(int(ks[np.argmin(breadth[ks])]) if ks.size else -1)
        if need.size and all(p >= 0 for p in picks):
            for t, p in zip(need, picks, strict=True):
                left[p, t] -= 1
            chosen[s] = True
    return chosen


def _clearing_multipliers(lend: Lending, out: SolveOutcome, n_m: int,
                          lend_keys: LendKeys, lam: NDArray[np.int64]
                          ) -> NDArray[np.int64]:
    """Next multipliers: the prices that clear each stock, from the last flow solve's potentials.

    With multipliers ``lam`` each lendable arc of pupil ``s`` costs ``extra[s]``
    more. A pupil lent items in that solve values the loan at ``extra[s]`` plus
    the reduced cost of their best arc *without* a loan (the "unassigned" arc
    included): how far the price may rise before they give the loan up. A pupil
    not lent values it at ``extra[s]`` minus the reduced cost of their best
    lendable arc, when positive. Pupils are then served in decreasing value,
    each item from the covering stock with the fewest pupils covered (most local
    first); the first pupil a stock cannot serve sets its price (their value
    split over the items they need); a stock that serves everyone costs 0. This
    is the LP's price when pupils do not compete for volunteers; the flow engine
    then re-solves with the interactions, and the best bound is kept.
    """
    value, _, cand = _loan_values(lend, out, n_m, lend_keys, lam)
    new = np.zeros(lend.stock.shape, dtype=np.int64)
    left = lend.stock.copy()
    breadth = lend.cover.any(axis=2).sum(axis=0)
    for s in cand[np.argsort(-value[cand], kind="stable")]:   # pupils who can be lent
        need = np.flatnonzero(lend.need[s])
        picks = []
        for t in need:
            ks = np.flatnonzero(lend.cover[s, :, t] & (left[:, t] > 0))
            picks.append(int(ks[np.argmin(breadth[ks])]) if ks.size else -1)
        if all(p >= 0 for p in picks):
            for t, p in zip(need, picks, strict=True):
                left[p, t] -= 1
            continue
        share = int(value[s]) // max(len(need), 1)
        for t, p in zip(need, picks, strict=True):
            if p < 0:
                ks = np.flatnonzero(lend.cover[s, :, t])
                new[ks, t] = np.maximum(new[ks, t], share)
    return new
