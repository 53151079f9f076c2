"""``match()``: the product's main job, from a Problem to a certified MatchResult."""

from __future__ import annotations

import time
from typing import Literal

import numpy as np

from mentormatch.candidates.costs import session_costs
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, evaluate_pairs, feasible_pairs
from mentormatch.domain.problem import Problem
from mentormatch.engine.reasons import unmatched_reasons
from mentormatch.engine.solve import SolveOutcome, solve_with_pricing
from mentormatch.errors import InternalError
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Session,
    Unmatched,
)

__all__ = ["match"]

Backend = Literal["auto", "assignment", "networkx", "highs", "ortools"]


def match(problem: Problem, *, backend: Backend = "auto") -> MatchResult:
    """Pair pupils with volunteers optimally, with a weekly session each, and prove it.

    Parameters
    ----------
    problem : Problem
        Students, mentors and policy.
    backend : {"auto", "assignment", "networkx", "highs", "ortools"}
        Solver backend. ``"auto"`` defers to ``problem.policy.backend`` (itself
        ``"auto"`` by default: the core-only assignment path of
        :mod:`mentormatch.engine.fastpath` up to
        :data:`~mentormatch.engine.solve.AUTO_CORE_MAX_PUPILS` pupils, measured
        faster than OR-Tools there; beyond, OR-Tools when installed).

    Returns
    -------
    MatchResult
        Pairs, unmatched pupils with reasons, every volunteer's load and the
        certificate.

    Notes
    -----
    The objective is lexicographic and exact: first the largest total priority
    weight of matched pupils (each pupil weighs ``Policy.base_weight`` plus
    the weights of their priority tags), then the least total cost. The result
    is certified against the *full* feasible graph (LP duality), see
    :mod:`mentormatch.engine.solve`.

    **Ties.** Among equally optimal solutions, the one returned is fixed by the
    canonical order of people — sorted by a BLAKE2 hash of their ID keyed by
    ``Policy.seed``, then by ID — and the deterministic solvers. It never
    depends on the order of the input: the same people in any order give the
    identical pairs and sessions. Changing the seed may pick another of the
    equally optimal solutions.

    Raises
    ------
    InputError
        Numbers too large to be solved exactly.
    InternalError
        A self-check failed ("nothing lost", objective reconciliation); never a
        partial result.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    enc = encode(problem)
    timings["encode"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    fp = feasible_pairs(enc)
    timings["candidates"] = time.perf_counter() - t0
    outcome = solve_with_pricing(
        enc, fp, backend=problem.policy.backend if backend == "auto" else backend)
    timings.update(outcome.timings)
    t0 = time.perf_counter()
    result = _assemble(enc, fp, outcome, timings)
    timings["result"] = time.perf_counter() - t0
    return result


def _assemble(enc: Encoded, fp: FeasiblePairs, out: SolveOutcome,
              timings: dict[str, float]) -> MatchResult:
    policy = enc.problem.policy
    net, flow = out.network, out.flow
    used = np.flatnonzero(flow[: net.n_pair_arcs] > 0)
    si = out.arcs.si[used]
    mi = out.arcs.mi[used]
    blk = out.arcs.block[used]
    if len(np.unique(si)) != len(si):
        raise InternalError("a pupil received two volunteers")
    ev = evaluate_pairs(enc, si, mi)
    sess_units = session_costs(policy)
    minutes = policy.session_minutes
    pairs: list[Pair] = []
    mentor_students: dict[int, list[int]] = {}
    for k in range(len(si)):
        s, m, b = int(si[k]), int(mi[k]), int(blk[k])
        mentor_students.setdefault(m, []).append(s)
        breakdown = {name: float(v[k]) for name, v in ev.terms.items()}
        breakdown["session_time"] = float(sess_units[int(enc.s_primary[s]), b])
        day, slot = divmod(b, enc.blocks_per_day)
        subject = enc.subjects[int(enc.s_needs[s, ev.need[k]])]
        dist = float(ev.dist_km[k]) if np.isfinite(ev.dist_km[k]) else None
        pairs.append(Pair(
            student_id=enc.student_ids[s], mentor_id=enc.mentor_ids[m], subject=subject,
            session=Session(day, slot * minutes, (slot + 1) * minutes),
            modality="remote" if ev.remote[k] else "in_person", distance_km=dist,
            cost=round(sum(breakdown.values()), 6), breakdown=breakdown,
            cost_int=int(out.arcs.cost[used[k]]),
        ))
    matched = np.zeros(enc.n_s, dtype=bool)
    matched[si] = True
    unmatched_idx = np.flatnonzero(~matched)
    reasons = unmatched_reasons(enc, fp, unmatched_idx, mentor_students)
    unmatched = [Unmatched(enc.student_ids[int(s)], reasons[int(s)], int(enc.s_weight[s]))
                 for s in unmatched_idx]
    # Volunteer loads, zero included; load costs from the parallel sink arcs.
    lo = net.n_pair_arcs + net.n_slot_arcs
    load_flow = flow[lo: lo + net.n_load_arcs]
    load_arc_cost = load_flow * net.cost[lo: lo + net.n_load_arcs]
    load_cost_int = np.bincount(net.load_mentor, weights=load_arc_cost,
                                minlength=enc.n_m).astype(np.int64)
    loads = np.bincount(net.load_mentor, weights=load_flow, minlength=enc.n_m).astype(np.int64)
    mentors = [MentorLoad(enc.mentor_ids[m], int(loads[m]), int(enc.m_capacity[m]),
                          tuple(sorted(enc.student_ids[s] for s in mentor_students.get(m, []))),
                          float(load_cost_int[m]) / policy.cost_scale)
               for m in range(enc.n_m)]
    # Nothing lost, and totals reconcile with the objective.
    seen = [p.student_id for p in pairs] + [u.student_id for u in unmatched]
    if sorted(seen) != sorted(enc.student_ids) or len(set(seen)) != enc.n_s:
        raise InternalError("nothing-lost check failed: pupils missing or repeated")
    if np.any(loads != np.bincount(mi, minlength=enc.n_m)) or np.any(loads > enc.m_capacity):
        raise InternalError("volunteer loads do not reconcile with the pairs")
    penalty = int(enc.s_weight[unmatched_idx].sum()) * net.big
    total = sum(p.cost_int for p in pairs) + int(load_cost_int.sum()) + penalty
    if total != out.objective:
        raise InternalError(f"totals {total} do not reconcile with the objective {out.objective}")
    cert = Certificate(
        optimal=out.optimal, status=out.status, objective=out.objective,
        dual_bound=out.dual_bound, gap=out.objective - out.dual_bound, rounds=out.rounds,
        pairs_priced=out.pairs_priced, arcs_solved=len(net.tail), feasible_pairs=len(fp),
        backend=out.backend,
    )
    pairs.sort(key=lambda p: p.student_id)
    unmatched.sort(key=lambda u: u.student_id)
    mentors.sort(key=lambda x: x.mentor_id)
    return MatchResult(
        pairs=tuple(pairs), unmatched=tuple(unmatched), mentors=tuple(mentors),
        certificate=cert, problem=enc.problem, timings=timings,
        matched_weight=int(enc.s_weight[si].sum()), total_weight=int(enc.s_weight.sum()),
    )
