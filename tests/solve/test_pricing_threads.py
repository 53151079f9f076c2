"""The numpy pricing scan gives the same violators whatever its chunks and threads."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import numpy as np
import pytest

import mentormatch as mm
from mentormatch import synth
from mentormatch.solve import loop, pricing


class _Chunked:
    """Stands for :func:`pricing.price` in the loop: one chunk on one thread against many."""

    def __init__(self, chunk: int, workers: int) -> None:
        self.chunk, self.workers = chunk, workers
        self.calls = self.violating = 0

    def __call__(self, *args: Any, **kwargs: Any) -> pricing.PricingResult:
        kwargs["compiled"] = False
        with patch.object(pricing, "SCAN_WORKERS", 1):
            ref = pricing.price(*args, **kwargs)
        with patch.object(pricing, "CHUNK", self.chunk), \
                patch.object(pricing, "SCAN_WORKERS", self.workers):
            got = pricing.price(*args, **kwargs)
        assert (got.n_violating_pairs, got.min_reduced_cost, got.pupil_deficit) == \
            (ref.n_violating_pairs, ref.min_reduced_cost, ref.pupil_deficit)
        for f in ("si", "mi", "block", "cost"):
            np.testing.assert_array_equal(getattr(got.violators, f), getattr(ref.violators, f))
        self.calls += 1
        self.violating += ref.n_violating_pairs > 0
        return ref


@pytest.mark.parametrize(("chunk", "workers"), [(5_000, 2), (20_000, 3), (5_000, 1)])
def test_chunks_priced_by_threads_give_the_same_violators(chunk: int, workers: int) -> None:
    fake = _Chunked(chunk, workers)
    with patch.object(loop, "price", fake):
        result = mm.match(synth.generate(1000, seed=1))
    assert result.certificate.optimal
    assert fake.calls >= 2
    assert fake.violating >= 1
