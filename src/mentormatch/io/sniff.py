"""Decoding and delimiter sniffing for files as people really export them.

* Encoding: a UTF-8 byte-order mark is removed; UTF-16 (with its BOM, as
  Excel's "Unicode text" export) is decoded; otherwise UTF-8 is tried and
  Windows-1252 is the fallback when the bytes are not valid UTF-8.
* Delimiter: the one of ``,``, ``;`` and tab that occurs most often (outside
  quotes) in the header line; comma on a tie or when there is none.
* Rows: the table keeps the file's row numbers (the header is row 1), so
  every problem can name the row a coordinator sees in a spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from mentormatch.errors import InputError

__all__ = ["Table", "decode", "parse_csv", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True, slots=True)
class Table:
    """Cells of a sheet: the header and the data rows with their row numbers.

    Attributes
    ----------
    header : list of str
        Header cells, as written (stripped).
    header_row : int
        Row number of the header (1 unless blank rows precede it).
    rows : list of (int, list of str)
        Data rows that are not entirely blank, each with its row number.
    """

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode file bytes: UTF-8 (BOM or not), UTF-16 with BOM, or Windows-1252.

    Raises
    ------
    InputError
        Code ``encoding_error`` when the bytes are none of these.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _encoding_error(exc, source) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _refuse_mixed(data, source)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _encoding_error(exc, source) from None


def _refuse_mixed(data: bytes, source: str | None) -> None:
    """Refuse bytes that are UTF-8 on some lines and not on others.

    Decoding such a file as Windows-1252 would silently turn every correct
    ``é`` into ``Ã©``; a file with no valid non-ASCII UTF-8 at all is a
    Windows-1252 file and is left to the caller.
    """
    bad: list[int] = []
    utf8_text = False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
        else:
            utf8_text = utf8_text or not line.isascii()
    if bad and utf8_text:
        shown = ", ".join(map(str, bad[:5])) + (f", … ({len(bad):,} lines)" if len(bad) > 5
                                                else "")
        raise InputError.single(
            "encoding_mixed", "the file mixes UTF-8 and another encoding: these lines are "
            f"not UTF-8 while others are: {shown}; save the whole file again as "
            "'CSV UTF-8'", row=bad[0], source=source)


def _encoding_error(exc: UnicodeDecodeError, source: str | None) -> InputError:
    return InputError.single(
        "encoding_error",
        f"the file is neither UTF-8 nor Windows-1252 (byte {exc.object[exc.start]:#04x} at "
        f"offset {exc.start}); save it again as 'CSV UTF-8'",
        source=source,
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip(" \t,;"):
            return line
    return ""


def sniff_delimiter(text: str) -> str:
    """Return the delimiter of a CSV text: ``,``, ``;`` or tab.

    The delimiter is the one that occurs most often outside quotes in the
    first non-blank line (the header). Header names never contain it, so this
    is more reliable than guessing from data rows, where decimal commas and
    availability texts with ``;`` are common.
    """
    line = _first_line(text)
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


def parse_csv(text: str, *, source: str | None = None) -> Table | None:
    """Parse CSV text into a :class:`Table`; ``None`` when there is no header.

    Blank rows (every cell empty) are skipped wherever they are: they carry
    no person. Row numbers count every record, blank or not, so they match
    the rows of a spreadsheet.

    Raises
    ------
    InputError
        Code ``csv_syntax`` when the CSV cannot be parsed (an unclosed quote).
    """
    if not _first_line(text):
        return None  # nothing but blanks and delimiters
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for record in reader:
            number += 1
            if _blank(record):
                continue
            if header is None:
                header = [c.strip() for c in record]
                header_row = number
            else:
                rows.append((number, record))
    except csv.Error as exc:
        raise InputError.single(
            "csv_syntax", f"the CSV cannot be read after row {number}: {exc}",
            row=number + 1, source=source) from None
    if header is None:
        return None
    return Table(header, header_row, rows)
