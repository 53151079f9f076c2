"""Benchmark jobs, each run in a fresh Python process by ``python -m benchmarks``.

One job = one measurement (a size and a configuration), so the peak memory
read at its end (``VmHWM`` of ``/proc/self/status``, the high-water mark of the
resident set) belongs to that run alone. The parent starts::

    python -m benchmarks.jobs '{"job": "match", "n": 1000, "seed": 0, ...}'

and reads the last stdout line, ``RESULT {json}``.

Jobs
----
``match``
    ``synth.generate(n)`` (stage *generate*), ``Problem(...)`` on the
    generated people (stage *validate*), then :func:`mentormatch.match` with
    its own stage timings (``MatchResult.timings``: *encode*, *candidates*,
    *select* (the initial candidate set), *network* (building the flow
    networks), *solve*, *price*, *certify* (:func:`mentormatch.verify.check_flow`)
    and *result*), reported by the engine itself: nothing is wrapped.
``sparse``
    :func:`mentormatch.solve_sparse` on the assignment instance of
    :func:`benchmarks.flow_backends.assignment_network` (one mentor per two
    pupils, 25 candidates per pupil, capacities 1–3, costs 0–999).
``feasible``
    Only generate, validate, encode and the full feasible graph (for sizes
    where a whole ``match`` is out of reach).
``impact``
    On a capacity-tight scenario: the greedy first-come baseline
    (:func:`mentormatch.greedy_match`), the optimum (:func:`mentormatch.match`)
    and the maximum-flow bound (:func:`max_flow_bound`).

``"core_only": true`` hides OR-Tools from the process (as if the extra were
not installed) before :mod:`mentormatch` is imported.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["hide", "hide_ortools", "max_flow_bound", "numba_compiles", "peak_memory_mb",
           "run_job"]


def hide(top: str) -> None:
    """Make ``import top`` fail in this process (as if it were not installed)."""
    for name in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        del sys.modules[name]
    sys.modules[top] = None  # type: ignore[assignment]


def hide_ortools() -> None:
    """Make ``import ortools`` fail in this process (OR-Tools "not installed")."""
    hide("ortools")


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MiB (``VmHWM``, else ``ru_maxrss``)."""
    from mentormatch._memory import _read_kib

    hwm = _read_kib("/proc/self/status", "VmHWM")
    if hwm is not None:
        return hwm / 2**20
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


@contextlib.contextmanager
def numba_compiles() -> Iterator[list[float]]:
    """Seconds and number of numba compilations (cache misses) inside the block.

    Yields ``[seconds, count]``, filled when the block ends; ``[0.0, 0]`` without
    numba. A kernel loaded from its on-disk cache is not a compilation; one whose
    source file changed since it was cached (an edit, a merge, a checkout) is, and
    its compile time lands in the stage that first calls it.
    """
    out = [0.0, 0.0]
    try:
        from numba.core import event
    except ImportError:
        yield out
        return

    class _Timer(event.Listener):  # type: ignore[misc]
        depth = 0
        t0 = 0.0

        def on_start(self, ev: Any) -> None:
            if self.depth == 0:
                self.t0 = time.perf_counter()
                out[1] += 1
            self.depth += 1

        def on_end(self, ev: Any) -> None:
            self.depth -= 1
            if self.depth == 0:
                out[0] += time.perf_counter() - self.t0

    with event.install_listener("numba:compile", _Timer()):
        yield out


def job_match(n: int, seed: int, backend: str,
              max_pairs_per_pupil: int | None = None) -> dict[str, Any]:
    """Generate, validate and match ``n`` pupils; stage times, sizes, certificate, memory.

    ``max_pairs_per_pupil``: the graph limit ``Policy.max_pairs_per_pupil`` (None: off).
    """
    import mentormatch as mm
    from mentormatch import Problem

    t_gen, generated = _timed(lambda: mm.synth.generate(n, seed=seed))
    policy = generated.policy
    if max_pairs_per_pupil is not None:
        policy = type(policy).model_validate(
            {**policy.model_dump(), "max_pairs_per_pupil": max_pairs_per_pupil})
    t_val, problem = _timed(lambda: Problem(students=generated.students,
                                            mentors=generated.mentors,
                                            policy=policy))
    c0 = time.process_time()
    with numba_compiles() as compiled:
        t_match, result = _timed(lambda: mm.match(problem, backend=backend))  # type: ignore[arg-type]
    cpu_match = time.process_time() - c0
    stages = {"generate": t_gen, "validate": t_val}
    stages.update({k: float(v) for k, v in result.timings.items()})
    cert = result.certificate
    return {
        "n": n, "mentors": len(problem.mentors), "matched": len(result.pairs),
        "unmatched": len(result.unmatched), "matched_weight": result.matched_weight,
        "stages": stages, "match_total": t_match, "match_cpu": cpu_match,
        "feasible_pairs": cert.feasible_pairs, "arcs": cert.arcs_solved, "rounds": cert.rounds,
        "pairs_priced": cert.pairs_priced, "backend": cert.backend, "optimal": cert.optimal,
        "gap": cert.gap, "objective": cert.objective,
        "max_pairs_per_pupil": max_pairs_per_pupil,
        "numba_compile_seconds": compiled[0], "numba_compiles": int(compiled[1]),
    }


