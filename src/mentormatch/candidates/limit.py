"""The graph limit ``Policy.max_pairs_per_pupil``: each pupil's ``k`` cheapest pairs, streamed.

Without a limit the feasible graph holds every feasible pair (remote pairs ignore
distance, so it grows as ``0.04 n²`` on the synthetic data). With
``Policy.max_pairs_per_pupil = k`` the problem solved is, by definition, the
**limited problem**: each pupil may only be paired with the volunteers of its ``k``
feasible pairs of least quantised pair cost (the pair cost without the session and
load terms, :attr:`FeasiblePairs.cost`), ties broken by the smaller volunteer index
(canonical order). Everything after this — the candidate sets, the solve, the pricing
of every pair of the (limited) graph, the certificate — works on the limited graph
unchanged, so the certificate proves optimality **for the limited problem** exactly;
it says nothing about pairs the limit left out.

The graph is built block by block of pupils
(:func:`~mentormatch.candidates.generate.iter_feasible_blocks`) and each block cut
to its pupils' ``k`` first pairs before the next is enumerated: memory holds ``k``
pairs per pupil plus one block, never the full graph.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import group_rank
from mentormatch.candidates.costs import SESSION_TIME
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import (
    FeasiblePairs,
    _sort_block,
    _unsorted_blocks,
    fits_narrow,
)
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.rules.cost_cap import session_cap

__all__ = ["limited_pairs"]


def limited_pairs(enc: Encoded, per_pupil: int, *,
                  block_cells: int | None = None) -> FeasiblePairs:
    """Each pupil's ``per_pupil`` cheapest feasible pairs, sorted by pupil then cost.

    Parameters
    ----------
    enc : Encoded
        The encoded problem.
    per_pupil : int
        Pairs kept per pupil (``>= 1``; see the module notes for the order).
    block_cells : int, optional
        Pupils per block × volunteers of the enumeration.

    Returns
    -------
    FeasiblePairs
        The limited graph, in the layout of
        :func:`~mentormatch.candidates.generate.feasible_pairs`.
    """
    if per_pupil < 1:
        raise ValueError("per_pupil must be at least 1")
    policy = enc.problem.policy
    session = quantise(SESSION_TIME.table(policy), policy.cost_scale, "session")
    sc = session_cap(enc)  # with Policy.max_pair_cost, each pair's usable sessions ride along
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    limits: list[np.ndarray] = []
    for si, mi, cost, lo, _, limit in _unsorted_blocks(enc, block_cells):
        n = len(si)
        out = (np.empty(n, dtype=np.int32), np.empty(n, dtype=np.int32),
               np.empty(n, dtype=np.int32))
        sorted_limit = np.empty(n, dtype=np.int16)
        _sort_block(si, mi, cost, lo, enc.n_m, out,
                    None if limit is None else (limit, sorted_limit))
        keep = np.flatnonzero(group_rank(out[0]) < per_pupil)   # sorted by pupil, cost, volunteer
        parts.append((out[0][keep], out[1][keep], out[2][keep]))
        limits.append(sorted_limit[keep])
    if not parts:
        empty32 = np.zeros(0, dtype=np.int32)
        return FeasiblePairs(empty32, empty32.copy(), empty32.copy(), session,
                             None if sc is None else np.zeros(0, dtype=np.int16), sc)
    costs: NDArray[np.int32] = np.concatenate([p[2] for p in parts])
    return FeasiblePairs(np.concatenate([p[0] for p in parts]),
                         np.concatenate([p[1] for p in parts]),
                         costs.astype(np.int16) if fits_narrow(costs) else costs, session,
                         None if sc is None else np.concatenate(limits), sc)
