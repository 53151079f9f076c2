"""Read back what ``mentormatch match`` wrote: ``result.json`` into a :class:`MatchResult`.

The writer is :func:`mentormatch.result.export.to_dict`; both sides share the
typed document of :mod:`mentormatch.result.document`, and the round-trip tests
check ``read_result(write(result)) == result`` on every field written.

What comes back
---------------
Pairs (student, mentor, subject, session, modality, distance, cost, cost
breakdown and quantised cost), unmatched pupils with their reasons (code,
message, details), every volunteer's load, the certificate, the timings and
the priority weights: exactly what was written (schema version 2 writes
numbers exactly; version 1 files rounded costs and distances, which come back
rounded).

``result.json`` does not hold the :class:`~mentormatch.Problem`, so the
result's ``problem`` is ``None`` unless you pass it (for example the problem
you re-read from the input files). The pairs in force (student, mentor,
subject, session) do not need it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mentormatch.errors import InputError, InputProblem
from mentormatch.result.changes import change_from_dict
from mentormatch.result.codes import REASON_CODES, ReasonCode
from mentormatch.result.document import (
    READABLE_VERSIONS,
    ResultDocument,
)
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem

__all__ = ["RESULT_FILE", "read_document", "read_result", "result_from_document",
           "result_path"]

#: Name of the machine-readable result in a results folder.
RESULT_FILE = "result.json"

_FORMAT_PREFIX = "mentormatch.result/"


def result_path(path: str | Path) -> Path:
    """Return the ``result.json`` of a results folder, or ``path`` itself for a file."""
    p = Path(path)
    return p / RESULT_FILE if p.is_dir() else p


def _bad(source: str, message: str, code: str = "bad_result_file") -> InputError:
    return InputError([InputProblem(code=code, message=message, source=source)])


def _version(doc: Mapping[str, Any], source: str) -> int:
    fmt = doc.get("format")
    if not isinstance(fmt, str) or not fmt.startswith(_FORMAT_PREFIX):
        raise _bad(source, f"not a mentormatch result (format {fmt!r}; expected "
                           f"'{_FORMAT_PREFIX}<version>')")
    try:
        version = int(doc.get("schema_version", fmt[len(_FORMAT_PREFIX):]))
    except (TypeError, ValueError):
        raise _bad(source, f"unknown result format {fmt!r}") from None
    if version not in READABLE_VERSIONS:
        newer = version > max(READABLE_VERSIONS)
        raise _bad(source, f"result schema version {version} is not supported (this "
                           f"mentormatch reads {', '.join(map(str, READABLE_VERSIONS))}"
                           + ("; it was written by a newer mentormatch" if newer else "")
                           + ")", code="unsupported_result_version")
    return version


def read_document(path: str | Path) -> ResultDocument:
    """Read ``result.json`` (or the one in a results folder) as the typed document.

    Parameters
    ----------
    path : str or Path
        A results folder written by ``mentormatch match`` or a ``result.json``.

    Returns
    -------
    ResultDocument
        The document, its format and version checked.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    InputError
        When the file is not JSON or not a mentormatch result of a version
        this library reads.
    """
    p = result_path(path)
    text = p.read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise _bad(str(p), f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise _bad(str(p), "not a mentormatch result (expected a JSON object)")
    _version(doc, str(p))
    # The keys are checked while converting (result_from_document).
    return cast("ResultDocument", doc)


def _session(d: Mapping[str, Any]) -> Session:
    return Session(int(d["weekday"]), int(d["start_minutes"]), int(d["end_minutes"]))


def _float_or_none(x: Any) -> float | None:
    return None if x is None else float(x)


def result_from_document(doc: ResultDocument, *, problem: Problem | None = None,
                         source: str = "result.json") -> MatchResult:
    """Build the :class:`MatchResult` a ``result.json`` document describes.

    Parameters
    ----------
    doc : ResultDocument
        What :func:`read_document` returns (or
        :func:`mentormatch.result.export.to_dict` wrote).
    problem : Problem, optional
        The problem that was matched, attached to the result as is (it is not
        checked against the pairs).
    source : str
        Where the document comes from, for error messages.

    Returns
    -------
    MatchResult
        Pairs, unmatched pupils, loads, certificate, timings and weights as
        written; ``problem`` as given.

    Raises
    ------
    InputError
        When a key is missing or a value has the wrong type.
    """
    try:
        c = doc["certificate"]
        cert = Certificate(
            optimal=bool(c["optimal"]), status=str(c["status"]),
            objective=int(c["objective"]), dual_bound=int(c["dual_bound"]),
            gap=int(c["gap"]), rounds=int(c["rounds"]),
            pairs_priced=int(c["pairs_priced"]), arcs_solved=int(c["arcs_solved"]),
            feasible_pairs=int(c["feasible_pairs"]), backend=str(c["backend"]),
        )
        pairs = tuple(
            Pair(student_id=str(p["student_id"]), mentor_id=str(p["mentor_id"]),
                 subject=str(p["subject"]), session=_session(p["session"]),
                 modality=str(p["modality"]), distance_km=_float_or_none(p["distance_km"]),
                 cost=float(p["cost"]),
                 breakdown={str(k): float(v) for k, v in p["breakdown"].items()},
                 cost_int=int(p["cost_int"]),
                 lent=tuple(str(x) for x in p.get("lent", ())))   # issue 18
            for p in doc["pairs"]
        )
        unmatched = tuple(
            Unmatched(student_id=str(u["student_id"]),
                      reasons=tuple(Reason(code=_code(r["code"]), message=str(r["message"]),
                                           details=dict(r.get("details") or {}))
                                    for r in u["reasons"]),
                      weight=int(u["weight"]))
            for u in doc["unmatched"]
        )
        mentors = tuple(
            MentorLoad(mentor_id=str(m["mentor_id"]), load=int(m["load"]),
                       capacity=int(m["capacity"]), students=tuple(map(str, m["students"])),
                       load_cost=float(m["load_cost"] or 0.0))
            for m in doc["mentors"]
        )
        timings = {str(k): float(v) for k, v in (doc.get("timings") or {}).items()
                   if v is not None}
        matched_weight, total_weight = int(doc["matched_weight"]), int(doc["total_weight"])
        changes = tuple(change_from_dict(c) for c in doc.get("changes") or ())
    except KeyError as exc:
        raise _bad(source, f"a mentormatch result needs the key {exc.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise _bad(source, f"malformed mentormatch result: {exc}") from None
    return MatchResult(pairs=pairs, unmatched=unmatched, mentors=mentors, certificate=cert,
                       problem=problem, timings=timings, matched_weight=matched_weight,
                       total_weight=total_weight, changes=changes)


def read_result(path: str | Path, *, problem: Problem | None = None) -> MatchResult:
    """Read back the result ``mentormatch match`` wrote (a results folder or ``result.json``).

    Parameters
    ----------
    path : str or Path
        The output folder of ``mentormatch match`` (or of
        :func:`mentormatch.result.bundle.write_bundle`), or a ``result.json``
        file (also what :meth:`MatchResult.to_json` writes).
    problem : Problem, optional
        The problem that was matched, attached as ``result.problem`` (the file
        does not hold it); needed only by the summaries and reports that
        group pupils by level, territory or priority tag.

    Returns
    -------
    MatchResult
        The result as written: pairs in force (student, mentor, subject,
        session) exactly, with their costs, unmatched pupils with their
        reasons, every volunteer's load, the certificate and the timings.

    Raises
    ------
    FileNotFoundError
        When there is no ``result.json`` there (nor ``pairs.csv`` in a folder).
    InputError
        When the file is not a mentormatch result this version reads, or a
        folder's ``pairs.csv`` / ``unmatched.csv`` disagree with its
        ``result.json`` (``result_mismatch``, naming the pupils).

    Notes
    -----
    A folder without ``result.json`` is read from its spreadsheets
    (:mod:`mentormatch.result.read_folder`): the pairs in force come back
    exactly, costs as rounded in the files, and the certificate is unknown.

    Examples
    --------
    >>> import mentormatch as mm                                   # doctest: +SKIP
    >>> previous = mm.read_result("results/")                      # doctest: +SKIP
    >>> previous.pair_of("E1").mentor_id                           # doctest: +SKIP
    'M7'
    """
    from mentormatch.result.read_folder import check_folder, read_csv_folder

    folder = Path(path)
    if folder.is_dir() and not (folder / RESULT_FILE).exists() \
            and (folder / "pairs.csv").exists():
        return replace(read_csv_folder(folder), problem=problem)
    p = result_path(path)
    result = result_from_document(read_document(p), problem=problem, source=str(p))
    if folder.is_dir():
        check_folder(folder, result)
    return result


def _code(value: object) -> ReasonCode:
    """A reason code read back, checked against the one list of codes."""
    for code in REASON_CODES:
        if value == code:
            return code
    raise InputError.single("invalid_value", f"unknown reason code {value!r}",
                            field="unmatched.reasons.code", value=value, source="result.json")
