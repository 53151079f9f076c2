"""The tiers of ``Policy.continuity="stable"``: folded into one objective, or solved in two phases.

The objective of a stable re-run is lexicographic: most priority weight
matched, then fewest *moves* (a pupil in a pair in force given another
volunteer or session), then least cost. :func:`solve_tiers` solves it exactly
in one of two ways.

**Folded** (when its integers stay float64-exact, :data:`FOLD_LIMIT`):
one objective, ``MOVE`` the cost tier's bound and the coverage unit
``BIG = (stable pupils + 1) * MOVE`` (:func:`~mentormatch.solve.loop.solve_with_pricing`).

**Two phases** (beyond that bound, e.g. 30,000 pupils and 26,000 pairs in force,
where ``BIG`` would be ``6e11`` and the objective ``6e16``; and from
:data:`PHASES_FROM` stable pupils, where they are faster):

1. *Coverage and moves*, costs ignored: the same solve-and-price loop with every
   pair, session and load cost 0, so ``MOVE = 1`` and ``BIG = stable pupils + 1``
   (small integers). Its certificate (potentials ``pi1``, no pruned triple with
   a negative reduced cost ``rc1``) proves the optimal (coverage, moves) on the
   full feasible graph.
2. *Cost on phase 1's optimal face.* By complementary slackness, a flow is
   optimal for phase 1 if and only if it uses no arc with ``rc1 > 0`` and
   saturates every arc with ``rc1 < 0`` (``pi1`` extended to slots outside the
   network by their volunteer's value, as pricing does). Phase 2 therefore keeps
   only the arcs with ``rc1 <= 0`` (a pupil with ``rc1 > 0`` on its "unassigned"
   arc must be matched; a session or volunteer with ``rc1 > 0`` is closed), and
   the saturation of each *forced* arc (``rc1 < 0``: a pupil arc, a pupil's
   "unassigned" arc, a session's or a volunteer's capacity) is rewarded by
   ``K`` per unit on the pupil arcs that feed it, ``K`` being the cost tier's
   bound (:func:`~mentormatch.network.lexicographic_big`). A flow of the
   restricted network that leaves a forced arc short pays at least ``K`` more
   than any flow of the face, so the optimum lies on the face and minimises the
   cost there: it is the lexicographic optimum. All costs are shifted by ``3 K``
   per pupil (one pupil arc holds at most three rewards) to stay non-negative;
   magnitudes are those of a plain run (``3 K`` per pupil). Pricing keeps the
   full-graph proof (:meth:`Face.price`): each triple is priced at
   ``rc2 + L * (rc1 + closed)`` with ``L`` above any violation of phase 2, so
   only triples of the face (``rc1 = 0`` on an open session) can violate, at
   their own ``rc2``; the rewards, the shift and ``L`` times phase 1's
   potentials enter the session, volunteer and pupil potentials handed to
   :func:`~mentormatch.solve.pricing.price`.

The returned outcome reports phase 2 with its plain costs (pair and load costs,
unmatched pupils at ``weight * K``), certified when both phases are.

A re-run's graph may be enumerated lazily (``lazy``,
:class:`~mentormatch.continuity.lazy.StableGraph`): phase 1 then enlarges it until
its potentials prove every pair left out to have ``rc1 >= 1``
(:func:`unproved_volunteers`), so those pairs neither violate nor lie on the face.
With the assignment reduction both phases start warm (:data:`WARM_PHASE_ONE`):
phase 1 from the pairs in force, phase 2 from phase 1's optimal flow, each
repaired by the pricing loop's primal-dual instead of a cold LAPJV solve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import FLOAT_EXACT
from mentormatch._backends import BackendChoice
from mentormatch._progress import Reporter
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.reference import pair_costs
from mentormatch.continuity.lazy import StableGraph
from mentormatch.continuity.plan import Tiers
from mentormatch.flow.backends import choose_backend
from mentormatch.network import (
    Network,
    SlotArcs,
    build_network,
    lexicographic_big,
    mentor_load_costs,
)
from mentormatch.solve.loop import SolveOutcome, first_arcs, solve_with_pricing
from mentormatch.solve.pricing import PricingResult, mentor_blocks, price

__all__ = ["FOLD_LIMIT", "PHASES_FROM", "Face", "folds", "solve_tiers", "tier_units",
           "two_phases", "unproved_volunteers"]

#: Largest total of "unassigned" costs of the folded objective (float64-exact, as
#: :data:`~mentormatch.solve.loop.TIERED_LIMIT`); beyond it, the two phases.
FOLD_LIMIT = FLOAT_EXACT

#: Stable pupils from which the tiers are solved in two phases even when they would
#: fold (then the graph is enumerated lazily, :mod:`mentormatch.continuity.lazy`).
#: ``benchmarks.rerun`` scenario, whole re-run, folded against two phases: 3,000 pupils
#: (about 2,500 stable) 0.5-0.9 s against 0.8-0.9 s; 6,000 (5,000 stable) 1.2-1.9 s
#: against 1.4-1.7 s; 10,000 (8,363 stable) 20 s against 4.6 s with the assignment
#: reduction, 2.7-4.4 s against 2.9-3.6 s with the auction (docs/performance.md).
PHASES_FROM = 5_000

#: Bound of the potentials handed to phase 2's pricing (int64 with room for sums).
_PRICE_LIMIT = 1 << 60

#: Largest reward a pupil arc can hold (its own, its session's, its volunteer's).
_REWARDS = 3


def tier_units(enc: Encoded, fp: FeasiblePairs, tiers: Tiers | None) -> tuple[int, int]:
    """The folded objective's ``MOVE`` (the cost tier's bound) and coverage unit ``BIG``."""
    load_int = mentor_load_costs(enc) if tiers is None or tiers.load_int is None \
        else tiers.load_int
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp.cost.max()) if len(fp) else 0) + max_session
    move = lexicographic_big(enc, max_pair, load_int)
    n_stable = 0 if tiers is None else tiers.n_stable
    return move, (n_stable + 1) * move


def two_phases(enc: Encoded, fp: FeasiblePairs, tiers: Tiers) -> bool:
    """Whether :func:`solve_tiers` solves the tiers in two phases.

    With stable pupils: from :data:`PHASES_FROM` of them, or when the folded
    objective would not fit (:func:`folds`). True for some pairs, it is true for
    every graph holding them.
    """
    return bool(tiers.n_stable) and (tiers.n_stable >= PHASES_FROM
                                     or not folds(enc, fp, tiers))


def folds(enc: Encoded, fp: FeasiblePairs, tiers: Tiers) -> bool:
    """Whether the folded objective stays within :data:`FOLD_LIMIT`.

    It grows with the largest cost of ``fp``: false for some pairs, it is false
    for every graph holding them.
    """
    _, big = tier_units(enc, fp, tiers)
    free = np.ones(enc.n_s, dtype=bool) if tiers.must_match is None else ~tiers.must_match
    return int(enc.s_weight[free].sum()) * big < FOLD_LIMIT


@dataclass(frozen=True)
class Face:
    """Phase 1's optimal face, as phase 2 uses it (see module docs).

    Attributes
    ----------
    pi_s : (n_s,) int64 array
        Phase-1 pupil potentials.
    stay_key : (n_s,) int64 array
        ``volunteer * n_blocks + block`` of each stable pupil's pair in force, -1 otherwise.
    slot_pi : (n_m, n_blocks) int64 array
        Phase-1 slot potentials (a slot outside the network: its volunteer's).
    open_ : (n_m, n_blocks) bool array
        Sessions phase 2 may use (slot and volunteer arcs with ``rc1 <= 0``).
    s_reward : (n_m, n_blocks) int64 array
        1 where the session's arc is forced (``rc1 < 0``: the session stays full).
    m_reward : (n_m,) int64 array
        1 where the volunteer's load arcs are forced (the volunteer stays full).
    unit : int
        ``K``, the reward per saturated forced arc (the cost tier's bound).
    n_blocks : int
        Blocks per week.
    start : SlotArcs
        Phase 1's final candidate triples (plain costs): its flow, the stable pupils'
        arcs in force (always in phase 2's network when on the face: pricing counts a
        move on every other arc of theirs) and the first candidates.
    pairs : FeasiblePairs
        The full feasible graph (plain costs) that phase 2 prices.
    """

    pi_s: NDArray[np.int64]
    stay_key: NDArray[np.int64]
    slot_pi: NDArray[np.int64]
    open_: NDArray[np.bool_]
    s_reward: NDArray[np.int64]
    m_reward: NDArray[np.int64]
    unit: int
    n_blocks: int
    start: SlotArcs
    pairs: FeasiblePairs

    @property
    def shift(self) -> int:
        """Per-pupil cost shift keeping phase 2's costs non-negative."""
        return _REWARDS * self.unit

    def rc1(self, si: NDArray[np.int64], mi: NDArray[np.int64],
            block: NDArray[np.int64]) -> NDArray[np.int64]:
        """Phase-1 reduced cost of triples (a move costs 1, anything else 0)."""
        own = self.stay_key.take(si)
        move = ((own >= 0) & (mi * self.n_blocks + block != own)).astype(np.int64)
        return move - self.pi_s.take(si) + self.slot_pi[mi, block]

    def allowed(self, si: NDArray[np.int64], mi: NDArray[np.int64],
                block: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Triples of the face's network: ``rc1 <= 0`` on an open session."""
        return (self.rc1(si, mi, block) <= 0) & self.open_[mi, block]

    def reward(self, arcs: SlotArcs) -> NDArray[np.int64]:
        """Rewards (in units of ``K``) of pupil arcs: forced arc, session, volunteer."""
        forced = self.rc1(arcs.si, arcs.mi, arcs.block) < 0
        return forced.astype(np.int64) + self.rewards[arcs.mi, arcs.block]

    def prepare(self, arcs: SlotArcs) -> SlotArcs:
        """``arcs`` (plain costs) restricted to the face, costed for phase 2."""
        keep = self.allowed(arcs.si, arcs.mi, arcs.block)
        a = SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], arcs.cost[keep])
        return SlotArcs(a.si, a.mi, a.block, a.cost + self.shift - self.unit * self.reward(a))

    def initial(self) -> SlotArcs:
        """Phase 2's first candidates: phase 1's, on the face, costed for phase 2."""
        return self.prepare(self.start)

    def plain(self, arcs: SlotArcs) -> NDArray[np.int64]:
        """The plain (pair + session) cost of phase-2 arcs."""
        return arcs.cost - self.shift + self.unit * self.reward(arcs)

    def price(self, enc: Encoded, net: Network, pi: NDArray[np.int64],
              in_network: NDArray[np.int64], *, margin: int = 0,
              progress: Reporter | None = None) -> PricingResult:
        """Price the face's triples of the full graph against phase-2 potentials ``pi``.

        :func:`~mentormatch.solve.pricing.price` on the plain graph, with
        ``rc2 + L * (rc1 + closed)`` as reduced cost: the rewards and the shift
        enter the session, volunteer and pupil potentials, and so does ``L``
        times phase 1's. ``rc1 >= 0`` on every triple (phase 1's certificate)
        and ``L`` exceeds any violation of phase 2 (``max pi - min pi``), so a
        triple off the face (``rc1 >= 1`` or a closed session) never violates
        and a triple of the face has its own ``rc2``. The potentials are those
        of every (volunteer, session) (one node each in the network handed to
        pricing), and violators are returned with their phase-2 cost.
        """
        n_s, n_m, nb = enc.n_s, enc.n_m, self.n_blocks
        m0 = net.mentor_node0
        lever = int(pi.max(initial=0)) - int(pi.min(initial=0)) + 1
        table = np.repeat(pi[m0: m0 + n_m, None], nb, axis=1)
        table[net.slot_mentor, net.slot_block] = pi[n_s: n_s + net.n_slots]
        reach = int(np.abs(self.slot_pi).max(initial=0)) + int(np.abs(self.pi_s).max(initial=0))
        if lever * (reach + 2) >= _PRICE_LIMIT:
            raise ArithmeticError("phase-2 pricing potentials beyond int64")
        # table - unit * rewards + lever * (slot_pi + closed), in place (2.7 million
        # cells at 16,000 volunteers: one temporary instead of six)
        lift = self.slot_pi * lever
        lift[~self.open_] += lever
        lift -= self.unit * self.s_reward
        table += lift
        table -= (self.unit * self.m_reward)[:, None]
        move = (self.stay_key >= 0).astype(np.int64)
        offset = self.shift + lever * (move - self.pi_s)
        every = replace(net, n_slots=n_m * nb,
                        slot_mentor=np.repeat(np.arange(n_m, dtype=np.int64), nb),
                        slot_block=np.tile(np.arange(nb, dtype=np.int64), n_m))
        pot = np.concatenate([pi[:n_s], table.reshape(-1),
                              table.min(axis=1) if nb else np.zeros(n_m, dtype=np.int64),
                              pi[net.sink:]])
        got = price(enc, self.pairs, every, pot, in_network, margin=margin,
                    progress=progress, pupil_offset=offset)
        v = got.violators
        plain = v.cost - offset[v.si]
        keep = self.allowed(v.si, v.mi, v.block)   # near-tight extras may be off the face
        arcs = SlotArcs(v.si[keep], v.mi[keep], v.block[keep], plain[keep])
        arcs = SlotArcs(arcs.si, arcs.mi, arcs.block,
                        arcs.cost + self.shift - self.unit * self.reward(arcs))
        return replace(got, violators=arcs)

    @property
    def rewards(self) -> NDArray[np.int64]:
        """Forced session arc + forced volunteer arcs per (volunteer, session): 0, 1 or 2."""
        return self.s_reward + self.m_reward[:, None]


def unproved_volunteers(enc: Encoded, net: Network, pi: NDArray[np.int64], tiers: Tiers,
                        seen: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Volunteers outside ``seen`` some stable pupil's left-out pair might use (phase 1).

    A left-out triple (stable pupil ``p``, volunteer ``m`` outside ``seen``, not
    its own, session ``b``) has phase-1 reduced cost ``1 - pi[p] + slot(m, b)``
    (costs are 0, a move is 1; a slot outside the network takes its volunteer's
    potential, as pricing does), so at least ``1 - T + vm[m]`` with ``T`` the
    largest stable pupil's potential and ``vm[m]`` the volunteer's least slot
    potential over its free sessions. The volunteers returned are those with
    ``vm[m] < T``; for every other one the bound gives ``rc1 >= 1``: such a triple
    neither violates nor lies on phase 1's optimal face (phase 2 never needs it).
    """
    if tiers.stay_key is None or not tiers.n_stable:
        return np.zeros(0, dtype=np.int64)
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    m0 = net.mentor_node0
    slot = np.repeat(pi[m0: m0 + n_m, None], nb, axis=1)
    slot[net.slot_mentor, net.slot_block] = pi[n_s: n_s + net.n_slots]
    top = np.iinfo(np.int64).max // 4
    vm = np.where(mentor_blocks(enc), slot, top).min(axis=1) if nb else \
        np.full(n_m, top, dtype=np.int64)
    t = int(pi[:n_s][tiers.stay_key >= 0].max())
    return np.flatnonzero(~seen & (vm < t)).astype(np.int64)


def _complete_phase_one(enc: Encoded, one: SolveOutcome, tiers: Tiers, t1: Tiers,
                        lazy: StableGraph, *, backend: BackendChoice,
                        deadline: float | None, progress: Reporter | None
                        ) -> tuple[SolveOutcome, FeasiblePairs]:
    """Phase 1 proved against the full feasible graph of a lazily enumerated re-run.

    Enumerates the stable pupils' pairs to :func:`unproved_volunteers` and prices
    them against phase 1's potentials; when some violate, phase 1 is solved again
    on the larger graph (from its last candidates and the violators), and so on
    until the bound covers every pair left out. Returns phase 1's outcome and the
    graph enumerated (restricted as the solver sees it).
    """
    while True:
        cols = unproved_volunteers(enc, one.network, one.potentials, tiers, lazy.seen)
        if not cols.size:
            return one, lazy.pairs
        t0 = time.perf_counter()
        added = lazy.extend(cols)
        one.timings["candidates_lazy"] = one.timings.get("candidates_lazy", 0.0) \
            + time.perf_counter() - t0
        if not len(added):
            continue
        t0 = time.perf_counter()
        offset = (tiers.stay_key >= 0).astype(np.int64) if tiers.stay_key is not None \
            else None
        keys = np.sort(one.arcs.keys(enc.n_m, enc.n_blocks))
        got = price(enc, replace(added, cost=np.zeros_like(added.cost),
                                 session_cost=np.zeros_like(added.session_cost)),
                    one.network, one.potentials, keys, pupil_offset=offset, compiled=True)
        one.timings["price"] = one.timings.get("price", 0.0) + time.perf_counter() - t0
        if not len(got.violators.si):
            continue
        fp = lazy.pairs
        zero = replace(fp, cost=np.zeros(len(fp), dtype=np.int32),
                       session_cost=np.zeros_like(fp.session_cost))
        v = got.violators
        arcs = one.arcs.joined(SlotArcs(v.si, v.mi, v.block, v.cost))
        again = solve_with_pricing(enc, zero, backend=backend, deadline=deadline,
                                   progress=progress, tiers=t1,
                                   initial=replace(arcs, cost=np.zeros_like(arcs.cost)))
        timings = {k: one.timings.get(k, 0.0) + again.timings.get(k, 0.0)
                   for k in {*one.timings, *again.timings}}
        one = replace(again, rounds=one.rounds + again.rounds,
                      solves=one.solves + again.solves, timings=timings)


#: Whether phase 1 starts from the pairs in force (stable pupils on their own arcs, the
#: others unassigned), repaired by the primal-dual, when solved by the assignment reduction.
WARM_PHASE_ONE = True


def _chosen(backend: BackendChoice, enc: Encoded) -> str:
    return choose_backend("match", pupils=enc.n_s) if backend == "auto" else backend


def _stay_start(enc: Encoded, first: SlotArcs, t1: Tiers
                ) -> tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]]:
    """Phase 1's first arcs with the stable pupils' own arcs, and the flow of the pairs in
    force on their network (the other pupils unassigned)."""
    assert t1.stay_key is not None
    si = np.flatnonzero(t1.stay_key >= 0).astype(np.int64)
    mi, blk = np.divmod(t1.stay_key[si], enc.n_blocks)
    arcs = first.joined(SlotArcs(si, mi, blk, np.zeros(len(si), dtype=np.int64)))
    pair = np.zeros(len(arcs.si), dtype=np.int64)
    pair[len(first.si):] = 1
    flow, pi = _warm_flow(enc, arcs, pair, t1, 1)
    return arcs, flow, pi


def _warm_flow(enc: Encoded, arcs: SlotArcs, pair: NDArray[np.int64], tiers: Tiers, big: int
               ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The flow of ``pair`` (flow per arc of ``arcs``) on their network, and potentials.

    Each volunteer's load fills its cheapest load arcs; the volunteer and its
    slots are priced at the marginal cost of its last pupil (the sink at 0), so
    every volunteer-side arc meets complementary slackness; pupils are left at 0
    (the repair raises them, :func:`~mentormatch.solve.loop.reoptimize`).
    """
    assert tiers.load_int is not None
    net = build_network(enc, arcs, big, tiers.load_int, slot_room=tiers.slot_room,
                        must_match=tiers.must_match, limit=np.iinfo(np.int64).max)
    slot = np.bincount(net.head[: net.n_pair_arcs] - net.n_s, weights=pair,
                       minlength=net.n_slots).astype(np.int64)
    load = np.bincount(net.slot_mentor, weights=slot, minlength=enc.n_m).astype(np.int64)
    counts = np.bincount(net.load_mentor, minlength=enc.n_m)
    first = np.cumsum(counts) - counts
    pos = np.arange(net.n_load_arcs) - np.repeat(first, counts)
    lflow = (pos < load[net.load_mentor]).astype(np.int64)
    matched = np.bincount(arcs.si, weights=pair, minlength=enc.n_s).astype(np.int64)
    flow = np.concatenate([pair, slot, lflow, 1 - matched])
    lo = net.n_pair_arcs + net.n_slots
    last = np.where(load > 0, first + load - 1, -1)
    m_pi = np.where(last >= 0, net.cost[lo + np.maximum(last, 0)], 0) if net.n_load_arcs \
        else np.zeros(enc.n_m, dtype=np.int64)
    pi = np.zeros(net.sink + 1, dtype=np.int64)
    pi[net.mentor_node0: net.mentor_node0 + enc.n_m] = m_pi
    pi[net.n_s: net.n_s + net.n_slots] = m_pi[net.slot_mentor]
    return flow, pi


def _face_start(enc2: Encoded, face: Face, one: SolveOutcome, t2: Tiers, unit: int
                ) -> tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]]:
    """Phase 2's first arcs and phase 1's optimal flow on them (it lies on the face)."""
    a = face.start
    keep = face.allowed(a.si, a.mi, a.block)
    arcs = face.initial()
    pair = one.flow[: one.network.n_pair_arcs][keep].astype(np.int64)
    flow, pi = _warm_flow(enc2, arcs, pair, t2, unit)
    return arcs, flow, pi


