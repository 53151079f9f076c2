"""The kept columns (``Student.extra``, ``Mentor.extra``) in the exports of a match.

Each output row about a pupil or a volunteer carries that person's kept
columns next to their ID, as written in the input file, prefixed by whose
they are: ``student.<column>`` right after ``student_id`` and
``mentor.<column>`` right after ``mentor_id`` (in ``pairs``, ``unmatched``,
``mentors`` and :func:`~mentormatch.result.export.to_records`). Kept columns
come in the order they were first seen in the input (the file's order), so
the layout is stable. Without kept columns nothing changes; with
``--pseudonymise`` (:func:`mentormatch.domain.extra.without_extra`) there are
none. ``result.json`` and ``summary.json`` never carry them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentormatch.result.model import MatchResult

__all__ = ["MENTOR_PREFIX", "STUDENT_PREFIX", "ExtraColumns", "extra_columns"]

#: Prefix of a pupil's kept column in the outputs.
STUDENT_PREFIX = "student."
#: Prefix of a volunteer's kept column in the outputs.
MENTOR_PREFIX = "mentor."


class ExtraColumns:
    """The kept columns of a result's pupils and volunteers, and their cells.

    Parameters
    ----------
    result : MatchResult
        The match; its ``problem`` holds the people (no kept columns without it).
    """

    def __init__(self, result: MatchResult) -> None:
        problem = result.problem
        s_names: dict[str, None] = {}
        m_names: dict[str, None] = {}
        self._students: dict[str, Mapping[str, str]] = {}
        self._mentors: dict[str, Mapping[str, str]] = {}
        if problem is not None:
            for s in problem.students:
                if s.extra:
                    self._students[s.id] = s.extra
                    s_names.update(dict.fromkeys(s.extra))
            for m in problem.mentors:
                if m.extra:
                    self._mentors[m.id] = m.extra
                    m_names.update(dict.fromkeys(m.extra))
        #: Kept column names of the pupils / volunteers, first seen first.
        self.student_names: list[str] = list(s_names)
        self.mentor_names: list[str] = list(m_names)

    @property
    def student_columns(self) -> list[str]:
        """Output column names of the pupils' kept columns."""
        return [STUDENT_PREFIX + n for n in self.student_names]

    @property
    def mentor_columns(self) -> list[str]:
        """Output column names of the volunteers' kept columns."""
        return [MENTOR_PREFIX + n for n in self.mentor_names]

    def student_cells(self, student_id: str | None) -> dict[str, str | None]:
        """The pupil's kept cells, keyed by output column (``None`` when unknown)."""
        extra = self._students.get(student_id or "", {})
        return {STUDENT_PREFIX + n: extra.get(n) for n in self.student_names}

    def mentor_cells(self, mentor_id: str | None) -> dict[str, str | None]:
        """The volunteer's kept cells, keyed by output column (``None`` when unknown)."""
        extra = self._mentors.get(mentor_id or "", {})
        return {MENTOR_PREFIX + n: extra.get(n) for n in self.mentor_names}

    def columns(self, base: Sequence[str]) -> list[str]:
        """``base`` with the kept columns inserted after ``student_id`` and ``mentor_id``."""
        out: list[str] = []
        for name in base:
            out.append(name)
            if name == "student_id":
                out.extend(self.student_columns)
            elif name == "mentor_id":
                out.extend(self.mentor_columns)
        return out

    def row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """``row`` with the person's kept cells inserted after its ID keys (order kept)."""
        if not self.student_names and not self.mentor_names:
            return dict(row)
        out: dict[str, Any] = {}
        for key, value in row.items():
            out[key] = value
            if key == "student_id":
                out.update(self.student_cells(value))
            elif key == "mentor_id":
                out.update(self.mentor_cells(value))
        return out


def extra_columns(result: MatchResult) -> ExtraColumns:
    """Return the :class:`ExtraColumns` of ``result``."""
    return ExtraColumns(result)