def sparse_instance(n: int, seed: int) -> tuple[Any, Any, int]:
    """The ``solve_sparse`` instance: (cost CSR matrix, capacities, unassigned cost).

    Built from :func:`benchmarks.flow_backends.assignment_network` (its pupil →
    mentor arcs, mentor capacities and unassigned cost).
    """
    import numpy as np
    import scipy.sparse as sp

    from benchmarks.flow_backends import assignment_network

    tail, head, cap, cost, supply = assignment_network(n, seed=seed)
    n_s = int((supply > 0).sum())
    n_m = len(supply) - n_s - 1
    n_pairs = int(np.count_nonzero(head < n_s + n_m))  # pupil → mentor arcs come first
    matrix = sp.csr_matrix((cost[:n_pairs], (tail[:n_pairs], head[:n_pairs] - n_s)),
                           shape=(n_s, n_m))
    capacity = cap[n_pairs:n_pairs + n_m]
    unassigned = int(cost[-1])
    return matrix, capacity, unassigned


def job_sparse(n: int, seed: int, backend: str) -> dict[str, Any]:
    """Time ``solve_sparse`` on the ``n``-pupil instance of :func:`sparse_instance`."""
    import mentormatch as mm

    t_build, (matrix, capacity, unassigned) = _timed(lambda: sparse_instance(n, seed))
    t_solve, res = _timed(lambda: mm.solve_sparse(matrix, capacity, unassigned, backend=backend))
    return {
        "n": n, "mentors": matrix.shape[1], "pairs": int(matrix.nnz), "build": t_build,
        "seconds": t_solve, "total_cost": int(res.total_cost), "backend": res.backend,
        "optimal": bool(res.certificate.optimal), "assigned": int((res.mentor_of >= 0).sum()),
    }


