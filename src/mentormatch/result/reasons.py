"""Reasons for unmatched pupils.

* ``no_candidate``: no volunteer passes every hard rule. The rules are applied
  in :data:`~mentormatch.candidates.rules.RULE_ORDER`, each counting the
  volunteers it eliminates among those still standing (so counts add up to the
  number of volunteers).
* ``not_worth_cost``: volunteers pass every hard rule but every such pair
  costs more than ``Policy.max_pair_cost``.
* ``capacity_taken``: suitable volunteers exist, but their places went to
  other pupils (named), because the optimum matches more priority weight or
  the same weight at a lower cost that way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates import rules
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs, evaluate_pairs
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.rules.reach import distance_km, in_person_possible
from mentormatch.errors import InternalError
from mentormatch.result.model import Reason

__all__ = ["elimination_counts", "unmatched_reasons"]

#: Volunteers named in a ``capacity_taken`` reason.
MAX_NAMED = 5


def _passes(enc: Encoded, name: str, si: NDArray[np.int64], mi: NDArray[np.int64],
            remote: NDArray[np.bool_], dist: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Whether each pair passes the rule ``name`` (the reach rules allow remote pairs)."""
    simple = {
        "subject": rules.subject_offered, "level": rules.level_ok,
        "availability": rules.available, "modality": rules.modality_compatible,
        "language": rules.common_language, "gender": rules.gender_ok,
        "exclusion": rules.not_excluded, "self": rules.not_self,
        "clearance": rules.clearance_ok,
    }
    if name == "device":
        return remote | in_person_possible(enc, si, mi)
    if name == "distance":
        return remote | rules.within_reach(enc, si, mi, dist)
    ok = simple[name](enc, si, mi)
    return remote | ok if name == "clearance" else ok


def elimination_counts(enc: Encoded, students: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return ``(len(students), len(RULE_ORDER))``: volunteers each rule eliminated."""
    n_m = enc.n_m
    out = np.zeros((len(students), len(rules.RULE_ORDER)), dtype=np.int64)
    block = max(1, 2_000_000 // max(n_m, 1))
    policy = enc.problem.policy
    for lo in range(0, len(students), block):
        chunk = students[lo: lo + block]
        si = np.repeat(chunk, n_m)
        mi = np.tile(np.arange(n_m, dtype=np.int64), len(chunk))
        dist = distance_km(enc, si, mi)
        remote = rules.remote_ok(enc, si, mi)
        alive = np.ones(len(si), dtype=bool)
        for k, name in enumerate(rules.RULE_ORDER):
            if name == "cost_cap":
                if policy.max_pair_cost is None or not alive.any():
                    continue
                idx = np.flatnonzero(alive)
                cost = quantise(evaluate_pairs(enc, si[idx], mi[idx]).total, policy.cost_scale,
                                "pair")
                passes = np.ones(len(si), dtype=bool)
                passes[idx] = cost <= round(policy.max_pair_cost * policy.cost_scale)
            else:
                passes = _passes(enc, name, si, mi, remote, dist)
            gone = alive & ~passes
            out[lo: lo + len(chunk), k] = gone.reshape(len(chunk), n_m).sum(axis=1)
            alive &= passes
    return out


def unmatched_reasons(
    enc: Encoded,
    fp: FeasiblePairs,
    unmatched: NDArray[np.int64],
    mentor_students: dict[int, list[int]],
) -> dict[int, tuple[Reason, ...]]:
    """Return the reasons of each unmatched pupil (canonical index → reasons)."""
    out: dict[int, tuple[Reason, ...]] = {}
    needles = unmatched.astype(fp.si.dtype)  # same dtype: no copy of fp.si per call
    starts = np.searchsorted(fp.si, needles, side="left")
    ends = np.searchsorted(fp.si, needles, side="right")
    has_pairs = ends > starts
    for s, a, b in zip(unmatched[has_pairs], starts[has_pairs], ends[has_pairs], strict=True):
        mentors = fp.mi[a:b][:MAX_NAMED].astype(np.int64)  # cheapest first
        names = [enc.mentor_ids[m] for m in mentors]
        taken = {enc.mentor_ids[m]: [enc.student_ids[x] for x in mentor_students.get(int(m), [])]
                 for m in mentors}
        total = int(b - a)
        out[int(s)] = (Reason(
            "capacity_taken",
            f"{total} suitable volunteer{'s' if total > 1 else ''} exist, but their places "
            f"went to other pupils (e.g. {names[0]} took "
            f"{', '.join(taken[names[0]]) or 'nobody'})",
            {"suitable": total, "mentors": names, "taken_by": taken},
        ),)
    none = unmatched[~has_pairs]
    if none.size:
        counts = elimination_counts(enc, none)
        cap_k = rules.RULE_ORDER.index("cost_cap")
        for s, row in zip(none, counts, strict=True):
            eliminated = {name: int(c) for name, c in zip(rules.RULE_ORDER, row, strict=True)
                          if c}
            if int(row.sum()) != enc.n_m:  # the counts and the feasible graph must agree
                raise InternalError(f"reasons of pupil {enc.student_ids[int(s)]!r} do not "
                                    "account for every volunteer")
            if row[cap_k]:  # the cost cap is the last rule: those volunteers passed all others
                code = "not_worth_cost"
                msg = (f"{int(row[cap_k])} volunteer(s) pass every hard rule but each pair "
                       "costs more than the policy's maximum")
            else:
                code = "no_candidate"
                top = sorted(eliminated.items(), key=lambda kv: -kv[1])[:3]
                msg = "no volunteer satisfies every rule: " + "; ".join(
                    f"{name} {c:,}" for name, c in top) if top else "there are no volunteers"
            out[int(s)] = (Reason(code, msg, {"eliminated_by": eliminated,
                                              "volunteers": enc.n_m}),)
    return out
