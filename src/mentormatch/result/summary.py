"""Readable summaries of a match: coverage, priority, mentor utilisation, reasons.

:func:`summarize` returns plain dicts, lists, strings and numbers only, so the
summary can go straight to JSON (``summary.json`` of the command line), to a
DataFrame or to the HTML report. The outer dict is a :class:`Summary`, a
``dict`` that also shows itself briefly: a one-line ``repr`` (counts, coverage)
and a compact HTML card in a notebook (``_repr_html_``); ``json.dumps`` writes
it exactly as the plain dict.

Coverage groups
---------------
Every pupil is counted once in each grouping: by territory (the pupil's
``location.territory``; ``"(none)"`` when unknown), by level, by main subject
(the pupil's first need) and by priority tag (a pupil with several tags counts
in each of them; pupils with none are under ``"(none)"``). For each group:
``total`` pupils, ``matched`` pupils and ``share`` = matched / total, together
with the priority-weighted figures ``weight_total``, ``weight_matched`` and
``weighted_share`` (weights from :meth:`mentormatch.Policy.weight_of`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict, cast

from mentormatch.result.document import CertificateDict, certificate_dict

if TYPE_CHECKING:
    from mentormatch.domain.people import Student
    from mentormatch.result.model import MatchResult

__all__ = [
    "NONE_KEY",
    "CostSummary",
    "Coverage",
    "DistanceSummary",
    "MatchSummary",
    "MentorGroup",
    "MentorSummary",
    "ReasonSummary",
    "Summary",
    "coverage_table",
    "summarize",
]

#: Group key of pupils without a territory or without priority tags.
NONE_KEY = "(none)"


class Coverage(TypedDict):
    """Pupils of one group: counts, share matched and priority-weighted figures."""

    total: int
    matched: int
    unmatched: int
    share: float | None
    weight_total: int
    weight_matched: int
    weighted_share: float | None


class MentorGroup(TypedDict):
    """Volunteers of one association or profile: count, places, pupils, idle."""

    mentors: int
    capacity: int
    load: int
    idle: int


class MentorSummary(TypedDict):
    """Volunteer utilisation (see :func:`summarize`)."""

    total: int
    capacity: int
    load: int
    utilisation: float | None
    used: int
    idle: int
    full: int
    load_distribution: dict[str, int]
    utilisation_distribution: dict[str, int]
    by_association: dict[str, MentorGroup]
    by_profile: dict[str, MentorGroup]
    idle_ids: list[str]


class ReasonSummary(TypedDict):
    """Why pupils are unmatched: reason codes and eliminating rules, counted."""

    codes: dict[str, int]
    main_code: dict[str, int]
    no_candidate_last_rule: dict[str, int]
    volunteers_eliminated_by_rule: dict[str, int]


class DistanceSummary(TypedDict):
    """In-person distances of the pairs, in km (``None`` without in-person pairs)."""

    mean: float | None
    median: float | None
    max: float | None


class CostSummary(TypedDict):
    """Costs of the pairs: total, mean, per criterion, load costs, distances."""

    total: float
    mean: float | None
    by_criterion: dict[str, float]
    load_cost: float
    in_person_distance_km: DistanceSummary


class MatchSummary(TypedDict):
    """What :func:`summarize` returns (``summary.json``); built-in types only."""

    students: Coverage
    priority_students: Coverage
    by_territory: dict[str, Coverage]
    by_subject: dict[str, Coverage]
    by_level: dict[str, Coverage]
    by_priority_tag: dict[str, Coverage]
    pairs_by_subject: dict[str, int]
    pairs_by_modality: dict[str, int]
    mentors: MentorSummary
    reasons: ReasonSummary
    cost: CostSummary
    certificate: CertificateDict | None
    timings: dict[str, float]


class Summary(dict[str, Any]):
    """The dict :func:`summarize` returns (typed :class:`MatchSummary`), shown briefly.

    A plain ``dict`` in every other way: ``json.dumps``, equality, ``dict(...)``
    and pickling are those of the dict. ``repr`` is one line (pupils matched,
    coverage, priority-weighted coverage, certificate); ``_repr_html_`` is a
    card of a few kB (:func:`mentormatch.result.display.summary_html`) —
    ``dict(summary)`` or ``pprint`` of its items shows everything.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        from mentormatch.result.display import summary_repr

        return summary_repr(cast(MatchSummary, self))

    def _repr_html_(self) -> str:
        """Notebook display: counts, coverage, certificate, reasons, coverage by tag."""
        from mentormatch.result.display import summary_html

        return summary_html(cast(MatchSummary, self))