def _plain_costs(enc: Encoded, fp: FeasiblePairs, si: NDArray[np.int64],
                 mi: NDArray[np.int64], block: NDArray[np.int64]) -> NDArray[np.int64]:
    """Plain (pair + session) costs of feasible triples; ``enc`` is the one ``fp`` was built on.

    :func:`~mentormatch.candidates.reference.pair_costs` is bit-identical to the
    feasible graph's costs (:func:`~mentormatch.candidates.generate.feasible_pairs`).
    """
    if not len(si):
        return np.zeros(0, dtype=np.int64)
    g = enc.s_primary.take(si).astype(np.int64)
    return pair_costs(enc, si, mi).astype(np.int64) + fp.session_cost[g, block]


def _face(net: Network, out: SolveOutcome, tiers: Tiers, enc: Encoded, unit: int,
          fp: FeasiblePairs, cost_enc: Encoded
          ) -> tuple[Face, NDArray[np.bool_], NDArray[np.bool_]]:
    """Phase 1's face, the pupils who must be matched and those forced unmatched."""
    pi = out.potentials
    rc = net.cost - pi[net.tail] + pi[net.head]
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    m0, sink = net.mentor_node0, net.sink
    slot_pi = np.repeat(pi[m0: m0 + n_m, None], nb, axis=1)
    slot_pi[net.slot_mentor, net.slot_block] = pi[n_s: n_s + net.n_slots]
    lo = net.n_pair_arcs
    s_rc = rc[lo: lo + net.n_slots]
    s_cap = net.capacity[lo: lo + net.n_slots]
    open_ = np.ones((n_m, nb), dtype=bool)
    s_reward = np.zeros((n_m, nb), dtype=np.int64)
    open_[net.slot_mentor, net.slot_block] = (s_rc <= 0) & (s_cap > 0)
    s_reward[net.slot_mentor, net.slot_block] = (s_rc < 0) & (s_cap > 0)
    # volunteers: their load arcs share one rc1 (load costs are 0 in phase 1)
    lo += net.n_slots
    l_rc = rc[lo: lo + net.n_load_arcs]
    has = np.bincount(net.load_mentor, minlength=n_m) > 0
    m_rc = pi[sink] - pi[m0: m0 + n_m]     # the load arcs' rc1 (cost 0)
    m_open = has & (m_rc <= 0)
    if l_rc.size and np.any(l_rc != m_rc[net.load_mentor]):
        raise ValueError("phase-1 load arcs are not free of cost")
    open_ &= m_open[:, None]
    m_reward = (has & (m_rc < 0)).astype(np.int64)
    # pupils: their "unassigned" arcs
    u = slice(len(net.tail) - n_s, len(net.tail))
    u_rc, u_cap = rc[u], net.capacity[u]
    must = (u_cap == 0) | (u_rc > 0)
    forced_out = (u_cap > 0) & (u_rc < 0)
    stay = tiers.stay_key if tiers.stay_key is not None else np.full(n_s, -1, dtype=np.int64)
    a = out.arcs
    start = SlotArcs(a.si, a.mi, a.block, _plain_costs(cost_enc, fp, a.si, a.mi, a.block))
    face = Face(pi[:n_s].astype(np.int64), stay, slot_pi, open_, s_reward, m_reward, unit, nb,
                start, fp)
    return face, must, forced_out


