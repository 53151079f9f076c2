"""Equipment lending at the pipeline level: the joint match and the marginal value of stock.

:func:`match_with_equipment` is what :func:`mentormatch.match` runs when
``Problem.equipment`` is given; :func:`verify_marginals` re-solves with one more
item in the stocks of largest estimated marginal value. The method is in
:mod:`mentormatch.solve.equipment`, the result side in
:mod:`mentormatch.result.equipment`; see ``docs/equipment.md``.
"""

from __future__ import annotations

import dataclasses
import time

from mentormatch._backends import BackendChoice
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.domain.equipment import EquipmentStock
from mentormatch.domain.problem import Problem
from mentormatch.result.assemble import assemble
from mentormatch.result.equipment import MarginalCheck, assemble_with_equipment
from mentormatch.result.model import MatchResult
from mentormatch.solve.equipment import build_lending, solve_with_equipment
from mentormatch.solve.loop import solve_with_pricing

__all__ = ["EquipmentStock", "match_with_equipment", "verify_marginals"]


def match_with_equipment(enc: Encoded, fp: FeasiblePairs, *, backend: BackendChoice,
                         deadline: float | None, timings: dict[str, float]) -> MatchResult:
    """The joint pairing and lending of ``enc.problem`` (its ``equipment`` is not empty)."""
    t0 = time.perf_counter()
    lend = build_lending(enc, fp, enc.problem.equipment)
    timings["lending"] = time.perf_counter() - t0
    if lend is None or not len(lend.pairs):   # no loan makes any pair: today's match
        outcome = solve_with_pricing(enc, fp, backend=backend, deadline=deadline)
        timings.update(outcome.timings)
        plain = assemble(enc, fp, outcome, timings)
        return assemble_with_equipment(enc, fp, None, None, plain, timings)
    eq = solve_with_equipment(enc, fp, lend, backend=backend, deadline=deadline)
    timings.update(eq.outcome.timings)
    t0 = time.perf_counter()
    result = assemble_with_equipment(enc, fp, lend, eq, None, timings)
    timings["result"] = time.perf_counter() - t0
    return result


def verify_marginals(problem: Problem, result: MatchResult, *, top: int = 3,
                     backend: BackendChoice = "auto") -> MatchResult:
    """Re-solve with one more item in the ``top`` stocks of largest estimated marginal value.

    Parameters
    ----------
    problem : Problem
        The problem ``result`` solves (with ``equipment``).
    result : MatchResult
        Its result (``result.equipment`` set).
    top : int
        How many (stock, item) to verify, largest multiplier first (ties: scope, item).
    backend : str
        As :func:`mentormatch.match`.

    Returns
    -------
    MatchResult
        ``result`` with ``equipment.marginals`` filled: per (stock, item), the
        estimate from the multiplier and the priority weight and pupils matched
        more by the re-solve.
    """
    from mentormatch.pipeline import match

    eq = result.equipment
    if eq is None:
        return result
    cands = [(u.marginal_devices, u.scope, "device") for u in eq.scopes]
    cands += [(u.marginal_connections, u.scope, "connection") for u in eq.scopes]
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    checks = []
    for est, scope, item in cands[:top]:
        stocks = tuple(
            st.model_copy(update={"devices": st.devices + (item == "device"),
                                  "connections": st.connections + (item == "connection")})
            if st.scope == scope else st for st in problem.equipment)
        again = match(problem.model_copy(update={"equipment": stocks}), backend=backend)
        checks.append(MarginalCheck(scope, item, est,
                                    again.matched_weight - result.matched_weight,
                                    len(again.pairs) - len(result.pairs)))
    return dataclasses.replace(result, equipment=dataclasses.replace(eq, marginals=tuple(checks)))
