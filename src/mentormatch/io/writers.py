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
    "STAGE_PREFIX",
    "atomic_write_bytes",
    "atomic_write_text",
    "neutralize_cell",
    "staged_output",
    "write_csv",
    "write_mentors_csv",
    "write_students_csv",
    "write_xlsx",
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


#: Prefix of the temporary folders of :func:`staged_output` (a leftover one is safe to delete).
STAGE_PREFIX = ".mentormatch-"


def _writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for a few renames that must not be cut in the middle."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    old = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def _move_all(names: Iterable[str], src: Path, dst: Path) -> list[str]:
    """Rename ``src/name`` to ``dst/name`` for each name; on failure undo and raise."""
    moved: list[str] = []
    try:
        for name in names:
            os.rename(src / name, dst / name)
            moved.append(name)
    except BaseException:
        for name in reversed(moved):
            with contextlib.suppress(OSError):
                os.rename(dst / name, src / name)
        raise
    return moved


@contextlib.contextmanager
def staged_output(outdir: PathLike, *, owned: Iterable[str] = ()) -> Iterator[Path]:
    """Write a set of files all together or not at all, replacing a previous set whole.

    Yields a fresh, empty staging folder; the caller writes every file into
    it. When the block succeeds the staged files replace the output folder's
    previous set in one step: afterwards ``outdir`` holds exactly the staged
    files plus the files of the old folder that are not ``owned`` (input
    files or notes a user put there are carried over, never deleted); the old
    owned files are gone, including those the new set does not rewrite. When
    the block or the replacement fails, or the process is interrupted
    (SIGINT, or SIGTERM when the command line turned it into an interrupt),
    the staging folder is removed and ``outdir`` is as it was.

    Where the staging folder lives:

    * in ``outdir``'s parent, when it is writable (the usual case): the new
      folder is built beside the old one and swapped in by renames
      (``outdir`` → a backup name, staging folder → ``outdir``; the backup
      is then deleted); both are in the same folder, hence on the same file
      system, so each rename is atomic;
    * otherwise inside ``outdir`` itself, when ``outdir`` exists and is
      writable (a folder someone made writable for you inside a read-only
      one): still the same file system; the old owned files move to a
      backup folder inside ``outdir`` and the new ones in, undone on failure.

    The few renames of the swap run with SIGINT and SIGTERM held, so an
    interrupt lands before or after them, never between.

    Parameters
    ----------
    outdir : str or path-like
        The folder that receives the files (created, with its parents, when
        missing).
    owned : iterable of str
        Names of files the set may hold (for example every file a match may
        write); the staged files are always owned.

    Yields
    ------
    Path
        The staging folder to write the files into.

    Raises
    ------
    OSError
        The folder cannot be created or written (nothing is changed).
    """
    outdir = Path(outdir).absolute()
    parent = outdir.parent
    if not outdir.exists():
        parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{time.time_ns()}"
    inside = not _writable_dir(parent) and _writable_dir(outdir)
    if inside:
        stage = outdir / f"{STAGE_PREFIX}new-{tag}.tmp"
    else:
        stage = parent / f".{outdir.name}{STAGE_PREFIX}{tag}.tmp"
    stage.mkdir()
    backup: Path | None = None
    try:
        yield stage
        new = {f.name for f in stage.iterdir()}
        mine = new | set(owned)
        if inside:
            backup = outdir / f"{STAGE_PREFIX}old-{tag}.tmp"
            _swap_inside(outdir, stage, backup, new, mine)
        elif not outdir.exists():
            os.rename(stage, outdir)
        else:
            backup = parent / f".{outdir.name}{STAGE_PREFIX}old-{tag}.tmp"
            _swap_beside(outdir, stage, backup, mine)
    finally:
        for leftover in (stage, backup):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)


def _swap_beside(outdir: Path, stage: Path, backup: Path, mine: set[str]) -> None:
    """Carry the foreign files into the stage, then swap the folders by two renames."""
    with contextlib.suppress(OSError):
        os.chmod(stage, outdir.stat().st_mode & 0o7777)
    with _signals_held():
        carried = _move_all(sorted(n for n in os.listdir(outdir) if n not in mine),
                            outdir, stage)
        try:
            os.rename(outdir, backup)
            try:
                os.rename(stage, outdir)
            except BaseException:
                os.rename(backup, outdir)
                raise
        except BaseException:
            _move_all(carried, stage, outdir)
            raise


def _swap_inside(outdir: Path, stage: Path, backup: Path, new: set[str],
                 mine: set[str]) -> None:
    """Swap the owned files of ``outdir`` for the staged ones, with a backup inside it."""
    backup.mkdir()
    with _signals_held():
        old = _move_all(sorted(n for n in os.listdir(outdir)
                               if n in mine and not n.startswith(STAGE_PREFIX)), outdir, backup)
        try:
            _move_all(sorted(new), stage, outdir)
        except BaseException:
            _move_all(old, backup, outdir)
            raise


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


def write_xlsx(path: PathLike, sheets: Sequence[tuple[str, Sequence[str],
                                                      Iterable[Sequence[Any]]]]) -> None:
    """Write a workbook atomically: one sheet per ``(title, header, rows)``.

    Numbers stay numbers and :class:`datetime.time` values are times
    (``hh:mm``); every text is stored as text, so a cell such as ``=1+1`` is
    shown as written and never runs as a formula. The header row is bold and
    frozen. Needs ``openpyxl`` (the ``xlsx`` extra).

    Raises
    ------
    MissingExtraError
        When ``openpyxl`` is not installed.
    """
    import datetime as dt

    from mentormatch._extras import require

    openpyxl = require("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = openpyxl.styles.Font(bold=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(str(h)) for h in header]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    cell.value = str(value).lower()
                    cell.data_type = "s"
                elif isinstance(value, int | float):
                    cell.value = value
                elif isinstance(value, dt.time):
                    cell.value = value
                    cell.number_format = "hh:mm"
                else:
                    text = str(value)
                    cell.value = text
                    cell.data_type = "s"  # text, never a formula
                if c <= len(widths):
                    widths[c - 1] = max(widths[c - 1], min(len(str(value)), 60))
        for c, w in enumerate(widths, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w + 2
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    atomic_write_bytes(path, buf.getvalue())
