"""Enumerate the full feasible graph: every (pupil, volunteer) pair passing every hard rule.

Blockwise over pupils: for a block of pupils and all volunteers, the subject,
level and availability rules are evaluated as dense array operations (bit
masks for session blocks), the survivors go through the other rules, and the
pair costs are computed and quantised. Memory is bounded by the block size;
no Python loop runs over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates import costs, rules
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.rules.availability import common_blocks, n_common
from mentormatch.candidates.rules.reach import distance_km
from mentormatch.candidates.rules.subject import offered_levels

__all__ = ["FeasiblePairs", "PairEval", "evaluate_pairs", "feasible_pairs"]

#: Target number of dense (pupil, volunteer) cells per block.
BLOCK_CELLS = 4_000_000


@dataclass(frozen=True)
class PairEval:
    """Hard rules and float cost terms of a list of pairs (all feasible)."""

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    need: NDArray[np.int64]
    remote: NDArray[np.bool_]
    dist_km: NDArray[np.float64]
    terms: dict[str, NDArray[np.float64]]

    @property
    def total(self) -> NDArray[np.float64]:
        """Sum of the pair terms (cost units)."""
        return np.sum(list(self.terms.values()), axis=0) if self.terms else np.zeros(0)


@dataclass(frozen=True)
class FeasiblePairs:
    """The full feasible graph at pair level, sorted by pupil then cost.

    Attributes
    ----------
    si, mi : int32 arrays
        Pupil and volunteer indices (canonical order).
    cost : int64 array
        Quantised pair cost (without the session and load terms).
    session_cost : (2, n_blocks) int64 array
        Quantised session cost per pupil group (0 secondary, 1 primary) and block.
    """

    si: NDArray[np.int32]
    mi: NDArray[np.int32]
    cost: NDArray[np.int64]
    session_cost: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.si)


def feasible_mask(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
                  dist: NDArray[np.float64] | None = None) -> NDArray[np.bool_]:
    """True where the pair passes every hard rule except the cost cap."""
    ok = rules.level_ok(enc, si, mi) & rules.available(enc, si, mi)
    ok &= rules.modality_compatible(enc, si, mi) & rules.common_language(enc, si, mi)
    ok &= rules.gender_ok(enc, si, mi) & rules.not_excluded(enc, si, mi)
    ok &= rules.not_self(enc, si, mi)
    if dist is None:
        dist = distance_km(enc, si, mi)
    reach = rules.remote_ok(enc, si, mi) | (
        rules.within_reach(enc, si, mi, dist) & rules.clearance_ok(enc, si, mi))
    return ok & reach


def evaluate_pairs(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> PairEval:
    """Compute the chosen subject, modality and every pair cost term of feasible pairs."""
    w = enc.problem.policy.weights
    dist = distance_km(enc, si, mi)
    ip_ok = rules.within_reach(enc, si, mi, dist) & rules.clearance_ok(enc, si, mi)
    rm_ok = rules.remote_ok(enc, si, mi)
    d_cost, r_cost, is_remote = costs.travel_cost(dist, ip_ok, rm_ok, w)
    offered = offered_levels(enc, si, mi)
    teach = offered >= enc.s_level[si][:, None]
    need, rank_cost, gap_cost = costs.subject_costs(offered, teach, enc.s_level[si], w)
    common = n_common(common_blocks(enc, si, mi))
    terms = {
        "distance": d_cost,
        "remote": r_cost,
        "subject_rank": rank_cost,
        "level_gap": gap_cost,
        "flexibility": costs.flexibility_cost(common, w.flexibility),
        "continuity": costs.continuity_cost(enc.s_current[si], mi, w.continuity),
        "territory": costs.territory_cost(enc.s_territory[si], enc.m_territory[mi],
                                          w.other_territory),
        "association": costs.association_cost(enc.s_association[si], enc.m_association[mi],
                                              w.other_association),
    }
    return PairEval(si, mi, need, is_remote, dist, terms)


def _dense_prefilter(enc: Encoded, lo: int, hi: int) -> tuple[NDArray[np.int64], ...]:
    """Pairs of pupils ``lo:hi`` × all volunteers passing level and availability rules."""
    needs = enc.s_needs[lo:hi]                                   # (B, J)
    lv = enc.m_offer_level[:, np.maximum(needs, 0)]              # (n_m, B, J)
    teach = ((lv >= enc.s_level[lo:hi][None, :, None]) & (needs >= 0)[None]).any(axis=2)
    common = (enc.m_avail[:, None, :] & enc.s_avail[None, lo:hi, :]).any(axis=2)
    mi, bi = np.nonzero(teach & common)
    return bi.astype(np.int64) + lo, mi.astype(np.int64)


def feasible_pairs(enc: Encoded) -> FeasiblePairs:
    """Enumerate every feasible pair with its quantised cost (see module docs)."""
    policy = enc.problem.policy
    scale = policy.cost_scale
    block = max(1, BLOCK_CELLS // max(enc.n_m, 1))
    parts_s: list[NDArray[np.int32]] = []
    parts_m: list[NDArray[np.int32]] = []
    parts_c: list[NDArray[np.int64]] = []
    for lo in range(0, enc.n_s, block):
        hi = min(enc.n_s, lo + block)
        si, mi = _dense_prefilter(enc, lo, hi)
        keep = feasible_mask(enc, si, mi)
        si, mi = si[keep], mi[keep]
        cost = quantise(evaluate_pairs(enc, si, mi).total, scale, "pair")
        if policy.max_pair_cost is not None:
            ok = cost <= round(policy.max_pair_cost * scale)
            si, mi, cost = si[ok], mi[ok], cost[ok]
        order = np.lexsort((mi, cost, si))
        parts_s.append(si[order].astype(np.int32))
        parts_m.append(mi[order].astype(np.int32))
        parts_c.append(cost[order])
    session = quantise(costs.session_costs(policy), scale, "session")
    if not parts_s:
        empty = np.zeros(0, dtype=np.int32)
        return FeasiblePairs(empty, empty, np.zeros(0, dtype=np.int64), session)
    return FeasiblePairs(np.concatenate(parts_s), np.concatenate(parts_m),
                         np.concatenate(parts_c), session)
