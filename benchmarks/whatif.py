"""``python -m benchmarks.whatif``: times of the what-if answers and recruitment vs a naive list.

For each size ``n`` (default 10,000 and 30,000 pupils, ``synth.generate(n)``
with its default volunteers; ``--mentors`` overrides the number), prints:

* ``match()``: the match itself;
* ``engine``: the optimum in force rebuilt as engine arrays from the result
  (done once per result, on the first question);
* ``explain``: ``result.explain(id)`` for unmatched pupils (fixes verified by
  exact re-solves) and for a matched pupil, after the engine is built; with, per
  pupil, how each candidate was verified (``a``: the optimum in force certifies
  it as is, ``c``: one local cycle, ``r``: the general re-solve; see ``docs/explain.md``);
* ``recruitment(top=10)``: the list, every item verified by re-solving;
* ``naive``: the "most frequent unmatched need" list, verified the same way;

then both lists with their verified gains (pupils, priority weight). The
recruitment comparison of the issue is ``--sizes 10000 --mentors 3000``;
``--no-naive`` skips the naive list (slow at 30,000 pupils).
``--json FILE`` writes every figure. The machine load (``os.getloadavg``) is
printed before and after each size: quote it with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(n: int, mentors: int | None, top: int, pupils: int, seed: int,
        with_naive: bool = True) -> dict[str, Any]:
    """Time every what-if answer at one size; return the figures."""
    import mentormatch as mm
    from mentormatch import synth
    from mentormatch.whatif.explain import engine_of
    from mentormatch.whatif.recruitment import naive_recruitment, recruitment

    out: dict[str, Any] = {"n": n, "mentors": mentors, "load_before": _load()}
    problem = synth.generate(n, n_mentors=mentors, seed=seed)
    t0, c0 = time.perf_counter(), time.process_time()
    result = mm.match(problem)
    out["match_s"] = time.perf_counter() - t0
    out["match_cpu_s"] = time.process_time() - c0
    out["matched"], out["unmatched"] = len(result.pairs), len(result.unmatched)
    t0 = time.perf_counter()
    eng = engine_of(result)
    out["engine_s"] = time.perf_counter() - t0
    out["engine_rounds"] = eng.solution.rounds
    times, cpu, fixes, verified, methods = [], [], [], [], []
    for u in result.unmatched[:pupils]:
        t0, c0 = time.perf_counter(), time.process_time()
        ex = result.explain(u.student_id)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        fixes.append(len(ex.fixes))
        verified.append(len(ex.tried))
        methods.append("".join({"as-is": "a", "cycle": "c", "full": "f"}.get(f.method, "r")
                               for f in ex.tried))
    out["explain_unmatched_s"] = times
    out["explain_unmatched_cpu_s"] = cpu
    out["explain_fixes"], out["explain_verified"] = fixes, verified
    out["explain_methods"] = methods
    t0 = time.perf_counter()
    ex = result.explain(result.pairs[0].student_id)
    out["explain_matched_s"] = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    items = recruitment(problem, result, top=top)
    out["recruitment_s"] = time.perf_counter() - t0
    out["recruitment_cpu_s"] = time.process_time() - c0
    t0 = time.perf_counter()
    naive = naive_recruitment(problem, result, top=top) if with_naive else []
    out["naive_s"] = time.perf_counter() - t0 if with_naive else float("nan")
    out["recruitment"] = [(i.describe("fr"), i.gain, i.gain_weight) for i in items]
    out["naive"] = [(i.describe("fr"), i.gain, i.gain_weight) for i in naive]
    out["recruitment_gain"] = sum(i.gain for i in items)
    out["recruitment_gain_weight"] = sum(i.gain_weight for i in items)
    out["naive_gain"] = sum(i.gain for i in naive)
    out["naive_gain_weight"] = sum(i.gain_weight for i in naive)
    out["load_after"] = _load()
    return out


def _print(r: dict[str, Any]) -> None:
    ex = r["explain_unmatched_s"]
    print(f"\n== {r['n']:,} pupils, mentors {r['mentors'] or 'default'} "
          f"(load {r['load_before']} → {r['load_after']})")
    print(f"match() {r['match_s']:.1f} s (CPU {r['match_cpu_s']:.1f} s): "
          f"{r['matched']:,} matched, {r['unmatched']:,} unmatched")
    print(f"engine (once per result) {r['engine_s']:.2f} s, {r['engine_rounds']} rounds")
    if ex:
        print(f"explain, unmatched pupil: median {sorted(ex)[len(ex) // 2]:.2f} s, "
              f"max {max(ex):.2f} s over {len(ex)} pupils; fixes found {r['explain_fixes']}, "
              f"candidates verified {r['explain_verified']}")
        print(f"  each explanation, CPU seconds: "
              f"{' '.join(f'{x:.2f}' for x in r['explain_unmatched_cpu_s'])}")
        print(f"  each explanation, seconds: {' '.join(f'{x:.2f}' for x in ex)}; how each "
              f"candidate was verified (a: as is, c: one local cycle, f: full graph, r: re-solve): "
              f"{' '.join(r['explain_methods'])}")
    print(f"explain, matched pupil: {r['explain_matched_s']:.2f} s")
    print(f"recruitment(top=10) {r['recruitment_s']:.1f} s (CPU {r['recruitment_cpu_s']:.1f} s); "
          f"naive list {r['naive_s']:.1f} s")
    print(f"verified gain: recruitment +{r['recruitment_gain']} pupils "
          f"(weight +{r['recruitment_gain_weight']}), naive +{r['naive_gain']} pupils "
          f"(weight +{r['naive_gain_weight']})  [each item alone, summed]")
    for name in ("recruitment", "naive"):
        print(f"  {name}:")
        for text, gain, weight in r[name]:
            print(f"    {text}  [+{gain}, weight +{weight}]")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (see the module notes)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.whatif")
    ap.add_argument("--sizes", default="10000,30000")
    ap.add_argument("--mentors", type=int, default=None)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--pupils", type=int, default=5, help="unmatched pupils explained")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-naive", action="store_true", help="skip the naive list (slow)")
    args = ap.parse_args(argv)
    results = []
    for n in (int(x) for x in args.sizes.split(",") if x):
        r = run(n, args.mentors, args.top, args.pupils, args.seed, not args.no_naive)
        _print(r)
        results.append(r)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
