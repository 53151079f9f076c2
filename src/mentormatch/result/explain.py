"""Alternatives of one pupil: the cheapest volunteers passing every hard rule.

Used to explain a pair ("why this volunteer and not that one") from the
command line (``mentormatch explain``) or a notebook.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mentormatch.candidates.costs import SESSION_TIME
from mentormatch.candidates.encode import encode
from mentormatch.candidates.reference import evaluate_pairs, feasible_mask
from mentormatch.candidates.rules.availability import common_blocks
from mentormatch.domain.problem import Problem

__all__ = ["alternatives"]


def alternatives(problem: Problem, student_id: str, k: int = 3,
                 exclude: str | None = None) -> list[dict[str, Any]]:
    """Return the ``k`` cheapest volunteers passing every hard rule for one pupil.

    Costs are the engine's pair terms
    (:data:`~mentormatch.candidates.costs.PAIR_TERMS`) plus the session term of
    the best session the pair has in common; the mentor's load-balance term
    (which depends on the other pupils) is left out.

    Parameters
    ----------
    problem : Problem
        The problem that was matched.
    student_id : str
        The pupil.
    k : int
        How many to return.
    exclude : str, optional
        A volunteer to leave out (the one the pupil got).

    Returns
    -------
    list of dict
        ``mentor_id``, ``cost``, ``breakdown``, ``modality``, ``distance_km``,
        cheapest first.
    """
    enc = encode(problem)
    try:
        s = enc.student_ids.index(student_id)
    except ValueError:
        return []
    mi = np.arange(enc.n_m, dtype=np.int64)
    si = np.full(enc.n_m, s, dtype=np.int64)
    keep = feasible_mask(enc, si, mi)
    si, mi = si[keep], mi[keep]
    if not len(mi):
        return []
    ev = evaluate_pairs(enc, si, mi)
    common = common_blocks(enc, si, mi)
    bits = np.unpackbits(common.view(np.uint8), axis=1, bitorder="little")
    bits = bits[:, : enc.n_blocks].astype(bool)
    sess = SESSION_TIME.table(problem.policy)[int(enc.s_primary[s])]
    session_time = np.where(bits, sess[None, :], np.inf).min(axis=1)
    session_time = np.where(np.isfinite(session_time), session_time, 0.0)
    terms = {**ev.terms, SESSION_TIME.name: session_time}
    total = np.sum(list(terms.values()), axis=0)
    order = np.lexsort((mi, total))
    out: list[dict[str, Any]] = []
    for j in order:
        mid = enc.mentor_ids[int(mi[j])]
        if mid == exclude:
            continue
        dist = float(ev.dist_km[j])
        out.append({
            "mentor_id": mid,
            "cost": round(float(total[j]), 4),
            "breakdown": {name: round(float(v[j]), 4) for name, v in terms.items()},
            "modality": "remote" if bool(ev.remote[j]) else "in_person",
            "distance_km": round(dist, 3) if np.isfinite(dist) else None,
        })
        if len(out) >= k:
            break
    return out
