"""The general re-solve of a what-if: repair, then price only what the change reached.

Step 3 of :mod:`mentormatch.whatif.resolve` (its module notes give the argument,
``docs/explain.md`` "How a fix is re-solved" step 5 the measurements). The
network of the candidate arcs is repaired by the exact primal-dual from the base
potentials mapped onto it (:func:`map_potentials`; a changed or added volunteer
starts lifted, :data:`LIFT_CHANGED`), then priced against the modified problem's
full feasible graph: only pupils whose potential rose and volunteers with a slot
whose potential fell, up to a common shift (:data:`MONOTONE_PRICING`), and from
the second round on against the last round (:data:`INCREMENTAL_PRICING`); the
violators join the network (appended when they open no new slot,
:data:`APPEND_ARCS`) until none remains, and :func:`mentormatch.verify.check_flow`
certifies the final network. With numba the repair's compiled residual is kept
across the rounds, the appended arcs' copies merged in, and the largest
potentials searched on it from what violates them (:data:`KEEP_RESIDUAL`).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.errors import InternalError
from mentormatch.flow import PrimalDualAbortedError
from mentormatch.flow.primal_dual import primal_dual
from mentormatch.flow.residual import CompiledResidual
from mentormatch.network import Network, SlotArcs, build_network, carry_flow
from mentormatch.solve.duals import pricing_potentials
from mentormatch.solve.loop import MAX_ROUNDS
from mentormatch.solve.pricing import price, slot_potentials
from mentormatch.solve.reduction import optimal_flow, warm_potentials
from mentormatch.verify import check_flow
from mentormatch.whatif.delta import Delta

if TYPE_CHECKING:
    from mentormatch.whatif.resolve import Engine

__all__ = ["APPEND_ARCS", "INCREMENTAL_PRICING", "KEEP_RESIDUAL", "LIFT_CHANGED",
           "MONOTONE_PRICING", "PRICE_COMPILED", "first_keys", "flow_of", "map_potentials",
           "rank_within", "restricted_loop"]

_log = logging.getLogger(__name__)

#: The general re-solve starts a changed volunteer's slots as dear as their arcs allow.
LIFT_CHANGED = True
#: The restricted pricing prices the pairs of risen pupils and fallen slots only.
MONOTONE_PRICING = True
#: The restricted pricing scans with the compiled kernel (numba) when installed.
PRICE_COMPILED = True
#: After its first round, the restricted pricing compares with the last round, not the base.
INCREMENTAL_PRICING = True
#: A later round appends its violators to the network when they open no new slot.
APPEND_ARCS = True
#: With numba: the compiled residual of the repair is kept across the rounds (the appended
#: arcs' copies merged in), the largest potentials searched on it from what violates only,
#: and a repair on a kept residual leaves its checks to the final certificate (``check_flow``).
KEEP_RESIDUAL = True


def flow_of(net: Network, enc: Encoded, arcs: SlotArcs,
            assigned: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Flow on ``net`` sending each pupil on its ``assigned`` pair arc (or unassigned)."""
    pair = assigned.astype(np.int64)
    slot = np.bincount(net.head[: net.n_pair_arcs] - net.n_s, weights=pair,
                       minlength=net.n_slots).astype(np.int64)
    load = np.bincount(arcs.mi[assigned], minlength=enc.n_m)
    counts = np.bincount(net.load_mentor, minlength=enc.n_m)
    first = np.cumsum(counts) - counts
    rank = np.arange(net.n_load_arcs) - first[net.load_mentor]
    load_flow = (rank < load[net.load_mentor]).astype(np.int64)
    matched = np.bincount(arcs.si[assigned], minlength=enc.n_s)
    if matched.max(initial=0) > 1 or np.any(load > enc.m_capacity):
        raise InternalError("a carried assignment is not feasible")
    return np.concatenate([pair, slot, load_flow, 1 - matched]).astype(np.int64)


