"""Where ``match()`` spends its time: a pyinstrument profile of one run.

Usage (from the repository root; needs ``pyinstrument``, in the ``dev`` extra)::

    python -m benchmarks.profile [--n 30000] [--seed 0] [--with-ortools] [--flat] [--top 25]

Profiles ``mentormatch.match(synth.generate(n))`` (generation not profiled),
with OR-Tools hidden unless ``--with-ortools``, and prints the call tree (or,
with ``--flat``, the ``--top`` functions by self time).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from benchmarks.jobs import hide_ortools, peak_memory_mb


def main(argv: Sequence[str] | None = None) -> None:
    """Profile one ``match()`` and print the profile."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.profile",
                                 description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=30000, help="pupils (default %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--with-ortools", action="store_true",
                    help="leave OR-Tools importable (default: core dependencies only)")
    ap.add_argument("--flat", action="store_true", help="functions by self time, not a tree")
    ap.add_argument("--top", type=int, default=25, help="rows of the flat profile")
    args = ap.parse_args(argv)
    if not args.with_ortools:
        hide_ortools()
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument is not installed: pip install pyinstrument") from None
    import mentormatch as mm

    problem = mm.synth.generate(args.n, seed=args.seed)
    match = mm.match  # import the engine before profiling (imports are not match time)
    profiler = Profiler(interval=0.005)
    t0 = time.perf_counter()
    profiler.start()
    result = match(problem)
    profiler.stop()
    wall = time.perf_counter() - t0
    print(f"match() on {args.n:,} pupils: {wall:.2f} s, backend {result.certificate.backend}, "
          f"{result.certificate.rounds} rounds, optimal={result.certificate.optimal}, "
          f"peak {peak_memory_mb():.0f} MiB; stages "
          + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))
    text = profiler.output_text(unicode=True, color=False, flat=args.flat, short_mode=True)
    lines = text.splitlines()
    if args.flat:
        lines = lines[: args.top + 8]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
