"""pandas DataFrames in and out, for notebooks (extra ``pandas``).

A DataFrame has the same columns as the documented CSV format
(``docs/input-format.md``): it goes through the same checks as a file, and
every problem is reported with its row — the DataFrame's *index label* (so
``df.loc[row]`` shows it, also for a filtered subset; its position when the
label is not an integer) — and column; a problem of the header has no row.

Cells may be Python lists, tuples or sets (``["maths", "français"]``: one
item each; a set, having no order, is sorted), pandas ``NA``/``NaT``/``NaN``
(empty), numpy scalars, and come from categorical or nullable
(``Int64``, ``boolean``, ``string``) columns.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from mentormatch._extras import require
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.vocabulary import Vocabulary
from mentormatch.errors import InputError
from mentormatch.io.csv_format import LIST_SEPARATOR, mentor_to_row, student_to_row
from mentormatch.io.readers import _from_table
from mentormatch.io.sniff import Table
from mentormatch.io.xlsx import cell_text

__all__ = [
    "mentors_from_dataframe",
    "mentors_to_dataframe",
    "students_from_dataframe",
    "students_to_dataframe",
]


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join(t for t in (_cell(v) for v in items) if t)
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:  # a numpy array cell
        return _cell(list(value.tolist()))
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()  # numpy scalar → Python (np.bool_ is not a bool)
        if isinstance(value, float) and math.isnan(value):
            return ""
    return cell_text(value)


def _table(df: Any) -> tuple[Table, list[int | None]]:
    """The DataFrame as a table whose row ``k + 1`` is position ``k``; the rows' labels."""
    header = [str(c).strip() for c in df.columns]
    rows = [(k + 1, [_cell(v) for v in row])
            for k, row in enumerate(df.itertuples(index=False, name=None))]
    labels: list[int | None] = [None]  # number 0: the header
    for k, label in enumerate(df.index):
        if hasattr(label, "item") and type(label).__module__ == "numpy":
            label = label.item()
        ok = isinstance(label, int) and not isinstance(label, bool)
        labels.append(label if ok else k)
    return Table(header, 0, rows), labels


def _people(df: Any, model: Any, source: str, vocabulary: Vocabulary | None,
            strict: bool) -> Any:
    require("pandas")
    table, labels = _table(df)
    try:
        people, _ = _from_table(table, model, source, vocabulary, strict=strict)
    except InputError as exc:
        raise InputError([
            dataclasses.replace(p, row=labels[p.row]) if p.row is not None
            and 0 <= p.row < len(labels) else p for p in exc.problems]) from None
    return people


def students_from_dataframe(df: Any, *, vocabulary: Vocabulary | None = None,
                            source: str = "students", strict: bool = False) -> list[Student]:
    """Validate a DataFrame of pupils (CSV columns) into :class:`~mentormatch.Student` models.

    Columns that are not matching fields are kept in ``Student.extra`` (as
    text), unless ``strict`` makes each an ``unknown_column`` error.

    Raises
    ------
    InputError
        Every problem, with its row (the index label) and column.
    """
    return list(_people(df, Student, source, vocabulary, strict))


def mentors_from_dataframe(df: Any, *, vocabulary: Vocabulary | None = None,
                           source: str = "mentors", strict: bool = False) -> list[Mentor]:
    """Validate a DataFrame of volunteers (CSV columns) into :class:`~mentormatch.Mentor` models.

    Columns that are not matching fields are kept in ``Mentor.extra`` unless ``strict``.
    """
    return list(_people(df, Mentor, source, vocabulary, strict))


def _with_extra(row: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    """The row and, after its columns, the person's kept columns (``extra``)."""
    return {**row, **{k: v for k, v in extra.items() if k not in row}}


def students_to_dataframe(students: Sequence[Student]) -> Any:
    """One row per pupil, in the CSV columns then the kept columns (``Student.extra``).

    Round-trips with :func:`students_from_dataframe`.
    """
    pd = require("pandas")
    return pd.DataFrame([_with_extra(student_to_row(s), s.extra) for s in students])


def mentors_to_dataframe(mentors: Sequence[Mentor]) -> Any:
    """One row per volunteer, in the CSV columns then the kept columns (``Mentor.extra``).

    Round-trips with :func:`mentors_from_dataframe`.
    """
    pd = require("pandas")
    return pd.DataFrame([_with_extra(mentor_to_row(m), m.extra) for m in mentors])
