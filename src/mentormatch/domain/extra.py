"""``Student.extra`` and ``Mentor.extra``: the columns that are not matching fields.

Contact details, names, notes and any other column of a coordinator's file
are kept per person as text (``dict[str, str]``, column header → cell),
carried to the outputs next to the IDs, and **never** used by the engine,
written to a log or quoted in an exception message: a problem about such a
cell names the person's row and the column, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from mentormatch.domain.problem import Problem

__all__ = ["EXTRA_FIELD", "Extra", "check_extra", "without_extra"]

#: The name of the field on :class:`~mentormatch.Student` and :class:`~mentormatch.Mentor`.
EXTRA_FIELD = "extra"

#: Characters a kept value may not hold: lone surrogates (they cannot be written to a file).
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_extra(value: Any) -> dict[str, str]:
    """Validate the ``extra`` mapping: text keys, text values (numbers become text).

    Raises
    ------
    PydanticCustomError
        ``wrong_type`` or ``invalid_text``; the message names the column, never its value.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise PydanticCustomError("wrong_type", "extra must be a mapping of column name to text")
    out: dict[str, str] = {}
    for key, cell in value.items():
        if not isinstance(key, str) or not key.strip():
            raise PydanticCustomError("wrong_type", "an extra column name must be non-empty text")
        name = key.strip()
        if cell is None:
            text = ""
        elif isinstance(cell, str):
            text = cell
        elif isinstance(cell, int | float) and not isinstance(cell, bool):
            text = str(cell)
        else:
            raise PydanticCustomError(
                "wrong_type", "{msg}", {"msg": f"the extra column {name!r} must hold text"})
        if _SURROGATE.search(text) or _SURROGATE.search(name):
            raise PydanticCustomError(
                "invalid_text", "{msg}",
                {"msg": f"the extra column {name!r} holds a character that cannot be written "
                        "to a file"})
        out[name] = text.strip()
    return out


#: Column header → cell text; never used for matching, never logged (``repr`` hides it).
Extra = Annotated[
    dict[str, str],
    BeforeValidator(check_extra),
    Field(default_factory=dict, repr=False,
          description="columns that are not matching fields (names, contact, notes), kept "
                      "as text and carried to the outputs; never used for matching"),
]


def without_extra(problem: Problem) -> Problem:
    """Return ``problem`` with every person's ``extra`` emptied (``--pseudonymise``).

    Matching does not read ``extra``, so the result is the same; the outputs
    then carry IDs only.
    """
    if not any(s.extra for s in problem.students) and not any(m.extra for m in problem.mentors):
        return problem
    students = tuple(s.model_copy(update={"extra": {}}) if s.extra else s
                     for s in problem.students)
    mentors = tuple(m.model_copy(update={"extra": {}}) if m.extra else m
                    for m in problem.mentors)
    return problem.model_copy(update={"students": students, "mentors": mentors})
