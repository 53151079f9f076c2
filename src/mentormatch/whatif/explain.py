"""``MatchResult.explain``: reasons, verified fixes, alternates and the runner-up.

:func:`explain` is what :meth:`mentormatch.MatchResult.explain` calls (the
result layer reaches this package through one documented hook, see
``docs/architecture.md``). The optimum in force, as engine arrays
(:func:`mentormatch.whatif.resolve.engine`), is built once per result and
problem and kept on the result for the next questions.
"""

from __future__ import annotations

import time

from mentormatch.domain.problem import Problem
from mentormatch.result.explain import alternatives
from mentormatch.result.model import MatchResult
from mentormatch.whatif.alternates import alternates as _alternates
from mentormatch.whatif.fixes import find_fixes
from mentormatch.whatif.model import Alternate, Contrast, Explanation
from mentormatch.whatif.resolve import Engine, engine

__all__ = ["alternates", "engine_of", "explain"]

_CACHE = "_whatif_engine"


def engine_of(result: MatchResult, problem: Problem | None = None) -> Engine:
    """The optimum in force of ``result`` as engine arrays, built once and kept on it."""
    problem = problem if problem is not None else result.problem
    if problem is None:
        raise ValueError("this result does not hold its problem (read back from files): "
                         "pass problem=")
    cached = getattr(result, _CACHE, None)
    if cached is not None and cached.problem is problem:
        return cached
    eng = engine(problem, result).prepare()
    # a frozen dataclass without slots: the cache is set once, bypassing __setattr__
    object.__setattr__(result, _CACHE, eng)
    return eng


def alternates(result: MatchResult, student_id: str, k: int = 3, *,
               problem: Problem | None = None) -> tuple[Alternate, ...]:
    """Backup volunteers of a matched pupil (:func:`mentormatch.whatif.alternates.alternates`)."""
    eng = engine_of(result, problem)
    return _alternates(eng, [student_id], k).get(student_id, ())


def _contrast(result: MatchResult, problem: Problem, student_id: str) -> Contrast | None:
    pair = result.pair_of(student_id)
    if pair is None:
        return None
    alts = alternatives(problem, student_id, 1, exclude=pair.mentor_id)
    if not alts:
        return None
    ru = alts[0]
    load = next((m for m in result.mentors if m.mentor_id == ru["mentor_id"]), None)
    full = load is not None and load.load >= load.capacity
    return Contrast(ru["mentor_id"], dict(pair.breakdown), dict(ru["breakdown"]), pair.cost,
                    float(ru["cost"]), full, tuple(load.students) if load else (),
                    ru["modality"], ru.get("distance_km"))


def explain(result: MatchResult, student_id: str, *, problem: Problem | None = None,
            max_fixes: int = 3, k: int = 3) -> Explanation:
    """Explain one pupil: why (un)matched, verified fixes, alternates, runner-up.

    Parameters
    ----------
    result : MatchResult
    student_id : str
    problem : Problem, optional
        Needed when the result was read back from files (``result.problem`` is None).
    max_fixes : int
        Fixes returned at most (unmatched pupils).
    k : int
        Alternates returned at most (matched pupils).

    Raises
    ------
    KeyError
        If no pupil has this ID.
    """
    t0 = time.perf_counter()
    problem = problem if problem is not None else result.problem
    pair = result.pair_of(student_id)
    unmatched = next((u for u in result.unmatched if u.student_id == student_id), None)
    if pair is None and unmatched is None:
        raise KeyError(student_id)
    eng = engine_of(result, problem)
    if pair is not None:
        alts = _alternates(eng, [student_id], k).get(student_id, ())
        return Explanation(student_id, True, pair, (), (), (), alts,
                           _contrast(result, eng.problem, student_id),
                           time.perf_counter() - t0)
    assert unmatched is not None
    fixes, tried = find_fixes(eng, student_id, max_fixes=max_fixes)
    return Explanation(student_id, False, None, unmatched.reasons, fixes, tried, (), None,
                       time.perf_counter() - t0)
