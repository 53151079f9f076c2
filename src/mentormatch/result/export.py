"""Exports of a match: records, JSON, CSV files and a pandas DataFrame.

* :func:`to_records` — one flat, JSON-friendly dict per pupil (paired or not).
* :func:`to_dict` / :func:`to_json` — the whole result (pairs with cost
  breakdowns, unmatched pupils with reasons and details, every mentor's load,
  the certificate, the summary, timings): the ``result.json`` document typed
  in :mod:`mentormatch.result.document` and read back by
  :func:`mentormatch.result.read.read_result`.
* :func:`to_csv` — ``pairs.csv``, ``unmatched.csv`` and ``mentors.csv``, the
  files a coordinator opens in a spreadsheet (columns in docs/cli.md). Cells a
  spreadsheet would run as a formula are neutralised and every file is
  written atomically (:mod:`mentormatch.io.writers`).
* :func:`to_dataframe` — the records as a DataFrame (``pandas`` extra).

Everything is sorted by ID, so exports are deterministic. The records and
CSV files round numbers for reading; ``result.json`` keeps them exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentormatch.domain.availability import format_minutes
from mentormatch.result.document import (
    RESULT_FORMAT,
    SCHEMA_VERSION,
    MentorLoadDict,
    PairDict,
    ReasonDict,
    ResultDocument,
    SessionDict,
    UnmatchedDict,
    certificate_dict,
)
from mentormatch.result.extra_columns import extra_columns
from mentormatch.result.labels import describe_reason, reason_label

if TYPE_CHECKING:
    from mentormatch.domain.people import Mentor, Student
    from mentormatch.result.model import (
        MatchResult,
        MentorLoad,
        Pair,
        Reason,
        Session,
        Unmatched,
    )

__all__ = [
    "MENTOR_COLUMNS",
    "PAIR_COLUMNS",
    "RESULT_FORMAT",
    "SCHEMA_VERSION",
    "UNMATCHED_COLUMNS",
    "breakdown_keys",
    "jsonable",
    "mentor_load_dict",
    "mentor_rows",
    "pair_dict",
    "pair_rows",
    "reason_dict",
    "session_dict",
    "to_csv",
    "to_dataframe",
    "to_dict",
    "to_json",
    "to_records",
    "unmatched_dict",
    "unmatched_rows",
]

#: Columns of ``pairs.csv`` before the per-criterion ``cost_<criterion>`` columns.
PAIR_COLUMNS: tuple[str, ...] = (
    "student_id", "mentor_id", "subject", "day", "start", "end", "modality", "distance_km",
    "cost", "student_level", "student_territory", "student_priority_tags",
    "mentor_association", "mentor_role",
)
#: Columns of ``unmatched.csv``.
UNMATCHED_COLUMNS: tuple[str, ...] = (
    "student_id", "level", "territory", "priority_tags", "weight", "needs", "reason_codes",
    "reasons", "eliminated_by", "candidate_mentors",
)
#: Columns of ``mentors.csv``.
MENTOR_COLUMNS: tuple[str, ...] = (
    "mentor_id", "association", "role", "load", "capacity", "free_places", "students",
    "load_cost",
)

_LIST_SEP = "|"


def jsonable(value: Any) -> Any:
    """Return ``value`` converted to built-in JSON types.

    Tuples and sets become lists (sets sorted), dataclasses dicts, numpy
    scalars Python numbers, dates ISO text; NaN and infinity become ``None``.
    """
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return [jsonable(v) for v in sorted(value, key=str)]
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "problem" and not f.name.startswith("_")}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    tolist = getattr(value, "tolist", None)  # numpy scalars and arrays
    if callable(tolist):
        return jsonable(tolist())
    return str(value)


def _round(x: float | None, digits: int = 4) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


def _exact(x: float | None) -> float | None:
    """A float as written to ``result.json``: exact, ``None`` when absent or not finite."""
    if x is None or not math.isfinite(x):
        return None
    return float(x)


def session_dict(s: Session) -> SessionDict:
    """Return a session as written to ``result.json`` (text times and minutes)."""
    return {"weekday": int(s.weekday), "day": s.day, "start": format_minutes(s.start),
            "end": format_minutes(s.end), "start_minutes": int(s.start),
            "end_minutes": int(s.end)}


def _people(result: MatchResult) -> tuple[dict[str, Student], dict[str, Mentor]]:
    problem = result.problem
    if problem is None:
        return {}, {}
    return {s.id: s for s in problem.students}, {m.id: m for m in problem.mentors}


def _weights(result: MatchResult, students: Mapping[str, Student]) -> dict[str, int]:
    problem = result.problem
    out = {u.student_id: u.weight for u in result.unmatched}
    if problem is not None:
        for sid, s in students.items():
            out[sid] = problem.policy.weight_of(s.priority_tags)
    return out


def breakdown_keys(result: MatchResult) -> list[str]:
    """Return the soft criteria found in the pairs' cost breakdowns, sorted."""
    return sorted({k for p in result.pairs for k in p.breakdown})


