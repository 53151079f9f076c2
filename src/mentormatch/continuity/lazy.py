"""The feasible graph of a stable re-run, enumerated only where a move can pay.

A weekly re-run in ``"stable"`` mode keeps nearly every pair in force, yet every
stable pupil stays in the problem (it may move), so enumerating and pricing
the whole feasible graph again costs as much as in the first run.
:class:`StableGraph` enumerates instead:

* every pair of the pupils without a stable pair in force (newcomers, pupils
  whose pair ended, pupils unmatched before), as the full graph has them;
* each stable pupil's own pair;
* the stable pupils' pairs to the volunteers in :attr:`StableGraph.seen`: at
  first those with places left after the pairs in force, then any volunteer
  the solver's potentials cannot prove useless to every stable pupil
  (:meth:`StableGraph.extend`, called by
  :func:`mentormatch.solve.tiers.solve_tiers`).

The pairs left out are the stable pupils' pairs to the volunteers outside
``seen`` (other than their own). Phase 1 of the two-phase tiers proves, with a
bound on its final potentials, that every such pair has a phase-1 reduced cost
of at least 1: it could neither improve coverage or moves nor lie on the face
phase 2 optimises over (``docs/engine.md``, "Pairs in force"). Rows of the
enumerated graph are exactly the full graph's rows for these pairs, in its
order (pupil, cost, volunteer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.reference import pair_costs
from mentormatch.continuity.plan import Plan, restrict_pairs, subset_students

__all__ = ["START_WITH_ROOM", "StableGraph", "subset_mentors"]

#: Whether the first graph holds the stable pupils' pairs to the volunteers with places
#: left (those a move most often uses; False: their own pairs only, the rest found by
#: phase 1's bound, as tests force it).
START_WITH_ROOM = True

_MENTOR_FIELDS = ("m_offer_level", "m_avail", "m_lat", "m_lon", "m_located", "m_radius_km",
                  "m_modes", "m_capacity", "m_group", "m_lang", "m_gender", "m_clearance",
                  "m_territory", "m_association")


def subset_mentors(enc: Encoded, cols: NDArray[np.int64]) -> Encoded:
    """The encoding restricted to the volunteers ``cols`` (increasing indices).

    A pupil whose current volunteer is outside ``cols`` keeps a current
    volunteer no volunteer of the subset is (the continuity cost of every pair
    is the full encoding's).
    """
    n_m = enc.n_m
    new_of = np.full(n_m, -1, dtype=np.int64)
    new_of[cols] = np.arange(len(cols), dtype=np.int64)
    width = len(cols)

    def remap(keys: NDArray[np.int64]) -> NDArray[np.int64]:
        if not keys.size:
            return keys
        s, m = np.divmod(keys, max(n_m, 1))
        nm = new_of[m]
        keep = nm >= 0
        return np.unique(s[keep] * width + nm[keep])

    cur = enc.s_current.astype(np.int64)
    mapped = new_of[np.maximum(cur, 0)] if n_m else np.full(len(cur), -1, dtype=np.int64)
    s_current = np.where(cur < 0, -1, np.where(mapped >= 0, mapped, width)).astype(
        enc.s_current.dtype)
    return replace(enc, mentor_ids=tuple(enc.mentor_ids[int(j)] for j in cols),
                   mentors=tuple(enc.mentors[int(j)] for j in cols), s_current=s_current,
                   excluded_keys=remap(enc.excluded_keys), self_keys=remap(enc.self_keys),
                   **{name: getattr(enc, name)[cols] for name in _MENTOR_FIELDS})


def _empty(session: NDArray[np.int64]) -> FeasiblePairs:
    z = np.zeros(0, dtype=np.int32)
    return FeasiblePairs(z, z.copy(), z.copy(), session)


def _keys(fp: FeasiblePairs, cmin: int, c_bits: int, m_bits: int) -> NDArray[np.int64]:
    """Packed ``(pupil, cost, volunteer)`` keys, increasing along a sorted graph."""
    key = fp.si.astype(np.int64) << (c_bits + m_bits)
    key |= (fp.cost.astype(np.int64) - cmin) << m_bits
    key |= fp.mi
    return key


#: Largest number of pairs :func:`_insert` places by a search of their pupils' rows only.
_FEW = 10_000


def _interleave(big: FeasiblePairs, small: FeasiblePairs, at: NDArray[np.int64]
                ) -> FeasiblePairs:
    """``big`` with ``small``'s pairs inserted before rows ``at`` (non-decreasing).

    One concatenation of slices per column: no full-length index or mask.
    """
    cuts = [0, *at.tolist(), len(big)]
    cols = []
    for a, b in ((big.si, small.si), (big.mi, small.mi), (big.cost, small.cost)):
        pieces = []
        for k in range(len(small)):
            pieces.append(a[cuts[k]: cuts[k + 1]])
            pieces.append(b[k: k + 1])
        pieces.append(a[cuts[-2]:])
        cols.append(np.concatenate(pieces).astype(np.int32, copy=False))
    return FeasiblePairs(cols[0], cols[1], cols[2], big.session_cost)


def _few_positions(big: FeasiblePairs, small: FeasiblePairs) -> NDArray[np.int64]:
    """Where each of ``small``'s pairs goes in ``big``: a binary search of its pupil's rows.

    Rows of a pupil are sorted by (cost, volunteer); the search is vectorised
    over ``small``'s pairs (log steps), reading only their pupils' rows.
    """
    c = small.cost.astype(np.int64)
    m = small.mi.astype(np.int64)
    lo = np.searchsorted(big.si, small.si, side="left").astype(np.int64)
    hi = np.searchsorted(big.si, small.si, side="right").astype(np.int64)
    live = np.flatnonzero(lo < hi)
    while live.size:
        mid = (lo[live] + hi[live]) // 2
        bc = big.cost.take(mid).astype(np.int64)
        before = (bc < c[live]) | ((bc == c[live]) & (big.mi.take(mid) < m[live]))
        lo[live[before]] = mid[before] + 1
        hi[live[~before]] = mid[~before]
        live = live[lo.take(live) < hi.take(live)]
    return lo


def _insert(big: FeasiblePairs, small: FeasiblePairs, n_m: int) -> FeasiblePairs:
    """Both graphs' pairs (each sorted by pupil, cost, volunteer; none in both), sorted.

    The places of ``small``'s pairs are found by a binary search of packed keys
    (a lexsort when they do not fit 63 bits), then both are written in place;
    a few pairs (at most :data:`_FEW`, e.g. an extension of phase 1) are placed
    by a search of their pupils' rows only and spliced in (an extension of 5
    pairs rebuilt the keys of a 9.6-million-pair graph: 0.2 s).
    """
    if not len(small):
        return big
    if not len(big):
        return replace(small, session_cost=big.session_cost)
    if len(small) <= _FEW:
        return _interleave(big, small, _few_positions(big, small))
    cmin = min(int(big.cost.min()), int(small.cost.min()))
    c_bits = (max(int(big.cost.max()), int(small.cost.max())) - cmin).bit_length()
    m_bits = max(n_m - 1, 0).bit_length()
    s_bits = max(int(big.si.max()), int(small.si.max())).bit_length()
    n = len(big) + len(small)
    if s_bits + c_bits + m_bits > 63:
        si = np.concatenate([big.si, small.si])
        mi = np.concatenate([big.mi, small.mi])
        cost = np.concatenate([big.cost, small.cost])
        order = np.lexsort((mi, cost, si))
        return FeasiblePairs(si.take(order), mi.take(order), cost.take(order),
                             big.session_cost)
    at = np.searchsorted(_keys(big, cmin, c_bits, m_bits), _keys(small, cmin, c_bits, m_bits))
    at += np.arange(len(small))
    rest = np.ones(n, dtype=bool)
    rest[at] = False
    cols = []
    for a, b in ((big.si, small.si), (big.mi, small.mi), (big.cost, small.cost)):
        out = np.empty(n, dtype=np.int32)
        out[rest] = a
        out[at] = b
        cols.append(out)
    return FeasiblePairs(cols[0], cols[1], cols[2], big.session_cost)


def _disjoint(a: FeasiblePairs, b: FeasiblePairs, n_s: int,
              a_rows: NDArray[np.int64] | None = None) -> FeasiblePairs:
    """Both graphs' pairs, sorted; ``a`` and ``b`` sorted and of different pupils.

    ``a_rows``: ``a``'s pupils are indices into it (``a`` was enumerated on
    those pupils only); they are mapped on the way. The merge copies runs of
    consecutive pupils of the same graph (one slice per run and column, runs
    being at most twice the pupils of the smaller side), and the pupil column
    is written as repeats: no full-length index array is built.
    """
    ca = np.bincount(a.si, minlength=len(a_rows) if a_rows is not None else n_s)
    if a_rows is not None:
        full = np.zeros(n_s, dtype=ca.dtype)
        full[a_rows] = ca
        ca = full
    if not len(a) or not len(b):
        if not len(a):
            return replace(b, session_cost=a.session_cost)
        if a_rows is None:
            return a
    cb = np.bincount(b.si, minlength=n_s)
    if np.any((ca > 0) & (cb > 0)):
        raise ValueError("the graphs share pupils")
    source = np.where(ca > 0, 1, np.where(cb > 0, 2, 0))
    pupils = np.flatnonzero(source)
    side = source.take(pupils)
    starts = np.r_[0, np.flatnonzero(side[1:] != side[:-1]) + 1]
    rows = (ca + cb).take(pupils)
    ends = np.cumsum(rows)
    run_rows = np.diff(np.r_[0, ends.take(np.r_[starts[1:] - 1, len(pupils) - 1])]) \
        if pupils.size else np.zeros(0, dtype=np.int64)
    cols: list[NDArray[np.int32]] = []
    for name in ("mi", "cost"):
        src = {1: getattr(a, name), 2: getattr(b, name)}
        at = {1: 0, 2: 0}
        pieces = []
        for sd, k in zip(side.take(starts).tolist(), run_rows.tolist(), strict=True):
            pieces.append(src[sd][at[sd]: at[sd] + k])
            at[sd] += k
        cols.append(np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int32))
    si = np.repeat(np.arange(n_s, dtype=np.int32), ca + cb)
    return FeasiblePairs(si, cols[0].astype(np.int32, copy=False),
                         cols[1].astype(np.int32, copy=False), a.session_cost)


@dataclass
class StableGraph:
    """The feasible graph of a stable re-run, enumerated lazily (see module docs).

    Build it with :meth:`start`. Indices are those of ``Plan.enc_cost`` (the
    solver's encoding has the same pupils and volunteers).

    Attributes
    ----------
    pl : Plan
        The re-run's plan.
    feasible : callable
        Enumerates an encoding's feasible graph
        (:func:`~mentormatch.candidates.generate.feasible_pairs`).
    seen : (n_m,) bool array
        Volunteers whose pairs with every stable pupil are enumerated.
    pairs : FeasiblePairs
        The pairs enumerated so far, restricted as the solver sees them
        (:func:`~mentormatch.continuity.plan.restrict_pairs`), in the full graph's order.
    enumerated : FeasiblePairs
        The same before that restriction (what reasons are drawn from).
    extensions : int
        How many times :meth:`extend` added volunteers.
    """

    pl: Plan
    feasible: Callable[[Encoded], FeasiblePairs]
    seen: NDArray[np.bool_]
    pairs: FeasiblePairs
    enumerated: FeasiblePairs
    extensions: int = field(default=0)

    @property
    def own_mentor(self) -> NDArray[np.int64]:
        """Per pupil of ``enc_cost``: the volunteer of its stable pair, -1 without one."""
        own = np.full(self.pl.enc_cost.n_s, -1, dtype=np.int64)
        own[self.pl.stable_si] = self.pl.stable_mi
        return own

    @classmethod
    def start(cls, pl: Plan, feasible: Callable[[Encoded], FeasiblePairs], *,
              with_room: bool | None = None) -> StableGraph | None:
        """The first graph: every pair of the other pupils, the stable pupils' own pairs
        and (``with_room``, default :data:`START_WITH_ROOM`) their pairs to the
        volunteers with places left.

        None when there are no stable pupils or a cost cap is set (every pair is
        enumerated then).
        """
        enc = pl.enc_cost
        if not pl.stable_si.size or enc.problem.policy.max_pair_cost is not None:
            return None
        stable = np.zeros(enc.n_s, dtype=bool)
        stable[pl.stable_si] = True
        rows = np.flatnonzero(~stable).astype(np.int64)
        first = feasible(subset_students(enc, rows) if rows.size < enc.n_s else enc)
        session = first.session_cost
        seen = np.zeros(enc.n_m, dtype=bool)
        if START_WITH_ROOM if with_room is None else with_room:
            load = np.bincount(pl.stable_mi, minlength=enc.n_m)
            seen = enc.m_capacity - load > 0
        graph = cls(pl, feasible, seen, first, first)
        own_si, own_mi = pl.stable_si, pl.stable_mi
        order = np.argsort(own_si, kind="stable")
        own_si, own_mi = own_si.take(order), own_mi.take(order)
        own = FeasiblePairs(own_si.astype(np.int32), own_mi.astype(np.int32),
                            pair_costs(enc, own_si, own_mi).astype(np.int32), session)
        stable_part = _insert(graph._rectangle(np.flatnonzero(seen).astype(np.int64)), own,
                              enc.n_m)
        graph.enumerated = _disjoint(first, stable_part, enc.n_s,
                                     rows if rows.size < enc.n_s else None)
        graph.pairs = restrict_pairs(pl, graph.enumerated)
        return graph

    def _rectangle(self, cols: NDArray[np.int64]) -> FeasiblePairs:
        """Every stable pupil's pairs to the volunteers ``cols`` but its own pair."""
        enc = self.pl.enc_cost
        session = self.pairs.session_cost
        if not cols.size:
            return _empty(session)
        st = np.unique(self.pl.stable_si)
        got = self.feasible(subset_mentors(subset_students(enc, st), cols))
        si = st.take(got.si)
        mi = cols.take(got.mi)
        keep = mi != self.own_mentor.take(si)
        return FeasiblePairs(si[keep].astype(np.int32), mi[keep].astype(np.int32),
                             got.cost[keep], session)

    def extend(self, cols: NDArray[np.int64]) -> FeasiblePairs:
        """Enumerate the stable pupils' pairs to the volunteers ``cols`` (not yet seen).

        Returns the pairs added (restricted as :attr:`pairs`); :attr:`pairs` and
        :attr:`enumerated` include them.
        """
        cols = np.unique(cols[~self.seen[cols]]).astype(np.int64)
        add = self._rectangle(cols)
        self.seen[cols] = True
        self.extensions += 1
        n_m = self.pl.enc_cost.n_m
        self.enumerated = _insert(self.enumerated, add, n_m)
        added = restrict_pairs(self.pl, add)
        self.pairs = _insert(self.pairs, added, n_m) if len(self.pl.fixed_si) \
            else self.enumerated
        return added
