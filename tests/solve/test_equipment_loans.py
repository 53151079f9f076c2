"""The loan MILP's bound (session h18c): from HiGHS' lower side, never above the least value.

:func:`mentormatch.solve.equipment.loans.loan_milp` minimises the largest of several
forms ``const + coef . z`` over stock-feasible loan sets outside evaluated ones.
Its bound is HiGHS' dual bound less :func:`~mentormatch.solve.equipment.loans.bound_margin`,
rounded up, with HiGHS' default tolerances; the coefficients here are as large as
the multipliers of the benchmark (10^7-10^8), where the set HiGHS returns can be
non-minimal. The oracle enumerates every set and every choice of stocks.
"""

from __future__ import annotations

import itertools
import logging

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import mentormatch as mm
from mentormatch.solve.equipment import loans as eq_loans
from mentormatch.solve.equipment import rounds as eq_rounds
from mentormatch.solve.equipment.lending import Lending
from mentormatch.solve.equipment.loans import NO_BOUND, LoanBound, LoanCut, loan_milp


def _feasible(chosen: tuple[int, ...], need: np.ndarray, cover: np.ndarray,
              stock: np.ndarray) -> bool:
    """Some choice of a covering stock per item of the chosen pupils respects the stocks."""
    for t in range(2):
        takers = [s for s in chosen if need[s, t]]
        options = [np.flatnonzero(cover[s, :, t]).tolist() for s in takers]
        if not any(all(pick.count(k) <= stock[k, t] for k in set(pick))
                   for pick in itertools.product(*options)):
            return False
    return True


def _least(forms: list[LoanBound], evaluated: list[np.ndarray], need: np.ndarray,
           cover: np.ndarray, stock: np.ndarray) -> int | None:
    """The least largest form over stock-feasible sets outside every evaluated set."""
    n = len(forms[0].pupils)
    best: int | None = None
    for size in range(n + 1):
        for chosen in itertools.combinations(range(n), size):
            mask = np.zeros(n, dtype=bool)
            mask[list(chosen)] = True
            if any(not np.any(mask & ~ev) for ev in evaluated):
                continue
            if not _feasible(chosen, need, cover, stock):
                continue
            value = max(f.const + int(f.coef[mask].sum()) for f in forms)
            best = value if best is None else min(best, value)
    return best


@st.composite
def loan_instances(draw: st.DrawFn) -> tuple[Lending, list[LoanBound], list[np.ndarray], int]:
    n = draw(st.integers(1, 6))
    n_k = draw(st.integers(1, 2))
    need = np.array(draw(st.lists(st.tuples(st.booleans(), st.booleans()).filter(any),
                                  min_size=n, max_size=n)), dtype=bool)
    cov = np.array(draw(st.lists(st.lists(st.booleans(), min_size=n_k, max_size=n_k),
                                 min_size=n, max_size=n)), dtype=bool)
    cov[:, -1] = True   # the last stock covers everyone: every pupil can be helped
    stock = np.array(draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                                   min_size=n_k, max_size=n_k)), dtype=np.int64)
    stock[-1] = np.maximum(stock[-1], 1)
    cover = cov[:, :, None] & (stock > 0)[None, :, :] & need[:, None, :]
    lend = Lending(tuple(f"k{k}" for k in range(n_k)), stock, need, cover,
                   None, None)  # type: ignore[arg-type]
    pupils = np.arange(n, dtype=np.int64)
    big = draw(st.sampled_from([1, 10**7, 87_654_321, 10**8]))
    base = draw(st.integers(0, 10**11))
    forms = []
    for _ in range(draw(st.integers(1, 3))):
        # -extra[s] +- delta[s]: multiples of large multipliers plus small reduced costs
        extra = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))) * big
        delta = np.array(draw(st.lists(st.integers(0, 500), min_size=n, max_size=n)))
        lent = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        coef = (-extra + np.where(lent, -delta, delta)).astype(np.int64)
        const = base + draw(st.integers(-1000, 1000)) + int(extra.sum()) // 2
        forms.append(LoanBound(pupils, coef, const, lent))
    evaluated = [np.array(m, dtype=bool) for m in draw(st.lists(
        st.lists(st.booleans(), min_size=n, max_size=n), max_size=3))]
    if not evaluated:
        evaluated = [np.zeros(n, dtype=bool)]
    return lend, forms, evaluated, base


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(loan_instances())
def test_loan_milp_bound_never_above_the_least(
        inst: tuple[Lending, list[LoanBound], list[np.ndarray], int]) -> None:
    """The bound is at most the enumerated least value, and proves it when it is the best.

    The set named is stock-feasible, outside every evaluated set, and its exact
    value is at least the bound.
    """
    lend, forms, evaluated, base = inst
    least = _least(forms, evaluated, lend.need, lend.cover, lend.stock)
    cut = loan_milp(lend, forms, evaluated, base)
    if least is None:
        assert cut.bound is None
        return
    assert cut.bound is not None
    assert cut.bound != NO_BOUND
    assert cut.bound <= least
    # below the least by at most what near-integral values (HiGHS' tolerance 1e-6) of
    # the largest coefficients pull HiGHS' value down, plus the margin
    slack = (max(float(np.abs(f.coef).sum()) for f in forms) * eq_loans.MIP_TOLERANCE
             + 2 * eq_loans.bound_margin(3 * len(forms[0].pupils), 0.0, least - base) + 1)
    assert cut.bound >= least - slack
    if least >= base:
        assert cut.bound >= base   # the proof is found (tight tolerances when needed)
    assert cut.pupils is not None
    assert cut.value is not None
    mask = np.zeros(len(forms[0].pupils), dtype=bool)
    mask[cut.pupils] = True
    assert cut.value == max(f.const + int(f.coef[mask].sum()) for f in forms)
    assert cut.value >= cut.bound
    assert all(np.any(mask & ~ev) for ev in evaluated)
    assert _feasible(tuple(np.flatnonzero(mask).tolist()), lend.need, lend.cover, lend.stock)