def _territory(s: Student | None) -> str | None:
    return s.location.territory if s is not None and s.location is not None else None


def _eliminated(u: Unmatched) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in u.reasons:
        if r.code == "no_candidate":
            for rule, n in (r.details.get("eliminated_by") or {}).items():
                out[str(rule)] = out.get(str(rule), 0) + int(n)
    return out


def _candidates(u: Unmatched) -> list[str]:
    out: list[str] = []
    for r in u.reasons:
        if r.code == "capacity_taken":
            out.extend(str(m) for m in r.details.get("mentors") or ())
    return list(dict.fromkeys(out))


def to_records(result: MatchResult, *, lang: str = "en") -> list[dict[str, Any]]:
    """Return one flat, JSON-friendly dict per pupil, sorted by student ID.

    Parameters
    ----------
    result : MatchResult
        The match.
    lang : {"en", "fr"}
        Language of the plain-language ``reasons`` field.

    Returns
    -------
    list of dict
        Keys: ``student_id``, ``matched``, ``mentor_id``, ``subject``,
        ``weekday``, ``day``, ``start``, ``end``, ``modality``,
        ``distance_km``, ``cost``, ``cost_int``, one ``cost_<criterion>`` per
        soft criterion, ``level``, ``territory``, ``priority_tags`` (``|``
        separated), ``weight``, ``reason_codes`` (``|`` separated) and
        ``reasons`` (words). Fields that do not apply are ``None``. The
        kept columns of the input (``student.<column>``, ``mentor.<column>``)
        follow ``student_id`` and ``mentor_id`` when there are any
        (:mod:`mentormatch.result.extra_columns`).
    """
    students, _ = _people(result)
    kept = extra_columns(result)
    weights = _weights(result, students)
    keys = breakdown_keys(result)
    records: list[dict[str, Any]] = []

    def base(sid: str) -> dict[str, Any]:
        s = students.get(sid)
        return {
            "student_id": sid, "matched": False, "mentor_id": None, "subject": None,
            "weekday": None, "day": None, "start": None, "end": None, "modality": None,
            "distance_km": None, "cost": None, "cost_int": None,
            **{f"cost_{k}": None for k in keys},
            "level": s.level if s is not None else None,
            "territory": _territory(s),
            "priority_tags": _LIST_SEP.join(s.priority_tags) if s is not None else None,
            "weight": weights.get(sid),
            "reason_codes": None, "reasons": None,
        }

    for p in result.pairs:
        rec = base(p.student_id)
        rec.update({
            "matched": True, "mentor_id": p.mentor_id, "subject": p.subject,
            "weekday": p.session.weekday, "day": p.session.day,
            "start": format_minutes(p.session.start), "end": format_minutes(p.session.end),
            "modality": p.modality, "distance_km": _round(p.distance_km, 3),
            "cost": _round(p.cost), "cost_int": int(p.cost_int),
        })
        for k in keys:
            v = p.breakdown.get(k)
            rec[f"cost_{k}"] = _round(v) if v is not None else 0.0
        records.append(rec)
    for u in result.unmatched:
        rec = base(u.student_id)
        rec["reason_codes"] = _LIST_SEP.join(u.codes)
        rec["reasons"] = "; ".join(describe_reason(r.code, r.details, lang) for r in u.reasons)
        records.append(rec)
    records.sort(key=lambda r: r["student_id"])
    return [kept.row(r) for r in records]


