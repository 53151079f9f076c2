"""Local checks of a what-if against the optimum in force (no pass over the whole graph).

The optimum in force comes with potentials ``pi`` that are dual feasible for
the *whole* base feasible graph (:class:`mentormatch.whatif.resolve.Engine`;
convention of :mod:`mentormatch.flow`: ``rc = cost - pi[tail] + pi[head]``). A
what-if changes a few people; every arc of the modified network that does not
touch them is an arc of the base network with the same cost, capacity and
flow, so it keeps its reduced cost and its complementary slackness. Hence:

**the flow in force, with the potentials in force, certifies the modified
problem exactly when the arcs of the changed people do** (:func:`certifies`):

* their pairs of the new graph (each at its best common session, slot
  potentials as in :func:`mentormatch.solve.pricing.slot_potentials`) have
  non-negative reduced costs — a pair at a slot not in the network takes the
  volunteer's potential, the largest value keeping its empty slot arc dual
  feasible;
* the pairs they hold in force still exist, at the same cost and session
  (their reduced cost stays 0 as before, so the flow stays feasible and
  complementary);
* a changed volunteer's load arcs (costs recomputed from the new capacity)
  satisfy complementary slackness with the load in force: ``rc <= 0`` on the
  used ones, ``rc >= 0`` on the others;
* an added volunteer takes the potential ``pi[sink] + first load cost`` (its
  slots likewise): its load and slot arcs are then dual feasible and only its
  pairs need checking;
* the pupils' unassigned costs (weight × ``BIG``) are unchanged.

When it holds, the optimum in force *is* an optimum of the modified problem,
certified by the same LP-duality argument as ``match()``: no re-solve is
needed. :func:`mentormatch.whatif.resolve.resolve` uses it first
(``restricted=True``); the tests compare with ``restricted=False`` and an
independent ``match()``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs

__all__ = ["certifies", "least_reduced_costs"]

#: Pairs expanded over their sessions per chunk (bounds memory).
CHUNK = 200_000


def least_reduced_costs(enc: Encoded, pairs: FeasiblePairs, table: NDArray[np.int64],
                        pi_s: NDArray[np.int64]) -> NDArray[np.int64]:
    """Least reduced cost of each pair of ``pairs`` over its common sessions.

    ``table`` is ``(n_m, n_blocks)`` slot potentials (rows of ``enc``'s
    volunteers), ``pi_s`` the pupils' potentials. A pair with no common
    session gets a huge value. The cost cap's session limit, if any, is
    ignored: the minimum over a superset of sessions is a lower bound, so a
    non-negative result is still a proof.
    """
    n = len(pairs)
    out = np.full(n, np.iinfo(np.int64).max // 4, dtype=np.int64)
    sc = pairs.session_cost
    for lo in range(0, n, CHUNK):   # chunks of pairs, each fully vectorised
        si = pairs.si[lo: lo + CHUNK].astype(np.int64)
        mi = pairs.mi[lo: lo + CHUNK].astype(np.int64)
        common = np.ascontiguousarray(enc.s_avail[si] & enc.m_avail[mi])
        bits = np.unpackbits(common.view(np.uint8), axis=1, bitorder="little")[:, : enc.n_blocks]
        row, blk = np.divmod(np.flatnonzero(bits), enc.n_blocks)
        g = enc.s_primary[si[row]].astype(np.int64)
        val = sc[g, blk] + table[mi[row], blk]
        best = np.full(len(si), np.iinfo(np.int64).max // 4, dtype=np.int64)
        np.minimum.at(best, row, val)
        has = best < np.iinfo(np.int64).max // 4
        chunk = out[lo: lo + CHUNK]
        chunk[has] = pairs.cost[lo: lo + CHUNK][has].astype(np.int64) + best[has] - pi_s[si[has]]
    return out


def _held_pairs_kept(enc: Encoded, held_si: NDArray[np.int64], held_mi: NDArray[np.int64],
                     held_blk: NDArray[np.int64], held_cost: NDArray[np.int64],
                     new: FeasiblePairs) -> bool:
    """Every held triple is still a pair of ``new`` at the same arc cost and session."""
    if not held_si.size:
        return True
    key_new = new.si.astype(np.int64) * enc.n_m + new.mi
    order = np.argsort(key_new, kind="stable")
    key_held = held_si * enc.n_m + held_mi
    pos = np.minimum(np.searchsorted(key_new[order], key_held), max(len(order) - 1, 0))
    if not len(order) or np.any(key_new[order][pos] != key_held):
        return False
    row = order[pos]
    g = enc.s_primary[held_si].astype(np.int64)
    cost = new.cost[row].astype(np.int64) + new.session_cost[g, held_blk]
    if np.any(cost != held_cost):
        return False
    word = enc.s_avail[held_si, held_blk >> 6] & enc.m_avail[held_mi, held_blk >> 6]
    return bool(np.all((word >> (held_blk & 63).astype(np.uint64)) & np.uint64(1)))


def certifies(*, enc0: Encoded, pi: NDArray[np.int64], table: NDArray[np.int64], sink: int,
              mentor_node0: int, n_pair_arcs: int, arcs_si: NDArray[np.int64],
              arcs_mi: NDArray[np.int64], arcs_block: NDArray[np.int64],
              arcs_cost: NDArray[np.int64], flow: NDArray[np.int64],
              load_int0: list[NDArray[np.int64]], enc: Encoded, extra: FeasiblePairs,
              load_int: list[NDArray[np.int64]], changed_s: NDArray[np.bool_],
              changed_m: NDArray[np.bool_], reenumerated_m: NDArray[np.bool_],
              banned: NDArray[np.bool_] | None) -> bool:
    """Whether the optimum in force certifies the modified problem (module notes).

    Parameters
    ----------
    enc0, pi, table, sink, mentor_node0, n_pair_arcs, arcs_*, flow, load_int0
        The optimum in force: arrays, potentials, slot potential table, network
        layout, candidate triples, flow and load costs.
    enc, extra, load_int
        The modified problem's arrays, the changed people's new pairs (every
        pair of theirs, the forbidden pupils' left out) and its load costs.
    changed_s, changed_m
        Changed pupils and volunteers (of ``enc``; added volunteers are changed).
    reenumerated_m
        Changed volunteers whose pairs were re-enumerated (not a capacity alone).
    banned
        Forbidden pupils (their pairs are removed), or None.
    """
    n_s, n_m0 = enc0.n_s, enc0.n_m
    if np.any(enc.s_weight != enc0.s_weight):
        return False
    # the load in force of every volunteer
    pair_flow = flow[:n_pair_arcs] > 0
    load = np.bincount(arcs_mi[pair_flow], minlength=n_m0)
    # held triples of the changed people must survive unchanged
    held = pair_flow & (changed_s[:n_s][arcs_si] | reenumerated_m[:n_m0][arcs_mi])
    if banned is not None and np.any(pair_flow & banned[arcs_si]):
        return False   # a forbidden pupil holds a pair: the flow in force is not feasible
    hs, hm = arcs_si[held], arcs_mi[held]
    if not _held_pairs_kept(enc, hs, hm, arcs_block[held], arcs_cost[held], extra):
        return False
    # volunteers: load arcs of the changed ones, potentials of the added ones
    pm = pi[mentor_node0: mentor_node0 + n_m0]
    big_tab = table
    for j in np.flatnonzero(changed_m):
        c = load_int[int(j)]
        if j >= n_m0:
            continue
        if not np.array_equal(c, load_int0[int(j)]):
            used = np.arange(len(c)) < load[j]
            rc = c - pm[j] + pi[sink]
            if np.any(rc[used] > 0) or np.any(rc[~used] < 0):
                return False
    if enc.n_m > n_m0:
        first = np.array([int(load_int[j][0]) if len(load_int[j]) else 0
                          for j in range(n_m0, enc.n_m)], dtype=np.int64)
        rows = np.repeat((pi[sink] + first)[:, None], enc.n_blocks, axis=1)
        big_tab = np.concatenate([table, rows])
    if not len(extra):
        return True
    rc = least_reduced_costs(enc, extra, big_tab, pi[:n_s])
    return bool(np.all(rc >= 0))
