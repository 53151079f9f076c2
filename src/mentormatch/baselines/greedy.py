"""A greedy first-come baseline, to measure what optimisation gains.

Pupils in arrival order (``waiting_since`` first, earliest first; then the
order of the input) each take their cheapest free option: a volunteer with a
place left, at a common session block that is not full. This is what a
first-come-first-served platform does; it is *not* the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.domain.problem import Problem
from mentormatch.network import expand_sessions, mentor_load_costs

__all__ = ["GreedyResult", "greedy_match"]


@dataclass(frozen=True)
class GreedyResult:
    """Outcome of :func:`greedy_match`.

    Attributes
    ----------
    assignment : dict of str to (str, int)
        Student ID → (mentor ID, session block).
    n_matched : int
        Pupils paired.
    matched_weight : int
        Priority weight of the pupils paired.
    cost : int
        Quantised cost of the pairs and of the volunteers' load.
    """

    assignment: dict[str, tuple[str, int]]
    n_matched: int
    matched_weight: int
    cost: int


def greedy_match(problem: Problem) -> GreedyResult:
    """Pair pupils first come, first served (see module docs)."""
    enc = encode(problem)
    fp = feasible_pairs(enc)
    load_int = mentor_load_costs(enc)
    index = {sid: i for i, sid in enumerate(enc.student_ids)}
    arrival = sorted(
        range(len(problem.students)),
        key=lambda k: (problem.students[k].waiting_since is None,
                       problem.students[k].waiting_since or 0, k),
    )
    pupils = np.arange(enc.n_s, dtype=fp.si.dtype)
    starts = np.searchsorted(fp.si, pupils, side="left")
    ends = np.searchsorted(fp.si, pupils, side="right")
    load = np.zeros(enc.n_m, dtype=np.int64)
    slot_load: dict[tuple[int, int], int] = {}
    assignment: dict[str, tuple[str, int]] = {}
    weight = 0
    cost = 0
    for k in arrival:
        s = index[problem.students[k].id]
        a, b = int(starts[s]), int(ends[s])
        if a == b:
            continue
        mi = fp.mi[a:b].astype(np.int64)
        row, blk = expand_sessions(fp.common_blocks(enc, np.arange(a, b)), enc.n_blocks)
        group = int(enc.s_primary[s])
        option_cost = fp.cost[a:b][row] + fp.session_cost[group, blk]
        for j in np.lexsort((blk, mi[row], option_cost)):
            m, blk_j = int(mi[row[j]]), int(blk[j])
            if load[m] >= enc.m_capacity[m]:
                continue
            if slot_load.get((m, blk_j), 0) >= enc.m_group[m]:
                continue
            cost += int(option_cost[j]) + int(load_int[m][load[m]])
            load[m] += 1
            slot_load[(m, blk_j)] = slot_load.get((m, blk_j), 0) + 1
            assignment[enc.student_ids[s]] = (enc.mentor_ids[m], blk_j)
            weight += int(enc.s_weight[s])
            break
    return GreedyResult(assignment, len(assignment), weight, cost)
