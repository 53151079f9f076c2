"""Time of :func:`mentormatch.synth.generate`, end to end and per stage.

Columns: ``pupils``, ``mentors`` (the default 0.55 ratio); ``seconds`` = wall
time of ``generate(n, seed=0)`` (best of ``--repeat`` runs); ``cpu`` = its
process time (less sensitive to other jobs on a shared machine); then the
stages, each the best of ``--repeat`` runs: ``draws`` (numpy: pupils, volunteers, links),
``avail`` (hourly masks → ``Availability`` objects), ``students`` and
``mentors`` (building the validated pydantic models), ``problem``
(``Problem(...)``: its cross-entity checks on already-built people).

Usage::

    python benchmarks/synth_speed.py [--sizes 1000,10000,30000] [--repeat 3]
                                     [--100k] [--300k]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from mentormatch import Mentor, Problem, Student
from mentormatch.synth import _generator as gen
from mentormatch.synth import generate


def stages(n: int, seed: int = 0) -> dict[str, float]:
    """Time each stage of one ``generate(n, seed=seed)`` run (wall seconds)."""
    out: dict[str, float] = {}
    m = gen.default_n_mentors(n)
    t = time.perf_counter()
    rng_p, rng_m, rng_l = np.random.default_rng(seed).spawn(3)
    pupils = gen._draw_pupils(rng_p, n)
    mentors = gen._draw_mentors(rng_m, m)
    links = gen._draw_links(rng_l, pupils, mentors)
    out["draws"] = time.perf_counter() - t
    t = time.perf_counter()
    gen._availabilities(pupils.avail)
    gen._availabilities(mentors.avail)
    out["avail"] = time.perf_counter() - t
    sids, mids = gen._ids("S", n), gen._ids("M", m)
    t = time.perf_counter()
    students = gen._build(Student, gen._student_records(sids, mids, pupils, links))
    out["students"] = time.perf_counter() - t  # includes the pupils' Availability objects
    t = time.perf_counter()
    mentor_models = gen._build(Mentor, gen._mentor_records(mids, sids, mentors, links))
    out["mentors"] = time.perf_counter() - t   # includes the volunteers' Availability objects
    t = time.perf_counter()
    Problem(students=students, mentors=mentor_models)
    out["problem"] = time.perf_counter() - t
    return out


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000",
                        help="comma-separated numbers of pupils")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best is shown)")
    parser.add_argument("--100k", dest="k100", action="store_true", help="also 100,000 pupils")
    parser.add_argument("--300k", dest="k300", action="store_true", help="also 300,000 pupils")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sizes += [100_000] * args.k100 + [300_000] * args.k300

    cols = ("pupils", "mentors", "seconds", "cpu", "draws", "avail", "students", "mentors_m",
            "problem")
    print(" ".join(f"{c:>9}" for c in cols))
    for n in sizes:
        best_wall = best_cpu = float("inf")
        for _ in range(max(1, args.repeat if n <= 30_000 else 1)):
            w, c = time.perf_counter(), time.process_time()
            problem = generate(n, seed=0)
            best_wall = min(best_wall, time.perf_counter() - w)
            best_cpu = min(best_cpu, time.process_time() - c)
        runs = [stages(n) for _ in range(max(1, args.repeat if n <= 30_000 else 1))]
        st = {k: min(r[k] for r in runs) for k in runs[0]}
        print(f"{n:>9} {len(problem.mentors):>9} {best_wall:>9.2f} {best_cpu:>9.2f} "
              f"{st['draws']:>9.2f} {st['avail']:>9.2f} {st['students']:>9.2f} "
              f"{st['mentors']:>9.2f} {st['problem']:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
