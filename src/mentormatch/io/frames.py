"""pandas DataFrames in and out, for notebooks (extra ``pandas``).

A DataFrame has the same columns as the documented CSV format
(``docs/input-format.md``): it goes through the same checks as a file, and
every problem is reported with its row (the DataFrame's position + 2, as if
row 1 were the header of a spreadsheet) and column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from mentormatch._extras import require
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.vocabulary import Vocabulary
from mentormatch.io.csv_format import mentor_to_row, student_to_row
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
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return cell_text(value)


def _table(df: Any) -> Table:
    header = [str(c).strip() for c in df.columns]
    rows = [(k + 2, [_cell(v) for v in row])
            for k, row in enumerate(df.itertuples(index=False, name=None))]
    return Table(header, 1, rows)


def students_from_dataframe(df: Any, *, vocabulary: Vocabulary | None = None,
                            source: str = "students", strict: bool = False) -> list[Student]:
    """Validate a DataFrame of pupils (CSV columns) into :class:`~mentormatch.Student` models.

    Columns that are not matching fields are kept in ``Student.extra`` (as
    text), unless ``strict`` makes each an ``unknown_column`` error.

    Raises
    ------
    InputError
        Every problem, with its row and column.
    """
    require("pandas")
    people, _ = _from_table(_table(df), Student, source, vocabulary, strict=strict)
    return people


def mentors_from_dataframe(df: Any, *, vocabulary: Vocabulary | None = None,
                           source: str = "mentors", strict: bool = False) -> list[Mentor]:
    """Validate a DataFrame of volunteers (CSV columns) into :class:`~mentormatch.Mentor` models.

    Columns that are not matching fields are kept in ``Mentor.extra`` unless ``strict``.
    """
    require("pandas")
    people, _ = _from_table(_table(df), Mentor, source, vocabulary, strict=strict)
    return people


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
