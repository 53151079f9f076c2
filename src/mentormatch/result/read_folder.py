"""A results folder's spreadsheets: read them back, and check them against ``result.json``.

``mentormatch match`` writes ``pairs.csv``, ``unmatched.csv`` and ``mentors.csv``
next to ``result.json``. :func:`mentormatch.read_result` on the folder:

* with ``result.json``: reads it, then checks that ``pairs.csv`` and
  ``unmatched.csv`` (when present) name the same pupils with the same
  volunteers and sessions: a folder whose spreadsheets were edited, or mixed
  with another run's, is refused with an :class:`InputError`
  (``result_mismatch``) naming the pupils that differ;
* without it: builds the result from the spreadsheets (pairs with their
  sessions, subjects and costs as written, rounded; unmatched pupils with
  their reason codes; volunteers' loads). The certificate is then unknown
  (``status`` ``"read from CSV"``, not optimal).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from mentormatch.domain.availability import DAY_NAMES_FR
from mentormatch.errors import InputError, InputProblem
from mentormatch.io.sniff import decode, sniff_delimiter
from mentormatch.io.writers import neutralize_cell
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)

__all__ = ["MAX_NAMED", "check_folder", "read_csv_folder"]

#: Pupils named in a ``result_mismatch`` message.
MAX_NAMED = 10

_LIST_SEP = "|"


def _plain(cell: str) -> str:
    """A cell as it was before the writer neutralised a formula (``'=...`` → ``=...``)."""
    if cell.startswith("'") and neutralize_cell(cell[1:]) == cell:
        return cell[1:]
    return cell


def _rows(path: Path) -> list[dict[str, str]]:
    text = decode(path.read_bytes(), source=str(path))
    if not text.strip():
        return []
    return [{k: _plain(v or "") for k, v in row.items() if isinstance(v, str)}
            for row in csv.DictReader(io.StringIO(text, newline=""),
                                          delimiter=sniff_delimiter(text))]


def _minutes(hhmm: str) -> int:
    h, _, m = hhmm.strip().partition(":")
    return int(h) * 60 + int(m or 0)


def _session(row: dict[str, str]) -> Session:
    return Session(DAY_NAMES_FR.index(row["day"].strip()), _minutes(row["start"]),
                   _minutes(row["end"]))


def _float(x: str | None) -> float | None:
    return None if x is None or not x.strip() else float(x.replace(",", "."))


def read_csv_folder(folder: Path) -> MatchResult:
    """Build a result from ``pairs.csv``, ``unmatched.csv`` and ``mentors.csv`` of ``folder``.

    Raises
    ------
    FileNotFoundError
        When ``pairs.csv`` is missing.
    InputError
        When a row cannot be read (``bad_result_file``).
    """
    source = str(folder / "pairs.csv")
    try:
        pairs = []
        for row in _rows(folder / "pairs.csv"):
            breakdown = {k[5:]: float(_float(v) or 0.0) for k, v in row.items()
                         if k and k.startswith("cost_")}
            pairs.append(Pair(
                student_id=row["student_id"], mentor_id=row["mentor_id"],
                subject=row["subject"], session=_session(row), modality=row["modality"],
                distance_km=_float(row.get("distance_km")), cost=_float(row["cost"]) or 0.0,
                breakdown=breakdown, cost_int=0))
        unmatched = []
        path = folder / "unmatched.csv"
        for row in _rows(path) if path.exists() else []:
            codes = [c for c in row.get("reason_codes", "").split(_LIST_SEP) if c]
            unmatched.append(Unmatched(row["student_id"], tuple(
                Reason(c, "") for c in codes), int(_float(row.get("weight")) or 0)))  # type: ignore[arg-type]
        mentors = []
        path = folder / "mentors.csv"
        for row in _rows(path) if path.exists() else []:
            studs = tuple(s for s in row.get("students", "").split(_LIST_SEP) if s)
            mentors.append(MentorLoad(row["mentor_id"], int(row["load"]),
                                      int(row["capacity"]), studs,
                                      _float(row.get("load_cost")) or 0.0))
    except (KeyError, ValueError) as exc:
        raise InputError([InputProblem("bad_result_file", f"cannot read the results "
                                       f"spreadsheet: {exc}", source=source)]) from None
    cert = Certificate(optimal=False, status="read from CSV", objective=0, dual_bound=0, gap=0,
                       rounds=0, pairs_priced=0, arcs_solved=0, feasible_pairs=0,
                       backend="")
    return MatchResult(pairs=tuple(sorted(pairs, key=lambda p: p.student_id)),
                       unmatched=tuple(sorted(unmatched, key=lambda u: u.student_id)),
                       mentors=tuple(sorted(mentors, key=lambda m: m.mentor_id)),
                       certificate=cert)


def _names(ids: set[str]) -> str:
    shown = sorted(ids)[:MAX_NAMED]
    more = f" and {len(ids) - len(shown)} more" if len(ids) > len(shown) else ""
    return ", ".join(shown) + more


def check_folder(folder: Path, result: MatchResult) -> None:
    """Refuse a folder whose spreadsheets do not name the pupils of its ``result.json``.

    Raises
    ------
    InputError
        ``result_mismatch``: the pupils paired differently (volunteer or
        session), or present in one file and not the other, are named.
    """
    problems: list[InputProblem] = []
    pairs_csv = folder / "pairs.csv"
    if pairs_csv.exists():
        try:
            in_csv = {r["student_id"]: (r["mentor_id"], _session(r)) for r in _rows(pairs_csv)}
        except (KeyError, ValueError):
            in_csv = None   # columns renamed (another language): nothing to compare
        if in_csv is not None:
            in_json: dict[str, Any] = {p.student_id: (p.mentor_id, p.session)
                                       for p in result.pairs}
            differ = {s for s in set(in_csv) | set(in_json) if in_csv.get(s) != in_json.get(s)}
            if differ:
                problems.append(InputProblem(
                    "result_mismatch", f"pairs.csv and result.json disagree on "
                    f"{len(differ)} pupil(s): {_names(differ)} (was a file edited, or copied "
                    "from another run?)", source=str(pairs_csv)))
    unmatched_csv = folder / "unmatched.csv"
    if unmatched_csv.exists():
        try:
            ids = {r["student_id"] for r in _rows(unmatched_csv)}
        except KeyError:
            ids = None
        if ids is not None:
            differ = ids ^ {u.student_id for u in result.unmatched}
            if differ:
                problems.append(InputProblem(
                    "result_mismatch", f"unmatched.csv and result.json disagree on "
                    f"{len(differ)} pupil(s): {_names(differ)}", source=str(unmatched_csv)))
    if problems:
        raise InputError(problems)
