"""The reference composition of the rules and cost terms, pair by pair.

Straight from the declarations: a pair is feasible when it passes every rule
of :data:`~mentormatch.candidates.rules.RULES` (:func:`feasible_mask`), and its
costs are every pair term of :data:`~mentormatch.candidates.costs.TERMS`
(:func:`evaluate_pairs`). The reasons, the explanations and the tests use this
path; the fast enumerator (:mod:`mentormatch.candidates.generate`) must give the
same pairs and the same quantised costs, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs import FLAG_TERMS, PAIR_TERMS, PairFeatures
from mentormatch.candidates.costs.distance import meets_remotely
from mentormatch.candidates.costs.subject import choose_need
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.rules import RULES
from mentormatch.candidates.rules.availability import common_blocks, n_common
from mentormatch.candidates.rules.device import remote_ok
from mentormatch.candidates.rules.distance import distance_km
from mentormatch.candidates.rules.level import teachable
from mentormatch.candidates.rules.subject import offered_levels
from mentormatch.domain.policy import Weights

__all__ = ["PairEval", "evaluate_pairs", "feasible_mask", "in_person_ok", "pair_costs",
           "sum_terms"]


@dataclass(frozen=True)
class PairEval:
    """Chosen subject, modality and float cost terms of a list of (feasible) pairs."""

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    need: NDArray[np.int64]
    remote: NDArray[np.bool_]
    dist_km: NDArray[np.float64]
    terms: dict[str, NDArray[np.float64]]

    @property
    def total(self) -> NDArray[np.float64]:
        """Sum of the pair terms (cost units), in the order of the terms."""
        total = np.zeros(len(self.si))
        for v in self.terms.values():  # the order of sum_terms
            total += v
        return total


def in_person_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair may meet in person: every in-person-only rule holds."""
    ok = np.ones(len(si), dtype=bool)
    for r in RULES:
        if r.in_person_only:
            ok &= r.check(enc, si, mi)
    return ok


def feasible_mask(enc: Encoded, si: NDArray[np.int64],
                  mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where the pair passes every hard rule except the cost rules (the cap)."""
    remote = remote_ok(enc, si, mi)
    ok = np.ones(len(si), dtype=bool)
    for r in RULES:
        if r.stage != "cost":
            ok &= r.passes(enc, si, mi, remote)
    return ok


def sum_terms(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """Sum of every pair term on ``f``, in the order of the terms (the one summing order)."""
    total = np.zeros(len(f.remote))
    for term in PAIR_TERMS:
        total += term.cost(f, w)
    return total


def evaluate_pairs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> PairEval:
    """Compute the chosen subject, modality and every pair cost term of feasible pairs."""
    w = enc.problem.policy.weights
    dist = distance_km(enc, si, mi)
    remote = meets_remotely(dist, in_person_ok(enc, si, mi), remote_ok(enc, si, mi), w)
    need, gap = choose_need(offered_levels(enc, si, mi), teachable(enc, si, mi),
                            enc.s_level[si], w)
    f = PairFeatures(remote=remote, km=dist, need_rank=need, level_gap=gap,
                     common_blocks=n_common(common_blocks(enc, si, mi)),
                     flags={t.name: t.flag(enc, si, mi) for t in FLAG_TERMS})
    return PairEval(si, mi, need, remote, dist, {t.name: t.cost(f, w) for t in PAIR_TERMS})


def pair_costs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Quantised pair costs of feasible pairs (arc costs before the session term)."""
    return quantise(evaluate_pairs(enc, si, mi).total, enc.problem.policy.cost_scale, "pair")
