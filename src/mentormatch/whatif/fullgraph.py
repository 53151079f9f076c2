"""A volunteer-side what-if re-solved on the **full** graph in one pass (no pricing rounds).

A volunteer ``j`` whose pairs change (a wider radius, more windows) at the same
load costs. The general re-solve (:mod:`mentormatch.whatif.restricted`)
repairs the *network* and then prices the full graph, in rounds, because
after each repair arcs the network lacked may violate. Here the repair runs
on the full graph itself, so nothing is left to find afterwards:

1. **Start.** The flow in force without ``j``'s pairs (their pupils are left
   in excess, one unit each); ``j`` is lifted to its dearest pair
   (``pi[j] = max(pi[p] - cost - session)`` over its new pairs, every free slot
   of ``j`` at ``pi[j]``), so every pair arc of ``j`` is dual feasible; its
   load arcs with a negative reduced cost are saturated (``j`` in deficit by
   as many units, the sink in excess or deficit by the difference). Every other
   arc keeps the potentials in force, which certify the whole base graph.
2. **Successive shortest paths** (``whatif/_fullgraph_kernels.route``,
   compiled): a Dijkstra *backwards* from the deficits on the implicit full
   residual graph — settling a volunteer or a held slot relaxes its **whole
   column** of pairs of the feasible graph (each pupil at its cheapest free
   common session), a pupil its held pair's reverse arc or its unassigned
   arc's, the sink every load and unassigned arc — stopped when it settles a
   node in excess at ``T``; ``pi' = pi - (T - d)`` on the settled nodes, one
   unit along the path. Reduced costs stay non-negative on every residual arc
   of the full graph (the standard argument: the search relaxed every arc into
   a settled node), so no pricing round follows. 1–6 units at 30,000 pupils.
3. **Certificate** (independent of the search, exact): the final flow and
   potentials on the compact network of the held pairs, held slots, load and
   unassigned arcs go through :func:`mentormatch.verify.check_flow`; every
   other pair arc of the modified full graph that could violate — the pairs
   of pupils whose potential rose, of volunteers one of whose slots fell
   (against the potentials in force, which certify every other pair) and all
   of ``j``'s — is priced at every common session (compiled scan). Any
   failure returns None: the general re-solve runs instead.

Without numba (the ``fast`` extra) the path is skipped (None).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._extras import CompiledKernels, available
from mentormatch.candidates.encode import Encoded
from mentormatch.network import mentor_load_costs
from mentormatch.solve.pricing import mentor_blocks
from mentormatch.verify import check_flow
from mentormatch.whatif.delta import Delta

if TYPE_CHECKING:
    from mentormatch.whatif.resolve import Engine

__all__ = ["FullGraph", "FullResult", "full_graph", "full_graph_available", "route_volunteer"]

#: Give up (general re-solve) past this many settled nodes in one search ...
MAX_SETTLED = 2_000_000
#: ... or this many column entries scanned over all the searches of a what-if.
MAX_SCANNED = 200_000_000


@dataclass(frozen=True)
class FullGraph:
    """The optimum in force as the arrays of the full-graph search (once per engine)."""

    col_ptr: NDArray[np.int64]
    col_p: NDArray[np.int32]
    col_c: NDArray[Any]
    slot_index: NDArray[np.int32]
    slot_ptr: NDArray[np.int64]
    slot_p: NDArray[np.int32]
    slot_c: NDArray[Any]
    order: NDArray[np.int64]
    n_free: NDArray[np.int64]
    held_m: NDArray[np.int64]
    held_b: NDArray[np.int64]
    held_c: NDArray[np.int64]
    unassigned: NDArray[np.int8]
    slot_flow: NDArray[np.int32]
    load: NDArray[np.int64]
    load_ptr: NDArray[np.int64]
    load_c: NDArray[np.int64]
    pi: NDArray[np.int64]
    pi_slot: NDArray[np.int64]
    table: NDArray[np.int64]


@dataclass(frozen=True)
class FullResult:
    """The outcome of :func:`route_volunteer`: the certified optimum's state."""

    held_m: NDArray[np.int64]
    held_b: NDArray[np.int64]
    moved: NDArray[np.bool_]
    soft_cost: int
    matched_weight: int
    units: int
    settled: int
    scanned: int


