"""match() on 2 workers: threads or processes? (docs/scenarios.md quotes this).

Runs the same two matches (two seeds of one size) one after the other, on 2
threads and on 2 processes, and prints the wall times.

    python -m benchmarks.threads_vs_processes [n_pupils]
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import mentormatch as mm


def _run(problem: mm.Problem) -> int:
    return len(mm.match(problem).pairs)


def main(n: int = 3000) -> None:
    problems = [mm.synth.generate(n, seed=s) for s in (1, 2)]
    _run(problems[0])  # warm imports
    t = time.perf_counter()
    serial = [_run(p) for p in problems]
    t_serial = time.perf_counter() - t
    with ThreadPoolExecutor(2) as pool:
        t = time.perf_counter()
        threads = list(pool.map(_run, problems))
        t_threads = time.perf_counter() - t
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_run, problems[:1] * 2))  # start the workers, warm their imports
        t = time.perf_counter()
        procs = list(pool.map(_run, problems))
        t_procs = time.perf_counter() - t
    assert serial == threads == procs
    print(f"{n} pupils x 2 matches: one after the other {t_serial:.2f} s, "
          f"2 threads {t_threads:.2f} s, 2 processes {t_procs:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