def restricted_loop(base: Engine, enc: Encoded, delta: Delta, arcs: SlotArcs,
                    assigned: NDArray[np.bool_], big: int, start: NDArray[np.int64],
                    changed_s: NDArray[np.bool_], changed_m: NDArray[np.bool_],
                    load_int: list[NDArray[np.int64]],
                    slot_key: NDArray[np.int64] | None = None,
                    keys: NDArray[np.int64] | None = None
                     ) -> tuple[Network, NDArray[np.int64], SlotArcs, bool, int]:
    """Repair and price only what the change reached (module notes).

    ``keys``: the sorted keys of ``arcs`` when known (:func:`first_keys`).
    """
    net = build_network(enc, arcs, big, load_int)
    flow = flow_of(net, enc, arcs, assigned)
    pi = start
    bound = (map_potentials(base, enc, arcs, base.largest, slot_key=slot_key)
             if base.largest is not None else None)
    if keys is None:
        keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
    bpi = base.potentials
    base_pupil = bpi[: base.net.n_s]
    base_slot = slot_potentials(base.enc, base.net, bpi)
    # the last round's pupil and slot potentials (shifted) and the pupils it returned
    last: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]] | None = None
    # the repair's compiled residual, with the new arcs' copies merged in, and the
    # imbalance of the flow on it (KEEP_RESIDUAL)
    kept: tuple[CompiledResidual, NDArray[np.int64]] | None = None
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InternalError("the what-if re-solve did not converge")
        residual, level = kept if kept is not None else (None, None)
        kept = None
        try:
            out = primal_dual(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi,
                              directions="alternate", compiled=True, parallel=True,
                              keep=KEEP_RESIDUAL, residual=residual, imbalance=level,
                              check=residual is None)
            flow, certified = out.flow, out.potentials - out.potentials.min(initial=0)
        except (PrimalDualAbortedError, ArithmeticError, ValueError):
            flow, certified, out = optimal_flow(net), None, None
        # the largest certifying potentials below the base ones: equal to them wherever
        # the change did not reach, so the pricing below stays local (searched on the
        # kept residual from what violates them, when there is one)
        found = None
        if out is not None and out.residual is not None and bound is not None:
            found = out.residual.largest(out.potentials, np.minimum(bound, 0))
        pi, largest = pricing_potentials(net, flow, bound=bound, certified=certified,
                                         largest=found)
        # any common shift keeps every reduced cost: the one that leaves the most pupils
        # where they were (often not the sink's: a change may move the sink against all)
        if MONOTONE_PRICING and INCREMENTAL_PRICING and last is not None:
            # every triple outside the network had rc >= 0 at the last round's potentials
            # but those of the pupils the last pricing returned (a pupil with a violating
            # triple returns one at least): the monotone argument below, from the last
            # round instead of the base (whose changed people were all priced then)
            last_pupil, last_slot, last_viol = last
            rel = pi - _common_shift(pi[: enc.n_s], last_pupil)
            slot = slot_potentials(enc, net, rel)
            moved_s = last_viol | (rel[: enc.n_s] > last_pupil)
            moved_m = np.asarray((slot < last_slot).any(axis=1), dtype=bool)
        else:
            rel = pi - _common_shift(pi[: enc.n_s], base_pupil)
            slot = slot_potentials(enc, net, rel)
            moved_m = changed_m.copy()
            if MONOTONE_PRICING:
                # rc = cost - pi[pupil] + pi[slot]: a pupil that did not rise and a
                # volunteer none of whose slots fell leave every reduced cost at least
                # its base value
                moved_s = changed_s | (rel[: enc.n_s] > base_pupil)
                moved_m[: base.enc.n_m] |= (slot[: base.enc.n_m] < base_slot).any(axis=1)
            else:
                moved_s = changed_s | (rel[: enc.n_s] != base_pupil)
                moved_m[: base.enc.n_m] |= (slot[: base.enc.n_m] != base_slot).any(axis=1)
        sub = delta.rows_of(moved_s, moved_m)
        priced = price(enc, sub, net, pi, keys, compiled=PRICE_COMPILED)
        _log.debug("re-solve round %d: %d pupils, %d volunteers moved, %d pairs priced, "
                   "%d violating (min rc %d)", rounds, int(moved_s.sum()),
                   int(moved_m.sum()), len(sub), priced.n_violating_pairs,
                   priced.min_reduced_cost)
        if len(priced.violators.si) == 0:
            break
        viol = np.zeros(enc.n_s, dtype=bool)
        viol[priced.violators.si] = True
        last = (rel[: enc.n_s], slot, viol)
        arcs = arcs.joined(priced.violators)
        # the joined triples' sorted keys: a merge of two sorted runs, not a new sort
        keys = np.sort(np.concatenate(
            [keys, np.sort(priced.violators.keys(enc.n_m, enc.n_blocks))]), kind="stable")
        new = _appended(net, enc, priced.violators) if APPEND_ARCS else None
        appended = new is not None
        if new is None:
            new = build_network(enc, arcs, big, load_int)
        flow = carry_flow(new, net, flow)
        mapped = warm_potentials(new, (net, flow, pi))
        pi = mapped if mapped is not None else np.zeros(new.sink + 1, dtype=np.int64)
        bound = warm_potentials(new, (net, flow, largest))
        if appended and out is not None and out.residual is not None and mapped is not None:
            kept = _kept(out.residual, out.potentials, net, new, flow, pi)
        net = new
    cert = check_flow(net.tail, net.head, net.capacity, net.cost, net.supply, flow, pi)
    return net, flow, arcs, bool(cert.optimal), rounds


