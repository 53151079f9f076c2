"""A volunteer's change that other pupils would use too: several cycles, in place.

A wider radius (or any change of a volunteer's pairs at the same load costs)
adds pairs ``q → (m, b)`` for many pupils, so the optimum of the modified
problem is not one cycle through the pupil the what-if is for
(:func:`mentormatch.whatif.local.best_cycle`). It is still **few cycles**: the
optimum in force, with its potentials ``pi``, is dual feasible for every arc
but the changed volunteer's new pairs, and each cycle of the difference between
the two optima uses one of them (at most as many as the volunteer's places).

:func:`volunteer_cycles` finds them with the optimum in force as its start and
the network's own arrays as the residual graph (read through each arc's flow
and capacity, updated in place by each cycle, never rebuilt):

1. the changed volunteer's pairs of the new graph with a negative reduced cost
   at some common session are the *pending* arcs (new slots get the
   volunteer's potential and their arc to it);
2. each pending arc ``(p, w)``, least reduced cost first, is closed by a
   Dijkstra from ``w`` stopped at ``p`` or at ``-rc``
   (:func:`mentormatch.whatif._cycle_core.pending_cycles`, compiled with
   numba): the settled nodes are raised, the cycle sent if it is negative, and
   the settled pupils lowered back to the arc carrying their unit. Every arc
   not pending stays dual feasible, so when none is left the flow and
   potentials certify the network;
3. only pupils above their potential in force can make a pair violate (slots
   and volunteers only rise): their pairs are priced against the full modified
   graph (pupil index); violators become pending and step 2 runs again;
4. finally every network arc touching a raised node or the flow's change, and
   every arc of the what-if, is checked explicitly (bounds, conservation,
   complementary slackness): with the pricing, the LP-duality certificate of
   the modified problem, built locally.

A search that settles too many nodes, a pricing with too many violators, a
failed check or too many rounds raise
:class:`~mentormatch.whatif.local.LocalCheckError` or :class:`OverflowError`;
:func:`mentormatch.whatif.resolve.resolve` then runs the general re-solve.

**Off by default** (:data:`ENABLED`): exact (the tests compare it with
``match()``, the general re-solve, and the compiled kernel with the pure-Python
one), but measured slower than the general re-solve on the radius fixes of
30,000 pupils: the optimum's potentials make tens of thousands of arcs tight
around the changed volunteer, so even a cycle of cost 3 raises a plateau of
50,000–480,000 nodes, 20,000–29,000 pupils, whose pairs then violate by the
hundred thousand (``docs/explain.md``, "Times").
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.whatif import _cycle_core
from mentormatch.whatif.local import (
    CycleResult,
    LocalCheckError,
    LocalGraph,
    _search_kernels,
    negative_blocks_of,
)

__all__ = ["MAX_SETTLED", "MAX_SETTLED_COMPILED", "volunteer_cycles"]

#: Nodes settled by one search, and by all searches of a what-if, in pure Python.
MAX_SETTLED = 20_000
MAX_TOTAL_SETTLED = 60_000
#: The same with the compiled kernel (about a microsecond a node).
MAX_SETTLED_COMPILED = 1_000_000
MAX_TOTAL_SETTLED_COMPILED = 6_000_000
#: Pricing rounds at most (each adds the violators found as pending arcs).
MAX_ROUNDS = 8
#: Violators added by one pricing at most (beyond: the general re-solve).
MAX_VIOLATORS = 20_000
#: Pupils raised above their potential in force at most before a pricing (beyond: the
#: general re-solve without pricing their pairs; measured: a raised plateau of 18,000-30,000
#: pupils never settled, and its pricing cost 2-8 s at 30,000 pupils, ``h17x``).
MAX_RAISED_PUPILS = 5_000
#: Whether :func:`mentormatch.whatif.resolve.resolve` tries this path (off: measured
#: slower than the general re-solve at 30,000 pupils, see ``docs/explain.md``).
ENABLED = False
#: Whether they start from the smallest certifying potentials
#: (:mod:`mentormatch.whatif.lowest`, ``h17x``) instead of the engine's.
LOWEST = True


class _Arcs:
    """The what-if's own arcs (pairs and new slots) and their nodes, grown by rounds."""

    def __init__(self, lg: LocalGraph, enc: Encoded, pi: NDArray[np.int64]) -> None:
        self.lg, self.enc = lg, enc
        self.tail: list[int] = []
        self.head: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []
        self.triple: list[tuple[int, int, int]] = []     # (pupil, volunteer, block); slots -1
        self.key_of: dict[tuple[int, int, int], int] = {}
        self.new_slot: dict[int, int] = {}                 # m * n_blocks + b -> node
        self.slot_of_new: dict[int, tuple[int, int]] = {}
        self.new_pi: list[int] = []
        self.pi = pi

    def slot_node(self, m: int, b: int) -> int:
        lg, nb = self.lg, self.enc.n_blocks
        key = m * nb + b
        pos = int(np.searchsorted(lg.slot_keys, key))
        if pos < len(lg.slot_keys) and lg.slot_keys[pos] == key:
            return lg.n_s + pos
        node = self.new_slot.get(key)
        if node is None:
            node = lg.sink + 1 + len(self.new_slot)
            self.new_slot[key] = node
            self.slot_of_new[node] = (m, b)
            self.new_pi.append(int(self.pi[lg.m0 + m]))
            # its arc to the volunteer: no flow, reduced cost 0 at the volunteer's potential
            self._add(node, lg.m0 + m, int(self.enc.m_group[m]), 0, (-1, m, b))
        return node

    def _add(self, t: int, h: int, cap: int, cost: int, triple: tuple[int, int, int]) -> int:
        self.tail.append(t)
        self.head.append(h)
        self.cap.append(cap)
        self.cost.append(cost)
        self.triple.append(triple)
        return len(self.tail) - 1

    def add_pair(self, q: int, m: int, b: int, cost: int) -> int | None:
        """The pair arc ``q → (m, b)`` (its index), or None when it is already there."""
        if (q, m, b) in self.key_of:
            return None
        w = self.slot_node(m, b)
        k = self._add(q, w, 1, cost, (q, m, b))
        self.key_of[(q, m, b)] = k
        return k


