"""Reading XLSX workbooks (first sheet, same columns as CSV) with the ``xlsx`` extra.

``openpyxl`` is imported lazily: without it, reading an ``.xlsx`` file raises
:class:`~mentormatch.MissingExtraError` naming the extra
(``pip install 'mentormatch[xlsx]'``).
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from typing import Any

from mentormatch._extras import require
from mentormatch.errors import InputError
from mentormatch.io import limits
from mentormatch.io.sniff import Table

__all__ = ["SHEET_NAMES", "cell_text", "read_xlsx_table"]


def cell_text(value: Any) -> str:
    """Return the text of a spreadsheet cell as the CSV reader would see it.

    Integers (and whole floats, as spreadsheets store them) are written
    without a decimal part, other floats with the shortest exact form, dates
    in ISO form, booleans as ``oui``/``non``, empty cells as ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx_table(path: str | os.PathLike[str], *, source: str | None = None,
                    kind: str | None = None) -> Table | None:
    """Read a sheet of a workbook into a :class:`~mentormatch.io.sniff.Table`.

    The sheet is the first one, unless ``kind`` (``"students"`` or
    ``"mentors"``) is given and the workbook has a sheet named for it
    (:data:`SHEET_NAMES`: ``Élèves``, ``Bénévoles``, ``students``,
    ``mentors``...), as the workbook of ``mentormatch template`` has.
    Returns ``None`` when the sheet has no header row. Blank rows are
    skipped; row numbers are the sheet's.

    Raises
    ------
    MissingExtraError
        When ``openpyxl`` is not installed (extra ``xlsx``).
    InputError
        Code ``unreadable_file`` when the workbook cannot be opened or read
        (truncated, broken XML), ``file_too_large`` when its archive declares
        more than :data:`~mentormatch.io.limits.MAX_FILE_BYTES` uncompressed
        (a decompression bomb is refused before anything is inflated; the
        archive's reader never inflates more than a member declares), and
        ``cell_too_long`` for a cell over the cell limit.
    """
    openpyxl = require("openpyxl")
    _check_archive(path, source)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a bad file
        raise InputError.single(
            "unreadable_file", f"the workbook cannot be opened: {exc}", source=source
        ) from None
    try:
        return _read_sheet(_sheet_for(book, kind))
    except Exception as exc:  # broken XML inside a valid archive: ParseError, IndexError...
        raise InputError.single(
            "unreadable_file", f"the workbook cannot be read: {type(exc).__name__}: {exc}",
            source=source) from None
    finally:
        book.close()


def _check_archive(path: str | os.PathLike[str], source: str | None) -> None:
    """Refuse an archive whose members declare more than the size limit, uncompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            declared = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError.single(
            "unreadable_file", f"the workbook cannot be opened: {exc}", source=source
        ) from None
    if declared > limits.MAX_FILE_BYTES:
        raise InputError.single(
            "file_too_large", f"the workbook expands to {declared:,} bytes, more than the "
            f"limit of {limits.MAX_FILE_BYTES:,} (mentormatch.io.limits.MAX_FILE_BYTES)",
            source=source)


#: Sheet names (compared case- and accent-insensitively) chosen for each kind of person.
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "students": ("eleves", "students", "pupils", "jeunes", "mentores"),
    "mentors": ("benevoles", "mentors", "volunteers", "tuteurs", "tutors", "mentors tuteurs"),
}


def _sheet_for(book: Any, kind: str | None) -> Any:
    """The sheet named for ``kind`` when there is one, else the first sheet."""
    from mentormatch.domain._text import fold

    names = SHEET_NAMES.get(kind or "", ())
    for sheet in book.worksheets:
        if fold(str(sheet.title)) in names:
            return sheet
    return book.worksheets[0]


def _read_sheet(sheet: Any) -> Table | None:
    """A sheet's header and non-blank rows."""
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        if all(not c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            header_row = number
        else:
            rows.append((number, cells))
    if header is None:
        return None
    return Table(header, header_row, rows)
