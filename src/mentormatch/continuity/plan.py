"""What the solver is given for the pairs in force: fixed pairs removed, tiers for the rest.

* **Fixed pairs** (``locked`` in every mode, every valid pair in ``"keep"``)
  leave the problem: their pupils are dropped from the encoded problem, their
  volunteers keep the places left (capacity minus the fixed load; a session
  full of fixed pupils is closed, a group session partly taken keeps its room,
  :attr:`Tiers.slot_room`), and the load-balance cost of the next pupil starts
  after the fixed load (:attr:`Tiers.load_int`). The match of the rest is then
  small when most pairs are fixed, and certified for the problem with these
  pairs fixed.
* **Stable pairs** (``"stable"``, the valid unfixed pairs in force): the pupil's
  "unassigned" arc is closed (:attr:`Tiers.must_match`: a hard constraint,
  the pair in force is a feasible way to keep it), and every arc of the pupil
  other than its own (volunteer, session) costs one *move* more
  (:attr:`Tiers.stay_key`): a tier strictly between coverage and cost (the
  solver's ``MOVE`` and ``BIG``, see :func:`mentormatch.solve.loop.solve_with_pricing`).
* Pupils whose pair ended weigh ``Policy.priority_weights["rematch"]`` more.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs import load_costs
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.reference import pair_costs
from mentormatch.continuity.inforce import Checked

__all__ = ["REMATCH_TAG", "Plan", "Tiers", "plan", "restrict_pairs", "stay_costs",
           "subset_students"]

#: Priority tag whose weight a pupil gains when their pair in force ended.
REMATCH_TAG = "rematch"

#: Pairs checked at once for a common open session.
_CHUNK = 1_000_000


@dataclass(frozen=True)
class Tiers:
    """Pairs-in-force data for :func:`mentormatch.solve.loop.solve_with_pricing`.

    Attributes
    ----------
    load_int : list of int64 arrays, optional
        Per volunteer, the quantised marginal load costs of the places left.
    slot_room : (n_m, n_blocks) int64 array, optional
        Places left per (volunteer, session); None: the group sizes.
    must_match : (n_s,) bool array, optional
        Pupils who must stay matched (their "unassigned" arc is closed).
    stay_key : (n_s,) int64 array, optional
        ``volunteer * n_blocks + block`` of the pupil's pair in force (the
        only choice free of a move), -1 for pupils without one.
    stay_cost : (n_s,) int64 array, optional
        Quantised cost (pair + session) of that arc.
    """

    load_int: list[NDArray[np.int64]] | None = None
    slot_room: NDArray[np.int64] | None = None
    must_match: NDArray[np.bool_] | None = None
    stay_key: NDArray[np.int64] | None = None
    stay_cost: NDArray[np.int64] | None = None

    @property
    def n_stable(self) -> int:
        """Pupils whose pair in force may only move (counted moves)."""
        return 0 if self.stay_key is None else int(np.count_nonzero(self.stay_key >= 0))


@dataclass(frozen=True)
class Plan:
    """The problem the solver sees and how it maps back.

    ``enc_full`` is the whole problem with the pairs in force as current
    mentors and the rematch weights; ``enc_cost`` is it without the fixed
    pupils, with the volunteers' capacities reduced (costs and reasons are computed on it);
    ``enc_solve`` is the same with sessions full of fixed pupils closed (what
    the solver may use). ``rows`` maps its pupils to rows of the full
    encoding. ``fixed_*``: the fixed pairs (full-encoding indices).
    """

    enc_full: Encoded
    enc_cost: Encoded
    enc_solve: Encoded
    rows: NDArray[np.int64]
    fixed_si: NDArray[np.int64]
    fixed_mi: NDArray[np.int64]
    fixed_block: NDArray[np.int64]
    stable_si: NDArray[np.int64]      # rows of enc_cost
    stable_mi: NDArray[np.int64]
    stable_block: NDArray[np.int64]
    tiers: Tiers


def _remap_keys(keys: NDArray[np.int64], rows: NDArray[np.int64], n_s: int,
                n_m: int) -> NDArray[np.int64]:
    """Keys ``s * n_m + m`` of the full encoding, on the kept rows only, renumbered."""
    new_of = np.full(n_s, -1, dtype=np.int64)
    new_of[rows] = np.arange(len(rows), dtype=np.int64)
    s, m = np.divmod(keys, max(n_m, 1))
    ns = new_of[s] if keys.size else s
    keep = ns >= 0
    return np.unique(ns[keep] * n_m + m[keep])


def subset_students(enc: Encoded, rows: NDArray[np.int64]) -> Encoded:
    """The encoding restricted to the pupils ``rows`` (kept in canonical order)."""
    take = {name: getattr(enc, name)[rows] for name in (
        "s_level", "s_needs", "s_avail", "s_lat", "s_lon", "s_located", "s_modes", "s_device",
        "s_connection", "s_minor", "s_lang", "s_gender_req", "s_territory", "s_association",
        "s_current", "s_weight", "s_primary")}
    return replace(
        enc, student_ids=tuple(enc.student_ids[int(i)] for i in rows),
        students=tuple(enc.students[int(i)] for i in rows),
        excluded_keys=_remap_keys(enc.excluded_keys, rows, enc.n_s, enc.n_m),
        self_keys=_remap_keys(enc.self_keys, rows, enc.n_s, enc.n_m), **take)


def _clear_blocks(avail: NDArray[np.uint64], mi: NDArray[np.int64],
                  block: NDArray[np.int64]) -> NDArray[np.uint64]:
    out = avail.copy()
    bit = np.left_shift(np.uint64(1), (block & 63).astype(np.uint64))
    np.bitwise_and.at(out, (mi, block >> 6), ~bit)
    return out


def plan(enc: Encoded, checked: Checked, mode: str) -> Plan:
    """Split the pairs in force into fixed and stable pairs and build the solver's problem.

    Parameters
    ----------
    enc : Encoded
        The full new problem, encoded.
    checked : Checked
        Its pairs in force, checked (:func:`~mentormatch.continuity.inforce.check_in_force`).
    mode : {"keep", "stable", "free"}
        ``Policy.continuity``.

    Returns
    -------
    Plan
        The reduced encodings, the fixed and stable pairs, and the tiers.
    """
    policy = enc.problem.policy
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    fixed = checked.locked | (mode == "keep")
    f_si, f_mi, f_b = checked.si[fixed], checked.mi[fixed], checked.block[fixed]
    # continuity cost and rematch weight on the full encoding
    s_current = enc.s_current.copy()
    s_weight = enc.s_weight.copy()
    index = {sid: i for i, sid in enumerate(enc.student_ids)}
    m_index = {mid: j for j, mid in enumerate(enc.mentor_ids)}
    for sid, p in checked.in_force.items():
        s_current[index[sid]] = m_index.get(p.mentor_id, -1)
    bonus = policy.priority_weights.get(REMATCH_TAG, 0)
    for sid in checked.ended:
        s_weight[index[sid]] += bonus
    full = replace(enc, s_current=s_current, s_weight=s_weight)
    keep_row = np.ones(n_s, dtype=bool)
    keep_row[f_si] = False
    rows = np.flatnonzero(keep_row).astype(np.int64)
    load0 = np.bincount(f_mi, minlength=n_m).astype(np.int64)
    used = np.zeros((n_m, nb), dtype=np.int64)
    np.add.at(used, (f_mi, f_b), 1)
    room = enc.m_group[:, None] - used
    capacity = enc.m_capacity - load0
    enc_cost = subset_students(full, rows) if len(f_si) else full
    enc_cost = replace(enc_cost, m_capacity=capacity)
    full_slot = np.nonzero((used > 0) & (room <= 0))
    enc_solve = replace(enc_cost, m_avail=_clear_blocks(enc.m_avail, full_slot[0].astype(
        np.int64), full_slot[1].astype(np.int64))) if full_slot[0].size else enc_cost
    # stable pairs, renumbered
    new_of = np.full(n_s, -1, dtype=np.int64)
    new_of[rows] = np.arange(len(rows), dtype=np.int64)
    stable = ~fixed if mode == "stable" else np.zeros(len(fixed), dtype=bool)
    st_si = new_of[checked.si[stable]]
    st_mi, st_b = checked.mi[stable], checked.block[stable]
    load_int = None
    if len(f_si):
        load_int = [quantise(load_costs(int(c), policy.weights.load_balance), policy.cost_scale,
                             "load")[int(k):] for c, k in zip(enc.m_capacity, load0, strict=True)]
    tiers = Tiers(load_int=load_int, slot_room=room if len(f_si) else None)
    if st_si.size:
        must = np.zeros(len(rows), dtype=bool)
        must[st_si] = True
        key = np.full(len(rows), -1, dtype=np.int64)
        key[st_si] = st_mi * nb + st_b
        tiers = replace(tiers, must_match=must, stay_key=key)
    return Plan(full, enc_cost, enc_solve, rows, f_si, f_mi, f_b, st_si, st_mi, st_b, tiers)


def restrict_pairs(pl: Plan, fp: FeasiblePairs) -> FeasiblePairs:
    """The feasible pairs the solver may use, and the stay costs of the stable pairs.

    Drops pairs to volunteers without places left and pairs whose every
    common session is full of fixed pupils (their costs are unchanged: they
    come from ``enc_cost``). Sets :attr:`Tiers.stay_cost` from ``fp``.
    """
    enc = pl.enc_solve
    if len(pl.fixed_si):
        keep = enc.m_capacity[fp.mi] > 0
        closed = np.flatnonzero(keep & (enc.m_avail != pl.enc_cost.m_avail).any(axis=1)[fp.mi])
        for lo in range(0, len(closed), _CHUNK):   # bounded temporaries
            part = closed[lo: lo + _CHUNK]
            keep[part] = fp.common_blocks(enc, part.astype(np.int64)).any(axis=1)
        if not keep.all():
            fp = replace(fp, si=fp.si[keep], mi=fp.mi[keep], cost=fp.cost[keep],
                         session_limit=None if fp.session_limit is None
                         else fp.session_limit[keep])
    return fp


def stay_costs(pl: Plan, fp: FeasiblePairs) -> Tiers:
    """:attr:`Plan.tiers` with the quantised cost of each stable pupil's own arc.

    The pair cost is :func:`~mentormatch.candidates.reference.pair_costs` on
    ``enc_cost`` (bit-identical to the feasible graph's, which is built on it; a
    valid pair in force passes every rule, so it is one of ``fp``'s pairs), plus
    the session's.
    """
    t = pl.tiers
    if not pl.stable_si.size or t.stay_key is None:
        return t
    g = pl.enc_cost.s_primary[pl.stable_si].astype(np.int64)
    cost = np.zeros(pl.enc_cost.n_s, dtype=np.int64)
    cost[pl.stable_si] = pair_costs(pl.enc_cost, pl.stable_si, pl.stable_mi).astype(
        np.int64) + fp.session_cost[g, pl.stable_block]
    return replace(t, stay_cost=cost)
