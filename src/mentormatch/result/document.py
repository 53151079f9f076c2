"""The ``result.json`` document: its version and its typed shape.

:func:`mentormatch.result.export.to_dict` writes this document and
:func:`mentormatch.result.read.read_result` reads it back; both use the
:class:`typing.TypedDict` types below, so a key renamed on one side is a type
error on the other (and the round-trip tests catch what types cannot).

Versions
--------
``schema_version`` 2 (``format: "mentormatch.result/2"``) writes every float
exactly (shortest round-trip form), so :func:`~mentormatch.result.read.read_result`
gives back the result that was written, field for field; it also records
``mentormatch_version``, the version of the library that wrote it. Version 1
(no ``schema_version`` key; ``format: "mentormatch.result/1"``) rounded costs
to 4 decimals and distances to 3; it is still read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem
    from mentormatch.result.model import Certificate
    from mentormatch.result.summary import MatchSummary

__all__ = [
    "READABLE_VERSIONS",
    "RESULT_FORMAT",
    "SCHEMA_VERSION",
    "CertificateDict",
    "InputFile",
    "MentorLoadDict",
    "PairDict",
    "ReasonDict",
    "ResultDocument",
    "SessionDict",
    "UnmatchedDict",
    "certificate_dict",
    "problem_sha256",
]

#: Version of the ``result.json`` schema written by this library.
SCHEMA_VERSION = 2
#: Identifier of the JSON result format (the ``format`` key of the document).
RESULT_FORMAT = f"mentormatch.result/{SCHEMA_VERSION}"
#: Schema versions :func:`~mentormatch.result.read.read_result` understands.
READABLE_VERSIONS: tuple[int, ...] = (1, 2)


class SessionDict(TypedDict):
    """A weekly session: ``day`` and ``start``/``end`` as text, plus minutes."""

    weekday: int
    day: str
    start: str
    end: str
    start_minutes: int
    end_minutes: int


class PairDict(TypedDict):
    """One pair (see :class:`mentormatch.result.model.Pair`)."""

    student_id: str
    mentor_id: str
    subject: str
    session: SessionDict
    modality: str
    distance_km: float | None
    cost: float
    cost_int: int
    breakdown: dict[str, float]
    lent: NotRequired[list[str]]


class ReasonDict(TypedDict):
    """One reason of an unmatched pupil: the code, its words and its details."""

    code: str
    label: str
    text: str
    message: str
    details: dict[str, Any]


class UnmatchedDict(TypedDict):
    """One unmatched pupil with its priority weight and reasons."""

    student_id: str
    weight: int
    reasons: list[ReasonDict]


class MentorLoadDict(TypedDict):
    """One volunteer's load (see :class:`mentormatch.result.model.MentorLoad`)."""

    mentor_id: str
    load: int
    capacity: int
    students: list[str]
    load_cost: float


class CertificateDict(TypedDict):
    """The certificate (see :class:`mentormatch.result.model.Certificate`)."""

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


class InputFile(TypedDict):
    """An input file recorded by the output bundle: its name (no folder) and what it held.

    Files written by earlier versions may also carry ``path`` (the absolute path).
    """

    path: NotRequired[str]
    name: str
    sha256: str
    bytes: int


class ResultDocument(TypedDict):
    """The whole ``result.json`` document.

    ``summary`` is present when written by :func:`mentormatch.result.export.to_json`
    (the output bundle writes it to ``summary.json`` instead); ``inputs`` and
    ``lang`` are added by the output bundle
    (:func:`mentormatch.result.bundle.write_bundle`). ``policy`` (the policy used)
    and ``problem_sha256`` (:func:`problem_sha256`) are written when the result
    holds its problem. Version 1 documents have no ``schema_version`` nor
    ``mentormatch_version``.
    """

    format: str
    schema_version: NotRequired[int]
    mentormatch_version: NotRequired[str]
    students: int
    matched: int
    unmatched_count: int
    matched_weight: int
    equipment: NotRequired[dict[str, Any]]
    total_weight: int
    certificate: CertificateDict
    pairs: list[PairDict]
    unmatched: list[UnmatchedDict]
    mentors: list[MentorLoadDict]
    timings: dict[str, float]
    summary: NotRequired[MatchSummary]
    inputs: NotRequired[dict[str, InputFile | None]]
    lang: NotRequired[str]
    policy: NotRequired[dict[str, Any]]
    problem_sha256: NotRequired[str]
    changes: NotRequired[list[dict[str, Any]]]


def problem_sha256(problem: Problem) -> str:
    """SHA-256 of a problem's canonical JSON (sorted keys, no spaces): the inputs' fingerprint.

    The same pupils, volunteers and policy give the same hash whatever file or
    request they came from (IDs and values as validated, in the input order).
    """
    import hashlib
    import json

    text = json.dumps(problem.model_dump(mode="json"), sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def certificate_dict(cert: Certificate) -> CertificateDict:
    """Return a certificate as a JSON-friendly dict (every field, same names)."""
    return {
        "optimal": bool(cert.optimal), "status": str(cert.status),
        "objective": int(cert.objective), "dual_bound": int(cert.dual_bound),
        "gap": int(cert.gap), "rounds": int(cert.rounds),
        "pairs_priced": int(cert.pairs_priced), "arcs_solved": int(cert.arcs_solved),
        "feasible_pairs": int(cert.feasible_pairs), "backend": str(cert.backend),
    }
