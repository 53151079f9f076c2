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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mentormatch._extras import CompiledKernels, available
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs

__all__ = ["CycleResult", "LocalCheckError", "LocalGraph", "best_blocks_of", "best_cycle",
           "capacity_cycle", "certifies", "least_reduced_costs"]

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


# ---------------------------------------------------------------------------
# One pupil's cycle: the exact re-solve when the rest is certified as is
# ---------------------------------------------------------------------------
#
# When the modified problem *without the pupil s* is certified by the optimum
# in force (:func:`certifies` with ``s`` forbidden), the modified problem is
# that one plus the pairs of ``s``, a node of supply 1 sent on its unassigned
# arc. Every solution differs from the flow in force by circulations; all but
# the one through ``s`` use only arcs the potentials certify, so they cannot
# lower the cost: an optimum is the flow in force plus the cheapest cycle
# through ``s``: ``s`` → one of its pairs → ... → sink → back to ``s`` on its
# unassigned arc (if that cycle is negative). Its cost is a shortest path from
# ``s`` to the sink in the residual graph, where every arc has a non-negative
# reduced cost except the first (a pair of ``s``): Dijkstra, stopped as soon as
# the labels reach ``T = min(d(sink), rc(unassigned of s))`` (``<= 0``), so it
# only visits the nodes the change reaches. The potentials
# ``pi'(v) = pi(v) - min(d(v), T)`` (``pi'(s) = pi(s)``) then certify the new
# flow on the network; only the nodes with ``d(v) < T`` moved, so only the
# pairs of the pupils among them (and of ``s``) can violate in the full
# feasible graph: they are priced, violators join the search graph and the
# search restarts (from the optimum in force, whose potentials are feasible
# for them). Finally every network arc touching a moved node is checked
# explicitly (bounds and complementary slackness): together with the pricing,
# the LP-duality certificate of the modified problem, built locally.

#: Nodes settled by one local search at most (beyond: the general re-solve).
MAX_SETTLED = 20_000
#: Nodes settled by all the rounds of one local search at most (beyond: the general
#: re-solve, cheaper then: a pure-Python search settles a node in ~0.1 ms).
MAX_TOTAL_SETTLED = 60_000
#: Local search rounds at most (each adds the violators found).
MAX_LOCAL_ROUNDS = 8
#: The same caps for the compiled search (numba, the ``fast`` extra): about a
#: microsecond a node instead of 50-100, so the plateau behind the sink is affordable.
MAX_SETTLED_COMPILED = 1_000_000
MAX_TOTAL_SETTLED_COMPILED = 3_000_000
#: Use the compiled search when numba is installed (the tests switch it off to compare).
COMPILED = True


@dataclass
class LocalGraph:
    """The residual graph of the optimum in force, by node (built once per engine)."""

    n_s: int
    n_slots: int
    m0: int
    sink: int
    n_arcs: int
    pi: NDArray[np.int64]
    rc: NDArray[np.int64]            # per network arc
    rptr: NDArray[np.int64]          # residual arcs by tail
    rhead: NDArray[np.int64]
    rrc: NDArray[np.int64]
    rarc: NDArray[np.int64]          # network arc of each residual arc
    rdir: NDArray[np.int64]          # +1 forward, -1 backward
    inc_ptr: NDArray[np.int64]       # network arcs by endpoint (tail and head)
    inc_arc: NDArray[np.int64]
    slot_keys: NDArray[np.int64]     # sorted m * n_blocks + b of the network slots
    iptr: NDArray[np.int64]          # residual arcs by head (the backward search)
    itail: NDArray[np.int64]
    irc: NDArray[np.int64]
    iarc: NDArray[np.int64]
    idir: NDArray[np.int64]

    @classmethod
    def of(cls, net: Any, flow: NDArray[np.int64], pi: NDArray[np.int64],
           n_blocks: int) -> LocalGraph:
        """The residual graph of ``flow`` on ``net`` with potentials ``pi``."""
        tail, head = net.tail, net.head
        n_nodes = net.sink + 1
        rc = net.cost - pi[tail] + pi[head]
        fwd = np.flatnonzero(flow < net.capacity)
        bwd = np.flatnonzero(flow > 0)
        t = np.concatenate([tail[fwd], head[bwd]])
        h = np.concatenate([head[fwd], tail[bwd]])
        r = np.concatenate([rc[fwd], -rc[bwd]])
        a = np.concatenate([fwd, bwd])
        d = np.concatenate([np.ones(len(fwd), dtype=np.int64), -np.ones(len(bwd), dtype=np.int64)])
        order = np.argsort(t, kind="stable")
        rptr = np.r_[0, np.cumsum(np.bincount(t, minlength=n_nodes))].astype(np.int64)
        ends = np.concatenate([tail, head])
        inc = np.argsort(ends, kind="stable")
        inc_ptr = np.r_[0, np.cumsum(np.bincount(ends, minlength=n_nodes))].astype(np.int64)
        keys = net.slot_mentor * n_blocks + net.slot_block
        by_head = np.argsort(h, kind="stable")
        iptr = np.r_[0, np.cumsum(np.bincount(h, minlength=n_nodes))].astype(np.int64)
        return cls(net.n_s, net.n_slots, net.mentor_node0, net.sink, len(tail), pi, rc, rptr,
                   h[order], r[order], a[order], d[order], inc_ptr,
                   (inc % len(tail)).astype(np.int64), keys.astype(np.int64), iptr,
                   t[by_head], r[by_head], a[by_head], d[by_head])


