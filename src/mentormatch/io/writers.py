"""Safe output writing: atomic files and spreadsheet-safe CSV cells.

Atomicity
---------
:func:`atomic_write_bytes` and :func:`atomic_write_text` write to a
temporary file in the target's directory, flush it to disk and rename it over
the target in one step (``os.replace``). A failure at any point removes the
temporary file and leaves an existing target untouched: a reader sees either
the old file or the complete new one, never a partial file.

Formula neutralisation
----------------------
Spreadsheets execute a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and some also after a leading tab or carriage return) — "CSV injection".
:func:`neutralize_cell` prefixes such a text cell with an apostrophe, which
spreadsheets display as plain text. The rule, precisely:

* numbers (``int``, ``float``; not ``bool``) are written as numbers, never
  prefixed: ``-3`` stays ``-3``;
* a text that is a plain decimal number (``"-3"``, ``"+1.5"``, ``"-0,25"``,
  ``"-1e-3"``) is not prefixed either: a spreadsheet reads it as a number,
  which is harmless;
* any other text whose first character — or first character after leading
  spaces — is ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
  leading ``'``.

The readers undo the prefix (a cell ``'=x`` reads as ``=x``), so files written
here read back to the same values.

Sets of files
-------------
:func:`staged_output` writes several files all together or not at all (the
output bundle of a match: :func:`mentormatch.result.bundle.write_bundle`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mentormatch.domain.people import Mentor, Student
from mentormatch.io.csv_format import (
    LIST_SEPARATOR,
    MENTOR_COLUMNS,
    STUDENT_COLUMNS,
    rows_with_extra,
)

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "neutralize_cell",
    "staged_output",
    "write_csv",
    "write_mentors_csv",
    "write_students_csv",
]

PathLike = str | os.PathLike[str]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def atomic_write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file next to ``path`` (same directory, so the
    rename cannot cross file systems), are flushed and synced, and the file
    is renamed over ``path``. On any failure the temporary file is removed
    and an existing ``path`` is left as it was. A new file gets the usual
    permissions (``0o666`` minus the umask); an existing file keeps its mode.

    Parameters
    ----------
    path : str or path-like
        Target file. Its directory must exist.
    data : bytes
        The complete content.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            pass
        else:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: PathLike, text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`).

    The text is encoded first, so an encoding error leaves no trace either.
    Newlines are written as given (no translation).
    """
    atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def staged_output(outdir: PathLike) -> Iterator[Path]:
    """Write a set of files all together or not at all.

    Yields a fresh staging directory next to ``outdir`` (same file system).
    When the block succeeds, a new ``outdir`` is the staging directory renamed
    in one step; an existing ``outdir`` receives each staged file by an atomic
    rename (other files in it are left alone). When the block fails, the
    staging directory is removed and ``outdir`` is untouched.

    Parameters
    ----------
    outdir : str or path-like
        The directory that receives the files (created, with its parents,
        when missing).

    Yields
    ------
    Path
        The staging directory to write the files into.
    """
    outdir = Path(outdir).absolute()
    parent = outdir.parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = parent / f".{outdir.name}.mentormatch-{os.getpid()}-{time.time_ns()}.tmp"
    stage.mkdir()
    try:
        yield stage
        if not outdir.exists():
            try:
                os.rename(stage, outdir)
                return
            except OSError:
                outdir.mkdir(parents=True, exist_ok=True)
        for f in sorted(stage.iterdir()):
            os.replace(f, outdir / f.name)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


_PLAIN_NUMBER = re.compile(r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*$")


def neutralize_cell(value: Any) -> str:
    """Return the text of a CSV cell that a spreadsheet will not execute.

    Parameters
    ----------
    value : Any
        ``None`` gives ``""``; numbers are written as numbers (floats in
        their shortest exact form); booleans as ``true``/``false``; any other
        value as ``str(value)``, prefixed with ``'`` when it could start a
        formula (see the module documentation for the exact rule).

    Returns
    -------
    str
        The cell text.

    Examples
    --------
    >>> neutralize_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize_cell(-3), neutralize_cell("-3"), neutralize_cell("-x")
    ('-3', '-3', "'-x")
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    first = text.lstrip(" ")[:1]
    if first in _DANGEROUS or text[:1] in _DANGEROUS:
        if first in ("+", "-") and _PLAIN_NUMBER.match(text):
            return text
        return "'" + text
    return text


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return neutralize_cell(LIST_SEPARATOR.join(_plain(v) for v in value))
    return neutralize_cell(value)


def render_csv(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, delimiter: str = ","
) -> str:
    """Return the CSV text of ``rows`` (header first), every cell neutralised.

    Raises
    ------
    ValueError
        A row has a key that is not in ``columns`` (nothing is silently dropped).
    """
    if delimiter not in (",", ";", "\t"):
        raise ValueError(f"delimiter must be ',', ';' or a tab, got {delimiter!r}")
    known = set(columns)
    if len(known) != len(columns):
        raise ValueError("columns must be unique")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralize_cell(c) for c in columns])
    for i, row in enumerate(rows):
        extra = set(row) - known
        if extra:
            raise ValueError(f"row {i} has keys not in columns: {sorted(extra)}")
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def write_csv(
    path: PathLike,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    delimiter: str = ",",
    bom: bool = False,
) -> None:
    """Write rows to a CSV file, safely (formula-neutralised) and atomically, in UTF-8.

    Parameters
    ----------
    path : str or path-like
        Target file.
    rows : iterable of mapping
        One mapping per row; a missing key is an empty cell; lists and tuples
        are joined with ``|``.
    columns : sequence of str
        The columns, in order (the header).
    delimiter : {",", ";", "\\t"}
        Field delimiter (``;`` suits French spreadsheets).
    bom : bool
        Start with a UTF-8 byte-order mark (helps Excel detect UTF-8).

    Raises
    ------
    ValueError
        Bad delimiter, repeated column, or a row key not in ``columns``.
    """
    text = render_csv(rows, columns, delimiter=delimiter)
    atomic_write_text(path, ("\ufeff" if bom else "") + text)


def write_students_csv(
    path: PathLike, students: Iterable[Student], *, delimiter: str = ",", bom: bool = False
) -> None:
    """Write students in the documented CSV format (docs/input-format.md).

    :func:`~mentormatch.read_students` reads the file back to equal models.
    """
    rows, columns = rows_with_extra(students, STUDENT_COLUMNS)  # kept columns last
    write_csv(path, rows, columns, delimiter=delimiter, bom=bom)


def write_mentors_csv(
    path: PathLike, mentors: Iterable[Mentor], *, delimiter: str = ",", bom: bool = False
) -> None:
    """Write mentors in the documented CSV format (docs/input-format.md).

    :func:`~mentormatch.read_mentors` reads the file back to equal models.
    """
    rows, columns = rows_with_extra(mentors, MENTOR_COLUMNS)  # kept columns last
    write_csv(path, rows, columns, delimiter=delimiter, bom=bom)
