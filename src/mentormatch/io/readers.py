"""Reading students, mentors and policies from files.

:func:`read_students` and :func:`read_mentors` read JSON, CSV (comma,
semicolon or tab; UTF-8 with or without BOM, UTF-16, Windows-1252) and XLSX
(with the ``xlsx`` extra). Every problem of the file is collected and raised
together in one :class:`~mentormatch.InputError`, each naming its row and
column: no row is ever dropped or silently fixed. The formats and every error
code are described in ``docs/input-format.md``.

Row numbers: in a CSV or XLSX file the header is row 1 and the first data row
is row 2 (the row a spreadsheet shows); in a JSON array the first object is
row 1.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from mentormatch.domain._base import problems_from_validation, validate_raw
from mentormatch.domain._text import normalize_id
from mentormatch.domain.extra import EXTRA_FIELD
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.policy import Policy
from mentormatch.domain.problem import Problem
from mentormatch.domain.vocabulary import Vocabulary, default_vocabulary
from mentormatch.errors import InputError, InputProblem
from mentormatch.io import limits
from mentormatch.io.csv_format import (
    MENTOR_COLUMNS,
    STUDENT_COLUMNS,
    Column,
    cells_to_data,
    column_index,
    header_key,
    unneutralize,
)
from mentormatch.io.sniff import Table, decode, parse_csv

__all__ = ["read_mentors", "read_people", "read_policy", "read_problem", "read_students"]

PathLike = str | os.PathLike[str]
Format = Literal["csv", "json", "xlsx"]
M = TypeVar("M", Student, Mentor)

_ZIP_MAGIC = b"PK\x03\x04"


def read_students(path: PathLike, *, vocabulary: Vocabulary | None = None,
                  strict: bool = False) -> list[Student]:
    """Read students from a CSV, JSON or XLSX file.

    Parameters
    ----------
    path : str or path-like
        The file. The format follows the suffix (``.json``, ``.csv``,
        ``.tsv``, ``.txt``, ``.xlsx``), or the content when the suffix is
        another one.
    vocabulary : Vocabulary, optional
        Subjects considered known (default: the built-in vocabulary). Unknown
        subjects are reported with the nearest known names.
    strict : bool
        When False (the default), columns that are not matching fields
        (names, phone, notes...) are kept as text in ``Student.extra``; when
        True, each is an ``unknown_column`` (``unknown_field`` in JSON) error.

    Returns
    -------
    list of Student
        One per data row, in file order.

    Raises
    ------
    InputError
        Every problem of the file, each with its row and column (see
        docs/input-format.md for the codes).
    MissingExtraError
        Reading XLSX without the ``xlsx`` extra.

    Examples
    --------
    >>> students = read_students("students.csv")  # doctest: +SKIP
    """
    people, _ = read_people(path, Student, vocabulary=vocabulary, strict=strict)
    return people


def read_mentors(path: PathLike, *, vocabulary: Vocabulary | None = None,
                 strict: bool = False) -> list[Mentor]:
    """Read mentors (volunteers) from a CSV, JSON or XLSX file.

    Parameters
    ----------
    path : str or path-like
        The file (format from the suffix, else from the content).
    vocabulary : Vocabulary, optional
        Subjects considered known (default: the built-in vocabulary).
    strict : bool
        When False (the default), columns that are not matching fields are
        kept as text in ``Mentor.extra``; when True, each is an error.

    Returns
    -------
    list of Mentor
        One per data row, in file order.

    Raises
    ------
    InputError
        Every problem of the file, each with its row and column.
    MissingExtraError
        Reading XLSX without the ``xlsx`` extra.
    """
    people, _ = read_people(path, Mentor, vocabulary=vocabulary, strict=strict)
    return people


def read_policy(path: PathLike) -> Policy:
    """Read a :class:`~mentormatch.Policy` from a JSON or TOML file.

    The file holds the policy's fields at the top level (or under a
    ``policy`` key / ``[policy]`` table); missing fields keep their defaults.

    Raises
    ------
    InputError
        Codes ``invalid_json``, ``invalid_toml``, ``empty_file``,
        ``wrong_type`` (not an object), ``unknown_field`` and the field
        codes of the policy.
    """
    p = Path(path)
    source = p.name
    data = _read_bytes(p, source)
    text = decode(data, source=source)
    if not text.strip():
        raise InputError.single("empty_file", "the file is empty", source=source)
    obj: Any
    if p.suffix.lower() == ".toml" or (p.suffix.lower() != ".json"
                                       and not text.lstrip().startswith("{")):
        try:
            obj = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError.single("invalid_toml", f"the TOML cannot be read: {exc}",
                                    source=source) from None
    else:
        obj = _load_json(text, source)
    if isinstance(obj, dict) and set(obj) == {"policy"} and isinstance(obj["policy"], dict):
        obj = obj["policy"]
    if not isinstance(obj, dict):
        raise InputError.single("wrong_type", "a policy file must hold one object of settings",
                                source=source)
    try:
        return validate_raw(Policy, obj)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source=source)) from None


def read_problem(
    students: PathLike,
    mentors: PathLike,
    *,
    policy: Policy | PathLike | None = None,
    strict: bool = False,
) -> Problem:
    """Read both files (and optionally a policy) and check them as one :class:`Problem`.

    Problems of both files and the cross-file checks (references to missing
    people, unknown priority tags) are reported together, each with its file
    and row.

    Parameters
    ----------
    students, mentors : str or path-like
        The students and mentors files.
    policy : Policy or str or path-like, optional
        A policy, or a JSON/TOML file holding one (default: ``Policy()``).
    strict : bool
        Unknown columns are errors instead of kept ``extra`` columns.

    Raises
    ------
    InputError
        Every problem found in the files and across them.
    """
    errors: list[InputError] = []
    pol = Policy()
    if isinstance(policy, Policy):
        pol = policy
    elif policy is not None:
        try:
            pol = read_policy(policy)
        except InputError as exc:
            errors.append(exc)
    vocab = default_vocabulary().extended(pol.extra_subjects)
    result: dict[str, tuple[list[Any], list[int]]] = {}
    for key, path, model in (("students", students, Student), ("mentors", mentors, Mentor)):
        try:
            result[key] = read_people(path, model, vocabulary=vocab, strict=strict)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputError.merge(errors)
    studs, srows = result["students"]
    ments, mrows = result["mentors"]
    try:
        return Problem(students=studs, mentors=ments, policy=pol, strict=True)
    except InputError as exc:
        names = {"students": Path(students).name, "mentors": Path(mentors).name}
        rows = {"students": srows, "mentors": mrows}
        fixed = []
        for pr in exc.problems:
            if pr.source in rows and pr.row is not None and pr.row < len(rows[pr.source]):
                pr = InputProblem(pr.code, pr.message, rows[pr.source][pr.row], pr.field,
                                  pr.value, names[pr.source])
            fixed.append(pr)
        raise InputError(fixed) from None


def read_people(
    path: PathLike,
    model: type[M],
    *,
    vocabulary: Vocabulary | None = None,
    format: Format | None = None,
    strict: bool = False,
) -> tuple[list[M], list[int]]:
    """Read people of one kind and the file row of each.

    The engine behind :func:`read_students` and :func:`read_mentors`.

    Parameters
    ----------
    path : str or path-like
        The file.
    model : type
        :class:`~mentormatch.Student` or :class:`~mentormatch.Mentor`.
    vocabulary : Vocabulary, optional
        Known subjects (default: the built-in vocabulary).
    format : {"csv", "json", "xlsx"}, optional
        Force a format instead of guessing it.
    strict : bool
        Unknown columns (JSON: unknown fields) are errors instead of being
        kept in the people's ``extra``.

    Returns
    -------
    people : list
        The validated models, in file order.
    rows : list of int
        The file row of each (CSV/XLSX: header is row 1; JSON: 1-based index).
    """
    p = Path(path)
    source = p.name
    fmt = format or _guess_format(p, source)
    if fmt == "xlsx":
        from mentormatch.io.xlsx import read_xlsx_table

        if not p.is_file():
            _read_bytes(p, source)  # raises the uniform "file not found" problem
        return _from_table(read_xlsx_table(p, source=source, kind=model._kind), model, source,
                           vocabulary, strict=strict)
    text = decode(_read_bytes(p, source), source=source)
    if fmt == "json":
        return _from_json(text, model, source, vocabulary, strict=strict)
    return _from_table(parse_csv(text, source=source), model, source, vocabulary,
                       strict=strict)


# --- helpers ---------------------------------------------------------------------------------


def _read_bytes(p: Path, source: str) -> bytes:
    try:
        size = p.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise limits.too_large(size, source)
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError.single("file_not_found", f"no file at {str(p)!r}",
                                source=source) from None
    except OSError as exc:
        raise InputError.single("unreadable_file", f"the file cannot be read: {exc}",
                                source=source) from None


def _guess_format(p: Path, source: str) -> Format:
    suffix = p.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputError.single(
            "unsupported_format",
            f"{suffix} files cannot be read: save the sheet as CSV (UTF-8) or XLSX",
            source=source)
    head = _read_bytes(p, source)[:64]
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if stripped.startswith((b"[", b"{")) else "csv"


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            "invalid_json", f"the JSON cannot be read: {exc.msg} (line {exc.lineno}, "
            f"column {exc.colno})", source=source) from None
    except RecursionError:
        raise InputError.single(
            "invalid_json", "the JSON cannot be read: it is nested too deeply",
            source=source) from None
    except ValueError as exc:  # e.g. a number of more than 4,300 digits
        raise InputError.single("invalid_json", f"the JSON cannot be read: {exc}",
                                source=source) from None


def _from_json(
    text: str, model: type[M], source: str, vocabulary: Vocabulary | None, *,
    strict: bool = False,
) -> tuple[list[M], list[int]]:
    if not text.strip():
        raise InputError.single("empty_file", "the file is empty", source=source)
    obj = _load_json(text, source)
    kind = model._kind or ""
    if isinstance(obj, dict) and kind in obj and len(obj) == 1:
        obj = obj[kind]
    if not isinstance(obj, list):
        raise InputError.single(
            "wrong_type", f"expected a JSON array of {kind} (or {{{kind!r}: [...]}})",
            source=source)
    if not obj:
        raise InputError.single("empty_file", f"the file holds no {kind}", source=source)
    problems: list[InputProblem] = []
    records = []
    for i, item in enumerate(obj, start=1):
        long = limits.long_strings(item)
        fields = model.model_fields
        problems.extend(limits.cell_too_long(
            n, i, f, start if _quotable(f, fields) else None, source) for f, n, start in long)
        if not strict and isinstance(item, dict):
            item = _keep_unknown_keys(item, model)
        records.append(_Record(i, item, skip=bool(long)))
    return _validate(records, problems, model, source, vocabulary)


def _quotable(path: str, fields: Any) -> bool:
    """Whether a JSON value may be quoted in a problem (not a kept or unknown field)."""
    head = path.split(".")[0].split("[")[0]
    return head in fields and head != EXTRA_FIELD


def _keep_unknown_keys(item: dict[str, Any], model: type[M]) -> dict[str, Any]:
    """Move the keys that are not fields of ``model`` into its ``extra`` (text values).

    A value that is not text, a number, a boolean or null stays where it is,
    so the model reports it as an unknown field (without quoting it).
    """
    fields = model.model_fields
    moved = {k: v for k, v in item.items() if k not in fields
             and (v is None or isinstance(v, str | int | float))}
    if not moved:
        return item
    extra = item.get(EXTRA_FIELD)
    if extra is not None and not isinstance(extra, dict):
        return item  # the model reports the bad ``extra``; nothing is moved into it
    out = {k: v for k, v in item.items() if k not in moved}
    kept = dict(extra or {})
    for k, v in moved.items():
        kept.setdefault(k, "" if v is None else (("oui" if v else "non") if isinstance(v, bool)
                                                   else str(v)))
    out[EXTRA_FIELD] = kept
    return out


def _from_table(
    table: Table | None, model: type[M], source: str, vocabulary: Vocabulary | None, *,
    strict: bool = False,
) -> tuple[list[M], list[int]]:
    if table is None:
        raise InputError.single("empty_file", "the file is empty (no header row)",
                                source=source)
    columns = STUDENT_COLUMNS if model is Student else MENTOR_COLUMNS
    index = column_index(columns)
    problems: list[InputProblem] = []
    used: dict[int, Column] = {}
    seen: dict[Column, str] = {}
    unnamed: list[int] = []
    kept: dict[int, str] = {}  # unknown columns kept as text in ``extra`` (not strict)
    for j, name in enumerate(table.header):
        if not name:
            unnamed.append(j)
            continue
        col = index.get(header_key(name))
        if col is None and not strict:
            if name in kept.values():
                problems.append(InputProblem(
                    "duplicate_column", f"column {name!r} appears twice",
                    table.header_row, name, name, source))
            else:
                kept[j] = name
        elif col is None:
            problems.append(InputProblem(
                "unknown_column", _unknown_column_message(name, columns),
                table.header_row, name, name, source))
        elif col in seen:
            problems.append(InputProblem(
                "duplicate_column",
                f"column {name!r} repeats column {seen[col]!r} ({col.name})",
                table.header_row, name, name, source))
        else:
            seen[col] = name
            used[j] = col
    missing = [c for c in columns if c.required and c not in seen]
    for col in missing:
        problems.append(InputProblem(
            "missing_column", f"the required column {col.name!r} is missing",
            table.header_row, col.name, None, source))
    if missing:  # every row would repeat the same complaint
        raise InputError(problems)
    if not table.rows:
        problems.append(InputProblem(
            "empty_file", "the file has a header but no data rows", table.header_row,
            None, None, source))
        raise InputError(problems)

    field_map = {c.field: seen[c] for c in seen}
    field_map.update({f"{EXTRA_FIELD}.{name}": name for name in kept.values()})
    id_col = next((c for c in seen if c.field == "id"), None)
    records: list[_Record] = []
    width = len(table.header)
    for number, cells in table.rows:
        if len(problems) >= limits.MAX_PROBLEMS:
            problems.append(limits.stopped(number, source))
            raise InputError(problems)
        too_long = [j for j, c in enumerate(cells) if len(c) > limits.MAX_CELL_CHARS]
        if too_long:
            problems.extend(limits.cell_too_long(
                len(cells[j]), number, table.header[j] if j < width else f"column {j + 1}",
                None if j in kept or j >= width else cells[j][:40], source)
                for j in too_long)
            records.append(_Record(number, {}, skip=True))
            continue
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            # no value quoted: a cell without a header may be a phone number
            problems.append(InputProblem(
                "extra_cells", f"the row has {len(extra)} filled cell(s) beyond the last "
                "column of the header", number, None, None, source))
        for j in unnamed:
            if j < len(cells) and cells[j].strip():
                problems.append(InputProblem(
                    "unknown_column", "a column without a header holds data",
                    number, f"column {j + 1}", None, source))
        filled = {used[j]: (table.header[j], cells[j]) for j in used
                  if j < len(cells) and cells[j].strip()}
        if id_col is not None and id_col not in filled:
            # An empty ID cell is an empty ID (not a missing column).
            filled[id_col] = (seen[id_col], "")
        data, cell_problems = cells_to_data(filled, row=number, source=source)
        if kept:
            data[EXTRA_FIELD] = {name: unneutralize(cells[j].strip()) if j < len(cells) else ""
                                 for j, name in kept.items()}
        problems.extend(cell_problems)
        reported = frozenset(p.field for p in cell_problems if p.field)
        records.append(_Record(number, data, field_map, reported))
    return _validate(records, problems, model, source, vocabulary)


def _unknown_column_message(name: str, columns: Sequence[Column]) -> str:
    from mentormatch.io.columns import suggestions

    hints = suggestions(name, "students" if columns is STUDENT_COLUMNS else "mentors")
    hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
    return (f"unknown column {name!r}{hint} (known columns: "
            + ", ".join(c.name for c in columns) + ")")


@dataclass(frozen=True, slots=True)
class _Record:
    """One row to validate: its number, its data and how fields map to columns."""

    row: int
    data: Any
    field_map: dict[str, str] | None = None
    reported: frozenset[str] = frozenset()
    #: A problem already reported makes validating the row pointless (a too-long cell).
    skip: bool = False


def _validate(
    records: list[_Record],
    problems: list[InputProblem],
    model: type[M],
    source: str,
    vocabulary: Vocabulary | None,
) -> tuple[list[M], list[int]]:
    vocab = vocabulary or default_vocabulary()
    people: list[M] = []
    rows: list[int] = []
    ids: dict[str, list[int]] = defaultdict(list)
    id_field: dict[int, str] = {}
    for rec in records:
        if len(problems) >= limits.MAX_PROBLEMS:
            problems.append(limits.stopped(rec.row, source))
            break
        number, data, fmap = rec.row, rec.data, rec.field_map
        raw_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
            key = normalize_id(str(raw_id))
            if key:
                ids[key].append(number)
        reported = rec.reported
        if fmap is not None:
            id_field[number] = fmap.get("id", "id")
        if rec.skip:
            continue
        if not isinstance(data, dict):
            problems.append(InputProblem(
                "wrong_type", f"expected an object with the fields of one of the "
                f"{model._kind}, got {type(data).__name__}", number, None, data, source))
            continue
        problems.extend(_unknown_subjects(data, model, number, source, vocab, fmap))
        try:
            person = validate_raw(model, data)
        except ValidationError as exc:
            problems.extend(p for p in problems_from_validation(
                exc, source=source, row=number, field_map=fmap) if p.field not in reported)
            continue
        if not reported:
            people.append(person)
            rows.append(number)
    for key, numbers in ids.items():
        if len(numbers) > 1:
            shown = limits.DUPLICATE_ROWS_LISTED
            listed = ", ".join(map(str, numbers[:shown]))
            if len(numbers) > shown:
                listed += f", … ({len(numbers):,} rows in all)"
            for number in numbers:
                if len(problems) >= limits.MAX_PROBLEMS:
                    break
                problems.append(InputProblem(
                    "duplicate_id", f"ID {limits.clip(key)!r} is used on several rows ({listed})",
                    number, id_field.get(number, "id"), limits.clip(key), source))
    if problems:
        problems.sort(key=lambda p: (p.row if p.row is not None else -1))
        raise InputError(problems)
    return people, rows


def _unknown_subjects(
    data: dict[str, Any], model: type[M], number: int, source: str, vocab: Vocabulary,
    fmap: dict[str, str] | None,
) -> list[InputProblem]:
    """Report unknown subjects from the raw data, so rows with other errors get them too."""
    column = "needs" if model is Student else "subjects"
    items = data.get(column)
    if not isinstance(items, list | tuple):
        return []
    default = default_vocabulary()
    out: list[InputProblem] = []
    for j, item in enumerate(items):
        if isinstance(item, dict):
            item = item.get("subject")
        if not isinstance(item, str):
            continue
        if model is Mentor:
            item = item.partition(":")[0]
        text = normalize_id(item)
        if not text:
            continue
        name = default.lookup(text) or text
        if vocab.lookup(name) is None:
            field = fmap.get(column, column) if fmap is not None else f"{column}[{j}]"
            out.append(InputProblem("unknown_subject", vocab.unknown_message(text), number,
                                    field, text, source))
    return out
