"""Read a stock of tablets and 4G keys: CSV (French or English headers) or JSON.

One line per stock: ``scope, devices, connections`` (``docs/equipment.md``).
Headers are matched case- and accent-insensitively; French names are
accepted: ``portée``/``territoire``/``association`` for the scope,
``tablettes``/``ordinateurs``/``appareils`` for the devices,
``connexions``/``clés 4G`` for the connections. An empty count is 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mentormatch.domain._text import fold, suggest
from mentormatch.domain.equipment import EquipmentStock, check_stocks
from mentormatch.domain.problem import Problem
from mentormatch.errors import InputError, InputProblem
from mentormatch.io.sniff import decode, parse_csv

__all__ = ["COLUMN_ALIASES", "read_equipment", "with_equipment"]

#: Folded header → field.
COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(("scope", "portee", "perimetre", "territoire", "territory",
                     "association", "structure", "stock"), "scope"),
    **dict.fromkeys(("devices", "device", "tablettes", "tablette", "ordinateurs",
                     "ordinateur", "appareils", "equipements", "tablets"), "devices"),
    **dict.fromkeys(("connections", "connection", "connexions", "connexion", "cles 4g",
                     "cle 4g", "cles", "4g", "keys", "4g keys"), "connections"),
}


def with_equipment(problem: Problem, path: str | Path) -> Problem:
    """``problem`` with the stocks of the file ``path`` (checked against its pupils).

    Raises
    ------
    InputError
        The file's problems (:func:`read_equipment`), a scope given twice
        (``duplicate_scope``) or covering no pupil (``unknown_scope``), each
        with the file's row.
    """
    stocks, rows = _read(path)
    problems = check_stocks(stocks, problem.students)
    if problems:
        raise InputError([InputProblem(p.code, p.message, rows[p.row] if p.row is not None
                                       else None, p.field, p.value, Path(path).name)
                          for p in problems])
    return problem.model_copy(update={"equipment": tuple(stocks)})


def read_equipment(path: str | Path) -> list[EquipmentStock]:
    """Read the stocks of a CSV or JSON file.

    Parameters
    ----------
    path : str or path-like
        CSV with a header (``scope,devices,connections`` or French names), or
        JSON: a list of objects with those keys (or ``{"equipment": [...]}``).

    Returns
    -------
    list of EquipmentStock
        In file order.

    Raises
    ------
    InputError
        Every problem, with its row (header = row 1; JSON: 1-based index) and
        column: ``file_not_found``, ``missing_column``, ``unknown_column``,
        ``duplicate_column``, ``wrong_type``, ``out_of_range``, ``empty_value``, ...
    """
    return _read(path)[0]


def _read(path: str | Path) -> tuple[list[EquipmentStock], list[int]]:
    p = Path(path)
    source = p.name
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError.single("file_not_found", f"no file at {str(p)!r}",
                                source=source) from None
    except OSError as exc:
        raise InputError.single("unreadable_file", f"the file cannot be read: {exc}",
                                source=source) from None
    text = decode(data, source=source)
    if p.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return _from_json(text, source)
    return _from_csv(text, source)


def _from_json(text: str, source: str) -> tuple[list[EquipmentStock], list[int]]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single("invalid_json", f"the JSON cannot be read: {exc.msg} (line "
                                f"{exc.lineno}, column {exc.colno})", source=source) from None
    if isinstance(raw, dict) and "equipment" in raw:
        raw = raw["equipment"]
    if not isinstance(raw, list) or not raw:
        raise InputError.single("empty_file", "expected a non-empty JSON array of stocks",
                                source=source)
    records: list[tuple[int, dict[str, Any]]] = []
    problems: list[InputProblem] = []
    for i, obj in enumerate(raw, start=1):
        if not isinstance(obj, dict):
            problems.append(InputProblem("wrong_type", "a stock must be an object", i,
                                         None, obj, source))
            continue
        rec: dict[str, Any] = {}
        for key, value in obj.items():
            name = COLUMN_ALIASES.get(fold(str(key)))
            if name is None:
                problems.append(_unknown(str(key), i, source))
            else:
                rec[name] = value
        records.append((i, rec))
    return _validate(records, problems, source)


def _from_csv(text: str, source: str) -> tuple[list[EquipmentStock], list[int]]:
    table = parse_csv(text, source=source)
    if table is None or not table.rows:
        raise InputError.single("empty_file", "no stock in the file (a header and one line "
                                "per stock are expected)", source=source)
    problems: list[InputProblem] = []
    cols: dict[int, str] = {}
    for j, head in enumerate(table.header):
        if not head:
            continue
        name = COLUMN_ALIASES.get(fold(head))
        if name is None:
            problems.append(_unknown(head, table.header_row, source))
        elif name in cols.values():
            problems.append(InputProblem("duplicate_column", f"two columns give the {name}",
                                         table.header_row, head, head, source))
        else:
            cols[j] = name
    if "scope" not in cols.values():
        problems.append(InputProblem("missing_column", "the column 'scope' (portée: a "
                                     "territory code, an association or '*') is missing",
                                     table.header_row, "scope", None, source))
    if problems:
        raise InputError(problems)
    records = []
    for row, cells in table.rows:
        rec: dict[str, Any] = {}
        for j, name in cols.items():
            cell = cells[j].strip() if j < len(cells) else ""
            if name == "scope":
                rec[name] = cell
            elif cell:
                rec[name] = _number(cell)
        records.append((row, rec))
    return _validate(records, [], source)


def _number(cell: str) -> Any:
    text = cell.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        return int(text)
    except ValueError:
        return cell   # validation reports it as wrong_type


def _unknown(head: str, row: int, source: str) -> InputProblem:
    hints = suggest(head, COLUMN_ALIASES)
    hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
    return InputProblem("unknown_column", f"unknown column {head!r}{hint} (expected scope, "
                        "devices, connections)", row, head, head, source)


def _validate(records: list[tuple[int, dict[str, Any]]], problems: list[InputProblem],
              source: str) -> tuple[list[EquipmentStock], list[int]]:
    out: list[EquipmentStock] = []
    rows: list[int] = []
    for row, rec in records:
        try:
            out.append(EquipmentStock(**rec))
            rows.append(row)
        except InputError as exc:
            problems += [InputProblem(p.code, p.message, row, p.field, p.value, source)
                         for p in exc.problems]
    if problems:
        raise InputError(problems)
    return out, rows
