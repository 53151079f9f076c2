"""What a match lent: loans, per-stock figures, the certificate's bounds, marginal values.

:func:`assemble_with_equipment` turns a joint solve
(:func:`mentormatch.solve.equipment.solve_with_equipment`) into a
:class:`~mentormatch.result.model.MatchResult` whose ``equipment`` is an
:class:`EquipmentReport`. :func:`mentormatch.equipment.verify_marginals`
re-solves with one more item in the scopes of largest multiplier (the ranking)
and reports the gains of those re-solves as the marginal values (``docs/equipment.md``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.domain.equipment import EquipmentStock
from mentormatch.result.assemble import assemble
from mentormatch.result.model import MatchResult
from mentormatch.solve.equipment import EquipmentOutcome, Lending

__all__ = ["EQUIPMENT_FILE", "EquipmentReport", "Loan", "MarginalCheck", "ScopeUse",
           "assemble_with_equipment", "equipment_dict", "equipment_rows"]

#: The file of the output bundle listing the loans.
EQUIPMENT_FILE = "equipment.csv"


@dataclass(frozen=True, slots=True)
class Loan:
    """One item lent: to ``student_id``, ``item`` (``"device"``/``"connection"``) from ``scope``."""

    student_id: str
    item: str
    scope: str


@dataclass(frozen=True, slots=True)
class ScopeUse:
    """One stock: items available and lent, pupils reached, marginal values.

    ``marginal_devices`` / ``marginal_connections``: the priority weight one
    more item of that kind in this stock matches, **verified by re-solving**
    (:func:`mentormatch.equipment.verify_marginals`); ``None`` until that stock
    and item are verified. ``rank_devices`` / ``rank_connections``: the Lagrange
    multiplier of the stock in priority weight, only the ranking that chooses
    which stocks to verify — not a marginal value (a one-sided derivative of a
    degenerate LP, it can be far from the integer gain).
    """

    scope: str
    devices: int
    connections: int
    devices_lent: int
    connections_lent: int
    pupils_reached: int
    rank_devices: float
    rank_connections: float
    marginal_devices: int | None = None
    marginal_connections: int | None = None


@dataclass(frozen=True, slots=True)
class MarginalCheck:
    """One more item in a stock, verified by re-solving.

    ``gain_weight`` / ``gain_pupils``: the priority weight and pupils matched
    more by the re-solve with one more item (the reported marginal value: the
    weight is exact when ``exact``, both solves then being certified with gap 0;
    the pupils are those of the solutions returned, as several optima may match
    the same weight with other numbers of pupils). ``rank``: the multiplier that
    chose this stock for verification (priority weight), not a marginal value.
    ``objective``: the re-solve's objective (priority weight and cost), for audit.
    """

    scope: str
    item: str
    gain_weight: int
    gain_pupils: int
    exact: bool
    rank: float
    objective: int = 0


@dataclass(frozen=True, slots=True)
class EquipmentReport:
    """The equipment side of a match (``MatchResult.equipment``).

    Attributes
    ----------
    loans : tuple of Loan
        Every item lent, sorted by pupil then item.
    scopes : tuple of ScopeUse
        Every stock, in the input's order.
    objective, bound, gap : int
        The objective of the result, the proven lower bound and their difference
        (0: proven optimal for priority weight matched, then cost).
    bound_kind : str
        ``"relaxation"`` (unlimited stock), ``"lagrangian"``, ``"milp"`` (the MILP on
        the whole graph), ``"fixing"`` (the MILP over the arcs within the gap of
        a Lagrangian bound's reduced costs: exact) or ``"loans"`` (the MILP over the
        loan decisions, :mod:`mentormatch.solve.equipment.loans`).
    items_optimal : bool
        Fewest items lent among the solutions of that objective (third tier),
        proven on the arcs of the final MILP.
    rounds, engine_solves, milp_vars : int
    marginals : tuple of MarginalCheck
        Filled by :func:`mentormatch.equipment.verify_marginals` (empty until then).
    big : int
        The objective's unit of priority weight (``BIG``; 1 when nothing was lent).
    multipliers : tuple of (int, int)
        Per stock, the Lagrange multipliers (devices, connections) in objective
        units: the ranking of :func:`~mentormatch.equipment.verify_marginals` and
        its warm start.
    """

    loans: tuple[Loan, ...]
    scopes: tuple[ScopeUse, ...]
    objective: int
    bound: int
    gap: int
    bound_kind: str
    items_optimal: bool
    rounds: int
    engine_solves: int
    milp_vars: int
    marginals: tuple[MarginalCheck, ...] = ()
    big: int = 1
    multipliers: tuple[tuple[int, int], ...] = ()

    @property
    def items_lent(self) -> int:
        """Number of items lent."""
        return len(self.loans)

    @property
    def weight_gap(self) -> int:
        """Most priority weight a better allocation could still match (0 when proven optimal).

        From the bound: an optimum leaves at least ``ceil((bound - BIG + 1) / BIG)``
        weight unmatched, the result leaves ``objective // BIG``.
        """
        if self.gap <= 0:
            return 0
        least_unmatched = -((self.big - 1 - self.bound) // self.big)
        return max(0, self.objective // self.big - least_unmatched)


def _report(enc: Encoded, stocks: Sequence[EquipmentStock], eq: EquipmentOutcome | None
            ) -> EquipmentReport:
    loans = [] if eq is None else [
        Loan(enc.student_ids[s], item, scope)
        for s, items in eq.lent.items() for item, scope in items]
    loans.sort(key=lambda x: (x.student_id, x.item))
    uses = []
    for k, st in enumerate(stocks):
        mine = [x for x in loans if x.scope == st.scope]
        lam = (0, 0) if eq is None else (int(eq.lambdas[k, 0]), int(eq.lambdas[k, 1]))
        big = 1 if eq is None else eq.big
        uses.append(ScopeUse(
            st.scope, st.devices, st.connections,
            sum(x.item == "device" for x in mine), sum(x.item == "connection" for x in mine),
            len({x.student_id for x in mine}), lam[0] / big, lam[1] / big))
    if eq is None:
        return EquipmentReport(tuple(loans), tuple(uses), 0, 0, 0, "relaxation", True, 0, 0, 0)
    out = eq.outcome
    return EquipmentReport(tuple(loans), tuple(uses), out.objective, out.dual_bound,
                           out.objective - out.dual_bound, eq.bound_kind, eq.items_optimal,
                           eq.rounds, eq.engine_solves, eq.milp_vars, big=eq.big,
                           multipliers=tuple((int(a), int(b)) for a, b in eq.lambdas))


def assemble_with_equipment(enc: Encoded, fp: FeasiblePairs, lend: Lending | None,
                            eq: EquipmentOutcome | None, plain: MatchResult | None,
                            timings: dict[str, float]) -> MatchResult:
    """The :class:`MatchResult` of a joint solve (or ``plain`` when nothing can be lent)."""
    stocks = enc.problem.equipment
    if eq is None or lend is None:
        if plain is None:
            raise ValueError("a plain result is needed when nothing can be lent")
        return dataclasses.replace(plain, equipment=_report(enc, stocks, None))
    lent = {s: tuple(item for item, _ in v) for s, v in eq.lent.items()}
    result = assemble(enc, fp, eq.outcome, timings, lent=lent, lent_enc=lend.enc_lent)
    return dataclasses.replace(result, equipment=_report(enc, stocks, eq))


def equipment_rows(report: EquipmentReport) -> list[dict[str, Any]]:
    """Rows of ``equipment.csv``: one per item lent (pupil, item, stock)."""
    return [{"student_id": x.student_id, "item": x.item, "scope": x.scope} for x in report.loans]


def equipment_dict(report: EquipmentReport) -> dict[str, Any]:
    """``MatchResult.equipment`` as written to ``result.json``."""
    return {
        "objective": report.objective, "bound": report.bound, "gap": report.gap,
        "bound_kind": report.bound_kind, "items_optimal": report.items_optimal,
        "rounds": report.rounds, "engine_solves": report.engine_solves,
        "milp_vars": report.milp_vars, "items_lent": report.items_lent,
        "loans": [dataclasses.asdict(x) for x in report.loans],
        "scopes": [dataclasses.asdict(u) for u in report.scopes],
        "marginals": [dataclasses.asdict(m) for m in report.marginals],
    }