def max_flow_bound(problem: Any, chunk: int = 200_000) -> int:
    """Most pupils matchable at all, ignoring costs and priorities (maximum flow).

    The network is the full feasible graph at triple level: source → pupil
    (capacity 1) → (volunteer, session block) (1) → volunteer (``group_size``)
    → sink (``capacity``), with the feasible pairs of
    :func:`mentormatch.candidates.generate.feasible_pairs` expanded to their
    common sessions by :func:`mentormatch.network.expand_sessions`,
    solved by :func:`scipy.sparse.csgraph.maximum_flow` (Dinic) — independently
    of the min-cost-flow engine and of its pruning and pricing.
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import maximum_flow

    from mentormatch.candidates.encode import encode
    from mentormatch.candidates.generate import feasible_pairs
    from mentormatch.network import expand_sessions

    enc = encode(problem)
    fp = feasible_pairs(enc)
    keys_s: list[Any] = []
    keys_slot: list[Any] = []
    for lo in range(0, len(fp), chunk):
        si = fp.si[lo:lo + chunk].astype(np.int64)
        mi = fp.mi[lo:lo + chunk].astype(np.int64)
        row, blk = expand_sessions(enc.s_avail[si] & enc.m_avail[mi], enc.n_blocks)
        keys_s.append(si[row])
        keys_slot.append(mi[row] * enc.n_blocks + blk)
    ps = np.concatenate(keys_s) if keys_s else np.zeros(0, dtype=np.int64)
    slot_key = np.concatenate(keys_slot) if keys_slot else np.zeros(0, dtype=np.int64)
    slots, slot_of = np.unique(slot_key, return_inverse=True)
    n_s, n_m, n_slots = enc.n_s, enc.n_m, len(slots)
    src, s0, slot0, m0 = 0, 1, 1 + n_s, 1 + n_s + n_slots
    sink = m0 + n_m
    slot_m = slots // enc.n_blocks
    tail = np.concatenate([np.full(n_s, src), s0 + ps, slot0 + np.arange(n_slots),
                           m0 + np.arange(n_m)])
    head = np.concatenate([s0 + np.arange(n_s), slot0 + slot_of.ravel(), m0 + slot_m,
                           np.full(n_m, sink)])
    cap = np.concatenate([np.ones(n_s + len(ps), dtype=np.int64), enc.m_group[slot_m],
                          enc.m_capacity]).astype(np.int32)
    graph = sp.csr_matrix((cap, (tail.astype(np.int32), head.astype(np.int32))),
                          shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, src, sink, method="dinic").flow_value)


def job_feasible(n: int, seed: int) -> dict[str, Any]:
    """Only the first stages at scale: generate, validate, encode and the full feasible graph."""
    import mentormatch as mm
    from mentormatch import Problem
    from mentormatch.candidates.encode import encode
    from mentormatch.candidates.generate import feasible_pairs

    t_gen, generated = _timed(lambda: mm.synth.generate(n, seed=seed))
    t_val, problem = _timed(lambda: Problem(students=generated.students,
                                            mentors=generated.mentors,
                                            policy=generated.policy))
    t_enc, enc = _timed(lambda: encode(problem))
    t_fp, fp = _timed(lambda: feasible_pairs(enc))
    return {"n": n, "mentors": len(problem.mentors), "feasible_pairs": len(fp),
            "stages": {"generate": t_gen, "validate": t_val, "encode": t_enc,
                       "candidates": t_fp}}


def job_impact(n: int, seed: int, n_mentors: int, backend: str) -> dict[str, Any]:
    """Greedy first-come vs optimum vs maximum-flow bound on ``generate(n, n_mentors=...)``."""
    import mentormatch as mm

    problem = mm.synth.generate(n, n_mentors=n_mentors, seed=seed)
    priority = {s.id for s in problem.students if s.priority_tags}
    t_greedy, greedy = _timed(lambda: mm.greedy_match(problem))
    t_opt, opt = _timed(lambda: mm.match(problem, backend=backend))  # type: ignore[arg-type]
    t_bound, bound = _timed(lambda: max_flow_bound(problem))
    matched_opt = {p.student_id for p in opt.pairs}
    by_tag: dict[str, list[int]] = {}
    for s in problem.students:
        for tag in s.priority_tags:
            row = by_tag.setdefault(tag, [0, 0, 0])
            row[0] += 1
            row[1] += s.id in greedy.assignment
            row[2] += s.id in matched_opt
    return {
        "n": n, "mentors": len(problem.mentors), "priority": len(priority),
        "places": int(sum(m.capacity for m in problem.mentors)),
        "greedy_matched": greedy.n_matched,
        "greedy_priority": sum(1 for sid in greedy.assignment if sid in priority),
        "greedy_weight": greedy.matched_weight, "greedy_seconds": t_greedy,
        "opt_matched": len(opt.pairs),
        "opt_priority": sum(1 for p in opt.pairs if p.student_id in priority),
        "opt_weight": opt.matched_weight, "opt_seconds": t_opt,
        "opt_optimal": opt.certificate.optimal, "opt_backend": opt.certificate.backend,
        "bound": bound, "bound_seconds": t_bound,
        "by_tag": {tag: dict(zip(("pupils", "greedy", "optimum"), v, strict=True))
                   for tag, v in sorted(by_tag.items(), key=lambda kv: -kv[1][0])},
    }


def run_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the job described by ``spec`` and return its figures (plus ``peak_mb``)."""
    if spec.get("core_only") or spec.get("fast"):
        hide_ortools()
    if spec.get("core_only"):  # core = no extra: numba ("mentormatch[fast]") hidden too
        hide("numba")
    if spec.get("mem_limit_gb"):
        limit = int(float(spec["mem_limit_gb"]) * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from mentormatch.errors import ProblemTooLargeError  # after hide_ortools

    kind, n, seed = spec["job"], int(spec["n"]), int(spec.get("seed", 0))
    backend = str(spec.get("backend", "auto"))
    t0 = time.perf_counter()
    try:
        if kind == "match":
            limit = spec.get("max_pairs_per_pupil")
            out = job_match(n, seed, backend, None if limit is None else int(limit))
        elif kind == "sparse":
            out = job_sparse(n, seed, backend)
        elif kind == "feasible":
            out = job_feasible(n, seed)
        elif kind == "impact":
            out = job_impact(n, seed, int(spec.get("n_mentors") or max(1, n // 3)), backend)
        else:
            raise ValueError(f"unknown job {kind!r}")
    except ProblemTooLargeError as exc:  # a row of its own, not a crash
        out = {"n": n, "error": (
            f"refused after {time.perf_counter() - t0:.0f} s: ~{exc.projected_pairs:,} "
            f"feasible pairs (from the first {exc.sampled_students:,} pupils), "
            f"{exc.needed_bytes / 1e9:.1f} GB > {exc.available_bytes / 1e9:.1f} GB available")}
    out["peak_mb"] = peak_memory_mb()
    return out


def main() -> None:
    """Entry point of a child process: one job from the JSON spec in ``argv[1]``."""
    spec = json.loads(sys.argv[1])
    out = run_job(spec)
    print("RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
