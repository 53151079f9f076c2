"""The compiled pricing scan (extra ``mentormatch[fast]``) returns what the numpy scan returns.

Every pricing of real solve-and-price loops is run both ways and compared field by field
(violators and their order, counts, least reduced cost, pupil deficit). Skips, naming the
extra, when numba is not installed.
"""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pytest

import mentormatch as mm
from mentormatch import Problem, synth
from mentormatch.solve import loop, pricing

pytestmark = pytest.mark.skipif(not pricing.compiled_available(),
                                reason="compiled pricing unavailable: install mentormatch[fast]")


def _same(a: pricing.PricingResult, b: pricing.PricingResult) -> None:
    assert a.n_violating_pairs == b.n_violating_pairs
    assert a.min_reduced_cost == b.min_reduced_cost
    assert a.pupil_deficit == b.pupil_deficit
    for f in ("si", "mi", "block", "cost"):
        np.testing.assert_array_equal(getattr(a.violators, f), getattr(b.violators, f))


class _Both:
    """Stands for :func:`pricing.price` in the loop: runs both scans, compares, counts."""

    def __init__(self) -> None:
        self.calls = 0
        self.violating = 0
        self.margins = 0
        self.offsets = 0

    def __call__(self, *args: Any, **kwargs: Any) -> pricing.PricingResult:
        kwargs.pop("compiled", None)
        ref = pricing.price(*args, **kwargs, compiled=False)
        got = pricing.price(*args, **kwargs, compiled=True)
        _same(got, ref)
        self.calls += 1
        self.violating += ref.n_violating_pairs > 0
        self.margins += kwargs.get("margin", 0) > 0
        self.offsets += kwargs.get("pupil_offset") is not None
        return ref


def _match(problem: Problem, **kwargs: Any) -> tuple[mm.MatchResult, _Both]:
    both = _Both()
    with patch.object(loop, "price", both):
        result = mm.match(problem, **kwargs)
    assert result.certificate.optimal
    return result, both


@pytest.mark.parametrize(("n", "seed"), [(300, 0), (1000, 1), (1500, 2)])
def test_same_violators_in_every_round(n: int, seed: int) -> None:
    _, both = _match(synth.generate(n, seed=seed))
    assert both.calls >= 2
    assert both.violating >= 1


@pytest.mark.parametrize("workers", [2, 3])
def test_same_violators_when_threads_share_the_scan(workers: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Pupils split over threads (disjoint ranges, one kernel call each): the same result."""
    monkeypatch.setattr(pricing, "SCAN_WORKERS", workers)
    monkeypatch.setattr(pricing, "SCAN_WORKERS_FROM", 0)
    _, both = _match(synth.generate(1000, seed=1))
    assert both.calls >= 2
    assert both.violating >= 1


def test_same_with_a_margin_and_partial_pairs() -> None:
    # 1,000 pupils reach the rounds priced with a margin (nearly tight pairs)
    _, both = _match(synth.generate(1000, seed=0))
    assert both.margins >= 1


def test_same_with_pupil_offsets_of_a_stable_rerun() -> None:
    p = synth.generate(600, seed=3)
    first = mm.match(p)
    p2 = Problem(students=p.students, mentors=p.mentors,
                 policy=p.policy.model_copy(update={"continuity": "stable"}))
    _, both = _match(p2, previous=first)
    assert both.offsets >= 1


def test_same_under_the_graph_limit() -> None:
    p = synth.generate(1000, seed=4)
    limited = Problem(students=p.students, mentors=p.mentors,
                      policy=p.policy.model_copy(update={"max_pairs_per_pupil": 20}))
    _match(limited)


def test_empty_graph_prices_nothing() -> None:
    p = synth.generate(50, seed=5)
    _match(p)


def test_compile_time_is_reported() -> None:
    assert pricing.compile_seconds() >= 0.0


def test_without_numba_the_numpy_scan_runs() -> None:
    p = synth.generate(200, seed=6)
    with patch.object(pricing, "compiled_available", return_value=False):
        _match(p)
