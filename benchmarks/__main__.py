"""``python -m benchmarks``: speed of ``match()`` and ``solve_sparse``, peers, impact.

Usage (from the repository root)::

    python -m benchmarks --sizes 1000,3000,10000,30000 [--seed S]
                         [--peers ortools,networkx,fast] [--impact [SIZES]]
                         [--sparse 30000] [--json results.json]

What runs, each measurement in a fresh subprocess (:mod:`benchmarks.jobs`):

1. **match, core only**: for each size ``n``, ``synth.generate(n, seed=S)``,
   ``Problem(...)`` and ``mentormatch.match(problem)`` with OR-Tools and numba
   hidden from the process (as if no extra were installed), so
   ``backend="auto"`` picks what a core install picks. Time per stage, peak
   memory, pupils, volunteers, feasible pairs, arcs of the last network solved,
   solve-and-price rounds, backend, certificate.
2. **peers**: the same match with ``backend="ortools"`` (when installed) and
   ``backend="networkx"`` (sizes up to ``--networkx-max``), and ``fast``:
   ``backend="auto"`` with numba (``mentormatch[fast]``) and OR-Tools hidden,
   what a ``pip install mentormatch[fast]`` runs; with the ratios
   core ÷ peer of the solve stage and of ``match()`` end to end, and whether
   the optimum is the same.
3. **scaling exponents** ``log(t2/t1) / log(n2/n1)`` between consecutive sizes.
4. **solve_sparse**: a ``--sparse`` × ``--sparse/2`` instance, 25 candidates
   per pupil, capacities 1–3 (:func:`benchmarks.jobs.sparse_instance`):
   ``backend="auto"`` with OR-Tools hidden (the core transportation solver),
   ``backend="assignment"`` (scipy's LAPJV, for reference) and
   ``backend="ortools"``, with the ratios to OR-Tools.
5. **impact** (``--impact``): on ``generate(n, n_mentors=n//3)``, pupils and
   priority pupils (with a priority tag) matched by the greedy first-come
   baseline vs the optimum, and the maximum-flow bound.

Tables are printed as Markdown at the end; progress goes to stderr. With
``--json PATH`` the raw figures are saved after every measurement;
``--report A.json,B.json`` re-prints the tables of saved runs, merged (for
example a separate 100,000-pupil run).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Stage columns, in pipeline order (other keys the engine reports are appended).
STAGES = ("generate", "validate", "encode", "candidates", "select", "network", "solve", "price",
          "certify", "result")
#: Stages outside ``match()`` (not part of its end-to-end time).
OUTSIDE_MATCH = ("generate", "validate")

Row = dict[str, Any]


# --------------------------------------------------------------------------- running jobs


def run_child(spec: dict[str, Any], timeout: float) -> Row:
    """Run one job of :mod:`benchmarks.jobs` in a fresh process; its figures or an error."""
    cmd = [sys.executable, "-m", "benchmarks.jobs", json.dumps(spec)]
    label = " ".join(f"{k}={v}" for k, v in spec.items() if k not in ("mem_limit_gb",))
    print(f"[{time.strftime('%H:%M:%S')}] {label} ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        print(f"    timed out after {timeout:.0f} s", file=sys.stderr, flush=True)
        return {"error": f"timeout > {timeout:.0f} s", **spec}
    wall = time.perf_counter() - t0
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            row: Row = json.loads(line[len("RESULT "):])
            row["process_seconds"] = wall
            print(f"    done in {wall:.1f} s", file=sys.stderr, flush=True)
            if row.get("numba_compiles"):
                print(f"    numba compiled {row['numba_compiles']} kernels in "
                      f"{row['numba_compile_seconds']:.1f} s of this match (cache missing or "
                      "stale): its times include that", file=sys.stderr, flush=True)
            return row
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    print(f"    failed (exit {proc.returncode}): {tail}", file=sys.stderr, flush=True)
    return {"error": f"exit {proc.returncode}: {tail[:80]}", **spec}


# --------------------------------------------------------------------------- formatting


def markdown(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Format a Markdown pipe table (numbers right-aligned)."""
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    body = ["| " + " | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) + " |"
            for r in cells]
    return "\n".join([line, rule, *body])


def _cell(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}" if whole else "–"


