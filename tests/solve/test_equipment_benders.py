"""Better solutions near the best loan set (:mod:`mentormatch.solve.equipment.benders`).

The search (refills, local branching) only adds solutions, each an exact
reserved-loan solve checked in integers; the proof stays the loan MILP's. On
synthetic data with the large path forced and a gap left for it (one round, no
loan set named by the loan MILP, no reduced-cost fixing), and on tiny problems
against the brute force (hypothesis): the bound never above the optimum, the
solution never better than it, gap 0 only at it, and never worse than without
the search.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_equipment import (
    _brackets_oracle,
    _check_loans,
    _large_path,
    _synth_with_stock,
    equipped_problems,
)

import mentormatch as mm
from mentormatch import Problem
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.result.equipment import EquipmentReport
from mentormatch.solve import equipment as eq_mod
from mentormatch.solve.equipment import benders as eq_benders
from mentormatch.solve.equipment import rounds as eq_rounds
from mentormatch.solve.equipment.loans import LoanBound, loan_milp

#: The search's settings on the (forced) large path: refills, swaps per solve, swap solves,
#: the swaps ranked by the loan MILP's form (else by a form capped higher).
MODES = {"singles": (4, 1, 16, False), "batch": (0, 8, 1, True), "bisect": (1, 4, 8, True)}


def _gap_left(mp: pytest.MonkeyPatch, search: bool, local: int = 8,
              mode: str = "singles") -> None:
    """The large path with a gap left for the search (or the search off).

    ``mode``: the search's settings there (:data:`MODES`): one swap per solve
    after the refills (the default below ``CORE_MAX_ARCS``), one batch with the
    refill riding along (the default beyond), or batches bisected.
    """
    _large_path(mp)
    refills, batch, solves, from_cut = MODES[mode]
    mp.setattr(eq_rounds, "MAX_ROUNDS", 1)
    mp.setattr(eq_rounds, "CLOSE", False)
    mp.setattr(eq_rounds, "LOAN_ROUNDS", 0)
    mp.setattr(eq_rounds, "SEARCH_LARGE_REFILLS", refills if search else 0)
    mp.setattr(eq_rounds, "SEARCH_LARGE_BATCH", batch)
    mp.setattr(eq_rounds, "SEARCH_LARGE_SOLVES", solves)
    mp.setattr(eq_rounds, "RANK_LARGE_FROM_CUT", from_cut)
    mp.setattr(eq_rounds, "SEARCH_EVALUATIONS", local if search else 0)
    mp.setattr(eq_rounds, "SEARCH_MASTER", search)
    mp.setattr(eq_rounds, "SEARCH_LARGE", search)   # the large path is forced


def _bracketed(result: mm.MatchResult, whole: mm.MatchResult) -> EquipmentReport:
    eq = result.equipment
    assert eq is not None
    assert eq.bound <= whole.certificate.objective <= eq.objective
    if eq.gap == 0:
        assert result.certificate.optimal
        assert eq.objective == whole.certificate.objective
    return eq


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_search_brackets_the_whole_graph_optimum(seed: int, mode: str) -> None:
    """Seeds of ``synth.generate(200)``: valid, never worse than without the search."""
    problem = _synth_with_stock(200, seed, 0.3)
    whole = mm.match(problem)
    assert whole.equipment is not None
    assert whole.equipment.gap == 0
    with pytest.MonkeyPatch.context() as mp:
        _gap_left(mp, search=False)
        without = _bracketed(mm.match(problem), whole)
    calls: list[int] = []
    real = eq_benders.refill
    with pytest.MonkeyPatch.context() as mp:
        _gap_left(mp, search=True, mode=mode)
        mp.setattr(eq_rounds, "refill", lambda *a: calls.append(1) or real(*a))
        result = mm.match(problem)
    _check_loans(problem, result)
    eq = _bracketed(result, whole)
    assert eq.objective <= without.objective
    assert eq.bound >= without.bound   # the last loan MILP, with more forms
    if without.gap:
        assert calls   # the search ran on the gap left


def test_search_improves_a_gap_on_synthetic_data() -> None:
    """On some seed the search finds a better solution than the one it starts from."""
    better = 0
    for seed in (1, 2, 3, 4, 5):
        problem = _synth_with_stock(200, seed, 0.3)
        got = []
        for search in (False, True):
            with pytest.MonkeyPatch.context() as mp:
                _gap_left(mp, search=search)
                eq = mm.match(problem).equipment
                assert eq is not None
                got.append(eq.objective)
        better += got[1] < got[0]
    assert better


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(equipped_problems(), st.sampled_from(sorted(MODES)))
def test_search_equals_brute_force(problem: Problem, mode: str) -> None:
    """Tiny problems: the bound never above the brute force's optimum, gap 0 only at it."""
    with pytest.MonkeyPatch.context() as mp:
        _gap_left(mp, search=True, local=4, mode=mode)
        mp.setattr(eq_rounds, "SEARCH_RADIUS", 1)
        result = mm.match(problem)
    _brackets_oracle(problem, result)


