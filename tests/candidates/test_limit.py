"""Policy.max_pairs_per_pupil: the limited graph, and a match certified on it."""

from __future__ import annotations

import numpy as np
import pytest

import mentormatch as mm
from mentormatch import synth
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.candidates.limit import limited_pairs


def _limited(problem: mm.Problem, k: int) -> mm.Problem:
    policy = problem.policy.model_copy(update={"max_pairs_per_pupil": k})
    return problem.model_copy(update={"policy": policy})


@pytest.mark.parametrize(("k", "cap"), [(1, None), (3, None), (40, None), (3, 6.0)])
def test_limited_graph_is_each_pupils_k_first_pairs(k: int, cap: float | None) -> None:
    problem = synth.generate(300, seed=2)
    if cap is not None:  # the cost cap's session limits ride along with the limited pairs
        problem = problem.model_copy(update={
            "policy": problem.policy.model_copy(update={"max_pair_cost": cap})})
    enc = encode(problem)
    full = feasible_pairs(enc)
    lim = limited_pairs(enc, k, block_cells=20_000)   # several blocks
    # the full graph is sorted by pupil, cost, volunteer: the limit keeps its prefixes
    starts = np.searchsorted(full.si, np.arange(enc.n_s))
    rank = np.arange(len(full)) - starts[full.si]
    keep = rank < k
    assert np.array_equal(lim.si, full.si[keep])
    assert np.array_equal(lim.mi, full.mi[keep])
    assert np.array_equal(lim.cost, full.cost[keep])
    assert np.array_equal(lim.session_cost, full.session_cost)
    if cap is None:
        assert lim.session_limit is None
    else:
        assert full.session_limit is not None
        assert lim.session_limit is not None
        assert np.array_equal(lim.session_limit, full.session_limit[keep])
    assert np.bincount(lim.si, minlength=enc.n_s).max() <= k


def test_limit_above_every_pupils_pairs_changes_nothing() -> None:
    problem = synth.generate(200, seed=4)
    ref = mm.match(problem)
    got = mm.match(_limited(problem, 1_000_000))
    assert got.certificate.objective == ref.certificate.objective
    assert got.to_records() == ref.to_records()


def test_match_is_certified_on_the_limited_problem() -> None:
    problem = synth.generate(400, seed=5)
    k = 4
    got = mm.match(_limited(problem, k))
    assert got.certificate.optimal
    enc = encode(problem)
    lim = limited_pairs(enc, k)
    allowed = set(zip(lim.si.tolist(), lim.mi.tolist(), strict=True))
    sid = {s: i for i, s in enumerate(enc.student_ids)}
    mid = {m: i for i, m in enumerate(enc.mentor_ids)}
    for pair in got.pairs:
        assert (sid[pair.student_id], mid[pair.mentor_id]) in allowed
    # the limited problem is a restriction: never better than the full one
    full = mm.match(problem)
    assert got.certificate.objective >= full.certificate.objective


def test_policy_rejects_a_zero_limit() -> None:
    with pytest.raises(ValueError, match="max_pairs_per_pupil"):
        mm.Policy(max_pairs_per_pupil=0)