def _kernel() -> tuple[Any, bool]:
    k = _search_kernels()
    if k is not None and hasattr(k, "pending_cycles"):
        return k.pending_cycles, True
    return _cycle_core.pending_cycles, False


def volunteer_cycles(lg: LocalGraph, net: Any, flow: NDArray[np.int64], arcs: Any,
                     enc: Encoded, table: NDArray[np.int64], changed_m: NDArray[np.bool_],
                     banned: NDArray[np.bool_],
                     rows_of: Any, pupil_rows: Any) -> CycleResult:
    """The optimum after a change of the volunteers ``changed_m`` (module notes).

    Parameters
    ----------
    lg, net, flow, arcs, table
        The optimum in force: residual graph by node (its potentials ``lg.pi``),
        network, flow, candidate triples, slot potentials.
    enc
        The modified problem's arrays (the same people, the same load costs).
    changed_m
        Volunteers whose pairs were re-enumerated; their network pairs without
        flow are left out (their pairs of the new graph replace them), those with
        flow are kept (the caller checked they are unchanged).
    banned
        Forbidden pupils (their pairs are left out; none holds a pair).
    rows_of, pupil_rows
        ``rows_of(mentors)``, ``pupil_rows(pupils)``: the pairs of some volunteers,
        or of some pupils, in the modified graph (the forbidden pupils' left out).

    Raises
    ------
    LocalCheckError, OverflowError
        When the local certificate fails or the searches grow too large.
    """
    n_s, nb = enc.n_s, enc.n_blocks
    m0, sink = lg.m0, lg.sink
    n_pair = net.n_pair_arcs
    n_arcs = len(net.cost)
    un0 = n_arcs - n_s
    pair_flow = flow[:n_pair] > 0
    if np.any(pair_flow & banned[arcs.si]):
        raise LocalCheckError("a forbidden pupil holds a pair")
    skip = np.zeros(n_arcs, dtype=bool)
    skip[:n_pair] = (changed_m[arcs.mi] & ~pair_flow) | banned[arcs.si]
    held = {(int(s), int(m), int(b)) for s, m, b in zip(
        arcs.si[pair_flow & changed_m[arcs.mi]], arcs.mi[pair_flow & changed_m[arcs.mi]],
        arcs.block[pair_flow & changed_m[arcs.mi]], strict=True)}
    pi = lg.pi.copy()
    ext = _Arcs(lg, enc, pi)
    pending: list[int] = []

    def add_negative(rows: FeasiblePairs, tab: NDArray[np.int64]) -> int:
        row, blk, _ = negative_blocks_of(enc, rows, tab, pi[:n_s])
        if len(row) > MAX_VIOLATORS:
            raise OverflowError("the pricing found too many violators")
        fresh = 0
        for r, b in zip(row.tolist(), blk.tolist(), strict=True):
            q, m = int(rows.si[r]), int(rows.mi[r])
            if (q, m, b) in held or _in_network(lg, net, skip, q, m, b, nb):
                continue
            c = int(rows.cost[r]) + int(rows.session_cost[int(enc.s_primary[q]), b])
            k = ext.add_pair(q, m, b, c)
            if k is not None:
                pending.append(k)
                fresh += 1
        return fresh

    add_negative(rows_of(changed_m), table)
    kernel, compiled = _kernel()
    max_settled = MAX_SETTLED_COMPILED if compiled else MAX_SETTLED
    max_total = MAX_TOTAL_SETTLED_COMPILED if compiled else MAX_TOTAL_SETTLED
    flow_all = flow.copy()
    off_all = skip.copy()
    raised = np.zeros(sink + 1, dtype=bool)
    total = 0
    cycles = 0
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):  # noqa: B007 (reported)
        n_x = len(ext.tail)
        n_nodes = sink + 1 + len(ext.new_slot)
        # grow the arrays by the arcs added since the last round (flow 0; pending ones off)
        grown = n_arcs + n_x - len(flow_all)
        flow_all = np.concatenate([flow_all, np.zeros(grown, dtype=np.int64)])
        off_new = np.zeros(grown, dtype=bool)
        pend = np.array(pending, dtype=np.int64) + n_arcs
        off_all = np.concatenate([off_all, off_new])
        off_all[pend] = True
        pi_all = np.concatenate([pi, np.array(ext.new_pi[len(pi) - sink - 1:], dtype=np.int64)])
        pi = pi_all
        ext.pi = pi
        raised = np.concatenate([raised, np.zeros(n_nodes - len(raised), dtype=bool)])
        tail = np.concatenate([net.tail, np.array(ext.tail, dtype=np.int64)])
        head = np.concatenate([net.head, np.array(ext.head, dtype=np.int64)])
        cap = np.concatenate([net.capacity, np.array(ext.cap, dtype=np.int64)])
        cost = np.concatenate([net.cost, np.array(ext.cost, dtype=np.int64)])
        ends = np.concatenate([tail[n_arcs:], head[n_arcs:]])
        order = np.argsort(ends, kind="stable")
        xarc = (order % max(n_x, 1) + n_arcs).astype(np.int64)
        xptr = np.r_[0, np.cumsum(np.bincount(ends, minlength=n_nodes))].astype(np.int64)
        dist = np.full(n_nodes, _cycle_core.INF, dtype=np.int64)
        pred = np.empty(n_nodes, dtype=np.int64)
        settled = np.empty(min(n_nodes, max_settled + 2), dtype=np.int64)
        heap = len(lg.inc_arc) + len(xarc) + 2
        out = np.zeros(3, dtype=np.int64)
        trace = np.zeros((0, 5), dtype=np.int64)
        status = kernel(n_s, lg.inc_ptr, lg.inc_arc, xptr, xarc, tail, head, cap, cost, flow_all,
                        off_all, pend, pi, raised, max_settled, max_total - total, dist, pred,
                        settled, np.empty(heap, dtype=np.int64), np.empty(heap, dtype=np.int64),
                        out, trace)
        total += int(out[1])
        cycles += int(out[0])
        if status == -1:
            raise OverflowError("the in-place searches grew too large")
        if status != 0:
            raise LocalCheckError("an arc of the residual graph is not dual feasible")
        pending = []
        # pricing: the pairs out of the raised pupils, at the slot potentials now
        pupils = pi[:n_s] > lg.pi[:n_s]
        if not pupils.any():
            break
        if int(pupils.sum()) > MAX_RAISED_PUPILS:
            raise OverflowError("the cycles raised too many pupils")
        tab = table.copy()
        ms = np.flatnonzero(raised[m0: m0 + enc.n_m])
        if ms.size:   # a raised volunteer: its slots not in the network follow it
            tab[ms, :] = pi[m0 + ms][:, None]
            own = np.flatnonzero(np.isin(net.slot_mentor, ms))
            tab[net.slot_mentor[own], net.slot_block[own]] = pi[n_s + own]
        low = np.flatnonzero(raised[n_s: m0])
        tab[net.slot_mentor[low], net.slot_block[low]] = pi[n_s + low]
        for key, node in ext.new_slot.items():
            tab[key // nb, key % nb] = pi[node]
        fresh = add_negative(pupil_rows(pupils), tab)
        if not fresh:
            break
    else:
        raise LocalCheckError("the in-place cycles did not settle")
    _check(net, lg, flow, flow_all, off_all, skip, tail, head, cap, cost, pi, raised, n_arcs)
    # the change of the flow: pupils who move, and the objective
    changed = np.flatnonzero(flow_all[:n_arcs] != flow)
    moved_pairs: dict[int, tuple[int, int] | None] = {}
    for a in changed.tolist():
        if a < n_pair and flow_all[a] > 0:
            moved_pairs[int(arcs.si[a])] = (int(arcs.mi[a]), int(arcs.block[a]))
        elif a >= un0 and flow_all[a] > 0:
            moved_pairs[a - un0] = None
    for k in np.flatnonzero(flow_all[n_arcs:] > 0).tolist():
        q, m, b = ext.triple[k]
        if q >= 0:
            moved_pairs[q] = (m, b)
    delta = int(cost[:n_arcs][changed] @ (flow_all[:n_arcs][changed] - flow[changed]))
    delta += int(cost[n_arcs:] @ flow_all[n_arcs:])
    return CycleResult(moved_pairs, delta, total, rounds)


def _in_network(lg: LocalGraph, net: Any, skip: NDArray[np.bool_], q: int, m: int,
                b: int, nb: int) -> bool:
    """Whether the pair ``q → (m, b)`` is an arc of the modified network already."""
    key = m * nb + b
    pos = int(np.searchsorted(lg.slot_keys, key))
    if pos >= len(lg.slot_keys) or lg.slot_keys[pos] != key:
        return False
    lo, hi = int(lg.inc_ptr[q]), int(lg.inc_ptr[q + 1])
    mine = lg.inc_arc[lo:hi]
    mine = mine[mine < net.n_pair_arcs]
    return bool(np.any((net.head[mine] == lg.n_s + pos) & ~skip[mine]))


def _check(net: Any, lg: LocalGraph, flow0: NDArray[np.int64], flow: NDArray[np.int64],
           off: NDArray[np.bool_], skip: NDArray[np.bool_], tail: NDArray[np.int64],
           head: NDArray[np.int64], cap: NDArray[np.int64], cost: NDArray[np.int64],
           pi: NDArray[np.int64], raised: NDArray[np.bool_], n_arcs: int) -> None:
    """Bounds, conservation and complementary slackness near the change (module notes)."""
    changed = np.flatnonzero(flow[:n_arcs] != flow0)
    if np.any(off[n_arcs:]) or np.any(flow[:n_arcs][skip] != 0):
        raise LocalCheckError("an arc left out carries flow, or an arc is still pending")
    touched = np.zeros(len(pi), dtype=bool)
    touched |= raised
    touched[tail[changed]] = True
    touched[head[changed]] = True
    nodes = np.flatnonzero(touched[: lg.sink + 1])
    starts = lg.inc_ptr[nodes]
    counts = lg.inc_ptr[nodes + 1] - starts
    owner = np.repeat(np.arange(len(nodes)), counts)
    at = starts[owner] + (np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[owner])
    ids = np.unique(lg.inc_arc[at])
    ids = ids[~skip[ids]]
    ids = np.concatenate([ids, np.arange(n_arcs, len(flow))])
    f, c = flow[ids], cap[ids]
    rc = cost[ids] - pi[tail[ids]] + pi[head[ids]]
    ok = (f >= 0) & (f <= c) & ((f == c) | (rc >= 0)) & ((f == 0) | (rc <= 0))
    if not np.all(ok):
        raise LocalCheckError("an arc near the change breaks complementary slackness")
    moved = np.concatenate([changed, np.flatnonzero(flow[n_arcs:]) + n_arcs])
    dflow = flow[moved] - np.concatenate([flow0[changed], np.zeros(len(moved) - len(changed),
                                                                   dtype=np.int64)])
    net_out = np.zeros(len(pi), dtype=np.int64)
    np.add.at(net_out, tail[moved], dflow)
    np.subtract.at(net_out, head[moved], dflow)
    if np.any(net_out != 0):
        raise LocalCheckError("the cycles do not conserve the flow")