def test_refill_stops_when_it_does_not_improve() -> None:
    """Solves while better; the unused pupils marked; none when nothing is unused."""
    values = [10, 7, 7]
    unused = [np.array([False, True, False, False]), np.array([False, False, False, True]),
              np.array([True, False, False, False])]
    seen: list[int] = []

    def best() -> tuple[int, np.ndarray, np.ndarray | None]:
        return values[len(seen)], np.zeros((0, 3), dtype=np.int64), unused[len(seen)]

    skip = np.zeros(4, dtype=bool)
    assert eq_benders.refill(best, lambda take: seen.append(1), skip, 5) == 2
    assert skip.tolist() == [False, True, False, True]
    seen.clear()
    assert eq_benders.refill(best, lambda take: seen.append(1), np.zeros(4, dtype=bool),
                             1) == 1   # at most 1
    assert eq_benders.refill(lambda: (3, np.zeros((0, 3), dtype=np.int64), None),
                             lambda take: seen.append(1), skip, 5) == 0
    assert eq_benders.refill(lambda: (3, np.zeros((0, 3), dtype=np.int64), unused[0]),
                             lambda take: seen.append(1), skip, 5) == 0   # skipped already


def test_loan_milp_neighbourhood() -> None:
    """The neighbourhood row: at most ``k`` pupils change status from the centre."""
    problem = _synth_with_stock(200, 3, 0.3)
    enc = encode(problem)
    fp = feasible_pairs(enc)
    lend = eq_mod.build_lending(enc, fp, problem.equipment)
    assert lend is not None
    pupils = np.unique(lend.pairs.si).astype(np.int64)
    n = len(pupils)
    form = LoanBound(pupils, np.full(n, -1, dtype=np.int64), 100, np.zeros(n, dtype=bool))
    centre = np.zeros(enc.n_s, dtype=bool)
    for k in (1, 3):
        cut = loan_milp(lend, [form], [], 100, near=(centre, k))
        assert cut.pupils is not None
        assert cut.take is not None
        assert len(cut.pupils) == k   # each loan lowers the form by 1; the row caps them
        assert cut.bound == 100 - k
    free = loan_milp(lend, [form], [], 100)
    assert free.pupils is not None
    assert len(free.pupils) > 3
    centre[free.pupils] = True   # around a set: sets within k of it, the form's least there
    cut = loan_milp(lend, [form], [], 100, near=(centre, 2))
    assert cut.pupils is not None
    assert np.count_nonzero(np.isin(cut.pupils, free.pupils, invert=True)) + np.count_nonzero(
        np.isin(free.pupils, cut.pupils, invert=True)) <= 2
    assert cut.bound == free.bound


def test_shape_swaps_of_one_stock() -> None:
    """Both items' holder out for the two best single-item pupils in, and the reverse."""
    from types import SimpleNamespace

    need = np.array([[1, 1], [1, 0], [0, 1], [1, 1], [1, 0], [0, 1], [1, 0]], dtype=np.int64)
    cover = np.ones((7, 1, 2), dtype=bool)
    cover[6] = False   # pupil 6 is not covered by the stock
    lend = SimpleNamespace(need=need, cover=cover)
    take = np.array([[0, 0, 0], [0, 1, 0], [4, 0, 0], [5, 1, 0]], dtype=np.int64)
    form = LoanBound(np.arange(7, dtype=np.int64),
                     np.array([-5, -10, -8, -30, -2, -3, -99], dtype=np.int64), 0,
                     np.array([True, False, False, False, True, True, False]))
    moves = eq_benders.shape_swaps(lend, form, take, 8, 100)  # type: ignore[arg-type]
    assert [(i.tolist(), o.tolist()) for i, o in moves] == [([3], [4, 5]), ([1, 2], [0])]
    assert eq_benders.shape_swaps(lend, form, take, 1, 100)[0][0].tolist() == [3]  # type: ignore[arg-type]
    assert eq_benders.shape_swaps(lend, form, take, 8, 20)[0][0].tolist() == [1, 2]  # type: ignore[arg-type]

    # solved from the best solution so far: the first swap applied, the second then
    # passed over (pupil 1, to be swapped in, holds a loan in the new best); none once
    # proven
    state = {"take": take}
    calls: list[tuple[list[int], list[int]]] = []

    def best() -> tuple[int, np.ndarray, None]:
        return 10 - len(calls), state["take"], None

    def evaluate(kept: np.ndarray, first: np.ndarray) -> None:
        calls.append((sorted(set(kept[:, 0].tolist())), first.tolist()))
        state["take"] = np.concatenate([kept, np.array([[1, 0, 0], [3, 1, 0]])])

    assert eq_benders.swap(lend, form, best, evaluate, 8, 100,  # type: ignore[arg-type]
                           proven=lambda: False).solves == 1
    assert calls == [([0], [3])]
    assert eq_benders.swap(lend, form, best, evaluate, 8, 100,  # type: ignore[arg-type]
                           proven=lambda: True).solves == 0


