"""Networks for the flow tests: the published known-optimum instances, random assignments.

The published instances live outside the repository, in ``<root>/../shared/instances``
(``<root>`` is the repository); the environment variable ``MENTORMATCH_INSTANCES`` names
another folder. Tests that need them skip, saying where they looked, when they are absent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
INSTANCES = Path(os.environ.get("MENTORMATCH_INSTANCES")
                 or ROOT.parent / "shared" / "instances").resolve()
SMALL = INSTANCES / "small_mcf_known_optima.json"
NETGEN = INSTANCES / "netgen-2.min"
WHERE = f"{INSTANCES} (set MENTORMATCH_INSTANCES to the folder of the published instances)"


@dataclass(frozen=True)
class Instance:
    """A network as arrays, with its published outcome."""

    name: str
    tail: np.ndarray
    head: np.ndarray
    capacity: np.ndarray
    cost: np.ndarray
    supply: np.ndarray
    lower: np.ndarray
    status: str
    expected_cost: int | None

    @property
    def args(self) -> tuple[np.ndarray, ...]:
        return self.tail, self.head, self.capacity, self.cost, self.supply


def convert(entry: dict[str, Any]) -> Instance:
    """Turn a JSON entry into EQ-form arrays (GEQ/LEQ via a slack node)."""
    ids: dict[str, int] = {}

    def node(x: Any) -> int:
        return ids.setdefault(str(x), len(ids))

    for k in entry["supplies"]:
        node(k)
    tail, head, cap, cost, low = [], [], [], [], []
    for a in entry["arcs"]:
        tail.append(node(a["tail"]))
        head.append(node(a["head"]))
        cap.append(-1 if a["capacity"] is None else int(a["capacity"]))
        cost.append(int(a["cost"]))
        low.append(int(a.get("lower", 0) or 0))
    supply = [0] * len(ids)
    for k, s in entry["supplies"].items():
        supply[ids[str(k)]] = int(s)
    kind = entry["supply_type"]
    if kind in ("GEQ", "LEQ"):
        # GEQ: out - in >= b  <=>  slack arcs z -> v carry the surplus;
        # LEQ: out - in <= b  <=>  slack arcs v -> z carry the deficit.
        # Either way the slack node z has supply -sum(b).
        n = len(ids)
        z = n
        for v in range(n):
            tail.append(z if kind == "GEQ" else v)
            head.append(v if kind == "GEQ" else z)
            cap.append(-1)
            cost.append(0)
            low.append(0)
        supply.append(-sum(supply))
    exp = entry["expected"]
    return Instance(entry["name"], np.array(tail, dtype=np.int64),
                    np.array(head, dtype=np.int64), np.array(cap, dtype=np.int64),
                    np.array(cost, dtype=np.int64), np.array(supply, dtype=np.int64),
                    np.array(low, dtype=np.int64), exp["status"].lower(), exp["cost"])


def load_small() -> list[Instance]:
    """The 34 published small networks (empty list if the folder is absent)."""
    if not SMALL.exists():
        return []
    return [convert(e) for e in json.loads(SMALL.read_text())]


def load_netgen() -> Instance:
    """Parse netgen-2.min (DIMACS) into arrays."""
    supply: dict[int, int] = {}
    arcs: list[tuple[int, int, int, int, int]] = []
    n = 0
    for line in NETGEN.read_text().splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "p":
            n = int(parts[2])
        elif parts[0] == "n":
            supply[int(parts[1]) - 1] = int(parts[2])
        elif parts[0] == "a":
            t, h, lo, u, c = (int(x) for x in parts[1:6])
            arcs.append((t - 1, h - 1, lo, u, c))
    a = np.array(arcs, dtype=np.int64)
    b = np.zeros(n, dtype=np.int64)
    for k, s in supply.items():
        b[k] = s
    return Instance("netgen-2", a[:, 0], a[:, 1], a[:, 3], a[:, 4], b, a[:, 2], "optimal",
                    6749969302)


def random_assignment(rng: np.random.Generator, n_src: int, n_right: int, degree: int,
                      max_cap: int = 3, max_supply: int = 1, cost_hi: int = 100,
                      unassigned: int | None = 1000, slot_cost: bool = False
                      ) -> tuple[np.ndarray, ...]:
    """An assignment-class network: sources -> right nodes -> sink, plus unassigned arcs.

    Nodes: sources 0..n_src-1, right nodes n_src..n_src+n_right-1, sink last.
    Returns ``(tail, head, capacity, cost, supply)``.
    """
    t = n_src + n_right
    deg = min(degree, n_right)
    src = np.repeat(np.arange(n_src), deg)
    right = np.concatenate([rng.choice(n_right, size=deg, replace=False)
                            for _ in range(n_src)]) + n_src if n_src else np.zeros(0, int)
    k = rng.integers(1, max_supply + 1, size=n_src)
    pair_cap = k[src] if max_supply > 1 else np.ones(src.size, dtype=np.int64)
    caps_r = rng.integers(1, max_cap + 1, size=n_right)
    tail = [src, np.arange(n_src, t)]
    head = [right, np.full(n_right, t)]
    cap = [pair_cap, caps_r]
    cost = [rng.integers(0, cost_hi + 1, size=src.size),
            rng.integers(0, 10, size=n_right) if slot_cost else np.zeros(n_right, int)]
    if unassigned is not None:
        tail.append(np.arange(n_src))
        head.append(np.full(n_src, t))
        cap.append(k)
        cost.append(np.full(n_src, unassigned))
    supply = np.zeros(t + 1, dtype=np.int64)
    supply[:n_src] = k
    supply[t] = -k.sum()
    return (np.concatenate(tail).astype(np.int64), np.concatenate(head).astype(np.int64),
            np.concatenate(cap).astype(np.int64), np.concatenate(cost).astype(np.int64),
            supply)
