"""Solve time per min-cost-flow backend on capacity-expanded assignment networks.

Network (what the engine builds): source -> pupil (supply 1 each) -> mentor
(25 random candidates per pupil, integer costs 0..999) -> sink (capacity 1..3
per mentor), plus an "unassigned" arc pupil -> sink of cost 10,000, and one mentor
per two pupils.

Columns: ``backend`` = backend's solve only (on the canonical network);
``total`` = :func:`mentormatch.flow.min_cost_flow` end to end (validation,
solve, exact verification, certifying potentials). OR-Tools, when installed, is
measured in the same run. Row ``transport``: the core-only transportation solver
behind ``solve_sparse`` (:func:`mentormatch.flow.backends.transport.solve_transport`,
not a flow backend) on the same network; ``total`` adds the exact certificate.

Usage::

    python benchmarks/flow_backends.py [--sizes 3000,10000,30000] [--slow]

``--slow`` also runs networkx (3,000 pupils only) and HiGHS (up to 10,000).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

import numpy as np

from mentormatch._extras import available
from mentormatch.flow import min_cost_flow
from mentormatch.flow._core import _prepare
from mentormatch.flow._validate import validate_network
from mentormatch.flow.backends import BACKENDS
from mentormatch.flow.backends.transport import solve_transport
from mentormatch.verify import check_flow

Net = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def assignment_network(n_pupils: int, *, candidates: int = 25, seed: int = 0) -> Net:
    """Build a capacity-expanded assignment network (see module docstring)."""
    rng = np.random.default_rng(seed)
    n_mentors = max(1, n_pupils // 2)
    k = min(candidates, n_mentors)
    # k distinct mentors per pupil, vectorised: random keys, argpartition per row
    if k == n_mentors:
        cand = np.tile(np.arange(n_mentors), (n_pupils, 1))
    else:
        cand = np.empty((n_pupils, k), dtype=np.int64)
        for s in range(0, n_pupils, 2048):  # chunked to bound memory
            e = min(n_pupils, s + 2048)
            keys = rng.random((e - s, n_mentors))
            cand[s:e] = np.argpartition(keys, k, axis=1)[:, :k]
    pupils = np.arange(n_pupils)
    mentor0 = n_pupils
    sink = n_pupils + n_mentors
    tail = np.concatenate([np.repeat(pupils, k), mentor0 + np.arange(n_mentors), pupils])
    head = np.concatenate([mentor0 + cand.ravel(), np.full(n_mentors, sink),
                           np.full(n_pupils, sink)])
    cap = np.concatenate([np.ones(n_pupils * k, dtype=np.int64),
                          rng.integers(1, 4, n_mentors), np.ones(n_pupils, dtype=np.int64)])
    cost = np.concatenate([rng.integers(0, 1000, n_pupils * k), np.zeros(n_mentors, int),
                           np.full(n_pupils, 10_000)])
    supply = np.zeros(sink + 1, dtype=np.int64)
    supply[:n_pupils] = 1
    supply[sink] = -n_pupils
    return tail, head, cap.astype(np.int64), cost.astype(np.int64), supply


def transport_args(net: Net) -> tuple[np.ndarray, ...]:
    """``solve_transport``'s arguments for a network of :func:`assignment_network`."""
    tail, head, cap, cost, supply = net
    n_s = int((supply > 0).sum())
    n_m = supply.shape[0] - n_s - 1
    p = int(np.count_nonzero(head < n_s + n_m))  # pupil -> mentor arcs come first
    return tail[:p], head[:p] - n_s, cost[:p], cap[p:p + n_m], cost[p + n_m:]


def _time(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    """Print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="3000,10000,30000")
    ap.add_argument("--slow", action="store_true", help="also networkx and HiGHS")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ["assignment"]
    if available("ortools.graph.python.min_cost_flow"):
        backends.append("ortools")
    else:
        print("(OR-Tools not installed: install mentormatch[ortools] to compare)")
    if args.slow:
        backends += ["highs", "networkx"]
    print(f"{'pupils':>7} {'arcs':>9} {'backend':>11} {'solve s':>8} {'total s':>8} "
          f"{'cost':>12} {'certified':>9}")
    for n in sizes:
        net = assignment_network(n)
        v = validate_network(*net)
        canon = _prepare(v).canonical
        ref: dict[str, float] = {}
        for b in backends:
            if (b == "networkx" and n > 3000) or (b == "highs" and n > 10000):
                continue
            t_solve, _ = _time(partial(BACKENDS[b], canon))
            t_total, r = _time(partial(min_cost_flow, *net, backend=b))
            cert = check_flow(*net, r.flow, r.potentials)  # type: ignore[attr-defined]
            ref[b] = t_solve
            print(f"{n:>7} {net[0].size:>9} {b:>11} {t_solve:>8.3f} {t_total:>8.3f} "
                  f"{r.cost:>12} {cert.optimal!s:>9}")  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        sol = solve_transport(*transport_args(net))
        t1 = time.perf_counter()
        cert = check_flow(*net, sol.flow, sol.potentials)
        ref["transport"] = t1 - t0
        print(f"{n:>7} {net[0].size:>9} {'transport':>11} {t1 - t0:>8.3f} "
              f"{time.perf_counter() - t0:>8.3f} {cert.objective:>12} {cert.optimal!s:>9}")
        if "ortools" in ref:
            for b in ("assignment", "transport"):
                print(f"{'':>7} {'':>9} {'ratio':>11} {ref[b] / ref['ortools']:>8.2f}"
                      f"   ({b} / ortools, solve)")


if __name__ == "__main__":
    main()