def solve_tiers(enc: Encoded, fp: FeasiblePairs, tiers: Tiers, *,
                backend: BackendChoice = "auto", deadline: float | None = None,
                progress: Reporter | None = None,
                cost_enc: Encoded | None = None,
                lazy: StableGraph | None = None) -> tuple[SolveOutcome, int]:
    """Solve the match with the pairs-in-force tiers exactly (see module docs).

    Parameters
    ----------
    enc, fp, backend, deadline, progress
        As :func:`~mentormatch.solve.loop.solve_with_pricing`.
    tiers : Tiers
        The pairs-in-force data (:mod:`mentormatch.continuity.plan`).
    cost_enc : Encoded, optional
        The encoding ``fp`` was built on (default ``enc``; the re-run solves an
        encoding with full sessions closed, :class:`~mentormatch.continuity.plan.Plan`).
    lazy : StableGraph, optional
        The re-run's lazily enumerated graph (``fp`` is its :attr:`~StableGraph.pairs`);
        two phases only. Phase 1 enlarges it until its bound proves every pair
        left out useless (:func:`unproved_volunteers`); phase 2 prices that graph.

    Returns
    -------
    outcome : SolveOutcome
        The certified solve.
    move : int
        What each moved stable pupil's arc cost carries beyond its plain cost
        (the folded objective's ``MOVE``; 0 after two phases).
    """
    if not two_phases(enc, fp, tiers):
        if lazy is not None:
            raise ValueError("a lazily enumerated graph needs the two phases")
        out = solve_with_pricing(enc, fp, backend=backend, deadline=deadline,
                                 progress=progress, tiers=tiers)
        return out, (out.network.big // (tiers.n_stable + 1) if tiers.n_stable else 0)
    load_int = mentor_load_costs(enc) if tiers.load_int is None else tiers.load_int
    # phase 1: coverage and moves, every cost 0
    zero = replace(fp, cost=np.zeros(len(fp), dtype=np.int32),
                   session_cost=np.zeros_like(fp.session_cost))
    t1 = replace(tiers, load_int=[np.zeros_like(x) for x in load_int],
                 stay_cost=np.zeros(enc.n_s, dtype=np.int64))
    # the first candidates by plain cost (both phases start from them), costs 0 in phase 1
    t0 = time.perf_counter()
    first = first_arcs(enc, fp, tiers)
    select = time.perf_counter() - t0
    first0 = replace(first, cost=np.zeros_like(first.cost))
    start = _stay_start(enc, first0, t1) if WARM_PHASE_ONE and _chosen(backend, enc) \
        == "assignment" else None
    one = solve_with_pricing(enc, zero, backend=backend, deadline=deadline,
                             progress=progress, tiers=t1,
                             initial=None if start is not None else first0, start=start)
    if lazy is not None:
        one, fp = _complete_phase_one(enc, one, tiers, t1, lazy, backend=backend,
                                      deadline=deadline, progress=progress)
    # the cost tier's bound, from every pair phase 2 may use (after phase 1: a lazy
    # graph is complete then)
    unit, _ = tier_units(enc, fp, replace(tiers, stay_key=None, load_int=load_int))
    face, must, forced_out = _face(one.network, one, tiers, enc, unit, fp,
                                   enc if cost_enc is None else cost_enc)
    # phase 2: the cost on phase 1's optimal face
    enc2 = replace(enc, s_weight=(_REWARDS - forced_out).astype(np.int64))
    t2 = Tiers(load_int=load_int, slot_room=tiers.slot_room, must_match=must)
    # phase 1's optimal flow lies on the face (not a flow stopped by the deadline)
    start2 = _face_start(enc2, face, one, t2, unit) if start is not None and one.optimal \
        else None
    two = solve_with_pricing(enc2, fp, backend=backend, deadline=deadline,
                             progress=progress, tiers=t2, big=unit, face=face,
                             initial=None if start2 is not None else face.initial(),
                             start=start2)
    # report phase 2 in plain costs: pairs and loads, unmatched pupils at weight * K
    net = two.network
    plain = face.plain(two.arcs)
    cost = net.cost.copy()
    cost[: net.n_pair_arcs] = plain
    cost[len(cost) - enc.n_s:] = enc.s_weight * unit
    report = replace(net, cost=cost, big=unit)
    objective = int(cost @ two.flow)
    gap = two.objective - two.dual_bound
    optimal = one.optimal and two.optimal
    status = two.status if one.optimal else one.status
    timings = {k: one.timings.get(k, 0.0) + two.timings.get(k, 0.0)
               for k in {*one.timings, *two.timings}}
    timings["select"] = timings.get("select", 0.0) + select
    timings["tier_phases"] = 2.0
    out = replace(two, network=report, arcs=SlotArcs(two.arcs.si, two.arcs.mi, two.arcs.block,
                                                     plain),
                  objective=objective, dual_bound=objective - gap, optimal=optimal,
                  status=status, rounds=one.rounds + two.rounds, solves=one.solves + two.solves,
                  timings=timings)
    return out, 0

