"""Rule ``cost_cap``: the pair costs at most ``Policy.max_pair_cost``, when set.

Applied last, to the quantised pair cost (:func:`within_cap`); its reference
check computes that cost with
:func:`~mentormatch.candidates.reference.pair_costs`, so it only runs on pairs
passing every other rule.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words


def cap(enc: Encoded) -> int | None:
    """The quantised cap, ``round(max_pair_cost * cost_scale)``, or None when unset."""
    policy = enc.problem.policy
    return None if policy.max_pair_cost is None else round(policy.max_pair_cost
                                                           * policy.cost_scale)


def within_cap(enc: Encoded, cost: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the quantised pair cost is at most the cap."""
    limit = cap(enc)
    return np.ones(len(cost), dtype=bool) if limit is None else np.asarray(cost <= limit)


def cost_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair's cost is within the cap (pairs passing every other rule)."""
    if cap(enc) is None or not len(si):
        return np.ones(len(si), dtype=bool)
    # the reference composition imports the rules: import it when first needed
    from mentormatch.candidates.reference import pair_costs

    return within_cap(enc, pair_costs(enc, si, mi))


RULE = Rule(
    key="cost_cap",
    words=Words(en="pair costs more than the maximum", fr="binôme plus coûteux que le maximum"),
    check=cost_ok,
    stage="cost",
    on_cost=within_cap,
)
