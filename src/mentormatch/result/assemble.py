"""Assemble a :class:`~mentormatch.result.model.MatchResult` from a certified flow.

Pairs with their sessions and cost breakdowns, unmatched pupils with their
reasons, every volunteer's load, and the self-checks ("nothing lost", loads and
objective reconcile) that make a wrong result an :class:`InternalError`, never a
partial answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs import SESSION_TIME
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.reference import PairEval, evaluate_pairs
from mentormatch.errors import InternalError
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Session,
    Unmatched,
)
from mentormatch.result.reasons import unmatched_reasons
from mentormatch.solve.loop import SolveOutcome

__all__ = ["assemble", "pair_records"]


def pair_records(enc: Encoded, ev: PairEval, blk: NDArray[np.int64],
                 cost_int: NDArray[np.integer],
                 lent: Mapping[int, tuple[str, ...]] | None = None) -> list[Pair]:
    """The :class:`Pair` of each evaluated pair ``ev`` at session block ``blk``.

    Columns are turned into Python lists once (a scalar read of a numpy array
    per field and pair cost about a second at 30,000 pairs); the values are
    those of the arrays, the cost the sum of the breakdown in its order.
    """
    policy = enc.problem.policy
    si = ev.si.tolist()
    mi = ev.mi.tolist()
    blocks = blk.tolist()
    names = list(ev.terms)
    terms = [np.asarray(v, dtype=np.float64).tolist() for v in ev.terms.values()]
    session_units = np.asarray(SESSION_TIME.table(policy), dtype=np.float64)
    session = session_units[enc.s_primary.take(ev.si).astype(np.int64), blk].tolist()
    subject = enc.s_needs[ev.si, ev.need].tolist()
    dist = [d if math.isfinite(d) else None
            for d in np.asarray(ev.dist_km, dtype=np.float64).tolist()]
    remote = ev.remote.tolist()
    costs = [int(c) for c in np.asarray(cost_int).tolist()]
    minutes = policy.session_minutes
    per_day = enc.blocks_per_day
    out: list[Pair] = []
    for k, (s, m, b) in enumerate(zip(si, mi, blocks, strict=True)):
        breakdown = {name: col[k] for name, col in zip(names, terms, strict=True)}
        breakdown[SESSION_TIME.name] = session[k]
        day, slot = divmod(b, per_day)
        out.append(Pair(
            student_id=enc.student_ids[s], mentor_id=enc.mentor_ids[m],
            subject=enc.subjects[subject[k]],
            session=Session(day, slot * minutes, (slot + 1) * minutes),
            modality="remote" if remote[k] else "in_person", distance_km=dist[k],
            cost=round(sum(breakdown.values()), 6), breakdown=breakdown,
            cost_int=costs[k], lent=lent.get(s, ()) if lent else (),
        ))
    return out


def assemble(enc: Encoded, fp: FeasiblePairs, out: SolveOutcome,
             timings: dict[str, float], *,
             lent: Mapping[int, tuple[str, ...]] | None = None,
             lent_enc: Encoded | None = None) -> MatchResult:
    """Build the result of a certified solve, checking that nothing is lost.

    ``lent`` (pupil index → items lent) and ``lent_enc`` (the problem with
    those pupils equipped) describe the pairs made possible by a loan
    (:mod:`mentormatch.solve.equipment`); they are evaluated on ``lent_enc``.
    """
    policy = enc.problem.policy
    net, flow = out.network, out.flow
    used = np.flatnonzero(flow[: net.n_pair_arcs] > 0)
    si = out.arcs.si[used]
    mi = out.arcs.mi[used]
    blk = out.arcs.block[used]
    if len(np.unique(si)) != len(si):
        raise InternalError("a pupil received two volunteers")
    ev = evaluate_pairs(enc, si, mi)
    if lent and lent_enc is not None:
        ev = _with_loans(ev, lent_enc, si, mi, lent)
    pairs = pair_records(enc, ev, blk, out.arcs.cost[used], lent)
    mentor_students: dict[int, list[int]] = {}
    for s, m in zip(si.tolist(), mi.tolist(), strict=True):
        mentor_students.setdefault(m, []).append(s)
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


def _with_loans(ev: PairEval, lent_enc: Encoded, si: np.ndarray, mi: np.ndarray,
                lent: Mapping[int, tuple[str, ...]]) -> PairEval:
    """``ev`` with the pairs of pupils given a loan evaluated on the equipped problem."""
    rows = np.flatnonzero(np.isin(si, np.fromiter(lent, dtype=np.int64, count=len(lent))))
    if not rows.size:
        return ev
    lv = evaluate_pairs(lent_enc, si[rows], mi[rows])
    need, remote, dist = ev.need.copy(), ev.remote.copy(), ev.dist_km.copy()
    need[rows], remote[rows], dist[rows] = lv.need, lv.remote, lv.dist_km
    terms = {}
    for name, v in ev.terms.items():
        v = v.copy()
        v[rows] = lv.terms[name]
        terms[name] = v
    return PairEval(ev.si, ev.mi, need, remote, dist, terms)