def exponent(n1: int, t1: float | None, n2: int, t2: float | None) -> float | None:
    """Scaling exponent ``log(t2/t1) / log(n2/n1)`` (None when undefined)."""
    if not t1 or not t2 or t1 <= 0 or t2 <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


# --------------------------------------------------------------------------- machine


def machine() -> list[tuple[str, str]]:
    """The machine and software the benchmark runs on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            kib = int(fh.readline().split()[1])
            ram = f"{kib / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    info = [("CPU", f"{cpu}, {os.cpu_count()} logical cores"), ("RAM", ram),
            ("OS", platform.platform()),
            ("Python", f"{platform.python_implementation()} {platform.python_version()}")]
    for dist in ("mentormatch", "numpy", "scipy", "networkx", "pydantic", "ortools", "numba"):
        try:
            info.append((dist, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            info.append((dist, "not installed"))
    spec = importlib.util.find_spec("mentormatch")
    source = Path(spec.origin).parent if spec and spec.origin else None
    info.append(("mentormatch source", str(source) if source else "?"))
    commit = _git("rev-parse", "--short", "HEAD")
    if commit and source and _git("status", "--porcelain", "--", str(source)):
        commit += " + uncommitted changes"
    info.append(("commit", commit or "? (not a git checkout)"))
    return info


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, text=True, capture_output=True,
                              check=False).stdout.strip()
    except OSError:
        return ""


# --------------------------------------------------------------------------- tables


def stage_table(rows: list[Row]) -> str:
    """Time per stage, sizes, certificate and memory of the core-only match runs."""
    extra = sorted({k for r in rows for k in r.get("stages", {})} - set(STAGES))
    stages = [*STAGES, *extra]
    headers = ["pupils", "mentors", "feasible pairs", "arcs", "rounds", "backend", "matched",
               *stages, "other", "match()", "match() CPU", "total", "peak MiB", "optimal"]
    out = []
    for r in rows:
        if "error" in r:
            out.append([r["n"], *["–"] * (len(headers) - 2), r["error"]])
            continue
        st = r["stages"]
        inside = sum(v for k, v in st.items() if k not in OUTSIDE_MATCH)
        out.append([r["n"], r["mentors"], r["feasible_pairs"], r["arcs"], r["rounds"],
                    r["backend"], r["matched"], *[st.get(k) for k in stages],
                    r["match_total"] - inside, r["match_total"], r.get("match_cpu"),
                    r["match_total"] + st["generate"] + st["validate"], r["peak_mb"],
                    r["optimal"]])
    return markdown(headers, out)


def peer_table(core: dict[int, Row], peers: list[Row]) -> str:
    """Same match by the peers, with ratios core ÷ peer."""
    headers = ["pupils", "run", "backend", "solve s", "price s", "match() s", "match() CPU s",
               "peak MiB", "rounds", "same optimum", "core÷peer solve", "core÷peer match()",
               "core÷peer CPU"]
    out = []
    for p in peers:
        c = core.get(p["n"], {})
        if "error" in p:
            out.append([p["n"], p.get("backend"), "–", None, None, None, None, None, None, None,
                        None, None, p["error"]])
            continue
        ok = bool(c) and "error" not in c
        same = (c.get("objective") == p["objective"]) if ok else None
        c_solve = c["stages"].get("solve") if ok else None
        out.append([p["n"], p["run"], p["backend"], p["stages"].get("solve"),
                    p["stages"].get("price"), p["match_total"], p.get("match_cpu"),
                    p["peak_mb"], p["rounds"], same,
                    _ratio(c_solve, p["stages"].get("solve")),
                    _ratio(c.get("match_total"), p["match_total"]),
                    _ratio(c.get("match_cpu"), p.get("match_cpu"))])
    return markdown(headers, out)


def scaling_table(rows: list[Row]) -> str:
    """Scaling exponents between consecutive sizes of the core-only runs."""
    good = [r for r in rows if "error" not in r]
    keys = ("candidates", "solve", "price", "match()", "total", "feasible pairs", "peak MiB")

    def value(r: Row, k: str) -> float | None:
        if k == "match()":
            return float(r["match_total"])
        if k == "total":
            return float(r["match_total"] + r["stages"]["generate"] + r["stages"]["validate"])
        if k == "feasible pairs":
            return float(r["feasible_pairs"])
        if k == "peak MiB":
            return float(r["peak_mb"])
        return r["stages"].get(k)

    out = []
    for a, b in itertools.pairwise(good):
        out.append([f"{a['n']:,} → {b['n']:,}",
                    *[exponent(a["n"], value(a, k), b["n"], value(b, k)) for k in keys]])
    return markdown(["pupils", *keys], out)


def sparse_table(rows: list[Row]) -> str:
    """``solve_sparse`` by backend, with the ratio to OR-Tools."""
    ref = next((r["seconds"] for r in rows if r.get("run") == "ortools" and "error" not in r),
               None)
    best = min((r["total_cost"] for r in rows if "error" not in r), default=None)
    headers = ["pupils", "mentors", "pairs", "run", "backend", "solve_sparse s", "peak MiB",
               "total cost", "optimal", "÷ ortools"]
    out = []
    order = {"core": 0, "assignment": 1, "ortools": 2}
    for r in sorted(rows, key=lambda r: order.get(str(r.get("run")), 3)):
        if "error" in r:
            out.append([r["n"], None, None, r["run"], None, None, None, None, None, r["error"]])
            continue
        out.append([r["n"], r["mentors"], r["pairs"], r["run"], r["backend"], r["seconds"],
                    r["peak_mb"], r["total_cost"], r["optimal"] and r["total_cost"] == best,
                    _ratio(r["seconds"], ref)])
    return markdown(headers, out)


def impact_table(rows: list[Row]) -> str:
    """Greedy first-come vs optimum vs maximum-flow bound."""
    headers = ["pupils", "mentors", "places", "priority pupils", "max-flow bound",
               "greedy matched", "optimum matched", "gain", "greedy priority",
               "optimum priority", "priority gain", "greedy weight", "optimum weight",
               "certified"]
    out = []
    for r in rows:
        if "error" in r:
            out.append([r["n"], *[None] * (len(headers) - 2), r["error"]])
            continue
        out.append([r["n"], r["mentors"], r["places"], r["priority"], r["bound"],
                    r["greedy_matched"], r["opt_matched"],
                    f"{r['opt_matched'] - r['greedy_matched']:+,}", r["greedy_priority"],
                    r["opt_priority"], f"{r['opt_priority'] - r['greedy_priority']:+,}",
                    r["greedy_weight"], r["opt_weight"], r["opt_optimal"]])
    return markdown(headers, out)


def feasible_table(rows: list[Row]) -> str:
    """First stages only (``--candidates-only``): sizes, times and peak memory."""
    headers = ["pupils", "mentors", "feasible pairs", "generate", "validate", "encode",
               "candidates", "peak MiB"]
    out = []
    for r in rows:
        if "error" in r:
            out.append([r["n"], *[None] * (len(headers) - 2), r["error"]])
            continue
        st = r["stages"]
        out.append([r["n"], r["mentors"], r["feasible_pairs"], st["generate"], st["validate"],
                    st["encode"], st["candidates"], r["peak_mb"]])
    return markdown(headers, out)


def tag_table(row: Row) -> str:
    """Pupils of each priority tag matched by the greedy baseline and by the optimum."""
    out = [[tag, v["pupils"], v["greedy"], v["optimum"], f"{v['optimum'] - v['greedy']:+,}",
            _pct(v["greedy"], v["pupils"]), _pct(v["optimum"], v["pupils"])]
           for tag, v in row.get("by_tag", {}).items()]
    return markdown(["tag", "pupils", "greedy", "optimum", "gain", "greedy %", "optimum %"], out)


# --------------------------------------------------------------------------- main


def _ints(text: str) -> list[int]:
    return [int(float(s)) for s in text.replace("_", "").split(",") if s.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks",
                                 description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000,10000,30000",
                    help="comma-separated numbers of pupils (default %(default)s)")
    ap.add_argument("--seed", type=int, default=0, help="synth seed (default 0)")
    ap.add_argument("--peers", default="ortools,networkx,fast",
                    help="peer backends run on the same matches ('' for none)")
    ap.add_argument("--networkx-max", type=int, default=1000,
                    help="largest size the networkx peer runs (default %(default)s)")
    ap.add_argument("--sparse", type=int, default=30000,
                    help="pupils of the solve_sparse instance (0 skips; default %(default)s)")
    ap.add_argument("--impact", nargs="?", const="3000,10000", default=None, metavar="SIZES",
                    help="also the impact figure (default sizes 3000,10000)")
    ap.add_argument("--candidates-only", default=None, metavar="SIZES",
                    help="also time only generate/validate/encode/feasible graph at these sizes")
    ap.add_argument("--timeout", type=float, default=1800.0,
                    help="seconds allowed per measurement (default %(default)s)")
    ap.add_argument("--mem-limit-gb", type=float, default=16.0,
                    help="address-space limit of each measurement (0: none)")
    ap.add_argument("--max-pairs-per-pupil", type=int, default=None, metavar="K",
                    help="match jobs use Policy(max_pairs_per_pupil=K), the graph limit "
                         "(default: no limit)")
    ap.add_argument("--no-core", action="store_true",
                    help="skip the core-only match runs (only the peers; e.g. 100,000 with "
                         "'--peers fast')")
    ap.add_argument("--json", type=Path, default=None,
                    help="also write the raw figures here (after every measurement)")
    ap.add_argument("--report", default=None, metavar="JSON[,JSON...]",
                    help="print the tables of saved --json files (merged) without running")
    return ap.parse_args(argv)


Figures = dict[str, Any]


def render(fig: Figures) -> None:
    """Print every table of the figures ``fig`` (as collected by :func:`main`)."""
    core: dict[int, Row] = {r["n"]: r for r in fig["core"]}
    print("## Machine\n")
    print(markdown(["", "value"], fig["machine"]))
    print(f"\nCommand: `{fig['command']}`")
    if core:
        print("\n## match(), core dependencies only (OR-Tools hidden), seconds per stage\n")
        print(stage_table(list(core.values())))
        print("\n`generate`: synth.generate; `validate`: Problem(...); then match()'s stages: "
              "`encode`, `candidates` (the full feasible graph), `select` (initial candidate "
              "set), `network` (building the flow networks), `solve`, `price`, `certify` "
              "(check_flow), `result`; `other` = match() minus those; "
              "`total` = generate + validate + match().")
    if fig["peers"]:
        print("\n## Same match, peer backends (same run)\n")
        print(peer_table(core, fig["peers"]))
        alone = [r for r in fig["peers"] if r["n"] not in core]
        if alone:  # --no-core: the peers' own stages
            print("\n## match(), peer runs without a core run (--no-core), seconds per stage\n")
            print(stage_table(alone))
    if len(core) > 1:
        print("\n## Scaling exponents, core only: log(t2/t1) / log(n2/n1)\n")
        print(scaling_table(list(core.values())))
    for n in sorted({r["n"] for r in fig["sparse"]}):
        print(f"\n## solve_sparse, {n:,} × {n // 2:,}, 25 candidates per pupil, "
              "capacities 1–3\n")
        print(sparse_table([r for r in fig["sparse"] if r["n"] == n]))
    if fig.get("feasible"):
        print("\n## First stages only (generate, validate, encode, full feasible graph)\n")
        print(feasible_table(fig["feasible"]))
    irows = fig["impact"]
    if irows:
        print("\n## Impact: greedy first-come vs optimum, generate(n, n_mentors=n//3)\n")
        print(impact_table(irows))
        print("\n`max-flow bound`: most pupils matchable at all (scipy maximum_flow on the full "
              "feasible (pupil, volunteer, session) graph, costs and priorities ignored). "
              "`priority pupils`: pupils with at least one priority tag. The optimum maximises "
              "the priority-weighted number matched first, so it may match fewer pupils than "
              "the bound when that serves more priority weight.")
        last = next((r for r in reversed(irows) if "error" not in r), None)
        if last is not None:
            print(f"\n### By priority tag, {last['n']:,} pupils\n")
            print(tag_table(last))
    if fig.get("wall_seconds") is not None:
        print(f"\nWall time of the whole benchmark: {fig['wall_seconds']:.0f} s")


def merge(paths: Sequence[Path]) -> Figures:
    """Merge saved figures (``--json`` files): later files win for the same size and run."""
    out: Figures = {"machine": [], "command": "", "core": [], "peers": [], "sparse": [],
                    "feasible": [], "impact": [], "wall_seconds": None}
    commands = []
    for path in paths:
        fig = json.loads(path.read_text(encoding="utf-8"))
        out["machine"] = [tuple(x) for x in fig["machine"]]
        commands.append(fig["command"])
        if fig.get("wall_seconds") is not None:
            out["wall_seconds"] = (out["wall_seconds"] or 0.0) + fig["wall_seconds"]
        for key in ("core", "peers", "sparse", "feasible", "impact"):
            rows = {(r["n"], r.get("run")): r for r in out[key]}
            rows.update({(r["n"], r.get("run")): r for r in fig.get(key, [])})
            out[key] = [rows[k] for k in sorted(rows, key=lambda k: (k[0], str(k[1])))]
    out["command"] = "`; `".join(commands)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmarks and print the tables (or re-print saved ones with ``--report``)."""
    args = parse_args(argv)
    if args.report:
        render(merge([Path(p) for p in args.report.split(",")]))
        return
    sizes = _ints(args.sizes)
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    unknown = set(peers) - {"ortools", "networkx", "highs", "assignment", "fast"}
    if unknown:
        raise SystemExit(f"unknown peers: {sorted(unknown)}")
    info = machine()
    has_ortools = dict(info).get("ortools", "not installed") != "not installed"
    if "ortools" in peers and not has_ortools:
        print("(OR-Tools not installed: peer 'ortools' skipped; pip install mentormatch[ortools])")
        peers.remove("ortools")
    if "fast" in peers and dict(info).get("numba", "not installed") == "not installed":
        print("(numba not installed: peer 'fast' skipped; pip install mentormatch[fast])")
        peers.remove("fast")
    common = {"seed": args.seed, "mem_limit_gb": args.mem_limit_gb}
    t_start = time.perf_counter()
    shown = shlex.join(sys.argv[1:] if argv is None else argv)
    fig: Figures = {"machine": info, "command": f"python -m benchmarks {shown}".strip(),
                    "core": [], "peers": [], "sparse": [], "feasible": [], "impact": [],
                    "wall_seconds": None}

    def record(key: str, row: Row) -> None:
        fig[key].append(row)
        if args.json:  # saved after every measurement: a long run keeps what it measured
            args.json.write_text(json.dumps(fig, indent=1), encoding="utf-8")

    limit = ({} if args.max_pairs_per_pupil is None
             else {"max_pairs_per_pupil": args.max_pairs_per_pupil})
    for n in sizes:
        if not args.no_core:
            record("core", run_child({"job": "match", "n": n, "backend": "auto",
                                      "core_only": True, **common, **limit}, args.timeout)
                   | {"run": "core", "n": n})
        for p in peers:
            if p == "networkx" and n > args.networkx_max:
                continue
            spec = ({"backend": "auto", "fast": True} if p == "fast" else {"backend": p})
            record("peers", run_child({"job": "match", "n": n, **spec, **common, **limit},
                                      args.timeout) | {"run": p, "n": n})
    if args.sparse > 0:
        runs = [("core", "auto", True), ("assignment", "assignment", True)]
        if dict(info).get("numba", "not installed") != "not installed":
            runs.append(("fast", "auction", False))
        if has_ortools:
            runs.append(("ortools", "ortools", False))
        for name, backend, hide in runs:
            record("sparse", run_child({"job": "sparse", "n": args.sparse, "backend": backend,
                                        "core_only": hide, **common}, args.timeout)
                   | {"run": name, "n": args.sparse})
    if args.candidates_only:
        for n in _ints(args.candidates_only):
            record("feasible", run_child({"job": "feasible", "n": n, "core_only": True,
                                          **common}, args.timeout) | {"run": "feasible", "n": n})
    if args.impact:
        for n in _ints(args.impact):
            record("impact", run_child({"job": "impact", "n": n, "n_mentors": max(1, n // 3),
                                        **common}, args.timeout) | {"run": "impact", "n": n})
    fig["wall_seconds"] = time.perf_counter() - t_start
    if args.json:
        args.json.write_text(json.dumps(fig, indent=1), encoding="utf-8")
    render(fig)


if __name__ == "__main__":
    main()
