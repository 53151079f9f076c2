"""Rule ``cost_cap``: the pair costs at most ``Policy.max_pair_cost``, when set.

The cap holds on the pair's cost **as reported** (``Pair.cost``): the sum of
its pair terms and of its session's ``session_time`` term, in cost units,
compared exactly in floating point (``terms + session <= max_pair_cost``,
summed in the order of :attr:`~mentormatch.result.model.Pair.breakdown`), not
after quantisation. The session term depends on the session block, so the cap
is a rule on (pair, session): a pair passes when **some** common session keeps
it within the cap, and only those sessions may be chosen for it.

The session term depends only on the pupil's group (primary or not) and the
block (:mod:`mentormatch.candidates.costs.session_time`), so each group's
blocks are ranked once by session cost (:class:`SessionCap`); the sessions a
pair may use are then the first ``limit`` blocks of its group's ranking — a
per-pair count (:func:`session_limits`) that production stores with the
feasible graph (``FeasiblePairs.session_limit``) and applies wherever sessions
are expanded or priced (:func:`allowed_blocks`, :func:`allows`).

Applied last: its reference check computes the float cost with
:func:`~mentormatch.candidates.reference.evaluate_pairs`, so it only runs on
pairs passing every other rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs import SESSION_TIME
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.rules._base import Rule, Words

__all__ = ["RULE", "SessionCap", "allowed_blocks", "allows", "cost_ok", "session_cap",
           "session_limits"]


@dataclass(frozen=True)
class SessionCap:
    """The cap and each group's blocks ranked by session cost.

    Attributes
    ----------
    cap : float
        ``Policy.max_pair_cost``.
    values : (2, n_values) float array
        Each group's distinct session costs, ascending (padded with ``inf``).
    counts : (2, n_values) int64 array
        Blocks whose session cost is at most ``values[g, j]``.
    rank : (2, n_blocks) int64 array
        Rank of each block in its group's order (session cost, then block).
    masks : (2, n_blocks + 1, words) uint64 array
        ``masks[g, k]``: bit mask of the group's first ``k`` blocks in that order.
    """

    cap: float
    values: NDArray[np.float64]
    counts: NDArray[np.int64]
    rank: NDArray[np.int64]
    masks: NDArray[np.uint64]


def session_cap(enc: Encoded) -> SessionCap | None:
    """The :class:`SessionCap` of ``enc``, or None when ``max_pair_cost`` is unset."""
    policy = enc.problem.policy
    if policy.max_pair_cost is None:
        return None
    table = SESSION_TIME.table(policy)  # (2, n_blocks) float, the reported term
    nb = enc.n_blocks
    words = enc.s_avail.shape[1]
    uniq = [np.unique(table[g]) for g in range(2)]
    width = max(len(u) for u in uniq)
    values = np.full((2, width), np.inf)
    counts = np.full((2, width), nb, dtype=np.int64)
    rank = np.empty((2, nb), dtype=np.int64)
    masks = np.zeros((2, nb + 1, words), dtype=np.uint64)
    for g in range(2):
        values[g, : len(uniq[g])] = uniq[g]
        counts[g, : len(uniq[g])] = np.searchsorted(np.sort(table[g]), uniq[g], side="right")
        order = np.argsort(table[g], kind="stable")
        rank[g, order] = np.arange(nb)
        bits = np.zeros((nb + 1, words * 64), dtype=bool)
        bits[:, :nb] = rank[g][None, :] < np.arange(nb + 1)[:, None]
        masks[g] = np.packbits(bits, axis=1, bitorder="little").view(np.uint64)
    return SessionCap(float(policy.max_pair_cost), values, counts, rank, masks)


def session_limits(sc: SessionCap, group: NDArray[np.int64],
                   terms: NDArray[np.float64]) -> NDArray[np.int16]:
    """Per pair, how many of its group's blocks (in rank order) keep it within the cap.

    ``terms`` is the float sum of the pair's terms (``Pair.cost`` without its
    session); block ``b`` is allowed when ``terms + session[g, b] <= cap``,
    computed exactly as the reported cost is. Addition is monotone, so the
    allowed blocks are a prefix of the group's ranking.
    """
    limit = np.zeros(len(terms), dtype=np.int16)
    for j in range(sc.values.shape[1]):
        value = sc.values[group, j]
        ok = terms + value <= sc.cap  # inf padding never passes
        limit[ok] = sc.counts[group[ok], j]
    return limit


def allowed_blocks(sc: SessionCap | None, group: NDArray[np.int64],
                   limit: NDArray[np.int16] | None) -> NDArray[np.uint64] | None:
    """Bit masks ``(n, words)`` of the blocks each pair may use (None: every block)."""
    if sc is None or limit is None:
        return None
    return sc.masks[group, limit.astype(np.int64)]


def allows(sc: SessionCap | None, group: NDArray[np.int64], limit: NDArray[np.int16] | None,
           block: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where block ``block`` is allowed to its pair (same-length arrays)."""
    if sc is None or limit is None:
        return np.ones(len(block), dtype=bool)
    return np.asarray(sc.rank[group, block] < limit)


def limits_of(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
              terms: NDArray[np.float64]) -> NDArray[np.int16] | None:
    """Production's cost check: per pair its session limit (0: the pair is removed).

    Returns None when no cap is set (every pair, every session).
    """
    sc = session_cap(enc)
    if sc is None:
        return None
    group = enc.s_primary.take(si).astype(np.int64)
    limit = session_limits(sc, group, terms)
    common = enc.s_avail[si] & enc.m_avail[mi] & sc.masks[group, limit.astype(np.int64)]
    return np.where(common.any(axis=1), limit, 0).astype(np.int16)


def cost_ok(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64]) -> NDArray[np.bool_]:
    """True where some common session keeps the pair's reported cost within the cap.

    The reference check, on pairs passing every other rule.
    """
    if enc.problem.policy.max_pair_cost is None or not len(si):
        return np.ones(len(si), dtype=bool)
    # the reference composition imports the rules: import it when first needed
    from mentormatch.candidates.reference import evaluate_pairs

    limit = limits_of(enc, si, mi, evaluate_pairs(enc, si, mi).total)
    assert limit is not None
    return np.asarray(limit > 0)


RULE = Rule(
    key="cost_cap",
    words=Words(en="pair costs more than the maximum", fr="binôme plus coûteux que le maximum"),
    check=cost_ok,
    stage="cost",
    on_cost=limits_of,
)
