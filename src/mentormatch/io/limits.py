"""Limits that keep reading a hostile file bounded in time and memory.

Each limit is a module constant, read when a file is read: change it for a
whole process by assignment (``mentormatch.io.limits.MAX_CELL_CHARS = 50_000``),
like :func:`csv.field_size_limit`. The defaults are far above what a real
association export holds (see ``docs/limits.md``).
"""

from __future__ import annotations

__all__ = ["DUPLICATE_ROWS_LISTED", "MAX_CELL_CHARS", "MAX_FILE_BYTES", "MAX_PROBLEMS"]

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
