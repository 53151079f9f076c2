"""Reading and writing files: students, mentors and policies in, safe files out.

* :func:`read_students`, :func:`read_mentors` — JSON, CSV (any common export)
  and XLSX (extra ``xlsx``), every problem reported with its row and column;
* :func:`read_policy` — JSON or TOML;
* :func:`read_problem` — both files and a policy, checked together;
* :func:`write_students_csv`, :func:`write_mentors_csv`, :func:`write_csv` —
  the documented CSV format, formula-neutralised and written atomically;
* :func:`students_from_dataframe`, :func:`mentors_from_dataframe` and their
  inverses — pandas DataFrames (extra ``pandas``) in the CSV columns;
* :func:`atomic_write_text`, :func:`atomic_write_bytes`, :func:`neutralize_cell`.

The formats and error codes are documented in ``docs/input-format.md``.
"""

from mentormatch.io.frames import (
    mentors_from_dataframe,
    mentors_to_dataframe,
    students_from_dataframe,
    students_to_dataframe,
)
from mentormatch.io.readers import (
    read_mentors,
    read_people,
    read_policy,
    read_problem,
    read_students,
)
from mentormatch.io.writers import (
    atomic_write_bytes,
    atomic_write_text,
    neutralize_cell,
    write_csv,
    write_mentors_csv,
    write_students_csv,
)

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "mentors_from_dataframe",
    "mentors_to_dataframe",
    "neutralize_cell",
    "read_mentors",
    "read_people",
    "read_policy",
    "read_problem",
    "read_students",
    "students_from_dataframe",
    "students_to_dataframe",
    "write_csv",
    "write_mentors_csv",
    "write_students_csv",
]
