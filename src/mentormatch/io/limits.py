"""Limits that keep reading a hostile file bounded in time and memory, and their problems.

Each limit is a module constant, read when a file is read: change it for a
whole process by assignment (``mentormatch.io.limits.MAX_CELL_CHARS = 50_000``),
like :func:`csv.field_size_limit`. The defaults are far above what a real
association export holds (see ``docs/limits.md``).
"""

from __future__ import annotations

from typing import Any

from mentormatch.errors import InputError, InputProblem

__all__ = ["DUPLICATE_ROWS_LISTED", "MAX_CELL_CHARS", "MAX_FILE_BYTES", "MAX_PROBLEMS",
           "cell_too_long", "clip", "long_strings", "stopped", "too_large"]

#: Longest cell (CSV, XLSX) or JSON string value, in characters (``cell_too_long``).
#: The longest real cell is an availability or a list of subjects: a few hundred.
MAX_CELL_CHARS = 10_000
#: Largest file read, in bytes: a CSV or JSON file's size, or an XLSX workbook's
#: total *uncompressed* size as declared by its archive (``file_too_large``).
#: 30,000 pupils take about 10 MB of CSV.
MAX_FILE_BYTES = 128 * 2**20
#: Problems collected from one file before reading stops (then one more problem,
#: ``too_many_problems``, says where it stopped).
MAX_PROBLEMS = 1_000
#: Rows named in a ``duplicate_id`` message (the count of all rows follows).
DUPLICATE_ROWS_LISTED = 5


def too_large(size: int, source: str) -> InputError:
    """The ``file_too_large`` error of a file of ``size`` bytes."""
    return InputError.single(
        "file_too_large", f"the file holds {size:,} bytes, more than the limit of "
        f"{MAX_FILE_BYTES:,} (mentormatch.io.limits.MAX_FILE_BYTES)", source=source)


def long_strings(data: Any) -> list[tuple[str, int, str]]:
    """(field, length, start of the text) of every string longer than the cell limit in a record."""
    out: list[tuple[str, int, str]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:  # iterative: the depth of a JSON record is not ours to trust
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                out.append((path or "(value)", len(value), value[:40]))
        elif isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
    return sorted(out)


def cell_too_long(length: int, row: int, field: str, start: str | None,
                  source: str) -> InputProblem:
    """The ``cell_too_long`` problem of one cell (``start``: its first characters).

    ``start`` is ``None`` for a kept (``extra``) column: its value is never quoted.
    """
    return InputProblem(
        "cell_too_long", f"the cell holds {length:,} characters, more than the limit of "
        f"{MAX_CELL_CHARS:,} (mentormatch.io.limits.MAX_CELL_CHARS)",
        row, field, None if start is None else start + "…", source)


def stopped(row: int, source: str) -> InputProblem:
    """The ``too_many_problems`` problem: reading stopped at ``row``."""
    return InputProblem(
        "too_many_problems", f"reading stopped at row {row} after "
        f"{MAX_PROBLEMS:,} problems (mentormatch.io.limits.MAX_PROBLEMS); "
        "fix these and read the file again", row, None, None, source)


def clip(text: str, n: int = 60) -> str:
    """A value quoted in a problem, at most ``n`` characters (messages stay bounded)."""
    return text if len(text) <= n else text[:n] + "…"
