"""Marginal values of equipment from the multipliers (a ranking, not a value)."""

from __future__ import annotations

from mentormatch.domain.equipment import ITEMS
from mentormatch.solve.equipment.lending import Lending
from mentormatch.solve.equipment.rounds import EquipmentOutcome


def marginal_estimates(eq: EquipmentOutcome, lend: Lending) -> list[tuple[str, str, float]]:
    """``(scope, item, priority weight)`` one more item would match, from the multipliers."""
    out = []
    for k, scope in enumerate(lend.scopes):
        for t, item in enumerate(ITEMS):
            out.append((scope, item, float(eq.lambdas[k, t]) / eq.big))
    return out