#: Scripted swaps: move ``i`` takes pupil ``i`` out and ``10 + i`` in; what it changes
#: alone; move 1 pays only once move 3 is made.
_ALONE = {0: 5, 1: 0, 2: 2, 3: -4, 4: -2, 5: 1}


def _scripted_search(mp: pytest.MonkeyPatch, **kw: int) -> tuple[
        eq_benders.SwapStats, list[list[int]], set[int]]:
    """:func:`.benders.swap` over :data:`_ALONE`'s moves; the solves' sets and the best's."""
    moves = [(np.array([10 + i]), np.array([i])) for i in range(6)]
    mp.setattr(eq_benders, "shape_swaps", lambda *a: moves)
    state = {"take": np.array([[i, 0, 0] for i in range(6)], dtype=np.int64), "value": 100}
    solved: list[list[int]] = []

    def made(take: np.ndarray) -> set[int]:
        return {i for i in range(6) if 10 + i in take[:, 0]}

    def best() -> tuple[int, np.ndarray, None]:
        return state["value"], state["take"], None   # type: ignore[return-value]

    def evaluate(kept: np.ndarray, first: np.ndarray) -> int:
        take = np.concatenate([kept, np.column_stack(
            [first, np.zeros((len(first), 2), dtype=np.int64)])])
        on = made(take)
        value = 100 + sum(_ALONE[i] for i in on) - 3 * (1 in on and 3 in on)
        solved.append(sorted(on - made(state["take"])))
        if value < state["value"]:   # type: ignore[operator]
            state.update(take=take, value=value)
        return value

    stop = kw.pop("stop", -1)
    stats = eq_benders.swap(None, None, best, evaluate, 6, 0,  # type: ignore[arg-type]
                            proven=lambda: state["value"] <= stop, **kw)  # type: ignore[operator]
    return stats, solved, made(state["take"])   # type: ignore[arg-type]


def test_swap_retries_a_move_that_pays_after_another() -> None:
    """One move per solve: move 1 (no change alone) re-tried once move 3 has paid."""
    with pytest.MonkeyPatch.context() as mp:
        stats, solved, made = _scripted_search(mp, batch=1, retry=0)
    assert solved == [[0], [1], [2], [3], [1], [4], [5]]
    assert made == {1, 3, 4}
    assert (stats.solves, stats.improvements, stats.retries) == (7, 3, 1)
    with pytest.MonkeyPatch.context() as mp:   # never re-tried
        stats, solved, made = _scripted_search(mp, batch=1, retry=-1)
    assert made == {3, 4}
    assert stats.retries == 0
    assert len(solved) == 6


def test_swap_batches_bisected() -> None:
    """Batches kept whole when they improve, halved when not, down to single moves."""
    with pytest.MonkeyPatch.context() as mp:
        stats, solved, made = _scripted_search(mp, batch=4, retry=0)
    # [0..3] changes nothing: halved; [0, 1] worse, then 0 and 1 alone; [2, 3] pays;
    # then 1 again (it pays with 3); then [4, 5], better as a whole
    assert solved == [[0, 1, 2, 3], [0, 1], [0], [1], [2, 3], [1], [4, 5]]
    assert made == {1, 2, 3, 4, 5}
    assert (stats.solves, stats.improvements, stats.kept) == (7, 3, 5)
    with pytest.MonkeyPatch.context() as mp:   # one solve: the first batch only
        stats, solved, made = _scripted_search(mp, batch=6, solves=1)
    assert solved == [[0, 1, 2, 3, 4, 5]]
    assert made == {0, 1, 2, 3, 4, 5}
    with pytest.MonkeyPatch.context() as mp:   # stops once proven
        stats, solved, made = _scripted_search(mp, batch=4, retry=0, stop=98)
    assert solved[-1] == [2, 3]
    assert stats.solves == 5


def test_search_on_large_problems_only_with_search_large() -> None:
    """Beyond ``CORE_MAX_ARCS`` the search runs only with ``SEARCH_LARGE`` (on by default)."""
    problem = _synth_with_stock(200, 4, 0.3)
    real = eq_benders.refill
    for large in (False, True):
        calls: list[int] = []
        with pytest.MonkeyPatch.context() as mp:
            _gap_left(mp, search=True)
            mp.setattr(eq_rounds, "SEARCH_LARGE", large)
            mp.setattr(eq_rounds, "refill", lambda *a, c=calls: c.append(1) or real(*a))
            assert mm.match(problem).equipment is not None
        assert bool(calls) == large   # seed 4 leaves a gap for it (the test above)
    assert eq_rounds.SEARCH_LARGE
