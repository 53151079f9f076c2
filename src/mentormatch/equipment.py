"""Equipment lending at the pipeline level: the joint match and the marginal value of stock.

:func:`match_with_equipment` is what :func:`mentormatch.match` runs when
``Problem.equipment`` is given; :func:`verify_marginals` re-solves, warm-started,
with one more item in the stocks of largest multiplier and reports those gains as
the marginal values. The method is in
:mod:`mentormatch.solve.equipment`, the result side in
:mod:`mentormatch.result.equipment`; see ``docs/equipment.md``.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch._backends import BackendChoice
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.candidates.limit import limited_pairs
from mentormatch.domain.equipment import ITEMS, EquipmentStock
from mentormatch.domain.problem import Problem
from mentormatch.result.assemble import assemble
from mentormatch.result.equipment import EquipmentReport, MarginalCheck, assemble_with_equipment
from mentormatch.result.model import MatchResult
from mentormatch.solve.equipment import Lending, build_lending, solve_with_equipment
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


def _ranking(eq: EquipmentReport) -> list[tuple[float, str, str]]:
    """(multiplier, scope, item) of every stock and item, largest multiplier first."""
    mult = eq.multipliers or tuple((round(u.rank_devices * eq.big), round(
        u.rank_connections * eq.big)) for u in eq.scopes)
    cands = [(float(m[t]), u.scope, item) for u, m in zip(eq.scopes, mult, strict=True)
             for t, item in enumerate(ITEMS)]
    cands.sort(key=lambda c: (-c[0], c[1], ITEMS.index(c[2])))
    return cands


@dataclass
class _Warm:
    """What the re-solves of :func:`verify_marginals` share with the solve they verify.

    The encoding, the feasible graph and the lendable pairs do not depend on how
    many items a stock holds (only on which stocks hold some), and the
    multipliers of the verified solve start the rounds of each re-solve
    (:func:`~mentormatch.solve.equipment.solve_with_equipment` ``prices``).
    """

    enc: Encoded
    fp: FeasiblePairs
    lend: Lending | None
    prices: NDArray[np.int64]

    @classmethod
    def of(cls, problem: Problem, eq: EquipmentReport) -> _Warm:
        enc = encode(problem)
        limit = problem.policy.max_pairs_per_pupil
        fp = feasible_pairs(enc) if limit is None else limited_pairs(enc, limit)
        lend = build_lending(enc, fp, problem.equipment)
        prices = np.array(eq.multipliers, dtype=np.int64).reshape(len(eq.scopes), 2)
        return cls(enc, fp, lend, prices)

    def resolve(self, problem: Problem, backend: BackendChoice) -> MatchResult | None:
        """The joint match of ``problem`` (other stock counts), or None: solve it cold."""
        enc = dataclasses.replace(self.enc, problem=problem)
        stock = np.array([[st.devices, st.connections] for st in problem.equipment],
                         dtype=np.int64).reshape(len(problem.equipment), 2)
        lend = self.lend
        if lend is None or lend.stock.shape != stock.shape or np.any(
                (lend.stock > 0) != (stock > 0)):
            lend = build_lending(enc, self.fp, problem.equipment)   # other stocks hold items
        else:
            lend = dataclasses.replace(lend, stock=stock)
        if lend is None or not len(lend.pairs) or self.prices.shape != stock.shape:
            return None
        timings: dict[str, float] = {}
        eq = solve_with_equipment(enc, self.fp, lend, backend=backend, prices=self.prices)
        return assemble_with_equipment(enc, self.fp, lend, eq, None, timings)


def verify_marginals(problem: Problem, result: MatchResult, *, top: int = 3,
                     backend: BackendChoice = "auto") -> MatchResult:
    """The marginal value of one more item in the ``top`` stocks, by re-solving.

    The stocks (and items) to verify are those of largest Lagrange multiplier
    (ties: scope, then tablets before keys): the multiplier is only that ranking.
    Each is re-solved exactly with one more item, warm-started (the encoding,
    feasible graph and lendable pairs of ``problem`` are reused, and the rounds
    start from ``result``'s multipliers), and the gain of that re-solve is the
    reported marginal value.

    Parameters
    ----------
    problem : Problem
        The problem ``result`` solves (with ``equipment``).
    result : MatchResult
        Its result (``result.equipment`` set).
    top : int
        How many (stock, item) to verify.
    backend : str
        As :func:`mentormatch.match`.

    Returns
    -------
    MatchResult
        ``result`` with ``equipment.marginals`` filled (one
        :class:`~mentormatch.result.equipment.MarginalCheck` per re-solve: the
        priority weight and pupils matched more, exact when both solves are
        certified with gap 0) and the verified stocks' ``marginal_devices`` /
        ``marginal_connections`` set to the verified gain in priority weight.
    """
    from mentormatch.pipeline import match

    eq = result.equipment
    if eq is None or top <= 0:
        return result
    warm = _Warm.of(problem, eq) if eq.multipliers else None
    checks = []
    for rank, scope, item in _ranking(eq)[:top]:
        stocks = tuple(
            st.model_copy(update={"devices": st.devices + (item == "device"),
                                  "connections": st.connections + (item == "connection")})
            if st.scope == scope else st for st in problem.equipment)
        changed = problem.model_copy(update={"equipment": stocks})
        again = None if warm is None else warm.resolve(changed, backend)
        if again is None:
            again = match(changed, backend=backend)
        exact = eq.gap == 0 and (again.equipment is None or again.equipment.gap == 0)
        checks.append(MarginalCheck(scope, item, again.matched_weight - result.matched_weight,
                                    len(again.pairs) - len(result.pairs), exact,
                                    rank / eq.big, again.certificate.objective))
    gains = {(m.scope, m.item): m.gain_weight for m in checks}
    scopes = tuple(dataclasses.replace(
        u, marginal_devices=gains.get((u.scope, "device"), u.marginal_devices),
        marginal_connections=gains.get((u.scope, "connection"), u.marginal_connections))
        for u in eq.scopes)
    return dataclasses.replace(result, equipment=dataclasses.replace(
        eq, marginals=tuple(checks), scopes=scopes))