def _block_order(enc: Encoded, sc: NDArray[np.int64], rows: NDArray[np.int64] | None = None
                 ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each volunteer's free blocks sorted by session cost of each group, and how many."""
    free = mentor_blocks(enc)
    if rows is not None:
        free = free[rows]
    n_free = free.sum(axis=1).astype(np.int64)
    width = max(int(n_free.max(initial=0)), 1)
    order = np.zeros((2, len(free), width), dtype=np.int64)
    fm, fb = np.nonzero(free)
    first = np.cumsum(n_free) - n_free
    for g in range(2):
        key = np.lexsort((fb, sc[g, fb], fm))   # by volunteer, then cost, then block
        rank = np.arange(fm.size) - first[fm[key]]
        order[g, fm[key], rank] = fb[key]
    return order, n_free


def full_graph(base: Engine) -> FullGraph:
    """The arrays of the full-graph search for ``base`` (section notes; built once)."""
    enc, fp, net, flow = base.enc, base.fp, base.net, base.flow
    index = base.pair_index()
    k = _kernels()
    col_ptr = index.m_ptr.astype(np.int64)
    if k is not None:   # a counting sort: sequential reads instead of a gather
        col_p = np.empty(len(fp), dtype=np.int32)
        col_c = np.empty(len(fp), dtype=fp.cost.dtype)
        k.columns(fp.si, fp.mi, fp.cost, col_ptr, col_p, col_c)
    else:
        col_p = fp.si[index.m_order].astype(np.int32)
        col_c = fp.cost[index.m_order]
    order, n_free = _block_order(enc, np.asarray(fp.session_cost, dtype=np.int64))
    nb = enc.n_blocks
    a = base.arcs
    on = np.flatnonzero(flow[: net.n_pair_arcs] > 0)
    held_m = np.full(enc.n_s, -1, dtype=np.int64)
    held_b = np.full(enc.n_s, -1, dtype=np.int64)
    held_c = np.zeros(enc.n_s, dtype=np.int64)
    held_m[a.si[on]] = a.mi[on]
    held_b[a.si[on]] = a.block[on]
    held_c[a.si[on]] = net.cost[on]
    unassigned = flow[len(flow) - enc.n_s:].astype(np.int8)
    slot_flow = np.bincount(a.mi[on] * nb + a.block[on], minlength=enc.n_m * nb
                            ).astype(np.int32)
    load = np.bincount(a.mi[on], minlength=enc.n_m).astype(np.int64)
    load_int = base.load_int if base.load_int is not None else mentor_load_costs(enc)
    sizes = np.array([len(x) for x in load_int], dtype=np.int64)
    load_ptr = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    load_c = (np.concatenate([np.asarray(x, dtype=np.int64) for x in load_int])
              if len(load_int) else np.zeros(0, dtype=np.int64))
    pot = base.potentials
    pi = np.r_[pot[: enc.n_s], pot[net.mentor_node0: net.mentor_node0 + enc.n_m],
               pot[net.sink: net.sink + 1]].astype(np.int64)
    table = base.slot_table()
    # a slot nobody holds takes its volunteer's potential (the largest dual feasible one)
    pi_slot = np.where(slot_flow.reshape(enc.n_m, nb) > 0, table,
                       pi[enc.n_s: enc.n_s + enc.n_m, None]).ravel().astype(np.int64)
    # the held slots' pupils free at their block (a held slot's search reads only those)
    keys = np.flatnonzero(slot_flow).astype(np.int64)
    slot_index = np.full(enc.n_m * nb, -1, dtype=np.int32)
    slot_index[keys] = np.arange(len(keys), dtype=np.int32)
    s_avail = np.ascontiguousarray(enc.s_avail)
    slot_ptr = np.zeros(len(keys) + 1, dtype=np.int64)
    slot_p = np.zeros(0, dtype=np.int32)
    slot_c = np.zeros(0, dtype=col_c.dtype)
    if k is not None:
        k.slot_lists(col_ptr, col_p, col_c, s_avail, keys, nb, slot_ptr, slot_p, slot_c)
        slot_p = np.empty(int(slot_ptr[-1]), dtype=np.int32)
        slot_c = np.empty(int(slot_ptr[-1]), dtype=col_c.dtype)
        k.slot_lists(col_ptr, col_p, col_c, s_avail, keys, nb, slot_ptr, slot_p, slot_c)
    else:
        slot_index[:] = -1
    return FullGraph(col_ptr, col_p, col_c, slot_index, slot_ptr, slot_p, slot_c, order, n_free,
                     held_m,
                     held_b, held_c, unassigned, slot_flow, load, load_ptr, load_c, pi, pi_slot,
                     np.asarray(table, dtype=np.int64))


def full_graph_available() -> bool:
    """Whether the full-graph path can run (numba, the ``fast`` extra)."""
    return available("numba")


def _kernels() -> Any:
    if not available("numba"):
        return None
    return _KERNELS.get()


def _warm(k: Any) -> None:
    z = np.zeros(1, dtype=np.int64)
    for c in (np.int16, np.int32):
        _warm_route(k, c)
        for i in (np.int32, np.int64):
            k.columns(z.astype(i), z.astype(i), z.astype(c), np.array([0, 1], dtype=np.int64),
                      z.astype(np.int32), z.astype(c))
    k.slot_lists(np.zeros(2, dtype=np.int64), z.astype(np.int32), z.astype(np.int16),
                 np.zeros((1, 1), dtype=np.uint64), z.copy(), 1, np.zeros(2, dtype=np.int64),
                 z.astype(np.int32), z.astype(np.int16))
    k.slot_lists(np.zeros(2, dtype=np.int64), z.astype(np.int32), z.astype(np.int32),
                 np.zeros((1, 1), dtype=np.uint64), z.copy(), 1, np.zeros(2, dtype=np.int64),
                 z.astype(np.int32), z.astype(np.int32))


def _warm_route(k: Any, c: Any) -> None:
    z = np.zeros(1, dtype=np.int64)
    e = np.zeros(0, dtype=np.int64)
    k.route(1, 1, 1, np.zeros(2, dtype=np.int64), e.astype(np.int32), e.astype(c),
            np.full(1, -1, dtype=np.int32), np.zeros(1, dtype=np.int64), e.astype(np.int32),
            e.astype(c), 0, e.astype(np.int32), e.astype(c), np.zeros(1, dtype=bool),
            np.zeros((1, 1), dtype=np.uint64),
            z.copy(), np.zeros((2, 1), dtype=np.int64), np.zeros((2, 1, 1), dtype=np.int64),
            z.copy(), np.full(1, -1, dtype=np.int64), np.full(1, -1, dtype=np.int64), z.copy(),
            np.ones(1, dtype=np.int8), np.ones(1, dtype=np.int64), np.zeros(1, dtype=np.int32),
            np.ones(1, dtype=np.int64), z.copy(), np.array([0, 1], dtype=np.int64), z.copy(),
            np.zeros(3, dtype=np.int64), np.zeros(1, dtype=np.int64),
            np.zeros(4, dtype=np.int64), 10, 10, np.zeros(10, dtype=np.int64),
            np.zeros(1, dtype=bool), np.zeros(99, dtype=np.int64))


_KERNELS = CompiledKernels("mentormatch.whatif._fullgraph_kernels", _warm,
                           "what-if full-graph kernel")


def route_volunteer(base: Engine, enc: Encoded, delta: Delta, j: int,
                    load_int: list[NDArray[np.int64]], banned: NDArray[np.bool_],
                    stats: dict[str, Any] | None = None) -> FullResult | None:
    """Re-solve a change of volunteer ``j``'s pairs on the full graph (module notes).

    Parameters
    ----------
    base : Engine
        The optimum in force.
    enc, delta, load_int
        The modified problem's arrays, graph and load costs (:func:`resolve`'s).
    j : int
        The changed volunteer.
    banned : numpy.ndarray of bool
        Forbidden pupils (unmatched in force; their pairs are left out).
    stats : dict, optional
        Receives the search's figures (units, searches, nodes settled, column
        entries read, per search ``[settled, T, node reached]``, seconds).

    Returns
    -------
    FullResult or None
        None when the path does not apply or its certificate fails (the caller
        then runs the general re-solve).
    """
    k = _kernels()
    if k is None or not base.solution.optimal:
        return None
    fg = base.full_graph()
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    if n_m != base.enc.n_m or not np.array_equal(np.asarray(load_int[j]),
                                                 fg.load_c[fg.load_ptr[j]: fg.load_ptr[j + 1]]):
        return None
    x = delta.extra
    if len(x) and np.any(x.mi != j):
        return None
    if delta.drop is not None:
        gone = np.flatnonzero(delta.drop)
        if np.any((delta.base.mi[gone] != j) & ~banned[delta.base.si[gone]]):
            return None
    if np.any(banned & (fg.held_m >= 0)):
        return None   # a forbidden pupil holds a pair: not this path's case
    mask = np.zeros(n_m, dtype=bool)
    mask[j] = True
    col = delta.rows_of(np.zeros(n_s, dtype=bool), mask)
    keep = ~banned[col.si]
    xcol_p = col.si[keep].astype(np.int32)
    xcol_c = col.cost[keep].astype(fg.col_c.dtype)
    sc = np.asarray(delta.base.session_cost, dtype=np.int64)
    order_j, free_j = _block_order(enc, sc, np.array([j]))
    order, n_free = fg.order, fg.n_free
    if order_j.shape[2] > order.shape[2] or not np.array_equal(order_j[:, 0, : free_j[0]],
                                                              order[:, j, : n_free[j]]):
        width = max(order.shape[2], order_j.shape[2])
        order = np.pad(order, ((0, 0), (0, 0), (0, width - order.shape[2])))
        order[:, j, :] = 0
        order[:, j, : order_j.shape[2]] = order_j[:, 0]
        n_free = n_free.copy()
        n_free[j] = free_j[0]
    held_m, held_b, held_c = fg.held_m.copy(), fg.held_b.copy(), fg.held_c.copy()
    unassigned, slot_flow, load = fg.unassigned.copy(), fg.slot_flow.copy(), fg.load.copy()
    pi, pi_slot = fg.pi.copy(), fg.pi_slot.copy()
    sink = n_s + n_m
    excess = np.zeros(sink + 1, dtype=np.int64)   # pupils, volunteers and the sink
    # 1. the flow in force without j's pairs: their pupils in excess
    holders = np.flatnonzero(held_m == j)
    np.subtract.at(slot_flow, j * nb + held_b[holders], 1)
    held_m[holders] = -1
    held_b[holders] = -1
    held_c[holders] = 0
    excess[holders] += 1
    lost = int(load[j])
    load[j] = 0
    # j lifted to its dearest pair (every free slot of j at pi[j])
    if len(xcol_p):
        common = np.ascontiguousarray(enc.s_avail[xcol_p] & enc.m_avail[j][None, :])
        bits = np.unpackbits(common.view(np.uint8), axis=1, bitorder="little")[:, :nb]
        g = enc.s_primary[xcol_p].astype(np.int64)
        cost_b = np.where(bits.astype(bool), sc[g], np.iinfo(np.int64).max // 4)
        least = cost_b.min(axis=1)
        ok = least < np.iinfo(np.int64).max // 4
        if ok.any():
            top = int((pi[xcol_p[ok]] - xcol_c[ok] - least[ok]).max())
            pi[n_s + j] = max(int(pi[n_s + j]), top)
    pi_slot[j * nb: (j + 1) * nb] = pi[n_s + j]
    rc_load = np.asarray(load_int[j], dtype=np.int64) - pi[n_s + j] + pi[sink]
    units = int((rc_load < 0).sum())
    load[j] = units
    excess[n_s + j] -= units
    excess[sink] += units - lost
    s_avail = np.ascontiguousarray(enc.s_avail)
    group = np.asarray(enc.m_group, dtype=np.int64)
    w_big = enc.s_weight.astype(np.int64) * base.big
    out = np.zeros(10, dtype=np.int64)
    log = np.zeros(3 * 33, dtype=np.int64)
    moved = np.zeros(n_s, dtype=bool)
    moved[holders] = True
    t_route = time.perf_counter()
    status = k.route(n_s, n_m, nb, fg.col_ptr, fg.col_p, fg.col_c, fg.slot_index, fg.slot_ptr,
                     fg.slot_p, fg.slot_c, j, xcol_p, xcol_c,
                     banned, s_avail, enc.s_primary.astype(np.int64), sc, order, n_free,
                     held_m, held_b, held_c, unassigned, w_big, slot_flow, group, load,
                     fg.load_ptr, fg.load_c,
                     pi, pi_slot, excess, MAX_SETTLED, MAX_SCANNED, out, moved, log)
    if stats is not None:
        stats.update(status=int(status), units=int(out[0]), searches=int(out[1]),
                     settled=int(out[2]), scanned=int(out[3]), t_max=int(out[4]),
                     holders=len(holders), lift_units=units, settled_m=int(out[5]),
                     settled_slots=int(out[6]), settled_s=int(out[7]),
                     scanned_slots=int(out[8]), pushes=int(out[9]),
                     route_s=time.perf_counter() - t_route,
                     log=log[3: 3 * (1 + min(int(out[1]), 31))].reshape(-1, 3).tolist())
    if status != 0:
        return None
    if not _certified(base, fg, enc, delta, j, banned, held_m, held_b, held_c, unassigned,
                      slot_flow, load, pi, pi_slot, w_big, load_int, moved, stats):
        return None
    matched = held_m >= 0
    load_cost = sum(int(np.asarray(load_int[m], dtype=np.int64)[: int(load[m])].sum())
                    for m in np.flatnonzero(load).tolist())
    soft = int(held_c[matched].sum()) + load_cost
    return FullResult(held_m, held_b, moved, soft, int(enc.s_weight[matched].sum()),
                      int(out[0]), int(out[2]), int(out[3]))


def _certified(base: Engine, fg: FullGraph, enc: Encoded, delta: Delta, j: int,
               banned: NDArray[np.bool_], held_m: NDArray[np.int64], held_b: NDArray[np.int64],
               held_c: NDArray[np.int64], unassigned: NDArray[np.int8],
               slot_flow: NDArray[np.int32], load: NDArray[np.int64], pi: NDArray[np.int64],
               pi_slot: NDArray[np.int64], w_big: NDArray[np.int64],
               load_int: list[NDArray[np.int64]], moved: NDArray[np.bool_],
               stats: dict[str, Any] | None) -> bool:
    """The LP-duality certificate of the final state on the modified full graph (notes)."""
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    sink = n_s + n_m
    matched = np.flatnonzero(held_m >= 0)
    if np.any(banned[matched]) or np.any(unassigned[matched] != 0) or np.any(
            unassigned[held_m < 0] != 1):
        return False
    # the held pairs exist in the modified graph at the cost and session held (the
    # pairs of pupils that did not move are the base's, none of them j's nor dropped)
    hm, hb = held_m[matched], held_b[matched]
    sc = np.asarray(delta.base.session_cost, dtype=np.int64)
    new = matched[moved[matched]]
    g = enc.s_primary[new].astype(np.int64)
    if np.any(held_m[matched[~moved[matched]]] == j) or not _pairs_exist(
            delta, n_s, n_m, new, held_m[new], held_c[new] - sc[g, held_b[new]]):
        return False
    free = ((enc.s_avail[matched, hb >> 6] & enc.m_avail[hm, hb >> 6])
            >> (hb & 63).astype(np.uint64)) & np.uint64(1)
    if np.any(free == 0):
        return False
    # the compact network: held pair arcs, held slots' arcs, load arcs, unassigned arcs
    keys, slot_of = np.unique(hm * nb + hb, return_inverse=True)
    n_slot = len(keys)
    node_m0 = n_s + n_slot
    node_t = node_m0 + n_m
    sizes = np.diff(fg.load_ptr)
    lm = np.repeat(np.arange(n_m), sizes)
    rank = np.arange(len(lm)) - np.repeat(fg.load_ptr[:-1], sizes)
    tail = np.concatenate([matched, n_s + np.arange(n_slot), node_m0 + lm, np.arange(n_s)])
    head = np.concatenate([n_s + slot_of, node_m0 + keys // nb, np.full(len(lm), node_t),
                           np.full(n_s, node_t)])
    capacity = np.concatenate([np.ones(len(matched), dtype=np.int64),
                               np.asarray(enc.m_group, dtype=np.int64)[keys // nb],
                               np.ones(len(lm), dtype=np.int64), np.ones(n_s, dtype=np.int64)])
    cost = np.concatenate([held_c[matched], np.zeros(n_slot, dtype=np.int64), fg.load_c,
                           w_big])
    flow = np.concatenate([np.ones(len(matched), dtype=np.int64),
                           slot_flow[keys].astype(np.int64),
                           (rank < load[lm]).astype(np.int64), unassigned.astype(np.int64)])
    supply = np.zeros(node_t + 1, dtype=np.int64)
    supply[:n_s] = 1
    supply[node_t] = -n_s
    pot = np.concatenate([pi[:n_s], pi_slot[keys], pi[n_s: n_s + n_m], pi[sink: sink + 1]])
    cert = check_flow(tail.astype(np.int64), head.astype(np.int64), capacity, cost, supply,
                      flow, pot)
    if not cert.optimal:
        return False
    # every other pair arc: those that could violate against the potentials in force
    table = np.repeat(pi[n_s: n_s + n_m, None], nb, axis=1)
    table.ravel()[keys] = pi_slot[keys]
    base_pi = fg.pi
    rose = pi[:n_s] > base_pi[:n_s]
    fell = np.any(table < fg.table, axis=1)
    fell[j] = True
    rows = delta.rows_of(rose, fell)
    keep = ~banned[rows.si]
    return _no_violator(enc, rows.si[keep], rows.mi[keep], rows.cost[keep], sc, table, pi,
                        held_m, held_b, stats)


def _pairs_exist(delta: Delta, n_s: int, n_m: int, si: NDArray[np.int64], mi: NDArray[np.int64],
                 cost: NDArray[np.int64]) -> bool:
    """Every ``(si[k], mi[k])`` is a pair of the modified graph at ``cost[k]``."""
    if not len(si):
        return True
    mask = np.zeros(n_s, dtype=bool)
    mask[si] = True
    rows = delta.rows_of(mask, np.zeros(n_m, dtype=bool))
    width = int(max(int(rows.mi.max(initial=0)), int(mi.max(initial=0)))) + 1
    key = rows.si.astype(np.int64) * width + rows.mi
    want = si.astype(np.int64) * width + mi
    order = np.argsort(key, kind="stable")
    if not len(order):
        return False
    hit = order[np.minimum(np.searchsorted(key[order], want), len(order) - 1)]
    return bool(np.all(key[hit] == want) and np.all(rows.cost[hit].astype(np.int64) == cost))


def _no_violator(enc: Encoded, si: NDArray[Any], mi: NDArray[Any], cost: NDArray[Any],
                 sc: NDArray[np.int64], table: NDArray[np.int64], pi: NDArray[np.int64],
                 held_m: NDArray[np.int64], held_b: NDArray[np.int64],
                 stats: dict[str, Any] | None) -> bool:
    """No pair arc but the held ones has a negative reduced cost at any common session."""
    from mentormatch.whatif.local import _search_kernels
    k = _search_kernels()
    if k is None:
        return False
    n = len(si)
    cap = 1024
    while True:
        row = np.empty(cap, dtype=np.int64)
        blk = np.empty(cap, dtype=np.int64)
        rc = np.empty(cap, dtype=np.int64)
        count = k.negative_blocks(si, mi, cost, np.ascontiguousarray(enc.s_avail),
                                  np.ascontiguousarray(enc.m_avail),
                                  enc.s_primary.astype(np.int64), sc, table,
                                  pi[: enc.n_s], enc.n_blocks, row, blk, rc)
        if count <= cap:
            break
        cap = count
    if stats is not None:
        stats["priced"] = n
    row, blk = row[:count], blk[:count]
    p = si[row].astype(np.int64)
    held = (held_m[p] == mi[row]) & (held_b[p] == blk)
    return bool(np.all(held))
