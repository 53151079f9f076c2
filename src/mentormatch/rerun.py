"""``match()`` with pairs in force: check them, fix or tier them, solve the rest, merge.

Called by :func:`mentormatch.match` when it is given ``previous=`` or the
students carry pairs in force (``current_mentor`` + ``current_session``):

1. :func:`~mentormatch.continuity.check_in_force` ends the pairs that no longer
   hold (reason codes) and :func:`~mentormatch.continuity.plan` removes the
   fixed pairs (``locked``; every valid pair in ``"keep"``) from the problem;
2. the rest is matched by the usual engine (candidates, solve-and-price with
   the tiers of ``"stable"``, certificate, reasons) on the reduced problem; a
   stable re-run solved in two phases enumerates the stable pupils' pairs
   lazily (:mod:`mentormatch.continuity.lazy`, :data:`LAZY_ENUMERATION`);
3. the fixed pairs are added back (their costs computed the reference way),
   loads and weights merged, and :attr:`MatchResult.changes` filled.

The certificate is that of step 2: it proves the match optimal for the
problem *with the fixed pairs fixed* (and, in ``"stable"``, for the tiered
objective: coverage, then moves, then cost) against the full feasible graph.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from mentormatch._backends import BackendChoice
from mentormatch._progress import Reporter
from mentormatch.candidates.costs import SESSION_TIME, load_costs
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.reference import evaluate_pairs, pair_costs
from mentormatch.continuity import (
    Collected,
    Plan,
    check_in_force,
    plan,
    restrict_pairs,
    stay_costs,
)
from mentormatch.continuity.lazy import StableGraph
from mentormatch.errors import InternalError
from mentormatch.result.assemble import assemble, pair_records
from mentormatch.result.changes import changes_of
from mentormatch.result.model import MatchResult, MentorLoad, Pair, Session, Unmatched
from mentormatch.result.reasons import unmatched_reasons
from mentormatch.solve.tiers import solve_tiers, two_phases

__all__ = ["LAZY_ENUMERATION", "match_in_force"]

#: Whether a stable re-run solved in two phases enumerates the stable pupils' pairs
#: lazily (:mod:`mentormatch.continuity.lazy`: only towards the volunteers phase 1's
#: bound cannot prove useless). False: the whole feasible graph, as a first run.
LAZY_ENUMERATION = True


def _pairs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
           blk: NDArray[np.int64], cost_int: NDArray[np.int64]) -> list[Pair]:
    """Pairs of ``enc`` (as :func:`~mentormatch.result.assemble.assemble` builds them)."""
    return pair_records(enc, evaluate_pairs(enc, si, mi), blk, cost_int)


def _named_takers(enc: Encoded, fp: FeasiblePairs, unmatched: tuple[Unmatched, ...],
                  by_mentor: dict[str, list[str]]) -> tuple[Unmatched, ...]:
    """``unmatched`` with ``capacity_taken`` reasons naming every pupil of the volunteers.

    The solved problem lacks the fixed pupils; the reasons are recomputed with the
    merged pairs (``by_mentor``: volunteer ID → pupils' IDs), the fixed pupils' IDs
    appended to the pupils' names of ``enc``.
    """
    taken = [u for u in unmatched if u.reasons and u.reasons[0].code == "capacity_taken"]
    if not taken:
        return unmatched
    names = list(enc.student_ids)
    index = {sid: i for i, sid in enumerate(names)}
    for studs in by_mentor.values():
        for sid in studs:
            if sid not in index:
                index[sid] = len(names)
                names.append(sid)
    m_index = {mid: j for j, mid in enumerate(enc.mentor_ids)}
    mentor_students = {m_index[mid]: [index[s] for s in studs]
                       for mid, studs in by_mentor.items() if mid in m_index}
    rows = np.array([index[u.student_id] for u in taken], dtype=np.int64)
    reasons = unmatched_reasons(replace(enc, student_ids=tuple(names)), fp, rows,
                                mentor_students)
    new = {u.student_id: replace(u, reasons=reasons[int(r)])
           for u, r in zip(taken, rows, strict=True)}
    return tuple(new.get(u.student_id, u) for u in unmatched)


def _load_int(enc: Encoded) -> list[NDArray[np.int64]]:
    """:func:`~mentormatch.network.mentor_load_costs`, quantised once for the largest capacity.

    The marginal load costs of a capacity are the first ones of any larger
    capacity (``weight * k`` for the k-th pupil), so each volunteer's are a prefix.
    """
    policy = enc.problem.policy
    top = int(enc.m_capacity.max(initial=0))
    table = quantise(load_costs(top, policy.weights.load_balance), policy.cost_scale, "load")
    return [table[: int(c)].copy() for c in enc.m_capacity]


def _lazy_graph(pl: Plan, progress: Reporter | None) -> StableGraph | None:
    """The lazily enumerated graph of a stable re-run solved in two phases, or None.

    None (enumerate every pair) without stable pupils, with a cost cap, or when
    the tiers may fold into one objective: its ``MOVE`` must bound the cost of
    every pair, so every pair is needed. The test uses the stable pupils' own
    pairs: the folded objective only grows with more pairs
    (:func:`~mentormatch.solve.tiers.two_phases`).
    """
    if not pl.stable_si.size or pl.enc_cost.problem.policy.max_pair_cost is not None:
        return None
    policy = pl.enc_cost.problem.policy
    session = quantise(SESSION_TIME.table(policy), policy.cost_scale, "session")
    own = FeasiblePairs(pl.stable_si.astype(np.int32), pl.stable_mi.astype(np.int32),
                        pair_costs(pl.enc_cost, pl.stable_si, pl.stable_mi).astype(np.int32),
                        session)
    if not two_phases(pl.enc_solve, own, pl.tiers):
        return None
    graph = StableGraph.start(pl, lambda e: feasible_pairs(e, progress=progress))
    if graph is not None:   # later enumerations happen during the solve: not reported
        graph.feasible = feasible_pairs
    return graph


def match_in_force(enc: Encoded, collected: Collected, *, backend: BackendChoice,
                   deadline: float | None, timings: dict[str, float],
                   progress: Reporter | None = None) -> MatchResult:
    """Match ``enc`` given its pairs in force (see module docs).

    Parameters
    ----------
    enc : Encoded
        The whole new problem, encoded.
    collected : Collected
        Its pairs in force (:func:`~mentormatch.continuity.collect_in_force`).
    backend, deadline
        As :func:`~mentormatch.solve.loop.solve_with_pricing`.
    timings : dict
        Stage timings, completed here.
    progress : Reporter, optional
        The match's progress reporter (:mod:`mentormatch._progress`).

    Returns
    -------
    MatchResult
        Every pupil of ``enc`` paired or unmatched, with ``changes``.
    """
    policy = enc.problem.policy
    t0 = time.perf_counter()
    checked = check_in_force(enc, collected)
    pl = plan(enc, checked, policy.continuity)
    if pl.tiers.load_int is None:   # once, not at every use
        pl = replace(pl, tiers=replace(pl.tiers, load_int=_load_int(pl.enc_solve)))
    timings["continuity"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    lazy = _lazy_graph(pl, progress) if LAZY_ENUMERATION else None
    if lazy is None:
        fp_all = feasible_pairs(pl.enc_cost, progress=progress)
        fp = restrict_pairs(pl, fp_all)
    else:
        fp = lazy.pairs
    tiers = stay_costs(pl, fp)
    timings["candidates"] = time.perf_counter() - t0
    outcome, move = solve_tiers(pl.enc_solve, fp, tiers, backend=backend, deadline=deadline,
                                progress=progress, cost_enc=pl.enc_cost, lazy=lazy)
    timings.update(outcome.timings)
    if lazy is not None:   # the graph enumerated, with what phase 1 added
        fp_all = lazy.enumerated
        timings["candidates"] += timings.pop("candidates_lazy", 0.0)
    t0 = time.perf_counter()
    # reasons from every feasible pair (a volunteer full of fixed pupils: capacity taken)
    part = assemble(pl.enc_cost, fp_all, outcome, timings)
    full = pl.enc_full
    # The arcs of moved stable pupils carry the move tier: give pairs their plain cost.
    pairs = list(part.pairs)
    if move:
        stay = {pl.enc_cost.student_ids[int(s)]: (pl.enc_cost.mentor_ids[int(m)], int(b))
                for s, m, b in zip(pl.stable_si, pl.stable_mi, pl.stable_block, strict=True)}
        per_day = enc.blocks_per_day
        minutes = policy.session_minutes

        def block(p: Pair) -> int:
            return p.session.weekday * per_day + p.session.start // minutes

        pairs = [replace(p, cost_int=p.cost_int - move)
                 if p.student_id in stay and stay[p.student_id] != (p.mentor_id, block(p))
                 else p for p in pairs]
    # The fixed pairs, back.
    f_si, f_mi, f_b = pl.fixed_si, pl.fixed_mi, pl.fixed_block
    if len(f_si):
        session_int = quantise(SESSION_TIME.table(policy), policy.cost_scale, "session")
        cost_int = pair_costs(full, f_si, f_mi) + session_int[
            full.s_primary[f_si].astype(np.int64), f_b]
        pairs.extend(_pairs(full, f_si, f_mi, f_b, cost_int))
    pairs.sort(key=lambda p: p.student_id)
    by_mentor: dict[str, list[str]] = {}
    for p in pairs:
        by_mentor.setdefault(p.mentor_id, []).append(p.student_id)
    capacity = dict(zip(enc.mentor_ids, enc.m_capacity.tolist(), strict=True))
    top = max(capacity.values(), default=0)
    load_table = quantise(load_costs(top, policy.weights.load_balance), policy.cost_scale,
                          "load")
    mentors = []
    for ml in part.mentors:
        students = tuple(sorted(by_mentor.get(ml.mentor_id, [])))
        cap = int(capacity[ml.mentor_id])
        lc = load_table[: min(len(students), cap)]
        if len(students) > cap:
            raise InternalError(f"volunteer {ml.mentor_id} is over capacity")
        mentors.append(MentorLoad(ml.mentor_id, len(students), cap, students,
                                  float(lc.sum()) / policy.cost_scale))
    unmatched = _named_takers(pl.enc_cost, fp_all, part.unmatched, by_mentor) \
        if len(f_si) else part.unmatched
    seen = [p.student_id for p in pairs] + [u.student_id for u in unmatched]
    if sorted(seen) != sorted(enc.student_ids):
        raise InternalError("nothing-lost check failed: pupils missing or repeated")
    fixed_weight = int(full.s_weight[f_si].sum())
    in_force = {sid: (p.mentor_id, Session(p.weekday, p.start, p.end))
                for sid, p in checked.in_force.items()}
    result = MatchResult(
        pairs=tuple(pairs), unmatched=unmatched, mentors=tuple(mentors),
        certificate=part.certificate, problem=enc.problem, timings=timings,
        matched_weight=part.matched_weight + fixed_weight,
        total_weight=part.total_weight + fixed_weight)
    changes = changes_of(result, in_force, checked.ended, collected.left, enc.student_ids)
    timings["result"] = time.perf_counter() - t0
    return replace(result, changes=changes)
