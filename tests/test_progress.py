"""match(progress=...): stages reported at a bounded rate; cancellation raises, nothing partial."""

from __future__ import annotations

import threading

import pytest

import mentormatch as mm
from mentormatch._progress import STAGES, Reporter


@pytest.fixture(scope="module")
def problem() -> mm.Problem:
    return mm.synth.generate(300, seed=3)


def test_progress_reports_every_stage_in_order(problem: mm.Problem) -> None:
    calls: list[tuple[str, int, int | None]] = []
    result = mm.match(problem, progress=lambda s, d, t: calls.append((s, d, t)))
    stages = [c[0] for c in calls]
    assert set(stages) == set(STAGES)
    firsts = sorted(set(stages), key=stages.index)
    assert firsts == list(STAGES)
    # candidates: monotone, ends at every pupil
    cand = [(d, t) for s, d, t in calls if s == "candidates"]
    assert [d for d, _ in cand] == sorted(d for d, _ in cand)
    assert cand[-1] == (300, 300)
    rounds = [d for s, d, _ in calls if s == "solve"]
    assert rounds == list(range(1, result.certificate.rounds + 1))
    assert calls[-1] == ("result", 1, 1)
    # the same result as without a callback
    assert mm.match(problem).to_records() == result.to_records()


def test_reporter_bounds_the_rate() -> None:
    seen: list[int] = []
    rep = Reporter(lambda s, d, t: seen.append(d), min_interval=10.0)
    for i in range(10_000):
        rep("candidates", i, 10_000)
    rep("candidates", 10_000, 10_000)
    assert seen == [0, 10_000]  # the stage's first call and its last


@pytest.mark.parametrize("stage", ["encode", "candidates", "solve", "pricing", "certify",
                                   "result"])
def test_callback_returning_false_cancels(problem: mm.Problem, stage: str) -> None:
    def stop(s: str, done: int, total: int | None) -> bool:
        return s != stage

    with pytest.raises(mm.Cancelled) as info:
        mm.match(problem, progress=stop)
    assert info.value.stage == stage


def test_token_from_another_thread(problem: mm.Problem) -> None:
    token = threading.Event()

    def cb(s: str, done: int, total: int | None) -> bool:
        if s == "solve":
            token.set()  # as another thread would
        return not token.is_set()

    with pytest.raises(mm.Cancelled):
        mm.match(problem, progress=cb)
    # a fresh match after a cancelled one is whole and optimal
    assert mm.match(problem).certificate.optimal


def test_callback_may_raise_cancelled(problem: mm.Problem) -> None:
    def cb(s: str, done: int, total: int | None) -> None:
        raise mm.Cancelled(s)

    with pytest.raises(mm.Cancelled):
        mm.match(problem, progress=cb)


def test_progress_must_be_callable(problem: mm.Problem) -> None:
    with pytest.raises(mm.InputError):
        mm.match(problem, progress=3)  # type: ignore[arg-type]
