"""``match()``: the product's main job, from a Problem to a certified MatchResult.

The pipeline, one stage per call: :func:`~mentormatch.candidates.encode.encode`
(domain → arrays) → :func:`~mentormatch.candidates.generate.feasible_pairs` (the
full feasible graph) → :func:`~mentormatch.solve.loop.solve_with_pricing` (network,
solve and price until certified) → :func:`~mentormatch.result.assemble.assemble`
(pairs, reasons, loads, self-checks).
"""

from __future__ import annotations

import math
import time

from mentormatch._backends import BackendChoice
from mentormatch._memory import paused_gc
from mentormatch._progress import ProgressCallback, as_reporter
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.candidates.limit import limited_pairs
from mentormatch.continuity import PreviousResult, collect_in_force
from mentormatch.domain.problem import Problem
from mentormatch.errors import InputError
from mentormatch.result.assemble import assemble
from mentormatch.result.model import MatchResult
from mentormatch.solve.loop import solve_with_pricing

__all__ = ["match"]

def match(problem: Problem, *, backend: BackendChoice = "auto",
          previous: PreviousResult | None = None, time_limit: float | None = None,
          progress: ProgressCallback | None = None) -> MatchResult:
    """Pair pupils with volunteers optimally, with a weekly session each, and prove it.

    Parameters
    ----------
    problem : Problem
        Students, mentors and policy.
    backend : str
        ``"auto"`` or a backend name (``"assignment"``, ``"networkx"``, ``"highs"``,
        ``"ortools"``, ``"auction"``, ``"primal_dual"``, ``"network_simplex"``).
        Solver backend (:data:`mentormatch._backends.BackendChoice`), the same
        names as :func:`mentormatch.flow.min_cost_flow`'s. ``"auto"`` defers to
        ``problem.policy.backend``, itself ``"auto"`` by default:
        :func:`mentormatch.flow.backends.choose_backend` then picks
        ``"auction"`` when numba is installed (``mentormatch[fast]``: the same
        reduction matched by a compiled auction), else ``"assignment"`` up to
        :data:`~mentormatch.flow.backends.AUTO_CORE_MAX_PUPILS` pupils (or
        without OR-Tools) and ``"ortools"`` beyond. ``"assignment"`` solves
        each round's match network by its reduction to a rectangular
        assignment (:mod:`mentormatch.solve.reduction`, solved by
        :func:`mentormatch.flow.solve_assignment`, the matcher behind
        ``min_cost_flow(backend="assignment")``); the other names hand the
        network to :func:`mentormatch.flow.min_cost_flow` with that backend.

    time_limit : float, optional
        Seconds. When the solve-and-price loop finds the time spent, the result
        is the best found so far: feasible and complete (nothing lost, every
        rule holds), optimal on the candidate pairs priced so far, with
        ``certificate.status == "time_limit"``, ``optimal=False`` and a proven
        ``dual_bound`` (no solution can have a smaller objective) and ``gap``.
        The limit is checked between rounds, never inside a solve, so a match
        may run past it by one round (see ``docs/limits.md``). ``None``: no limit.
    previous : MatchResult, optional
        The pairs in force: the last result, or what
        :func:`mentormatch.read_result` reads back from its folder or
        ``result.json``. ``Policy.continuity`` says how they are treated
        (``"stable"`` by default; see ``docs/engine.md``, "Pairs in force"),
        and ``result.changes`` says what changed for every pupil. Pairs in
        force may also come from the students' ``current_mentor`` +
        ``current_session`` (these win). Without either, the match is the
        same as before continuity existed.
    progress : callable, optional
        ``progress(stage, done, total)``, called at most about ten times a second
        per stage (stages and their counts: :mod:`mentormatch._progress`). Return
        ``False`` from it to stop the match: :class:`mentormatch.Cancelled` is
        raised and nothing partial is returned.

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
    :mod:`mentormatch.solve.loop`.

    **Ties.** Among equally optimal solutions, the one returned is fixed by the
    canonical order of people — sorted by a BLAKE2 hash of their ID keyed by
    ``Policy.seed``, then by ID — and the deterministic solvers. It never
    depends on the order of the input: the same people in any order give the
    identical pairs and sessions. Changing the seed may pick another of the
    equally optimal solutions.

    Python's cyclic garbage collector is paused during the match and
    re-enabled after it (:func:`mentormatch._memory.paused_gc`).

    Raises
    ------
    InputError
        Numbers too large to be solved exactly, or a time limit that is not a
        positive number of seconds.
    InternalError
        A self-check failed ("nothing lost", objective reconciliation); never a
        partial result.
    Cancelled
        The ``progress`` callback returned ``False``.
    """
    with paused_gc():
        return _match(problem, backend=backend, previous=previous, time_limit=time_limit,
                      progress=progress)


def _match(problem: Problem, *, backend: BackendChoice, previous: PreviousResult | None,
           time_limit: float | None, progress: ProgressCallback | None) -> MatchResult:
    """:func:`match` (its documentation), the collector paused."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    deadline = None if time_limit is None else t0 + _seconds(time_limit)
    report = as_reporter(progress)
    report("encode", 0, 1)
    enc = encode(problem)
    report("encode", 1, 1)
    timings["encode"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    collected = collect_in_force(problem, previous)
    if collected.active:
        from mentormatch.rerun import match_in_force

        return match_in_force(
            enc, collected, backend=problem.policy.backend if backend == "auto" else backend,
            deadline=deadline, timings=timings, progress=report)
    limit = problem.policy.max_pairs_per_pupil
    fp = feasible_pairs(enc, progress=report) if limit is None else limited_pairs(enc, limit)
    timings["candidates"] = time.perf_counter() - t0
    if problem.equipment:   # tablets and 4G keys to lend: the joint solve (docs/equipment.md)
        from mentormatch.equipment import match_with_equipment
        return match_with_equipment(enc, fp, backend=problem.policy.backend if backend == "auto"
                                    else backend, deadline=deadline, timings=timings)
    outcome = solve_with_pricing(
        enc, fp, backend=problem.policy.backend if backend == "auto" else backend,
        deadline=deadline, progress=report)
    timings.update(outcome.timings)
    t0 = time.perf_counter()
    report("result", 0, 1)
    result = assemble(enc, fp, outcome, timings)
    report("result", 1, 1)
    timings["result"] = time.perf_counter() - t0
    return result


def _seconds(time_limit: float) -> float:
    """The time limit as seconds, or an :class:`InputError`."""
    ok = isinstance(time_limit, int | float) and not isinstance(time_limit, bool)
    if not ok or not math.isfinite(time_limit) or time_limit <= 0:
        raise InputError.single("out_of_range", "time_limit must be a positive number of "
                                "seconds", field="time_limit", value=time_limit)
    return float(time_limit)