def pair_dict(p: Pair) -> PairDict:
    """Return a pair as written to ``result.json`` (numbers exact)."""
    out: PairDict = {
        "student_id": p.student_id, "mentor_id": p.mentor_id, "subject": p.subject,
        "session": session_dict(p.session), "modality": p.modality,
        "distance_km": _exact(p.distance_km), "cost": float(p.cost),
        "cost_int": int(p.cost_int),
        "breakdown": {k: float(v) for k, v in sorted(p.breakdown.items())},
    }
    if p.lent:  # issue 18: only pairs given a loan carry the key
        out["lent"] = list(p.lent)
    return out


def reason_dict(r: Reason, lang: str = "en") -> ReasonDict:
    """Return a reason as written to ``result.json``: code, label and text in ``lang``."""
    return {"code": r.code, "label": reason_label(r.code, lang),
            "text": describe_reason(r.code, r.details, lang),
            "message": r.message, "details": jsonable(r.details)}


def unmatched_dict(u: Unmatched, lang: str = "en") -> UnmatchedDict:
    """Return an unmatched pupil as written to ``result.json``."""
    return {"student_id": u.student_id, "weight": int(u.weight),
            "reasons": [reason_dict(r, lang) for r in u.reasons]}


def mentor_load_dict(m: MentorLoad) -> MentorLoadDict:
    """Return a volunteer's load as written to ``result.json``."""
    return {"mentor_id": m.mentor_id, "load": int(m.load), "capacity": int(m.capacity),
            "students": list(m.students), "load_cost": float(m.load_cost)}


def to_dict(result: MatchResult, *, lang: str = "en",
            include_summary: bool = True) -> ResultDocument:
    """Return the whole result as a JSON-friendly dict (what :func:`to_json` writes).

    Parameters
    ----------
    result : MatchResult
        The match.
    lang : {"en", "fr"}
        Language of the ``label`` and ``text`` added to each reason.
    include_summary : bool
        Whether to include :func:`mentormatch.result.summary.summarize`.

    Returns
    -------
    ResultDocument
        ``format``, ``schema_version``, ``mentormatch_version``,
        ``students`` / ``matched`` / ``unmatched_count`` counts,
        ``matched_weight``, ``total_weight``, ``certificate``, ``pairs``,
        ``unmatched`` (each reason with ``code``, ``label``, ``text``,
        ``message``, ``details``), ``mentors``, ``timings`` and ``summary``.
        Numbers are exact (no rounding), so
        :func:`mentormatch.result.read.read_result` gives the result back.
    """
    from mentormatch._version import __version__

    out: ResultDocument = {
        "format": RESULT_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "mentormatch_version": __version__,
        "students": result.n_students,
        "matched": len(result.pairs),
        "unmatched_count": len(result.unmatched),
        "matched_weight": int(result.matched_weight),
        "total_weight": int(result.total_weight),
        "certificate": certificate_dict(result.certificate),
        "pairs": [pair_dict(p) for p in sorted(result.pairs, key=lambda p: p.student_id)],
        "unmatched": [unmatched_dict(u, lang)
                      for u in sorted(result.unmatched, key=lambda u: u.student_id)],
        "mentors": [mentor_load_dict(m)
                    for m in sorted(result.mentors, key=lambda m: m.mentor_id)],
        "timings": {k: float(v) for k, v in (result.timings or {}).items()},
    }
    if result.problem is not None:  # the policy used and the inputs' fingerprint
        from mentormatch.result.document import problem_sha256

        out["policy"] = result.problem.policy.model_dump(mode="json")
        out["problem_sha256"] = problem_sha256(result.problem)
    if result.changes:  # only with pairs in force (match(previous=...))
        from mentormatch.result.changes import change_dict

        out["changes"] = [change_dict(c) for c in result.changes]
    if result.equipment is not None:  # issue 18: only with Problem.equipment
        from mentormatch.result.equipment import equipment_dict

        out["equipment"] = equipment_dict(result.equipment)
    if include_summary:
        from mentormatch.result.summary import summarize

        out["summary"] = summarize(result)
    return out


