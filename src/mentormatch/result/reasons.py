"""Reasons for unmatched pupils.

* ``no_candidate``: no volunteer passes every hard rule. The rules are applied
  in the order of :data:`~mentormatch.candidates.rules.RULES`, each counting the
  volunteers it eliminates among those still standing (so counts add up to the
  number of volunteers).
* ``not_worth_cost``: volunteers pass every hard rule but the cost rules (every
  such pair costs more than ``Policy.max_pair_cost``).
* ``capacity_taken``: suitable volunteers exist, but their places went to
  other pupils (named), because the optimum matches more priority weight or
  the same weight at a lower cost that way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.rules import RULES
from mentormatch.candidates.rules.device import remote_ok
from mentormatch.errors import InternalError
from mentormatch.result.codes import ReasonCode
from mentormatch.result.model import Reason

__all__ = ["elimination_counts", "unmatched_reasons"]

#: Volunteers named in a ``capacity_taken`` reason.
MAX_NAMED = 5
#: Pairs examined at once when counting eliminations.
_CHUNK_PAIRS = 2_000_000


def elimination_counts(enc: Encoded, students: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return ``(len(students), len(RULES))``: volunteers each rule eliminated.

    Each rule is checked (:meth:`~mentormatch.candidates.rules.Rule.passes`) on
    the pairs every earlier rule let through, so a cost rule sees only pairs
    passing every other rule.
    """
    n_m = enc.n_m
    out = np.zeros((len(students), len(RULES)), dtype=np.int64)
    block = max(1, _CHUNK_PAIRS // max(n_m, 1))
    for lo in range(0, len(students), block):
        chunk = students[lo: lo + block]
        si = np.repeat(chunk, n_m)
        mi = np.tile(np.arange(n_m, dtype=np.int64), len(chunk))
        remote = remote_ok(enc, si, mi)
        alive = np.arange(len(si))  # pairs still standing
        for k, rule in enumerate(RULES):
            if not alive.size:
                break
            passes = rule.passes(enc, si[alive], mi[alive], remote[alive])
            out[lo: lo + len(chunk), k] = np.bincount(alive[~passes] // max(n_m, 1),
                                                      minlength=len(chunk))
            alive = alive[passes]
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
    # Each volunteer's pupils are named once (thousands of reasons name the same few).
    takers: dict[int, tuple[str, list[str]]] = {}

    def named(m: int) -> tuple[str, list[str]]:
        got = takers.get(m)
        if got is None:
            got = takers[m] = (enc.mentor_ids[m],
                               [enc.student_ids[x] for x in mentor_students.get(m, [])])
        return got

    for s, a, b in zip(unmatched[has_pairs].tolist(), starts[has_pairs].tolist(),
                       ends[has_pairs].tolist(), strict=True):
        tops = [named(m) for m in fp.mi[a: min(b, a + MAX_NAMED)].tolist()]  # cheapest first
        names = [name for name, _ in tops]
        taken = {name: list(pupils) for name, pupils in tops}
        total = b - a
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
        cost_k = [k for k, rule in enumerate(RULES) if rule.stage == "cost"]
        for s, row in zip(none, counts, strict=True):
            eliminated = {rule.key: int(c) for rule, c in zip(RULES, row, strict=True) if c}
            if int(row.sum()) != enc.n_m:  # the counts and the feasible graph must agree
                raise InternalError(f"reasons of pupil {enc.student_ids[int(s)]!r} do not "
                                    "account for every volunteer")
            code: ReasonCode
            if row[cost_k].sum():  # cost rules come last: those volunteers passed all others
                code = "not_worth_cost"
                msg = (f"{int(row[cost_k].sum())} volunteer(s) pass every hard rule but each "
                       "pair costs more than the policy's maximum")
            else:
                code = "no_candidate"
                top = sorted(eliminated.items(), key=lambda kv: -kv[1])[:3]
                msg = "no volunteer satisfies every rule: " + "; ".join(
                    f"{name} {c:,}" for name, c in top) if top else "there are no volunteers"
            out[int(s)] = (Reason(code, msg, {"eliminated_by": eliminated,
                                              "volunteers": enc.n_m}),)
    return out
