"""Comparing scenarios: two matches side by side, and a sweep over policies.

* :func:`compare` — two results of the same pupils (say a 5 km and a 15 km
  radius): KPIs side by side (matched, priority-weighted, by priority tag,
  territory and level, cost, volunteers used) and who gained, lost or changed
  a mentor; ``.to_dataframe()``, a notebook card and ``.plot()`` (extra ``plot``).
* :func:`sweep` — one problem under several policies, matched in a process
  pool; returns the KPI table of every policy.

Threads or processes
--------------------
:func:`mentormatch.match` is thread-safe (it shares no mutable state: every
stage builds new arrays from a frozen :class:`~mentormatch.Problem`), but it
holds the GIL for long stretches of Python and small numpy calls, so threads
do not run two matches faster than one after the other. :func:`sweep`
therefore uses processes; the measurement is in ``docs/service.md``.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from mentormatch._extras import require
from mentormatch.domain._display import bar_svg, card, esc, lang, number, percent, word
from mentormatch.domain.policy import Policy
from mentormatch.domain.problem import Problem
from mentormatch.errors import InputError
from mentormatch.pipeline import match
from mentormatch.result.display import tag_coverage
from mentormatch.result.model import MatchResult

__all__ = ["Comparison", "PupilChange", "Sweep", "compare", "kpis", "sweep"]


def _share(a: float, b: float) -> float | None:
    return a / b if b else None


def kpis(result: MatchResult) -> dict[str, Any]:
    """The key figures of one match, as a flat ``{name: value}`` dict.

    ``pupils``, ``matched``, ``unmatched``, ``share``, ``weighted_share``,
    ``volunteers_used``, ``cost`` (pairs plus load costs), ``optimal``, then
    ``share[tag=...]``, ``share[territory=...]`` and ``share[level=...]`` for
    every group (when the result holds its problem).
    """
    n = result.n_students
    out: dict[str, Any] = {
        "pupils": n,
        "matched": len(result.pairs),
        "unmatched": len(result.unmatched),
        "share": _share(len(result.pairs), n),
        "weighted_share": _share(result.matched_weight, result.total_weight),
        "volunteers_used": sum(1 for m in result.mentors if m.load > 0),
        "cost": round(sum(p.cost for p in result.pairs)
                      + sum(m.load_cost for m in result.mentors), 6),
        "optimal": result.certificate.optimal,
    }
    for tag, m, k in tag_coverage(result):
        out[f"share[tag={tag}]"] = _share(m, k)
    if result.problem is not None:
        from mentormatch.result.summary import coverage_table

        for by, key in (("territory", "territory"), ("level", "level")):
            for group, cov in coverage_table(result, by).items():
                out[f"share[{key}={group}]"] = cov["share"]
    return out


@dataclass(frozen=True, slots=True)
class PupilChange:
    """A pupil whose situation differs between the two scenarios.

    ``kind`` is ``"gained"`` (unmatched in the first, matched in the second),
    ``"lost"`` (the reverse) or ``"changed"`` (another mentor).
    """

    student_id: str
    kind: str
    mentor_a: str | None
    mentor_b: str | None


@dataclass(frozen=True)
class Comparison:
    """Two matches of the same pupils side by side (see :func:`compare`).

    Attributes
    ----------
    a, b : MatchResult
        The two results.
    labels : tuple of str
        Their names (``("5 km", "15 km")``).
    changes : tuple of PupilChange
        Pupils who gained, lost or changed a mentor from ``a`` to ``b``.
    """

    a: MatchResult
    b: MatchResult
    labels: tuple[str, str]
    changes: tuple[PupilChange, ...]

    def kind(self, kind: str) -> list[str]:
        """The IDs of the pupils of one change kind (``"gained"``, ``"lost"``, ``"changed"``)."""
        return [c.student_id for c in self.changes if c.kind == kind]

    def table(self) -> list[tuple[str, Any, Any]]:
        """``(kpi, value in a, value in b)`` for every KPI of either result."""
        ka, kb = kpis(self.a), kpis(self.b)
        names = list(ka) + [k for k in kb if k not in ka]
        return [(k, ka.get(k), kb.get(k)) for k in names]

    def to_dataframe(self) -> Any:
        """The KPI table as a DataFrame: one row per KPI, a column per label, and the change.

        ``change`` is ``b - a`` for numbers (missing when either is missing).
        Needs the ``pandas`` extra.
        """
        pd = require("pandas")
        rows = []
        for name, va, vb in self.table():
            num = all(isinstance(v, int | float) and not isinstance(v, bool)
                      for v in (va, vb))
            rows.append((name, va, vb, vb - va if num else None))
        df = pd.DataFrame(rows, columns=["kpi", *self.labels, "change"],
                          dtype=object).set_index("kpi")  # ints stay ints
        return df

    def __repr__(self) -> str:
        a, b = self.labels
        return (f"Comparison({a!r}: {len(self.a.pairs)} matched, {b!r}: {len(self.b.pairs)} "
                f"matched; gained={len(self.kind('gained'))}, lost={len(self.kind('lost'))}, "
                f"changed={len(self.kind('changed'))})")

    def _repr_html_(self) -> str:
        language = lang()
        ka, kb = kpis(self.a), kpis(self.b)

        def fmt(key: str, v: Any) -> str:
            if v is None:
                return "—"
            if "share" in key:
                return percent(v, language)
            if isinstance(v, bool):
                return "✔" if v else "✘"
            return number(v, language)

        head = (f"<tr><th></th><th style='padding:0 8px'>{esc(self.labels[0])}</th>"
                f"<th style='padding:0 8px'>{esc(self.labels[1])}</th></tr>")
        keys = ["pupils", "matched", "share", "weighted_share", "volunteers_used", "cost",
                "optimal"]
        body = "".join(f"<tr><td>{esc(k)}</td><td style='text-align:right;padding:0 8px'>"
                       f"{fmt(k, ka.get(k))}</td><td style='text-align:right;padding:0 8px'>"
                       f"{fmt(k, kb.get(k))}</td></tr>" for k in keys)
        moves = [(word(k, language), number(len(self.kind(c)), language))
                 for k, c in (("gained", "gained"), ("lost", "lost"),
                              ("changed_mentor", "changed"))]
        bars = ""
        for label, res in zip(self.labels, (self.a, self.b), strict=True):
            bars += bar_svg(((t, m / k, f"{m}/{k}") for t, m, k in tag_coverage(res)),
                            f"{word('coverage_by_tag', language)} — {label}")
        table = f"<table style='border-collapse:collapse'>{head}{body}</table>"
        return card(f"{word('comparison', language)}: {self.labels[0]} / {self.labels[1]}",
                    moves, table + bars)

    def plot(self, ax: Any = None) -> Any:
        """Bar chart of coverage by priority tag (and overall) in both scenarios.

        Needs the ``plot`` extra (matplotlib). Returns the matplotlib ``Axes``.
        """
        require("matplotlib")
        import matplotlib.pyplot as plt

        ca = {t: m / k for t, m, k in tag_coverage(self.a)}
        cb = {t: m / k for t, m, k in tag_coverage(self.b)}
        groups = ["(all)", *ca, *(t for t in cb if t not in ca)]
        va = [kpis(self.a)["share"] or 0.0, *(ca.get(t, 0.0) for t in groups[1:])]
        vb = [kpis(self.b)["share"] or 0.0, *(cb.get(t, 0.0) for t in groups[1:])]
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(groups) + 1), 3.2))
        x = list(range(len(groups)))
        ax.bar([i - 0.2 for i in x], [100 * v for v in va], width=0.4, label=self.labels[0])
        ax.bar([i + 0.2 for i in x], [100 * v for v in vb], width=0.4, label=self.labels[1])
        ax.set_xticks(x, groups, rotation=30, ha="right")
        ax.set_ylabel("% matched")
        ax.set_ylim(0, 100)
        ax.set_title(word("coverage_by_tag", lang()))
        ax.legend()
        return ax


def compare(a: MatchResult, b: MatchResult, *,
            labels: Sequence[str] = ("A", "B")) -> Comparison:
    """Compare two matches of the same pupils.

    Parameters
    ----------
    a, b : MatchResult
        The two results (for example two radii, two sets of weights, more
        volunteers). Pupils present in only one of them count as gained or
        lost.
    labels : pair of str
        The names of the two scenarios, e.g. ``("5 km", "15 km")``.

    Returns
    -------
    Comparison
        KPIs side by side, who gained, lost or changed a mentor,
        ``.to_dataframe()``, ``.plot()`` and a notebook card.
    """
    names = tuple(str(x) for x in labels)
    if len(names) != 2:
        raise InputError.single("wrong_type", "labels must be two names", field="labels",
                                value=list(names))
    ma = {p.student_id: p.mentor_id for p in a.pairs}
    mb = {p.student_id: p.mentor_id for p in b.pairs}
    ids = sorted(set(ma) | set(mb) | {u.student_id for u in a.unmatched}
                 | {u.student_id for u in b.unmatched})
    changes = []
    for sid in ids:
        x, y = ma.get(sid), mb.get(sid)
        if x == y:
            continue
        kind = "gained" if x is None else "lost" if y is None else "changed"
        changes.append(PupilChange(sid, kind, x, y))
    return Comparison(a, b, (names[0], names[1]), tuple(changes))


@dataclass(frozen=True)
class Sweep:
    """One problem matched under several policies (see :func:`sweep`).

    Attributes
    ----------
    labels : tuple of str
        One name per policy (``"default_travel_km=5"``).
    policies : tuple of Policy
    results : tuple of MatchResult
    """

    labels: tuple[str, ...]
    policies: tuple[Policy, ...]
    results: tuple[MatchResult, ...]

    def table(self) -> list[dict[str, Any]]:
        """One dict of :func:`kpis` per policy, with its ``label`` first."""
        return [{"label": lab, **kpis(r)} for lab, r in zip(self.labels, self.results,
                                                              strict=True)]

    def to_dataframe(self) -> Any:
        """The KPI table: one row per policy (index: the labels). Needs ``pandas``."""
        pd = require("pandas")
        return pd.DataFrame(self.table()).set_index("label")

    def compare(self, i: int, j: int) -> Comparison:
        """:func:`compare` two of the runs, by position."""
        return compare(self.results[i], self.results[j],
                       labels=(self.labels[i], self.labels[j]))

    def __repr__(self) -> str:
        inner = ", ".join(f"{lab!r}: {len(r.pairs)}" for lab, r in zip(
            self.labels, self.results, strict=True))
        return f"Sweep(matched={{{inner}}})"

    def _repr_html_(self) -> str:
        language = lang()
        rows = [(lab, f"{number(len(r.pairs), language)} "
                 f"({percent(_share(len(r.pairs), r.n_students), language)}; "
                 f"{word('weighted', language)} "
                 f"{percent(_share(r.matched_weight, r.total_weight), language)})")
                for lab, r in zip(self.labels, self.results, strict=True)]
        return card(word("comparison", language), rows)


def _grid(problem: Problem, grid: Mapping[str, Sequence[Any]] | Iterable[Any]
          ) -> list[tuple[str, Policy]]:
    base = problem.policy
    if isinstance(grid, Mapping):
        keys = list(grid)
        combos: list[Any] = [dict(zip(keys, values, strict=True))
                             for values in itertools.product(*(grid[k] for k in keys))]
    else:
        combos = list(grid)
    out: list[tuple[str, Policy]] = []
    for item in combos:
        if isinstance(item, Policy):
            out.append((repr(item), item))
        elif isinstance(item, Mapping):
            label = ", ".join(f"{k}={v}" for k, v in item.items()) or "defaults"
            out.append((label, Policy.model_validate({**base.model_dump(), **item})))
        else:
            raise InputError.single("wrong_type", "each policy of the grid must be a Policy "
                                    "or a dict of Policy fields", field="policy_grid",
                                    value=repr(item))
    return out


def _one(args: tuple[Problem, str]) -> MatchResult:
    problem, backend = args
    result = match(problem, backend=backend)  # type: ignore[arg-type]
    return dataclasses.replace(result, problem=None)  # the parent re-attaches it


def sweep(problem: Problem, policy_grid: Mapping[str, Sequence[Any]] | Iterable[Any], *,
          workers: int | None = None, backend: str = "auto") -> Sweep:
    """Match one problem under several policies, in parallel processes.

    Parameters
    ----------
    problem : Problem
        The pupils and volunteers (its policy is the base of every run).
    policy_grid : dict of str to list, or list of Policy or dict
        ``{"default_travel_km": [5, 15], "base_weight": [10, 20]}`` runs every
        combination (4 runs); a list runs each :class:`~mentormatch.Policy`, or
        each dict of fields changed from ``problem.policy``.
    workers : int, optional
        Processes (default: ``min(runs, os.cpu_count())``); ``1`` runs in this
        process.
    backend : str
        As :func:`mentormatch.match`.

    Returns
    -------
    Sweep
        Labels, policies and results in grid order; ``.to_dataframe()`` is the
        KPI table, ``.compare(i, j)`` compares two runs.
    """
    runs = _grid(problem, policy_grid)
    problems = [Problem(students=problem.students, mentors=problem.mentors, policy=p)
                for _, p in runs]
    n = workers if workers is not None else min(len(runs), os.cpu_count() or 1)
    if n <= 1 or len(runs) <= 1:
        results = [_one((p, backend)) for p in problems]
    else:
        with ProcessPoolExecutor(max_workers=n) as pool:
            results = list(pool.map(_one, [(p, backend) for p in problems]))
    attached = tuple(dataclasses.replace(r, problem=p)
                     for r, p in zip(results, problems, strict=True))
    return Sweep(tuple(lab for lab, _ in runs), tuple(p for _, p in runs), attached)
