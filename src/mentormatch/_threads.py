"""One way to spread independent work over threads: :func:`ordered_map`.

The engine's array work (numpy, scipy's KD-tree, ``nogil`` numba kernels) releases
the GIL, so independent pieces of it — blocks of the feasible graph, chunks of
the pricing scan — run on both cores of a small machine. Results are taken in the
order of the items, so the outcome does not depend on the number of threads.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["ordered_map"]

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order, computed by up to ``workers`` threads.

    At most ``workers`` items are in flight at once (memory stays bounded by
    them), the next one starting when the oldest result is taken. With
    ``workers <= 1`` everything runs in the calling thread. Closing the iterator
    early (an exception in the caller, a cancelled match) drops the items not
    started and waits only for those running.
    """
    it = iter(items)
    if workers <= 1:
        yield from map(fn, it)
        return
    with ThreadPoolExecutor(workers) as pool:
        pending: deque[Future[R]] = deque(pool.submit(fn, x)
                                          for x in itertools.islice(it, workers))
        try:
            while pending:
                done = pending.popleft().result()
                pending.extend(pool.submit(fn, x) for x in itertools.islice(it, 1))
                yield done
        finally:
            for f in pending:
                f.cancel()