def first_keys(base: Engine, enc: Encoded, keep: NDArray[np.bool_], fresh: SlotArcs
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The sorted keys and the sorted distinct slots of ``base.arcs[keep]`` then ``fresh``.

    What ``np.sort`` of the first network's triple keys and ``np.unique`` of its
    slot keys give (the tests compare them), without sorting every arc: the
    base arcs' key order is computed once per engine (:meth:`Engine.arc_order`;
    a key orders ``(pupil, volunteer, block)`` the same for any number of
    volunteers), the kept ones are read in that order and the few fresh ones
    merged in; the base network's slots are sorted already
    (:func:`~mentormatch.network.build_network`), those some kept arc still
    uses are joined with the fresh ones' (0.16 s a re-solve at 30,000 pupils).
    """
    a, nb, n_m = base.arcs, enc.n_blocks, enc.n_m
    sel = base.arc_order()
    sel = sel[keep[sel]]
    kept = (a.si[sel].astype(np.int64) * n_m + a.mi[sel]) * nb + a.block[sel]
    keys = np.sort(np.concatenate([kept, np.sort(fresh.keys(n_m, nb))]), kind="stable")
    bn = base.net
    slots = bn.slot_mentor * nb + bn.slot_block
    fresh_slots = fresh.mi.astype(np.int64) * nb + fresh.block
    if len(slots) > 1 and not bool(np.all(slots[1:] > slots[:-1])):
        return keys, np.unique(np.concatenate([(a.mi[keep].astype(np.int64) * nb
                                                + a.block[keep]), fresh_slots]))
    used = np.bincount(bn.head[: bn.n_pair_arcs][keep] - bn.n_s, minlength=bn.n_slots) > 0
    return keys, np.union1d(slots[used], fresh_slots)


def _kept(residual: CompiledResidual, followed: NDArray[np.int64], net: Network, new: Network,
          flow: NDArray[np.int64], pi: NDArray[np.int64]
          ) -> tuple[CompiledResidual, NDArray[np.int64]] | None:
    """The repair's residual with the arcs ``new`` appended to ``net``, for the next repair.

    ``residual`` follows the last repair's flow at ``followed``; ``pi`` (the
    pricing potentials) certify that flow on ``net``, so of the arcs of ``new``
    only the appended ones can price negative: they are saturated here (``flow``
    is updated in place), their copies merged into the residual at ``pi``, and
    the imbalance they leave is returned with it — what the repair's saturation
    and imbalance passes over every arc would give (the same phases follow).
    ``None`` when the merge declines (the next repair builds its residual).
    """
    p, q = net.n_pair_arcs, new.n_pair_arcs - net.n_pair_arcs
    tail, head = new.tail[p: p + q], new.head[p: p + q]
    cap, cost = new.capacity[p: p + q], new.cost[p: p + q]
    rc = cost - pi[tail] + pi[head]
    sat = np.where(rc < 0, cap, 0)
    merged = residual.appended(p, tail, head, cap, cost, sat, pi, pi - followed)
    if merged is None:
        return None
    flow[p: p + q] = sat
    level = np.zeros(new.sink + 1, dtype=np.int64)
    np.add.at(level, tail, -sat)
    np.add.at(level, head, sat)
    return merged, level


def _appended(net: Network, enc: Encoded, extra: SlotArcs) -> Network | None:
    """``net`` with the pair arcs ``extra`` appended (None if one opens a new slot).

    The network :func:`mentormatch.network.build_network` builds from ``net``'s
    triples followed by ``extra`` (the tests compare both): when every slot of
    ``extra`` is already a node, no node is renumbered, and the new pair arcs
    simply follow the old ones, without a pass that sorts every arc.
    """
    slots = net.slot_mentor * enc.n_blocks + net.slot_block   # sorted (build_network)
    key = extra.mi.astype(np.int64) * enc.n_blocks + extra.block
    at = np.searchsorted(slots, key)
    if not len(key) or np.any(at >= len(slots)) or np.any(slots[np.minimum(
            at, len(slots) - 1)] != key):
        return None
    p = net.n_pair_arcs
    k = len(key)

    def put(old: NDArray[np.int64], mid: NDArray[np.int64]) -> NDArray[np.int64]:
        return np.concatenate([old[:p], mid.astype(np.int64), old[p:]])

    return replace(net, tail=put(net.tail, extra.si), head=put(net.head, net.n_s + at),
                   capacity=put(net.capacity, np.ones(k, dtype=np.int64)),
                   cost=put(net.cost, extra.cost), n_pair_arcs=p + k)


def _common_shift(now: NDArray[np.int64], before: NDArray[np.int64]) -> int:
    """The most frequent ``now - before`` (the smallest of the ties; 0 when empty)."""
    if not len(now):
        return 0
    values, counts = np.unique(now - before, return_counts=True)
    return int(values[int(np.argmax(counts))])


def rank_within(group: NDArray[np.int32]) -> NDArray[np.int64]:
    """Rank of each entry within its run of equal values (runs are contiguous)."""
    n = len(group)
    if not n:
        return np.zeros(0, dtype=np.int64)
    start = np.r_[True, group[1:] != group[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    return np.arange(n) - first


def map_potentials(base: Engine, enc: Encoded, arcs: SlotArcs,
                   values: NDArray[np.int64] | None = None,
                   changed_m: NDArray[np.bool_] | None = None,
                   slot_key: NDArray[np.int64] | None = None) -> NDArray[np.int64]:
    """The base potentials on the nodes of the network of ``arcs`` (the repair's start).

    Pupils keep their index and base volunteers too (added ones come after);
    a slot takes its base potential, or its volunteer's when it is new.
    """
    if slot_key is None:   # the sorted distinct slots of ``arcs`` (a caller may pass them)
        slot_key = np.unique(arcs.mi * enc.n_blocks + arcs.block)
    n_slots = len(slot_key)
    bn = base.net
    pi = base.potentials if values is None else values
    n_m0 = base.enc.n_m
    out = np.zeros(enc.n_s + n_slots + enc.n_m + 1, dtype=np.int64)
    out[: enc.n_s] = pi[: bn.n_s]
    m0 = enc.n_s + n_slots
    out[m0: m0 + n_m0] = pi[bn.mentor_node0: bn.mentor_node0 + n_m0]
    # an added volunteer: as cheap as the sink (largest potentials: 0, the most allowed)
    out[m0 + n_m0: m0 + enc.n_m] = pi[bn.sink] if values is None else 0
    out[-1] = pi[bn.sink]
    table = base.slot_table() if values is None else (
        base.largest_table() if values is base.largest else slot_potentials(base.enc, bn, pi))
    sm, sb = slot_key // enc.n_blocks, slot_key % enc.n_blocks
    old = sm < n_m0
    vals = out[m0 + sm]
    vals[old] = table[sm[old], sb[old]]
    lifted = np.zeros(enc.n_m, dtype=bool)
    if values is None:
        lifted[n_m0:] = True
        if changed_m is not None and LIFT_CHANGED:
            lifted[: n_m0] = changed_m[: n_m0]
    if lifted.any():
        # an added (or changed) volunteer's slots as dear as its arcs allow (each arc
        # dual feasible: pi[slot] >= pi[pupil] - cost), and the volunteer as dear as its
        # dearest slot; only its load arcs then violate, by at most its capacity in
        # units to route (with the base's slot values, each of the pupils a wider
        # radius reaches would saturate a pair arc: one unit each to route back)
        low = np.iinfo(np.int64).min
        new = np.flatnonzero(lifted[arcs.mi])
        at = np.searchsorted(slot_key, arcs.mi[new] * enc.n_blocks + arcs.block[new])
        dear = np.full(n_slots, low, dtype=np.int64)
        np.maximum.at(dear, at, out[arcs.si[new]] - arcs.cost[new])
        vals = np.where(lifted[sm] & (dear > low), dear, vals)
        top = np.full(enc.n_m, low, dtype=np.int64)
        np.maximum.at(top, sm, vals)
        ms = np.flatnonzero(lifted)
        out[m0 + ms] = np.where(top[ms] > low, top[ms], out[m0 + ms])
    out[enc.n_s: m0] = vals
    return out