def test_margin_is_a_few_units_at_the_benchmark_sizes() -> None:
    """At 30,000 pupils (about 5,000 columns, forms of 10^11, a gap of 5,000): a few units."""
    assert eq_loans.bound_margin(5_000, 2e11, -5_000.0) < 3.0
    assert eq_loans.bound_margin(5_000, 2e11, -5_000.0) > 5_000 * eq_loans.MIP_TOLERANCE


def test_bound_below_an_exact_set_is_refused(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """A HiGHS dual bound above the exact value of the set it returns is no bound."""
    n = 2
    need = np.ones((n, 2), dtype=bool)
    stock = np.array([[2, 2]], dtype=np.int64)
    cover = np.ones((n, 1, 2), dtype=bool)
    lend = Lending(("*",), stock, need, cover, None, None)  # type: ignore[arg-type]
    form = LoanBound(np.arange(n, dtype=np.int64), np.array([-10**8, 5], dtype=np.int64),
                     10**9, np.zeros(n, dtype=bool))
    real = eq_loans.milp

    def lying(*args: object, **kwargs: object) -> object:
        res = real(*args, **kwargs)
        res.mip_dual_bound = res.fun = res.fun + 1e6   # far beyond the margin
        return res

    monkeypatch.setattr(eq_loans, "milp", lying)
    with caplog.at_level(logging.WARNING):
        cut = loan_milp(lend, [form], [np.zeros(n, dtype=bool)], 10**9)
    assert cut.bound == NO_BOUND
    assert "below HiGHS' bound" in caplog.text


def test_guard_demotes_an_earlier_loan_bound(monkeypatch: pytest.MonkeyPatch,
                                            caplog: pytest.LogCaptureFixture) -> None:
    """A loan MILP's bound below an earlier one's (nested MILPs) is caught and demotes it.

    The second loan MILP of a solve reports 5 units less than the first (as if
    the first, before session h18c, had been a non-minimal set's value): the guard
    warns, the bound falls back, and the final bound is never above the
    whole-graph MILP's optimum.
    """
    from test_equipment import _large_path, _synth_with_stock

    problem = _synth_with_stock(200, 3, 0.3)
    whole = mm.match(problem)
    assert whole.equipment is not None
    optimum = whole.certificate.objective
    _large_path(monkeypatch)
    monkeypatch.setattr(eq_rounds, "CLOSE", False)
    calls: list[int | None] = []
    real = eq_rounds.loan_milp

    def lower_second(*args: object, **kwargs: object) -> LoanCut:
        cut = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(cut.bound)
        first = calls[0]
        if len(calls) == 2 and first is not None and first != NO_BOUND:
            return LoanCut(first - 5, cut.pupils, cut.take, cut.value)
        return cut

    monkeypatch.setattr(eq_rounds, "loan_milp", lower_second)
    with caplog.at_level(logging.WARNING):
        result = mm.match(problem)
    eq = result.equipment
    assert eq is not None
    assert len(calls) >= 2, calls
    assert "the earlier was no proof" in caplog.text, calls
    assert eq.bound <= optimum <= eq.objective


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tight_milp_skipped_only_without_solution(monkeypatch: pytest.MonkeyPatch,
                                                 seed: int) -> None:
    """When the forced loans exceed the stocks, the MILP on the tight arcs has no solution.

    On the large path with scarce stocks, every time :func:`rounds._forced_loans_exceed`
    says so, the MILP it spares is built and solved here: no solution (its
    feasibility does not depend on the costs). The bounds with and without the skip
    hold against each other's solutions.
    """
    from test_equipment import _large_path, _synth_with_stock

    from mentormatch.network import build_network, lexicographic_big, mentor_load_costs
    from mentormatch.solve.equipment.model import _fixing, _model, _solve_milp

    problem = _synth_with_stock(200, seed, 0.1)
    _large_path(monkeypatch)
    monkeypatch.setattr(eq_rounds, "CLOSE", False)
    monkeypatch.setattr(eq_rounds, "SKIP_TIGHT_MILP", False)
    without = mm.match(problem)
    real = eq_rounds._forced_loans_exceed
    said: list[bool] = []

    def checked(enc: object, lend: object, out: object, keys: object) -> bool:
        got = real(enc, lend, out, keys)  # type: ignore[arg-type]
        said.append(got)
        if got:
            load_int = mentor_load_costs(enc)  # type: ignore[arg-type]
            net = build_network(enc, out.arcs, lexicographic_big(  # type: ignore[attr-defined]
                enc, 10**6, load_int), load_int)  # type: ignore[arg-type]
            model = _model(enc, lend, net, out.arcs, keys,  # type: ignore[arg-type, attr-defined]
                           _fixing(out.network, out.potentials, 0))  # type: ignore[attr-defined]
            assert _solve_milp(model, model.c) is None
        return got

    monkeypatch.setattr(eq_rounds, "_forced_loans_exceed", checked)
    monkeypatch.setattr(eq_rounds, "SKIP_TIGHT_MILP", True)
    with_skip = mm.match(problem)   # LP_MAX_ARCS -1: the check runs on every round
    assert any(said), said
    a, b = with_skip.equipment, without.equipment
    assert a is not None
    assert b is not None
    assert a.bound <= b.objective
    assert b.bound <= a.objective
