"""The weekly re-run (issue 15): ``match(previous=...)`` against the first match, same run.

Scenario: ``synth.generate(n)`` matched once (the *first run*); then the same
programme a week later: ``n // 10`` new pupils (``synth.generate(n // 10,
seed=7)``, IDs prefixed ``N``) and ``n // 60`` volunteers gone (every k-th in
ID order), re-matched with ``previous=`` the first result, for each
``Policy.continuity`` mode asked (``keep``, ``stable``; ``free`` on request;
``stable:1`` re-runs with ``Policy.cost_scale=1``: at 30,000 pupils the stable tiers
then fit one float64-exact objective, with the default they are solved in two
phases, see ``docs/engine.md``; ``stable-full`` re-runs ``stable`` enumerating the
whole feasible graph, ``mentormatch.rerun.LAZY_ENUMERATION = False``, the engine
before the lazy enumeration of stable re-runs).
At ``n = 30000``: 3,000 new pupils and 500 volunteers gone.

Each measurement runs in a fresh subprocess; the time is that of ``match()``
alone (generation, scenario building and reading the previous ``result.json``
excluded) and the peak memory is the process's peak RSS (generation included,
the same for every row). The target of the issue: the re-run takes at most a
fifth of the first run's time.

``--core``: every run with numba and OR-Tools hidden (the core install).
``--src DIR``: the engine of another checkout (e.g. ``--src ../main/src``), to
compare it back to back with the same script. Each row also gives the CPU
seconds of ``match()`` (``time.process_time``), steadier than wall time on a
loaded machine.

``--example``: the worked example of the closing note instead: ``synth.generate(300)``
matched, then 40 new pupils, 10 pupils gone and 5 volunteers gone, re-matched in each
mode; prints the count of each change kind (``ended`` by reason).

Usage (from the repository root)::

    python -m benchmarks.rerun --sizes 10000,30000 [--modes keep,stable] [--core]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def scenario(n: int) -> tuple[Any, Any]:
    """The first problem, and the same programme a week later (see module docs)."""
    import mentormatch as mm

    first = mm.synth.generate(n)
    extra = mm.synth.generate(max(n // 10, 1), seed=7)
    step = max(len(first.mentors) // max(n // 60, 1), 1)
    gone = {m.id for m in sorted(first.mentors, key=lambda m: m.id)[::step][: n // 60]}
    keep_ref = {m.id for m in first.mentors} - gone
    students = [s.model_copy(update={
        "current_mentor": s.current_mentor if s.current_mentor in keep_ref else None,
        "excluded_mentors": tuple(x for x in s.excluded_mentors if x in keep_ref)})
        for s in first.students]
    students += [s.model_copy(update={"id": "N" + s.id, "current_mentor": None,
                                      "excluded_mentors": ()}) for s in extra.students]
    mentors = [m for m in first.mentors if m.id not in gone]
    return first, (students, mentors)


def example(n: int = 300, newcomers: int = 40, pupils_gone: int = 10,
            volunteers_gone: int = 5) -> str:
    """The worked example (see module docs) as a Markdown table."""
    from collections import Counter

    import mentormatch as mm

    first = mm.synth.generate(n)
    before = mm.match(first)
    extra = mm.synth.generate(newcomers, seed=7)
    gone_m = {m.id for m in sorted(first.mentors, key=lambda m: m.id)[::9][:volunteers_gone]}
    gone_s = {s.id for s in sorted(first.students, key=lambda s: s.id)[::13][:pupils_gone]}
    mentors = [m for m in first.mentors if m.id not in gone_m]
    ids = {m.id for m in mentors}
    students = [s.model_copy(update={
        "current_mentor": s.current_mentor if s.current_mentor in ids else None,
        "excluded_mentors": tuple(x for x in s.excluded_mentors if x in ids)})
        for s in first.students if s.id not in gone_s]
    students += [s.model_copy(update={"id": "N" + s.id, "current_mentor": None,
                                      "excluded_mentors": ()}) for s in extra.students]
    lines = [f"first run: {len(first.students)} pupils, {len(first.mentors)} volunteers, "
             f"{len(before.pairs)} pairs, {len(before.unmatched)} unmatched; a week later: "
             f"+{newcomers} pupils, -{len(gone_s)} pupils, -{len(gone_m)} volunteers",
             "", "| continuity | pairs | unmatched | priority weight matched | kept "
             "| moved (new session) | moved (new mentor) | new (matched) | new (unmatched) "
             "| ended (matched again) | left |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for mode in ("free", "stable", "keep"):
        policy = first.policy.model_copy(update={"continuity": mode})
        again = mm.match(mm.Problem(students=students, mentors=mentors, policy=policy),
                         previous=before)
        c = Counter((ch.kind, ch.reason) for ch in again.changes)
        ended = Counter(ch.reason for ch in again.changes if ch.kind == "ended")
        rematched = Counter(ch.reason for ch in again.changes
                            if ch.kind == "ended" and ch.mentor_id is not None)
        lines.append(
            f"| {mode} | {len(again.pairs)} | {len(again.unmatched)} | "
            f"{again.matched_weight} | {c['kept', None]} | "
            f"{c['moved', 'new_session']} | {c['moved', 'new_mentor']} | "
            f"{c['new', 'matched']} | {c['new', 'unmatched']} | "
            + (", ".join(f"{k} {v} ({rematched[k]})" for k, v in sorted(ended.items()))
               or "0")
            + f" | {c['left', None]} |")
    return "\n".join(lines)


def _job(kind: str, n: int, mode: str, path: str) -> dict[str, Any]:
    import mentormatch as mm
    from mentormatch.result.changes import change_counts

    first, (students, mentors) = scenario(n)
    if kind == "first":
        t, c = time.perf_counter(), time.process_time()
        result = mm.match(first)
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        result.to_json(path)
        problem = first
        counts: dict[str, int] = {}
    else:
        previous = mm.read_result(path)
        if mode.endswith("-full"):   # the whole feasible graph, as before the lazy one
            from mentormatch import rerun

            rerun.LAZY_ENUMERATION = False
        update: dict[str, Any] = {"continuity": mode.removesuffix("-full").split(":")[0]}
        if ":" in mode:  # "stable:1": the re-run with Policy.cost_scale=1
            update["cost_scale"] = int(mode.split(":")[1])
        policy = first.policy.model_copy(update=update)
        problem = mm.Problem(students=students, mentors=mentors, policy=policy)
        t, c = time.perf_counter(), time.process_time()
        result = mm.match(problem, previous=previous)
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        counts = change_counts(result.changes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB -> MiB on Linux
    return {"kind": kind, "n": n, "mode": mode, "pupils": len(problem.students),
            "volunteers": len(problem.mentors), "seconds": seconds, "cpu_seconds": cpu,
            "peak_mib": peak,
            "matched": len(result.pairs), "optimal": result.certificate.optimal,
            "backend": result.certificate.backend, "changes": counts,
            "feasible_pairs": result.certificate.feasible_pairs,
            "timings": {k: round(v, 3) for k, v in result.timings.items()}}


def _run(kind: str, n: int, mode: str, path: str, core: bool = False,
         src: str | None = None) -> dict[str, Any] | None:
    """One measurement in a fresh process; None (and its error on stderr) when it fails."""
    env = dict(os.environ, PYTHONPATH=str(Path(src).resolve() if src else ROOT / "src"))
    out = subprocess.run([sys.executable, "-m", "benchmarks.rerun", "--job", kind, str(n),
                          mode, path, *(["--core"] if core else [])],
                         capture_output=True, text=True, cwd=ROOT, env=env)
    if out.returncode:  # e.g. out of memory
        last = (out.stderr.strip().splitlines() or ["(no message)"])[-1]
        print(f"n={n} {kind} {mode}: failed (exit {out.returncode}): {last}", file=sys.stderr)
        return None
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    """Run the scenario at each size and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--modes", default="keep,stable")
    parser.add_argument("--json", default=None)
    parser.add_argument("--core", action="store_true",
                        help="hide numba and OR-Tools (the core install)")
    parser.add_argument("--example", action="store_true",
                        help="the worked example of the closing note (see module docs)")
    parser.add_argument("--src", default=None,
                        help="the engine's source folder (default: this checkout's src)")
    parser.add_argument("--job", nargs=4, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.example:
        print(example())
        return
    if args.job:
        if args.core:   # before mentormatch is imported
            sys.modules["numba"] = None  # type: ignore[assignment]
            sys.modules["ortools"] = None  # type: ignore[assignment]
        kind, n, mode, path = args.job
        print(json.dumps(_job(kind, int(n), mode, path)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",") if x):
            path = str(Path(tmp) / f"first-{n}.json")
            first = _run("first", n, "-", path, args.core, args.src)
            if first is None:
                continue
            rows.append(first)
            print(f"n={n} first run {first['seconds']:.2f} s, CPU {first['cpu_seconds']:.2f} s",
                  file=sys.stderr)
            for mode in args.modes.split(","):
                r = _run("rerun", n, mode, path, args.core, args.src)
                if r is None:
                    continue
                r["ratio"] = r["seconds"] / first["seconds"]
                r["cpu_ratio"] = r["cpu_seconds"] / first["cpu_seconds"]
                rows.append(r)
                print(f"n={n} re-run {mode} {r['seconds']:.2f} s ({r['ratio']:.3f}x), "
                      f"CPU {r['cpu_seconds']:.2f} s ({r['cpu_ratio']:.3f}x)", file=sys.stderr)
                if args.json:
                    Path(args.json).write_text(json.dumps(rows, indent=1))
    print("| pupils | run | continuity | volunteers | seconds | ÷ first run | CPU s "
          "| ÷ first (CPU) | peak MiB | matched | kept | moved | new | ended | left "
          "| pairs enumerated | backend | optimal |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        c = r["changes"]
        ratio = f"{r['ratio']:.3f}" if "ratio" in r else "1"
        cpu_ratio = f"{r['cpu_ratio']:.3f}" if "cpu_ratio" in r else "1"
        print(f"| {r['pupils']:,} | {r['kind']} | {r['mode']} | {r['volunteers']:,} | "
              f"{r['seconds']:.2f} | {ratio} | {r['cpu_seconds']:.2f} | {cpu_ratio} | "
              f"{r['peak_mib']:.0f} | {r['matched']:,} | "
              + " | ".join(str(c.get(k, "")) for k in ("kept", "moved", "new", "ended", "left"))
              + f" | {r['feasible_pairs']:,} | {r['backend']} | "
              f"{'yes' if r['optimal'] else 'no'} |")


if __name__ == "__main__":
    main()