@dataclass
class CycleResult:
    """The outcome of a local search: the changes to the optimum in force.

    Attributes
    ----------
    moved : dict of int to (int, int) or None
        Pupil index -> (volunteer index, block) of their new pair, None when they
        become unmatched; pupils not listed keep their pair.
    cost_delta : int
        Change of the network objective (the cycle's cost, ``<= 0``).
    settled : int
        Nodes settled by the last search.
    rounds : int
        Searches run (each after adding the violators the pricing found).
    """

    moved: dict[int, tuple[int, int] | None]
    cost_delta: int
    settled: int
    rounds: int


def best_blocks_of(enc: Encoded, pairs: FeasiblePairs, table: NDArray[np.int64],
                   pi_s: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """Every (row, block, reduced cost) of ``pairs`` over its common sessions."""
    si = pairs.si.astype(np.int64)
    mi = pairs.mi.astype(np.int64)
    common = np.ascontiguousarray(enc.s_avail[si] & enc.m_avail[mi])
    bits = np.unpackbits(common.view(np.uint8), axis=1, bitorder="little")[:, : enc.n_blocks]
    row, blk = np.divmod(np.flatnonzero(bits), enc.n_blocks)
    g = enc.s_primary[si[row]].astype(np.int64)
    rc = (pairs.cost[row].astype(np.int64) + pairs.session_cost[g, blk] + table[mi[row], blk]
          - pi_s[si[row]])
    return row, blk, rc


def negative_blocks_of(enc: Encoded, pairs: FeasiblePairs, table: NDArray[np.int64],
                       pi_s: NDArray[np.int64]) -> tuple[NDArray[np.int64], ...]:
    """The entries of :func:`best_blocks_of` with a negative reduced cost, in its order.

    Compiled when numba is installed (no table of every pair's sessions, which
    takes seconds when the moved volunteers hold millions of pairs); otherwise
    :func:`best_blocks_of` by chunks, filtered.
    """
    k = _search_kernels()
    if k is None:
        parts = []
        for lo in range(0, len(pairs), CHUNK):
            sub = FeasiblePairs(pairs.si[lo: lo + CHUNK], pairs.mi[lo: lo + CHUNK],
                                pairs.cost[lo: lo + CHUNK], pairs.session_cost)
            row, blk, rc = best_blocks_of(enc, sub, table, pi_s)
            bad = rc < 0
            parts.append((row[bad] + lo, blk[bad], rc[bad]))
        if not parts:
            e = np.zeros(0, dtype=np.int64)
            return e, e, e
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))
    size = 1024
    while True:
        row, blk, rc = (np.empty(size, dtype=np.int64) for _ in range(3))
        n = int(k.negative_blocks(pairs.si, pairs.mi, pairs.cost, enc.s_avail, enc.m_avail,
                                  enc.s_primary.astype(np.int64), pairs.session_cost,
                                  np.ascontiguousarray(table, dtype=np.int64),
                                  np.ascontiguousarray(pi_s, dtype=np.int64),
                                  enc.n_blocks, row, blk, rc))
        if n <= size:
            return row[:n], blk[:n], rc[:n]
        size = n


