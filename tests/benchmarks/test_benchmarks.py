"""Smoke test of the benchmark harness (``python -m benchmarks``): it runs and prints its tables.

No timing is asserted: the benchmark prints, the tests stay fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """Run the harness once on tiny sizes; its stdout and raw JSON figures."""
    out = tmp_path_factory.mktemp("bench") / "figures.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "100,150", "--peers", "networkx",
         "--networkx-max", "100", "--sparse", "200", "--impact", "120", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("heading", [
    "## Machine", "## match(), core dependencies only", "## Same match, peer backends",
    "## Scaling exponents", "## solve_sparse", "## Impact", "### By priority tag",
])
def test_prints_every_table(run: tuple[str, dict], heading: str) -> None:
    assert heading in run[0]


@pytest.mark.parametrize("column", [
    "generate", "validate", "encode", "candidates", "select", "network", "solve", "price",
    "certify", "result",
    "peak MiB", "feasible pairs", "arcs", "rounds", "backend", "core÷peer solve", "match() CPU",
    "max-flow bound", "greedy matched", "optimum matched",
])
def test_prints_every_column(run: tuple[str, dict], column: str) -> None:
    assert f" {column} |" in run[0]


def test_core_runs_are_certified_and_sized(run: tuple[str, dict]) -> None:
    figures = run[1]
    assert [r["n"] for r in figures["core"]] == [100, 150]
    assert all(r["optimal"] and r["backend"] != "ortools" for r in figures["core"])
    assert all(r["peak_mb"] > 0 for r in figures["core"])


def test_peer_finds_the_same_optimum(run: tuple[str, dict]) -> None:
    (peer,) = run[1]["peers"]
    assert peer["backend"] == "networkx"
    assert peer["objective"] == run[1]["core"][0]["objective"]


def test_sparse_backends_agree(run: tuple[str, dict]) -> None:
    assert len({r["total_cost"] for r in run[1]["sparse"]}) == 1


def test_impact_is_consistent(run: tuple[str, dict]) -> None:
    (row,) = run[1]["impact"]
    assert row["greedy_weight"] <= row["opt_weight"]
    assert row["opt_matched"] <= row["bound"]
    assert row["greedy_matched"] <= row["bound"]


def test_report_reprints_saved_figures(run: tuple[str, dict], tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(run[1]), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--report", str(saved)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("## match()")[1] == run[0].split("## match()")[1]


def test_peers_alone_under_the_graph_limit(tmp_path: Path) -> None:
    out = tmp_path / "limited.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "120", "--peers", "networkx",
         "--networkx-max", "120", "--sparse", "0", "--no-core", "--max-pairs-per-pupil", "3",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["core"] == []
    (peer,) = figures["peers"]
    assert peer["optimal"]
    assert peer["max_pairs_per_pupil"] == 3
    assert peer["feasible_pairs"] <= 3 * 120
    assert "peer runs without a core run" in proc.stdout