def to_json(result: MatchResult, path: str | Path | None = None, *,
            indent: int | None = 2, lang: str = "en") -> str:
    """Return the whole result as JSON text, and write it atomically when ``path`` is given.

    Parameters
    ----------
    result : MatchResult
        The match.
    path : str or Path, optional
        File to write (temporary file then rename: never half a file).
    indent : int or None
        JSON indentation (None for one line).
    lang : {"en", "fr"}
        Language of the reason labels.

    Returns
    -------
    str
        The JSON text (see :func:`to_dict` for the content).
    """
    text = json.dumps(to_dict(result, lang=lang), indent=indent, ensure_ascii=False,
                      allow_nan=False)
    if path is not None:
        from mentormatch.io.writers import atomic_write_text

        atomic_write_text(Path(path), text + "\n")
    return text


def pair_rows(result: MatchResult, *, alternates: Mapping[str, str] | None = None
              ) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the rows and columns of ``pairs.csv`` (kept input columns after the IDs).

    ``alternates`` (pupil ID -> backup volunteers in words, from
    :mod:`mentormatch.whatif`) adds an ``alternates`` column at the end; without
    it the columns are unchanged.
    """
    students, mentors = _people(result)
    keys = breakdown_keys(result)
    kept = extra_columns(result)
    columns = kept.columns([*PAIR_COLUMNS, *(f"cost_{k}" for k in keys)])
    if alternates is not None:
        columns.append("alternates")
    rows = []
    for p in sorted(result.pairs, key=lambda p: p.student_id):
        s = students.get(p.student_id)
        m = mentors.get(p.mentor_id)
        row: dict[str, Any] = {
            "student_id": p.student_id, "mentor_id": p.mentor_id, "subject": p.subject,
            "day": p.session.day, "start": format_minutes(p.session.start),
            "end": format_minutes(p.session.end), "modality": p.modality,
            "distance_km": _round(p.distance_km, 2), "cost": _round(p.cost),
            "student_level": s.level if s is not None else None,
            "student_territory": _territory(s),
            "student_priority_tags": _LIST_SEP.join(s.priority_tags) if s is not None else None,
            "mentor_association": m.association if m is not None else None,
            "mentor_role": m.role if m is not None else None,
        }
        for k in keys:
            row[f"cost_{k}"] = _round(p.breakdown.get(k, 0.0))
        if alternates is not None:
            row["alternates"] = alternates.get(p.student_id, "")
        if result.equipment is not None:
            row["lent"] = _LIST_SEP.join(p.lent)
        rows.append(kept.row(row))
    if result.equipment is not None:  # issue 18: the items lent for each pair
        columns.append("lent")
    return rows, columns


def unmatched_rows(result: MatchResult, *, lang: str = "en"
                   ) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the rows and columns of ``unmatched.csv`` (reasons as codes and as words)."""
    students, _ = _people(result)
    weights = _weights(result, students)
    kept = extra_columns(result)
    rows = []
    for u in sorted(result.unmatched, key=lambda u: u.student_id):
        s = students.get(u.student_id)
        elim = _eliminated(u)
        rows.append({
            "student_id": u.student_id,
            "level": s.level if s is not None else None,
            "territory": _territory(s),
            "priority_tags": _LIST_SEP.join(s.priority_tags) if s is not None else None,
            "weight": weights.get(u.student_id),
            "needs": _LIST_SEP.join(s.needs) if s is not None else None,
            "reason_codes": _LIST_SEP.join(u.codes),
            "reasons": "; ".join(describe_reason(r.code, r.details, lang) for r in u.reasons),
            "eliminated_by": _LIST_SEP.join(f"{k}={v}" for k, v in elim.items()),
            "candidate_mentors": _LIST_SEP.join(_candidates(u)),
        })
    return [kept.row(r) for r in rows], kept.columns(UNMATCHED_COLUMNS)