class _Search:
    """Dijkstra from one pupil on the residual graph plus the what-if's own arcs."""

    def __init__(self, lg: LocalGraph, enc: Encoded, table: NDArray[np.int64],
                 s: int, rc_unassigned: int, skip: NDArray[np.bool_],
                 load_over: dict[int, tuple[NDArray[np.int64], int]],
                 group: NDArray[np.int64]) -> None:
        self.lg, self.enc, self.table, self.s = lg, enc, table, s
        self.rc_un = rc_unassigned
        self.skip = skip
        self.load_over = load_over
        self.group = group
        # the what-if's own arcs: tail -> list of (head, reduced cost, id); ids index q_*
        self.q_out: dict[int, list[tuple[int, int, int]]] = {}
        self.q_arc: list[tuple[int, int, int, int]] = []   # (tail, head, volunteer, block)
        self.new_slot: dict[int, int] = {}                 # m * n_blocks + b -> node
        self.slot_of_new: dict[int, tuple[int, int]] = {}

    def slot_node(self, m: int, b: int) -> int:
        """Network node of slot (m, b), a new node when the network has none."""
        lg = self.lg
        key = m * self.enc.n_blocks + b
        pos = int(np.searchsorted(lg.slot_keys, key))
        if pos < len(lg.slot_keys) and lg.slot_keys[pos] == key:
            return lg.n_s + pos
        node = self.new_slot.get(key)
        if node is None:
            node = lg.sink + 1 + len(self.new_slot)
            self.new_slot[key] = node
            self.slot_of_new[node] = (m, b)
        return node

    def add_pair(self, u: int, m: int, b: int, rc: int) -> None:
        """A pupil → slot arc (no flow) of reduced cost ``rc`` under the base potentials."""
        w = self.slot_node(m, b)
        self.q_out.setdefault(u, []).append((w, rc, len(self.q_arc)))
        self.q_arc.append((u, w, m, b))

    def run(self) -> tuple[dict[int, int], dict[int, tuple[int, int, int]], int | None, int]:
        """Labels of the settled nodes (< T), predecessors, d(sink) if reached, T."""
        import heapq

        lg, s = self.lg, self.s
        sink = lg.sink
        limit = self.rc_un
        dist: dict[int, int] = {s: 0}
        pred: dict[int, tuple[int, int, int]] = {}
        done: dict[int, int] = {}
        heap: list[tuple[int, int]] = []
        cap = limit     # labels at or above it cannot matter (d(sink) once reached)

        def push(h: int, x: int, how: tuple[int, int, int]) -> None:
            nonlocal cap
            if x < cap and x < dist.get(h, cap):
                dist[h] = x
                pred[h] = how
                heapq.heappush(heap, (x, h))
                if h == sink:
                    cap = x

        for w, rc, q in self.q_out.get(s, ()):
            push(w, rc, (s, -1, q))
        reached: int | None = None
        while heap:
            d, v = heapq.heappop(heap)
            if v in done or d != dist.get(v):
                continue
            if v == sink:
                reached = d
                break
            if d >= cap:   # every label left is >= cap: the sink's (if pushed) is final
                if sink in dist and dist[sink] == cap < limit:
                    reached = cap
                break
            done[v] = d
            if len(done) > MAX_SETTLED:
                raise OverflowError("the local search grew too large")
            if v <= sink:   # arcs of the residual graph in force
                lo, hi = int(lg.rptr[v]), int(lg.rptr[v + 1])
                if hi > lo:
                    heads = lg.rhead[lo:hi]
                    nd = lg.rrc[lo:hi] + d
                    ok = (nd < cap) & ~self.skip[lo:hi] & (heads != s)
                    for k in np.flatnonzero(ok):
                        push(int(heads[k]), int(nd[k]), (v, lo + int(k), -1))
                over = self.load_over.get(v - lg.m0) if lg.m0 <= v < sink else None
                if over is not None:   # a changed volunteer's next load arc
                    push(sink, d + int(over[0]), (v, -2, -1))
            else:   # a new slot: its arc to the volunteer (no flow, reduced cost 0)
                m = self.slot_of_new[v][0]
                if self.group[m] > 0:
                    push(lg.m0 + m, d, (v, -3, -1))
            for h, rc, q in self.q_out.get(v, ()):
                push(h, d + rc, (v, -1, q))
        return done, pred, reached, (reached if reached is not None else limit)


class LocalCheckError(RuntimeError):
    """The local certificate did not hold (the caller re-solves the general way)."""