def _share(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


class _Group:
    __slots__ = ("matched", "total", "weight_matched", "weight_total")

    def __init__(self) -> None:
        self.total = 0
        self.matched = 0
        self.weight_total = 0
        self.weight_matched = 0

    def add(self, matched: bool, weight: int) -> None:
        self.total += 1
        self.weight_total += weight
        if matched:
            self.matched += 1
            self.weight_matched += weight

    def as_dict(self) -> Coverage:
        return {
            "total": self.total,
            "matched": self.matched,
            "unmatched": self.total - self.matched,
            "share": _share(self.matched, self.total),
            "weight_total": self.weight_total,
            "weight_matched": self.weight_matched,
            "weighted_share": _share(self.weight_matched, self.weight_total),
        }


def _groups(items: Iterable[tuple[Iterable[str], bool, int]],
            order: Iterable[str] | None = None) -> dict[str, Coverage]:
    groups: dict[str, _Group] = {}
    for keys, matched, weight in items:
        for key in keys:
            groups.setdefault(key, _Group()).add(matched, weight)
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        keys_sorted = sorted(groups, key=lambda k: (rank.get(k, len(rank)), k))
    else:
        # Largest groups first, then by name (deterministic).
        keys_sorted = sorted(groups, key=lambda k: (k == NONE_KEY, -groups[k].total, k))
    return {k: groups[k].as_dict() for k in keys_sorted}


def _pupil_rows(result: MatchResult) -> list[tuple[Student | None, str, bool, int]]:
    """(student or None, id, matched, weight) for every pupil of the result."""
    problem = result.problem
    by_id: dict[str, Student] = {s.id: s for s in problem.students} if problem else {}
    policy = problem.policy if problem is not None else None
    unmatched_weight = {u.student_id: u.weight for u in result.unmatched}
    rows: list[tuple[Student | None, str, bool, int]] = []
    for sid, matched in [(p.student_id, True) for p in result.pairs] + [
        (u.student_id, False) for u in result.unmatched
    ]:
        s = by_id.get(sid)
        if s is not None and policy is not None:
            weight = policy.weight_of(s.priority_tags)
        else:
            weight = unmatched_weight.get(sid, 0) or 1
        rows.append((s, sid, matched, weight))
    return rows


def coverage_table(result: MatchResult, by: str) -> dict[str, Coverage]:
    """Return the coverage of one grouping.

    Parameters
    ----------
    result : MatchResult
        The match.
    by : {"territory", "level", "subject", "priority_tag", "departement", "commune"}
        The grouping (see the module documentation).

    Returns
    -------
    dict of str to Coverage
        Group key → ``total``, ``matched``, ``unmatched``, ``share``,
        ``weight_total``, ``weight_matched``, ``weighted_share``.
    """
    from mentormatch.domain.levels import LEVELS

    rows = _pupil_rows(result)
    order: Iterable[str] | None = None

    def keys(s: Student | None) -> list[str]:
        if s is None:
            return [NONE_KEY]
        if by in ("territory", "departement", "commune"):
            value = getattr(s.location, by, None) if s.location is not None else None
            return [value or NONE_KEY]
        if by == "level":
            return [s.level]
        if by == "subject":
            return [s.needs[0]]
        if by == "priority_tag":
            return list(s.priority_tags) or [NONE_KEY]
        raise ValueError(f"unknown grouping {by!r}")

    if by == "level":
        order = LEVELS
    return _groups(((keys(s), m, w) for s, _, m, w in rows), order)


def _mentor_summary(result: MatchResult) -> MentorSummary:
    loads = result.mentors
    capacity = sum(m.capacity for m in loads)
    load = sum(m.load for m in loads)
    distribution = Counter(m.load for m in loads)
    util_bins = Counter(_util_bin(m.load, m.capacity) for m in loads)
    problem = result.problem
    assoc_of = {m.id: (m.association or NONE_KEY) for m in problem.mentors} if problem else {}
    profile_of = {m.id: (m.profile or NONE_KEY) for m in problem.mentors} if problem else {}
    by_assoc: dict[str, MentorGroup] = {}
    by_profile: dict[str, MentorGroup] = {}
    for m in loads:
        for table, key in ((by_assoc, assoc_of.get(m.mentor_id, NONE_KEY)),
                           (by_profile, profile_of.get(m.mentor_id, NONE_KEY))):
            row = table.setdefault(key, MentorGroup(mentors=0, capacity=0, load=0, idle=0))
            row["mentors"] += 1
            row["capacity"] += m.capacity
            row["load"] += m.load
            row["idle"] += int(m.load == 0)
    return {
        "total": len(loads),
        "capacity": capacity,
        "load": load,
        "utilisation": _share(load, capacity),
        "used": sum(1 for m in loads if m.load > 0),
        "idle": sum(1 for m in loads if m.load == 0),
        "full": sum(1 for m in loads if m.load >= m.capacity),
        "load_distribution": {str(k): distribution[k] for k in sorted(distribution)},
        "utilisation_distribution": {k: util_bins.get(k, 0) for k in _UTIL_BINS},
        "by_association": dict(sorted(by_assoc.items(), key=lambda kv: (-kv[1]["mentors"],
                                                                        kv[0]))),
        "by_profile": dict(sorted(by_profile.items(), key=lambda kv: (-kv[1]["mentors"],
                                                                      kv[0]))),
        "idle_ids": sorted(m.mentor_id for m in loads if m.load == 0)[:50],
    }


_UTIL_BINS = ("0%", "1-49%", "50-99%", "100%")


def _util_bin(load: int, capacity: int) -> str:
    if load <= 0:
        return "0%"
    if load >= capacity:
        return "100%"
    return "1-49%" if 2 * load < capacity else "50-99%"


def _reason_summary(result: MatchResult) -> ReasonSummary:
    codes: Counter[str] = Counter()
    first_codes: Counter[str] = Counter()
    eliminated: Counter[str] = Counter()
    # The rule that left no one: for each no_candidate pupil, the last rule
    # that eliminated someone (rules apply in a fixed order).
    blocking: Counter[str] = Counter()
    for u in result.unmatched:
        if u.reasons:
            first_codes[u.reasons[0].code] += 1
        for r in u.reasons:
            codes[r.code] += 1
            if r.code == "no_candidate":
                elim = r.details.get("eliminated_by") or {}
                last = None
                for rule, n in elim.items():
                    if int(n) > 0:
                        eliminated[str(rule)] += int(n)
                        last = str(rule)
                if last is not None:
                    blocking[last] += 1
    return {
        "codes": dict(codes.most_common()),
        "main_code": dict(first_codes.most_common()),
        "no_candidate_last_rule": dict(blocking.most_common()),
        "volunteers_eliminated_by_rule": dict(eliminated.most_common()),
    }


def _cost_summary(result: MatchResult) -> CostSummary:
    crit: dict[str, float] = {}
    total = 0.0
    for p in result.pairs:
        total += p.cost
        for k, v in p.breakdown.items():
            crit[k] = crit.get(k, 0.0) + v
    distances = sorted(p.distance_km for p in result.pairs
                       if p.distance_km is not None and p.modality == "in_person")
    n = len(result.pairs)
    return {
        "total": round(total, 6),
        "mean": round(total / n, 6) if n else None,
        "by_criterion": {k: round(v, 6) for k, v in sorted(crit.items())},
        "load_cost": round(sum(m.load_cost for m in result.mentors), 6),
        "in_person_distance_km": {
            "mean": round(sum(distances) / len(distances), 3) if distances else None,
            "median": round(distances[len(distances) // 2], 3) if distances else None,
            "max": round(distances[-1], 3) if distances else None,
        },
    }


def summarize(result: MatchResult) -> MatchSummary:
    """Summarise a match in a JSON-friendly dictionary.

    Parameters
    ----------
    result : MatchResult
        The result of :func:`mentormatch.match`.

    Returns
    -------
    MatchSummary
        A dict typed by :class:`MatchSummary`: ``students`` (total,
        matched, unmatched, share and priority-weighted figures),
        ``priority_students`` (the same for pupils with at least one
        priority tag of positive weight), ``by_territory``,
        ``by_subject`` (main need), ``by_level``, ``by_priority_tag``
        (see :func:`coverage_table`), ``pairs_by_subject`` and
        ``pairs_by_modality`` (pairs counted by subject taught and modality),
        ``mentors`` (count, capacity, load, utilisation, idle and full
        volunteers, load and utilisation distributions, by association and
        profile), ``reasons`` (counts of reason codes, the rule that left
        ``no_candidate`` pupils with no one, volunteers eliminated per rule),
        ``cost`` (total, mean, per criterion, distances), ``certificate`` and
        ``timings``.

    Notes
    -----
    Only built-in types are used: ``json.dumps(summarize(result))`` works. The
    outer dict is a :class:`Summary` (a ``dict`` with a short ``repr`` and a
    notebook card).
    Shares are rounded to 4 decimals and are ``None`` for empty groups.
    """
    rows = _pupil_rows(result)
    overall = _Group()
    priority = _Group()
    problem = result.problem
    base = problem.policy.base_weight if problem is not None else None
    for _, _, matched, weight in rows:
        overall.add(matched, weight)
        if base is not None and weight > base:
            priority.add(matched, weight)
    cert = result.certificate
    summary: MatchSummary = {
        "students": overall.as_dict(),
        "priority_students": priority.as_dict(),
        "by_territory": coverage_table(result, "territory"),
        "by_subject": coverage_table(result, "subject"),
        "by_level": coverage_table(result, "level"),
        "by_priority_tag": coverage_table(result, "priority_tag"),
        "pairs_by_subject": dict(Counter(p.subject for p in result.pairs).most_common()),
        "pairs_by_modality": dict(Counter(p.modality for p in result.pairs).most_common()),
        "mentors": _mentor_summary(result),
        "reasons": _reason_summary(result),
        "cost": _cost_summary(result),
        "certificate": certificate_dict(cert) if cert is not None else None,
        "timings": {k: round(float(v), 4) for k, v in (result.timings or {}).items()},
    }
    return cast(MatchSummary, Summary(summary))
