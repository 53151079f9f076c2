"""``ordered_map``: results in the items' order, at most ``workers`` in flight."""

from __future__ import annotations

import threading
import time

import pytest

from mentormatch._threads import ordered_map


@pytest.mark.parametrize("workers", [0, 1, 2, 3])
def test_results_come_in_the_items_order(workers: int) -> None:
    # later items finish first: the order must still be the items'
    def slow_first(i: int) -> int:
        time.sleep(0.002 * (10 - i))
        return i * i

    assert list(ordered_map(slow_first, range(10), workers)) == [i * i for i in range(10)]


def test_at_most_workers_in_flight_and_closing_early_stops_the_rest() -> None:
    lock = threading.Lock()
    running = started = peak = 0

    def work(i: int) -> int:
        nonlocal running, started, peak
        with lock:
            running += 1
            started += 1
            peak = max(peak, running)
        time.sleep(0.005)
        with lock:
            running -= 1
        return i

    it = ordered_map(work, range(100), 2)
    assert [next(it) for _ in range(3)] == [0, 1, 2]
    it.close()
    assert peak <= 2
    assert started <= 5   # the three taken and at most two started ahead