def best_cycle(lg: LocalGraph, net: Any, flow: NDArray[np.int64], arcs: Any, enc: Encoded,
               table: NDArray[np.int64], s: int, s_pairs: FeasiblePairs,
               rows_of: Callable[[NDArray[np.bool_]], FeasiblePairs],
               skip_arc: NDArray[np.bool_], loads: dict[int, tuple[NDArray[np.int64], int]]
               ) -> CycleResult:
    """The optimum of the modified problem as a cycle through pupil ``s`` (section notes).

    Parameters
    ----------
    lg, net, flow, arcs
        The optimum in force: residual graph, network, flow, candidate triples.
    enc, table
        The modified problem's arrays; the slot potentials in force.
    s, s_pairs
        The pupil and its pairs in the modified graph.
    rows_of
        Pairs of some pupils (mask) in the modified graph.
    skip_arc
        Network arcs not in the modified network (the pupil's, a changed
        volunteer's re-enumerated pairs without flow, changed load arcs).
    loads
        Changed volunteers' load costs and load in force.

    Raises
    ------
    LocalCheckError, OverflowError
        When the local certificate fails or the search grows too large.
    """
    pi = lg.pi
    sink, m0, nb = lg.sink, lg.m0, enc.n_blocks
    rc_un = int(net.cost[len(net.cost) - lg.n_s + s]) - int(pi[s]) + int(pi[sink])
    skip = skip_arc[lg.rarc]
    load_over: dict[int, tuple[NDArray[np.int64], int]] = {}
    for m, (c2, load) in loads.items():
        nxt = int(c2[load]) - int(pi[m0 + m]) + int(pi[sink]) if load < len(c2) else None
        if nxt is not None:
            load_over[m] = (np.int64(nxt), load)  # type: ignore[assignment]
        else:
            load_over[m] = (np.int64(np.iinfo(np.int64).max // 4), load)  # type: ignore[assignment]
    extra: list[tuple[int, int, int, int]] = []     # (pupil, volunteer, block, base rc)
    seen: set[tuple[int, int, int]] = set()
    row, blk, rc = best_blocks_of(enc, s_pairs, table, pi[: enc.n_s])
    seeds = [(s, int(s_pairs.mi[r]), int(b), int(c)) for r, b, c in zip(row, blk, rc, strict=True)
             if c < rc_un]
    rounds = total = 0
    for rounds in range(1, MAX_LOCAL_ROUNDS + 1):  # noqa: B007 (reported)
        search = _Search(lg, enc, table, s, rc_un, skip, load_over, enc.m_group)
        for u, m, b, c in (*seeds, *extra):
            search.add_pair(u, m, b, c)
        done, pred, reached, t_ = search.run()
        total += len(done)
        if total > MAX_TOTAL_SETTLED:
            raise OverflowError("the local searches grew too large")
        moved_nodes = {v: t_ - d for v, d in done.items() if d < t_ and v != s}
        # potentials after the cycle (common shift removed): pi + delta, pi[s] + T
        base_of_new = {w: int(pi[m0 + mb[0]]) for w, mb in search.slot_of_new.items()}
        new_pi = {v: (int(pi[v]) if v <= sink else base_of_new[v]) + dv
                  for v, dv in moved_nodes.items()}
        table2 = table.copy()
        for v in moved_nodes:
            if m0 <= v < sink:   # a volunteer: its slots not in the network follow it
                m = v - m0
                lo, hi = np.searchsorted(lg.slot_keys, [m * nb, (m + 1) * nb])
                own = np.zeros(nb, dtype=bool)
                own[lg.slot_keys[lo:hi] - m * nb] = True
                table2[m, ~own] = new_pi[v]
        for v in moved_nodes:
            if lg.n_s <= v < lg.n_s + lg.n_slots:
                key = int(lg.slot_keys[v - lg.n_s])
                table2[key // nb, key % nb] = new_pi[v]
        for key, w in search.new_slot.items():   # the search's own slot nodes
            table2[key // nb, key % nb] = base_of_new[w] + moved_nodes.get(w, 0)
        pupils = np.zeros(enc.n_s, dtype=bool)
        region = [v for v in moved_nodes if v < lg.n_s]
        pupils[region] = True
        pi_s = pi[: enc.n_s].copy()
        for v in region:
            pi_s[v] = new_pi[v]
        pi_s[s] = int(pi[s]) + t_
        pupils[s] = False
        priced = rows_of(pupils)
        both = FeasiblePairs(np.concatenate([priced.si, s_pairs.si]),
                             np.concatenate([priced.mi, s_pairs.mi]),
                             np.concatenate([priced.cost, s_pairs.cost]), s_pairs.session_cost)
        row, blk, rc2 = negative_blocks_of(enc, both, table2, pi_s)
        bad = np.arange(len(rc2))
        fresh = []
        for k in bad:
            u, m, b = int(both.si[row[k]]), int(both.mi[row[k]]), int(blk[k])
            if (u, m, b) in seen:
                continue
            seen.add((u, m, b))
            c = (int(both.cost[row[k]]) + int(both.session_cost[int(enc.s_primary[u]), b])
                 + int(table[m, b]) - int(pi[u]))
            fresh.append((u, m, b, c))
        if not fresh:
            break
        extra.extend(t for t in fresh if t[0] != s)
        seeds.extend(t for t in fresh if t[0] == s)
    else:
        raise LocalCheckError("the local search did not settle")
    return _finish(lg, net, flow, arcs, enc, search, moved_nodes, new_pi, pred, reached, rc_un,
                   s, t_, loads, skip_arc, rounds, len(done))


def _finish(lg: LocalGraph, net: Any, flow: NDArray[np.int64], arcs: Any, enc: Encoded,
            search: _Search, moved_nodes: dict[int, int], new_pi: dict[int, int],
            pred: dict[int, tuple[int, int, int]], reached: int | None, rc_un: int, s: int,
            t_: int, loads: dict[int, tuple[NDArray[np.int64], int]],
            skip_arc: NDArray[np.bool_], rounds: int, settled: int) -> CycleResult:
    """Apply the cycle (if any), then check every arc it touched (section notes)."""
    pi = lg.pi
    sink, m0 = lg.sink, lg.m0
    n_pair = net.n_pair_arcs
    un0 = len(net.cost) - lg.n_s
    moved: dict[int, tuple[int, int] | None] = {}
    dflow: dict[int, int] = {}
    q_flow: dict[int, int] = {}
    slot_flow: dict[int, int] = {}
    load_delta: dict[int, int] = {}
    path_nodes = {s}
    if reached is not None:
        v = sink
        while v != s:
            u, ridx, q = pred[v]
            path_nodes.add(u)
            if q >= 0:
                pu, _, m, b = search.q_arc[q]
                moved[pu] = (m, b)
                q_flow[q] = q_flow.get(q, 0) + 1
            elif ridx >= 0:
                a, way = int(lg.rarc[ridx]), int(lg.rdir[ridx])
                dflow[a] = dflow.get(a, 0) + way
                if a < n_pair and way > 0:
                    moved[int(arcs.si[a])] = (int(arcs.mi[a]), int(arcs.block[a]))
                elif a >= un0 and way > 0:
                    moved[a - un0] = None
            elif ridx == -2:
                load_delta[u - m0] = load_delta.get(u - m0, 0) + 1
            else:
                slot_flow[u] = slot_flow.get(u, 0) + 1
            v = u
        dflow[un0 + s] = dflow.get(un0 + s, 0) - 1
    # potentials after the cycle, as an array over the network's nodes
    pi2 = pi.copy()
    for v, x in new_pi.items():
        if v <= sink:
            pi2[v] = x
    pi2[s] = int(pi[s]) + t_

    def pot(v: int) -> int:
        return int(pi2[v]) if v <= sink else new_pi.get(v, int(pi[m0 + search.slot_of_new[v][0]]))

    # every network arc touching a moved node or the cycle (the sink's reached through them)
    nodes = np.array(sorted(v for v in set(moved_nodes) | path_nodes if v < sink),
                     dtype=np.int64)
    starts = lg.inc_ptr[nodes]
    counts = lg.inc_ptr[nodes + 1] - starts
    owner = np.repeat(np.arange(len(nodes)), counts)
    at = starts[owner] + (np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[owner])
    ids = np.unique(lg.inc_arc[at])
    ids = ids[~skip_arc[ids]]
    f2 = flow[ids].copy()
    if dflow:
        changed = np.array(list(dflow), dtype=np.int64)
        pos = np.searchsorted(ids, changed)
        if np.any(pos >= len(ids)) or np.any(ids[np.minimum(pos, len(ids) - 1)] != changed):
            raise LocalCheckError("a cycle arc is not among the checked arcs")
        f2[pos] += np.array(list(dflow.values()), dtype=np.int64)
    cap = net.capacity[ids]
    rc2 = net.cost[ids] - pi2[net.tail[ids]] + pi2[net.head[ids]]
    ok = (f2 >= 0) & (f2 <= cap) & ((f2 == cap) | (rc2 >= 0)) & ((f2 == 0) | (rc2 <= 0))
    if not np.all(ok):
        raise LocalCheckError("an arc near the change breaks complementary slackness")
    # the what-if's own arcs: pairs (capacity 1), new slots, changed load arcs
    for q, (u, w, _, _) in enumerate(search.q_arc):
        rc_q = next(rc for h, rc, k in search.q_out[u] if k == q)
        shift_u = t_ if u == s else moved_nodes.get(u, 0)
        r = rc_q - shift_u + (pot(w) - (int(pi[w]) if w <= sink
                                        else int(pi[m0 + search.slot_of_new[w][0]])))
        fq = q_flow.get(q, 0)
        if fq > 1 or (fq == 0 and r < 0) or (fq == 1 and r > 0):
            raise LocalCheckError("a pair of the what-if breaks complementary slackness")
    for w, (m, _) in search.slot_of_new.items():
        fw = slot_flow.get(w, 0)
        r = -pot(w) + int(pi2[m0 + m])
        if fw > int(enc.m_group[m]) or (fw < enc.m_group[m] and r < 0) or (fw > 0 and r > 0):
            raise LocalCheckError("a new slot breaks complementary slackness")
    for m, (c2, load) in loads.items():
        now = load + load_delta.get(m, 0)
        rl = c2 - int(pi2[m0 + m]) + int(pi2[sink])
        used = np.arange(len(c2)) < now
        if now > len(c2) or np.any(rl[used] > 0) or np.any(rl[~used] < 0):
            raise LocalCheckError("a changed load arc breaks complementary slackness")
    delta = (reached - rc_un) if reached is not None else 0
    return CycleResult(moved, int(delta), settled, rounds)


# ---------------------------------------------------------------------------
# One more place at a volunteer: the cycle through the new load arc
# ---------------------------------------------------------------------------
#
# Capacity + 1 at volunteer ``m`` adds one arc ``m → sink`` (the load costs of
# the places in force do not change). When it is the only arc the potentials in
# force do not certify, every optimum is the flow in force plus at most one
# cycle through it: the new arc, then a shortest path from the sink back to
# ``m``. A Dijkstra *backwards* from ``m`` (on the reversed residual graph, all
# reduced costs non-negative) finds it, stopped at ``T = min(d(sink),
# -rc(new arc))``: only the nodes near ``m`` are visited. Potentials
# ``pi'(v) = pi(v) - (T - d(v))`` on the nodes with ``d(v) < T`` certify the
# result on the network; lowered nodes can only make arcs *into* them violate,
# so the pairs of the volunteers among them (their slots) are priced; violators
# join and the search restarts. Forbidden pupils (``forbid``) are left out of
# the search and of the pricing. Then the same explicit check of every network
# arc near the change.


def capacity_cycle(lg: LocalGraph, net: Any, flow: NDArray[np.int64], arcs: Any,
                   enc: Encoded, table: NDArray[np.int64], m: int, new_cost: int,
                   rows_of: Callable[[NDArray[np.bool_]], FeasiblePairs],
                   banned: NDArray[np.bool_]) -> CycleResult:
    """The optimum with one more place at volunteer ``m`` (section notes).

    ``new_cost`` is the cost of the new load arc; ``rows_of(mentors)`` the pairs
    of some volunteers; ``banned`` the forbidden pupils.
    """

    pi = lg.pi
    sink, m0, nb, n_s = lg.sink, lg.m0, enc.n_blocks, lg.n_s
    target = m0 + m
    limit = -(new_cost - int(pi[target]) + int(pi[sink]))
    if limit <= 0:   # the new arc is not negative: nothing to do (as is)
        return CycleResult({}, 0, 0, 0)
    skip = np.zeros(len(lg.itail), dtype=bool)
    if banned.any():
        skip = banned[np.minimum(lg.itail, n_s - 1)] & (lg.itail < n_s)
    q_arc: list[tuple[int, int, int, int, int]] = []          # (u, w, m, b, base rc)
    q_in: dict[int, list[int]] = {}
    new_slot: dict[int, int] = {}
    slot_of_new: dict[int, tuple[int, int]] = {}
    seen: set[tuple[int, int, int]] = set()

    def slot_node(mm: int, b: int) -> int:
        key = mm * nb + b
        pos = int(np.searchsorted(lg.slot_keys, key))
        if pos < len(lg.slot_keys) and lg.slot_keys[pos] == key:
            return n_s + pos
        node = new_slot.get(key)
        if node is None:
            node = sink + 1 + len(new_slot)
            new_slot[key] = node
            slot_of_new[node] = (mm, b)
        return node

    new_of_mentor: dict[int, list[int]] = {}
    total = 0
    kernels = _search_kernels()
    max_settled = MAX_SETTLED_COMPILED if kernels is not None else MAX_SETTLED
    max_total = MAX_TOTAL_SETTLED_COMPILED if kernels is not None else MAX_TOTAL_SETTLED
    for rounds in range(1, MAX_LOCAL_ROUNDS + 1):  # noqa: B007 (reported)
        if kernels is not None:
            done, pred, reached = _backward_compiled(
                kernels, lg, skip, target, limit, q_arc, q_in, new_of_mentor,
                sink + 1 + len(new_slot), max_settled)
            total += len(done)
            if total > max_total:
                raise OverflowError("the local searches grew too large")
        else:
            done, pred, reached = _backward_python(lg, skip, target, limit, q_arc, q_in,
                                                   new_of_mentor)
            total += len(done)
            if total > max_total:
                raise OverflowError("the local searches grew too large")
        t_ = reached if reached is not None else limit
        moved = {v: t_ - d for v, d in done.items() if d < t_}
        base_new = {w: int(pi[m0 + mb[0]]) for w, mb in slot_of_new.items()}
        new_pi = {v: (int(pi[v]) if v <= sink else base_new[v]) - dv for v, dv in moved.items()}
        table2 = table.copy()
        mentors = np.zeros(enc.n_m, dtype=bool)
        for v in moved:
            if m0 <= v < sink:
                mm = v - m0
                mentors[mm] = True
                lo, hi = np.searchsorted(lg.slot_keys, [mm * nb, (mm + 1) * nb])
                own = np.zeros(nb, dtype=bool)
                own[lg.slot_keys[lo:hi] - mm * nb] = True
                table2[mm, ~own] = new_pi[v]
        for v in moved:
            if n_s <= v < n_s + lg.n_slots:
                key = int(lg.slot_keys[v - n_s])
                table2[key // nb, key % nb] = new_pi[v]
                mentors[key // nb] = True
        for key, w in new_slot.items():
            table2[key // nb, key % nb] = base_new[w] - moved.get(w, 0)
            if w in moved:
                mentors[key // nb] = True
        pi_s = pi[:n_s].copy()
        for v, x in new_pi.items():
            if v < n_s:
                pi_s[v] = x
        rows = rows_of(mentors)
        keep = ~banned[rows.si.astype(np.int64)]
        rows = FeasiblePairs(rows.si[keep], rows.mi[keep], rows.cost[keep], rows.session_cost)
        row, blk, rc2 = negative_blocks_of(enc, rows, table2, pi_s)
        fresh = 0
        for k in range(len(rc2)):
            u, mm, b = int(rows.si[row[k]]), int(rows.mi[row[k]]), int(blk[k])
            if (u, mm, b) in seen:
                continue
            seen.add((u, mm, b))
            c = (int(rows.cost[row[k]]) + int(rows.session_cost[int(enc.s_primary[u]), b])
                 + int(table[mm, b]) - int(pi[u]))
            w = slot_node(mm, b)
            if w > sink and w not in new_of_mentor.get(mm, []):
                new_of_mentor.setdefault(mm, []).append(w)
            q_in.setdefault(w, []).append(len(q_arc))
            q_arc.append((u, w, mm, b, c))
            fresh += 1
        if not fresh:
            break
    else:
        raise LocalCheckError("the local search did not settle")
    # the cycle: sink → ... → m, then the new arc
    n_pair = net.n_pair_arcs
    un0 = len(net.cost) - n_s
    moved_pairs: dict[int, tuple[int, int] | None] = {}
    dflow: dict[int, int] = {}
    q_flow: dict[int, int] = {}
    slot_flow: dict[int, int] = {}
    path_nodes = {target}
    if reached is not None:
        v = sink
        while v != target:
            nxt, ridx, q = pred[v]
            path_nodes.add(v)
            if q >= 0:
                u, _, mm, b, _ = q_arc[q]
                moved_pairs[u] = (mm, b)
                q_flow[q] = q_flow.get(q, 0) + 1
            elif ridx >= 0:
                a, way = int(lg.iarc[ridx]), int(lg.idir[ridx])
                dflow[a] = dflow.get(a, 0) + way
                if a < n_pair and way > 0:
                    moved_pairs[int(arcs.si[a])] = (int(arcs.mi[a]), int(arcs.block[a]))
                elif a >= un0 and way > 0:
                    moved_pairs[a - un0] = None
            else:
                slot_flow[v] = slot_flow.get(v, 0) + 1
            v = nxt
    pi2 = pi.copy()
    for v, x in new_pi.items():
        if v <= sink:
            pi2[v] = x

    def pot(v: int) -> int:
        return int(pi2[v]) if v <= sink else new_pi.get(v, base_new.get(v, 0))

    nodes = np.array(sorted(v for v in set(moved) | path_nodes if v < sink), dtype=np.int64)
    starts = lg.inc_ptr[nodes]
    counts = lg.inc_ptr[nodes + 1] - starts
    owner = np.repeat(np.arange(len(nodes)), counts)
    at = starts[owner] + (np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[owner])
    ids = np.unique(lg.inc_arc[at])
    tails = net.tail[ids]
    ids = ids[~((ids < n_pair) & (tails < n_s) & banned[np.minimum(tails, n_s - 1)])]
    f2 = flow[ids].copy()
    if dflow:
        changed = np.array(list(dflow), dtype=np.int64)
        pos = np.searchsorted(ids, changed)
        if np.any(pos >= len(ids)) or np.any(ids[np.minimum(pos, len(ids) - 1)] != changed):
            raise LocalCheckError("a cycle arc is not among the checked arcs")
        f2[pos] += np.array(list(dflow.values()), dtype=np.int64)
    capacity = net.capacity[ids]
    rc2 = net.cost[ids] - pi2[net.tail[ids]] + pi2[net.head[ids]]
    ok = ((f2 >= 0) & (f2 <= capacity) & ((f2 == capacity) | (rc2 >= 0))
          & ((f2 == 0) | (rc2 <= 0)))
    if not np.all(ok):
        raise LocalCheckError("an arc near the change breaks complementary slackness")
    for q, (u, w, _, _, rc) in enumerate(q_arc):
        base_w = int(pi[w]) if w <= sink else base_new[w]
        r = rc + (int(pi[u]) - pot(u)) + (pot(w) - base_w)
        fq = q_flow.get(q, 0)
        if fq > 1 or (fq == 0 and r < 0) or (fq == 1 and r > 0):
            raise LocalCheckError("a pair of the what-if breaks complementary slackness")
    for w, (mm, _) in slot_of_new.items():
        fw = slot_flow.get(w, 0)
        r = -pot(w) + int(pi2[m0 + mm])
        if fw > int(enc.m_group[mm]) or (fw < enc.m_group[mm] and r < 0) or (fw > 0 and r > 0):
            raise LocalCheckError("a new slot breaks complementary slackness")
    r_new = new_cost - int(pi2[target]) + int(pi2[sink])
    if (reached is not None and r_new > 0) or (reached is None and r_new < 0):
        raise LocalCheckError("the new load arc breaks complementary slackness")
    delta = (reached - limit) if reached is not None else 0
    return CycleResult(moved_pairs, int(delta), len(done), rounds)


def _backward_python(lg: LocalGraph, skip: NDArray[np.bool_], target: int, limit: int,
                     q_arc: list[tuple[int, int, int, int, int]], q_in: dict[int, list[int]],
                     new_of_mentor: dict[int, list[int]]
                     ) -> tuple[dict[int, int], Any, int | None]:
    """The backward search of :func:`capacity_cycle` in pure Python (section notes)."""
    import heapq

    sink, m0 = lg.sink, lg.m0
    dist: dict[int, int] = {target: 0}
    pred: dict[int, tuple[int, int, int]] = {}
    done: dict[int, int] = {}
    heap: list[tuple[int, int]] = [(0, target)]
    cap = limit
    reached: int | None = None

    def push(u: int, x: int, how: tuple[int, int, int],
             dist: dict[int, int] = dist, pred: dict[int, tuple[int, int, int]] = pred,
             heap: list[tuple[int, int]] = heap) -> None:
        nonlocal cap
        if x < cap and x < dist.get(u, cap):
            dist[u] = x
            pred[u] = how
            heapq.heappush(heap, (x, u))
            if u == sink:
                cap = x

    while heap:
        d, v = heapq.heappop(heap)
        if v in done or d != dist.get(v):
            continue
        if v == sink:
            reached = d
            break
        if d >= cap:
            if sink in dist and dist[sink] == cap < limit:
                reached = cap
            break
        done[v] = d
        if len(done) > MAX_SETTLED:
            raise OverflowError("the local search grew too large")
        if v <= sink:
            lo, hi = int(lg.iptr[v]), int(lg.iptr[v + 1])
            if hi > lo:
                tails = lg.itail[lo:hi]
                nd = lg.irc[lo:hi] + d
                for k in np.flatnonzero((nd < cap) & ~skip[lo:hi]):
                    push(int(tails[k]), int(nd[k]), (v, lo + int(k), -1))
            if m0 <= v < sink:   # new slots of this volunteer: their arc to it
                for w in new_of_mentor.get(v - m0, ()):
                    push(w, d, (v, -3, -1))
        for q in q_in.get(v, ()):
            u, _, _, _, rc = q_arc[q]
            push(u, d + rc, (v, -1, q))
    return done, pred, reached


class _Pred:
    """The predecessors of the compiled search, read as ``pred[v] -> (node, arc, pair)``."""

    def __init__(self, node: NDArray[np.int64], ridx: NDArray[np.int64],
                 q: NDArray[np.int64]) -> None:
        self.node, self.ridx, self.q = node, ridx, q

    def __getitem__(self, v: int) -> tuple[int, int, int]:
        return int(self.node[v]), int(self.ridx[v]), int(self.q[v])


def _backward_compiled(k: Any, lg: LocalGraph, skip: NDArray[np.bool_], target: int,
                       limit: int, q_arc: list[tuple[int, int, int, int, int]],
                       q_in: dict[int, list[int]], new_of_mentor: dict[int, list[int]],
                       n_nodes: int, max_settled: int
                       ) -> tuple[dict[int, int], Any, int | None]:
    """The backward search of :func:`capacity_cycle`, compiled (the same result)."""
    # the what-if's own arcs by node: a volunteer's new slots first, then its pairs
    frm: list[int] = []
    to: list[int] = []
    w: list[int] = []
    tag: list[int] = []
    for mm, slots in new_of_mentor.items():
        for x in slots:
            frm.append(lg.m0 + mm)
            to.append(x)
            w.append(0)
            tag.append(-3)
    for v, qs in q_in.items():
        for q in qs:
            frm.append(v)
            to.append(q_arc[q][0])
            w.append(q_arc[q][4])
            tag.append(q)
    f = np.array(frm, dtype=np.int64)
    first = np.array([t == -3 for t in tag], dtype=bool)
    order = np.lexsort((~first, f)) if len(f) else np.zeros(0, dtype=np.int64)
    xptr = np.zeros(n_nodes + 1, dtype=np.int64)
    if len(f):
        np.add.at(xptr, f + 1, 1)
    xptr = np.cumsum(xptr)
    xto = np.array(to, dtype=np.int64)[order] if len(f) else np.zeros(0, dtype=np.int64)
    xw = np.array(w, dtype=np.int64)[order] if len(f) else np.zeros(0, dtype=np.int64)
    xtag = np.array(tag, dtype=np.int64)[order] if len(f) else np.zeros(0, dtype=np.int64)
    inf = np.int64(1) << np.int64(62)
    best = np.full(n_nodes, inf, dtype=np.int64)
    pred_node = np.full(n_nodes, -1, dtype=np.int64)
    pred_ridx = np.full(n_nodes, -1, dtype=np.int64)
    pred_q = np.full(n_nodes, -1, dtype=np.int64)
    heap = len(lg.itail) + len(xto) + 1   # one entry per improvement at most
    settled_nodes = np.empty(min(n_nodes, max_settled + 1), dtype=np.int64)
    settled_d = np.empty(len(settled_nodes), dtype=np.int64)
    out = np.zeros(3, dtype=np.int64)
    status = k.backward_search(lg.iptr, lg.itail, lg.irc, skip, lg.sink, lg.m0, target,
                               np.int64(limit), xptr, xto, xw, xtag, max_settled, best,
                               pred_node, pred_ridx, pred_q, settled_nodes, settled_d,
                               np.empty(heap, dtype=np.int64), np.empty(heap, dtype=np.int64),
                               out)
    if status < 0:
        raise OverflowError("the local search grew too large")
    n = int(out[0])
    done = dict(zip(settled_nodes[:n].tolist(), settled_d[:n].tolist(), strict=True))
    reached = int(out[2]) if out[1] else None
    return done, _Pred(pred_node, pred_ridx, pred_q), reached


def _warm(k: Any) -> None:
    z = np.zeros(1, dtype=np.int64)
    e = np.zeros(0, dtype=np.int64)
    k.backward_search(np.zeros(2, dtype=np.int64), e, e, np.zeros(0, dtype=bool), 0, 0, 0,
                      np.int64(1), np.zeros(2, dtype=np.int64), e, e, e, 10,
                      np.full(1, 1 << 62, dtype=np.int64), z.copy(), z.copy(), z.copy(),
                      z.copy(), z.copy(), np.zeros(2, dtype=np.int64),
                      np.zeros(2, dtype=np.int64), np.zeros(3, dtype=np.int64))
    i32 = np.zeros(1, dtype=np.int32)
    k.negative_blocks(i32, i32, i32, np.zeros((1, 1), dtype=np.uint64),
                      np.zeros((1, 1), dtype=np.uint64), z.copy(), np.zeros((1, 1), dtype=np.int64),
                      np.zeros((1, 1), dtype=np.int64), z.copy(), 1, z.copy(), z.copy(), z.copy())


_KERNELS = CompiledKernels("mentormatch.whatif._search_kernels", _warm, "what-if search kernel")


def _search_kernels() -> Any:
    """The compiled search kernels, or None without numba (the pure-Python search then)."""
    if not COMPILED or not available("numba"):
        return None
    return _KERNELS.get()
