"""The result of a match: pairs, unmatched pupils with reasons, mentor loads, certificate.

Results carry the caller's IDs, never internal indices. Every object is a
frozen dataclass; exports (records, JSON, CSV, DataFrame, HTML report) live in
:mod:`mentormatch.result.export` and :mod:`mentormatch.report`, summaries in
:mod:`mentormatch.result.summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.domain.availability import DAY_NAMES_FR, format_minutes
from mentormatch.result.codes import ReasonCode

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem
    from mentormatch.result.changes import Change
    from mentormatch.result.equipment import EquipmentReport
    from mentormatch.result.summary import MatchSummary

__all__ = [
    "Certificate",
    "MatchResult",
    "MentorLoad",
    "Pair",
    "Reason",
    "Session",
    "Unmatched",
]

@dataclass(frozen=True, slots=True)
class Session:
    """A weekly session: ``weekday`` (0 = Monday) from ``start`` to ``end`` (minutes)."""

    weekday: int
    start: int
    end: int

    @property
    def day(self) -> str:
        """French short day name (``"lun"`` … ``"dim"``)."""
        return DAY_NAMES_FR[self.weekday]

    def __str__(self) -> str:
        return f"{self.day} {format_minutes(self.start)}-{format_minutes(self.end)}"


@dataclass(frozen=True, slots=True)
class Pair:
    """A pupil paired with a volunteer for a subject at a weekly session.

    Attributes
    ----------
    student_id, mentor_id : str
        The caller's IDs.
    subject : str
        Canonical subject or theme taught.
    session : Session
        The weekly session.
    modality : {"in_person", "remote"}
        How the sessions happen.
    distance_km : float or None
        Great-circle distance when both locations are known.
    cost : float
        Cost of the pair in cost units (sum of ``breakdown``; the load-balance
        cost of the mentor's extra pupils is accounted on the mentor).
    breakdown : dict of str to float
        Cost per soft criterion.
    cost_int : int
        The quantised cost used by the solver (``round(cost * cost_scale)``).
    lent : tuple of str
        Items lent to the pupil for this pair (``"device"``, ``"connection"``),
        empty when nothing is lent (``Problem.equipment``, ``docs/equipment.md``).
    """

    student_id: str
    mentor_id: str
    subject: str
    session: Session
    modality: str
    distance_km: float | None
    cost: float
    breakdown: dict[str, float]
    cost_int: int
    lent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """One machine-readable reason a pupil is unmatched.

    Attributes
    ----------
    code : ReasonCode
        One of :data:`mentormatch.result.codes.ReasonCode`: ``"no_candidate"``,
        ``"not_worth_cost"`` or ``"capacity_taken"``.
    message : str
        Plain-language explanation.
    details : dict
        For ``no_candidate``: ``{"eliminated_by": {rule: count}}``, the number
        of volunteers each hard rule removed (rules applied in a fixed order,
        each counting the volunteers still standing). For ``capacity_taken``:
        ``{"mentors": [...], "taken_by": {mentor: [students]}}``.
    """

    code: ReasonCode
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A pupil left without a volunteer, with the reasons why."""

    student_id: str
    reasons: tuple[Reason, ...]
    weight: int = 0

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes."""
        return tuple(r.code for r in self.reasons)


@dataclass(frozen=True, slots=True)
class MentorLoad:
    """A volunteer's load: pupils taken out of capacity (zero included)."""

    mentor_id: str
    load: int
    capacity: int
    students: tuple[str, ...]
    load_cost: float = 0.0


@dataclass(frozen=True, slots=True)
class Certificate:
    """Proof of optimality of a match against the full feasible graph.

    These field names are the reference vocabulary of certificates: the
    certificate of a flow, :class:`mentormatch.verify.FlowCertificate` (what
    :func:`mentormatch.solve_sparse` returns), uses the same names for the
    quantities both have: ``objective``, ``dual_bound``, ``gap`` and
    ``optimal`` (it adds ``violations``, the complementary-slackness
    violations found on the flow).

    Attributes
    ----------
    optimal : bool
        True when the primal solution is feasible, complementary slackness
        holds on the solved network, strong duality holds (``gap == 0``) and
        no pruned feasible pair has a negative reduced cost.
    status : str
        ``"optimal"`` or a description of what failed.
    objective : int
        Primal objective in quantised units (pair costs + load costs +
        unassigned penalties).
    dual_bound : int
        Dual objective of the potentials (a lower bound on every solution of
        the full feasible graph once pricing finds no violator).
    gap : int
        ``objective - dual_bound``.
    rounds : int
        Solve-and-price rounds.
    pairs_priced : int
        Feasible (pupil, mentor, session) arcs priced outside the solved network.
    arcs_solved : int
        Arcs of the last network solved.
    feasible_pairs : int
        Feasible (pupil, mentor) pairs of the full graph.
    backend : str
        Solver backend used.
    """

    optimal: bool
    status: str
    objective: int
    dual_bound: int
    gap: int
    rounds: int
    pairs_priced: int
    arcs_solved: int
    feasible_pairs: int
    backend: str

    def __repr__(self) -> str:
        from mentormatch.result.display import certificate_repr

        return certificate_repr(self)

    def _repr_html_(self) -> str:
        """Notebook display of the certificate."""
        from mentormatch.result.display import certificate_html

        return certificate_html(self)


@dataclass(frozen=True)
class MatchResult:
    """The outcome of :func:`mentormatch.match`.

    Attributes
    ----------
    pairs : tuple of Pair
        Pupils paired, sorted by student ID.
    unmatched : tuple of Unmatched
        Pupils not paired, with reasons, sorted by student ID.
    mentors : tuple of MentorLoad
        Every volunteer with their load, zero included.
    certificate : Certificate
        The optimality certificate.
    problem : Problem or None
        The problem solved (for summaries and reports). Always set by
        :func:`mentormatch.match`; ``None`` for a result read back by
        :func:`mentormatch.read_result` (``result.json`` does not hold the
        problem; pass ``problem=`` to attach it), in which case summaries
        and exports leave out what only the problem knows (levels,
        territories, priority tags, associations).
    timings : dict of str to float
        Seconds per stage.
    matched_weight, total_weight : int
        Priority weight of matched pupils and of all pupils.
    changes : tuple of Change
        With pairs in force (``match(previous=...)``): one item per pupil of
        either run, ``.kind`` in ``"kept"``, ``"moved"``, ``"new"``,
        ``"ended"``, ``"left"`` (:mod:`mentormatch.result.changes`); empty
        otherwise.
    equipment : EquipmentReport or None
        What was lent from which stock, per-stock figures and the marginal value
        of equipment, when ``Problem.equipment`` was given
        (:mod:`mentormatch.result.equipment`).
    """

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    mentors: tuple[MentorLoad, ...]
    certificate: Certificate
    problem: Problem | None = field(default=None, repr=False)
    timings: dict[str, float] = field(default_factory=dict)
    matched_weight: int = 0
    total_weight: int = 0
    changes: tuple[Change, ...] = ()
    equipment: EquipmentReport | None = None
    # Student ID -> pair, built on first use by pair_of (not a field of the value).
    _pair_index: dict[str, Pair] | None = field(default=None, init=False, repr=False,
                                                compare=False)

    def __repr__(self) -> str:
        from mentormatch.result.display import result_repr

        return result_repr(self)

    def _repr_html_(self) -> str:
        """Notebook display: counts, coverage, certificate, reasons, coverage by tag."""
        from mentormatch.result.display import result_html

        return result_html(self)

    @property
    def n_students(self) -> int:
        """Number of pupils in the problem."""
        return len(self.pairs) + len(self.unmatched)

    def pair_of(self, student_id: str) -> Pair | None:
        """Return the pair of a pupil, or None if unmatched (a dict lookup)."""
        index = self._pair_index
        if index is None:
            index = {p.student_id: p for p in self.pairs}
            # Frozen dataclass: the cache is set once, bypassing __setattr__.
            object.__setattr__(self, "_pair_index", index)
        return index.get(student_id)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per pupil (paired or not), JSON-friendly, sorted by student ID."""
        from mentormatch.result.export import to_records

        return to_records(self)

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str:
        """Return (and optionally write atomically) the whole result as JSON."""
        from mentormatch.result.export import to_json

        return to_json(self, path, indent=indent)

    def to_csv(self, directory: str | Path) -> list[Path]:
        """Write ``pairs.csv``, ``unmatched.csv`` and ``mentors.csv`` into ``directory``."""
        from mentormatch.result.export import to_csv

        return to_csv(self, directory)

    def to_dataframe(self, *, tags: str = "list") -> Any:
        """Return the records as a typed pandas DataFrame (needs the ``pandas`` extra).

        ``tags``: ``"list"`` (each row's priority tags as a list), ``"columns"``
        (one boolean ``tag_<name>`` column per tag) or ``"text"``; dtypes in
        :mod:`mentormatch.result.frames`.
        """
        from mentormatch.result.frames import result_dataframe

        return result_dataframe(self, tags=tags)  # type: ignore[arg-type]

    def explain(self, student_id: str, *, problem: Problem | None = None) -> Any:
        """Why a pupil is (un)matched, with verified fixes, alternates and the runner-up.

        Returns a :class:`mentormatch.whatif.model.Explanation` (``.fixes``, each
        verified by re-solving, ``.alternates``, ``.contrast``); see
        ``docs/explain.md``. ``problem`` is needed for a result read back from files.
        """
        return _whatif().explain(self, student_id, problem=problem)

    def alternates(self, student_id: str, k: int = 3, *,
                   problem: Problem | None = None) -> Any:
        """Up to ``k`` volunteers with room who could take a matched pupil (cheapest first).

        Returns a tuple of :class:`mentormatch.whatif.model.Alternate`.
        """
        return _whatif().alternates(self, student_id, k, problem=problem)

    def summary(self) -> MatchSummary:
        """Coverage by territory, subject, level and priority tag; mentor utilisation."""
        from mentormatch.result.summary import summarize

        return summarize(self)


def _whatif() -> Any:
    """The what-if services (:mod:`mentormatch.whatif.explain`), a layer above this one.

    The one upward seam of the result layer (docs/architecture.md): the
    questions a result answers by re-solving need ``pipeline``-level code,
    reached by name at call time so that ``result`` never imports it.
    """
    import importlib

    return importlib.import_module("mentormatch.whatif.explain")
