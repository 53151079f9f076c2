"""``python -m benchmarks.snapshot DIR``: save ``match()``'s records on the benchmark scenarios.

A refactoring must not change a single result. This script writes, for each
scenario ``synth.generate(n, seed=s)`` (``n`` in 1,000 / 3,000 / 10,000 and
three seeds by default), the JSON of ``match(problem).to_records()`` and the
certificate's objective to ``DIR/n{n}-s{s}.json``, and prints one line per
scenario with the SHA-256 of that file and the time ``match()`` took.

Compare two trees (say, before and after a change) with::

    PYTHONPATH=/path/to/old/src python -m benchmarks.snapshot before
    python -m benchmarks.snapshot after
    python -m benchmarks.snapshot --compare before after
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path


def snapshot(out: Path, sizes: list[int], seeds: list[int]) -> None:
    """Match every scenario and write its records; print hashes and times."""
    import mentormatch as mm
    from mentormatch import synth

    out.mkdir(parents=True, exist_ok=True)
    print(f"mentormatch from {Path(mm.__file__).parent}")
    for n in sizes:
        for s in seeds:
            problem = synth.generate(n, seed=s)
            t0 = time.perf_counter()
            result = mm.match(problem)
            took = time.perf_counter() - t0
            body = json.dumps({"objective": result.certificate.objective,
                               "optimal": result.certificate.optimal,
                               "records": result.to_records()},
                              sort_keys=True, ensure_ascii=False).encode()
            path = out / f"n{n}-s{s}.json"
            path.write_bytes(body)
            digest = hashlib.sha256(body).hexdigest()[:16]
            print(f"n={n:>6} seed={s} match {took:7.2f} s  sha256 {digest}", flush=True)


def compare(a: Path, b: Path) -> int:
    """Print whether each scenario's file is byte-identical in ``a`` and ``b``."""
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    bad = 0
    for name in names:
        pa, pb = a / name, b / name
        same = pa.exists() and pb.exists() and pa.read_bytes() == pb.read_bytes()
        bad += not same
        print(f"{name:<16} {'identical' if same else 'DIFFERENT'}")
    print(f"{len(names) - bad} of {len(names)} scenarios byte-identical")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--compare", action="store_true", help="compare two snapshot folders")
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.dirs[:2])
    snapshot(args.dirs[0], [int(x) for x in args.sizes.split(",")],
             [int(x) for x in args.seeds.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