def mentor_rows(result: MatchResult) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the rows and columns of ``mentors.csv`` (every volunteer, zero load included)."""
    _, mentors = _people(result)
    kept = extra_columns(result)
    rows = []
    for ml in sorted(result.mentors, key=lambda m: m.mentor_id):
        m = mentors.get(ml.mentor_id)
        rows.append({
            "mentor_id": ml.mentor_id,
            "association": m.association if m is not None else None,
            "role": m.role if m is not None else None,
            "load": ml.load, "capacity": ml.capacity,
            "free_places": max(ml.capacity - ml.load, 0),
            "students": _LIST_SEP.join(ml.students),
            "load_cost": _round(ml.load_cost),
        })
    return [kept.row(r) for r in rows], kept.columns(MENTOR_COLUMNS)


def _cells(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{k: ("" if v is None else v) for k, v in r.items()} for r in rows]


def to_csv(result: MatchResult, directory: str | Path, *, lang: str = "en",
           delimiter: str = ",", alternates: Mapping[str, str] | None = None) -> list[Path]:
    """Write ``pairs.csv``, ``unmatched.csv`` and ``mentors.csv`` into ``directory``.

    Parameters
    ----------
    result : MatchResult
        The match.
    directory : str or Path
        Output directory (created if missing).
    lang : {"en", "fr"}
        Language of the plain-language reasons in ``unmatched.csv``.
    delimiter : str
        Field delimiter (``";"`` suits French spreadsheet software).
    alternates : mapping of str to str, optional
        Backup volunteers per pupil: adds the ``alternates`` column to ``pairs.csv``.

    Returns
    -------
    list of Path
        The files written, in the order above.

    Notes
    -----
    Each file is written atomically (temporary file then rename) and cells
    starting with ``=``, ``+``, ``-`` or ``@`` are neutralised (see
    :func:`mentormatch.io.writers.write_csv`). Columns are listed in
    docs/cli.md.
    """
    from mentormatch.io.writers import write_csv

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, (rows, columns) in (
        ("pairs.csv", pair_rows(result, alternates=alternates)),
        ("unmatched.csv", unmatched_rows(result, lang=lang)),
        ("mentors.csv", mentor_rows(result)),
    ):
        path = out / name
        write_csv(path, _cells(rows), columns, delimiter=delimiter)
        written.append(path)
    if result.equipment is not None:  # issue 18: pupil → item → stock
        from mentormatch.result.equipment import EQUIPMENT_FILE, equipment_rows

        path = out / EQUIPMENT_FILE
        write_csv(path, _cells(equipment_rows(result.equipment)), ["student_id", "item",
                  "scope"], delimiter=delimiter)
        written.append(path)
    return written


def to_dataframe(result: MatchResult, *, lang: str = "en") -> Any:
    """Return :func:`to_records` as a pandas DataFrame indexed by ``student_id``.

    Typed columns (nullable integers, categories, times, tag lists): see
    :mod:`mentormatch.result.frames`.

    Raises
    ------
    MissingExtraError
        When pandas is not installed (``pip install 'mentormatch[pandas]'``).
    """
    from mentormatch.result.frames import result_dataframe

    return result_dataframe(result, lang=lang)
