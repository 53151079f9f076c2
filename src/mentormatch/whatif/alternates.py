"""Backup volunteers of matched pupils, from the optimum's reduced costs.

For a matched pupil, an *alternate* is a volunteer who passes every hard rule
for them (a pair of the full feasible graph), other than their mentor, who
has a free place in the optimum in force (load below capacity) and a session
in common with the pupil at which they have room (a new session, or a group
session below its group size). Its ``extra_cost`` is the new pair's cost
(pair, session, and the volunteer's next load cost) minus the current pair's;
its ``reduced_cost`` is the new arc's reduced cost under the optimum's
potentials. Computed with arrays for all pupils at once: each pupil's
:data:`ROWS` cheapest pairs to volunteers with room are expanded into their
common free sessions (the best session of each pair is kept).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import group_rank, lexsort_int
from mentormatch.network import expand_sessions, mentor_load_costs
from mentormatch.result.model import Session
from mentormatch.whatif.model import Alternate
from mentormatch.whatif.resolve import Engine

__all__ = ["ROWS", "alternates"]

#: Cheapest pairs (to volunteers with room) examined per pupil.
ROWS = 30


def _words_of(bits: NDArray[np.bool_]) -> NDArray[np.uint64]:
    n, width = bits.shape
    pad = np.zeros((n, ((width + 63) // 64) * 64), dtype=bool)
    pad[:, :width] = bits
    return np.packbits(pad, axis=1, bitorder="little").view(np.uint64)


def alternates(base: Engine, student_ids: list[str] | None = None, k: int = 3
               ) -> dict[str, tuple[Alternate, ...]]:
    """Up to ``k`` backup volunteers of each matched pupil (cheapest extra cost first).

    Parameters
    ----------
    base : Engine
        The optimum in force (:func:`mentormatch.whatif.resolve.engine`).
    student_ids : list of str, optional
        The pupils (default: every matched pupil).
    k : int
        Alternates per pupil.
    """
    enc, fp, sol = base.enc, base.fp, base.solution
    s_of, m_of = base.ids()
    ids = [x for x in (student_ids if student_ids is not None else sol.assignment)
           if x in sol.assignment]
    out: dict[str, tuple[Alternate, ...]] = {x: () for x in ids}
    if not ids or k <= 0:
        return out
    # the optimum in force: each volunteer's load and sessions
    cur_m = np.full(enc.n_s, -1, dtype=np.int64)
    cur_b = np.full(enc.n_s, -1, dtype=np.int64)
    for sid, (mid, block) in sol.assignment.items():
        cur_m[s_of[sid]] = m_of[mid]
        cur_b[s_of[sid]] = block
    on = cur_m >= 0
    load = np.bincount(cur_m[on], minlength=enc.n_m)
    seats = np.zeros((enc.n_m, enc.n_blocks), dtype=np.int64)
    np.add.at(seats, (cur_m[on], cur_b[on]), 1)
    free = _words_of(seats < enc.m_group[:, None])
    room = load < enc.m_capacity
    load_int = base.load_int if base.load_int is not None else mentor_load_costs(enc)
    next_load = np.array([int(c[min(ld, len(c) - 1)]) if len(c) else 0
                          for c, ld in zip(load_int, load, strict=True)], dtype=np.int64)
    want = np.zeros(enc.n_s, dtype=bool)
    want[[s_of[x] for x in ids]] = True
    if len(ids) * 16 < enc.n_s:   # a few pupils: their rows through the pair index (sorted)
        rows = base.pair_index().rows(want, np.zeros(enc.n_m, dtype=bool))
        rows = rows[room[fp.mi[rows]] & (fp.mi[rows] != cur_m[fp.si[rows]])]
    else:   # most pupils (the ``alternates`` column): one pass over the graph
        rows = np.flatnonzero(want[fp.si] & room[fp.mi] & (fp.mi != cur_m[fp.si]))
    rows = rows[group_rank(fp.si[rows].astype(np.int64)) < ROWS]
    si = fp.si[rows].astype(np.int64)
    mi = fp.mi[rows].astype(np.int64)
    common = enc.s_avail[si] & enc.m_avail[mi] & free[mi]
    row, blk = expand_sessions(common, enc.n_blocks)
    if not row.size:
        return out
    g = enc.s_primary[si[row]].astype(np.int64)
    arc = fp.cost[rows][row].astype(np.int64) + fp.session_cost[g, blk]
    total = arc + next_load[mi[row]]
    # the current pair's arc cost and load cost (the last place taken at its volunteer)
    cur_arc = _current_arc_costs(base, cur_m, cur_b)
    cur_load = np.array([int(c[max(ld - 1, 0)]) if len(c) and ld else 0
                         for c, ld in zip(load_int, load, strict=True)], dtype=np.int64)
    extra = total - cur_arc[si[row]] - cur_load[cur_m[si[row]]]
    # reduced cost of the new arc: cost - pi[pupil] + pi[slot] (slot: its volunteer's if absent)
    pi = base.potentials
    net = base.net
    slot_pi = np.full((enc.n_m, enc.n_blocks), 0, dtype=np.int64)
    slot_pi[:] = pi[net.mentor_node0: net.mentor_node0 + enc.n_m][:, None]
    slot_pi[net.slot_mentor, net.slot_block] = pi[net.n_s: net.mentor_node0]
    rc = arc - pi[si[row]] + slot_pi[mi[row], blk]
    # best session per pair, then the k cheapest pairs per pupil
    order = lexsort_int((blk, extra, row))
    first = order[np.r_[True, row[order][1:] != row[order][:-1]]]
    order2 = lexsort_int((mi[row[first]], extra[first], si[row[first]]))
    pick = first[order2][group_rank(si[row[first]][order2]) < k]
    scale = enc.problem.policy.cost_scale
    minutes = enc.problem.policy.session_minutes
    got: dict[str, list[Alternate]] = {}
    for j in pick:
        day, kk = divmod(int(blk[j]), enc.blocks_per_day)
        got.setdefault(enc.student_ids[int(si[row[j]])], []).append(Alternate(
            enc.mentor_ids[int(mi[row[j]])], Session(day, kk * minutes, (kk + 1) * minutes),
            round(float(extra[j]) / scale, 4), int(rc[j])))
    out.update({x: tuple(v) for x, v in got.items()})
    return out


def _current_arc_costs(base: Engine, cur_m: NDArray[np.int64], cur_b: NDArray[np.int64]
                       ) -> NDArray[np.int64]:
    """Arc cost (pair + session) of each pupil's current pair (0 when unmatched)."""
    net, flow, arcs = base.net, base.flow, base.arcs
    on = np.flatnonzero(flow[: net.n_pair_arcs] > 0)
    out = np.zeros(base.enc.n_s, dtype=np.int64)
    out[arcs.si[on]] = arcs.cost[on]
    return out
