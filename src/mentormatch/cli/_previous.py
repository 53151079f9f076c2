"""``mentormatch match --previous RESULTS_DIR``: read the pairs in force and check them."""

from __future__ import annotations

from pathlib import Path

from mentormatch.domain.problem import Problem
from mentormatch.errors import InputError, InputProblem
from mentormatch.result.model import MatchResult
from mentormatch.result.read import read_result

__all__ = ["read_previous"]

#: IDs named in a ``result_mismatch`` message.
_NAMED = 10


def read_previous(path: Path, problem: Problem) -> MatchResult:
    """The result in force at ``path``, refused when it names none of the input files' people.

    Departures and arrivals are normal (they become ``ended``, ``left`` and
    ``new`` changes), but a previous result sharing *no* pupil and *no*
    volunteer with the files is another programme's: an :class:`InputError`
    (``result_mismatch``) names some of its IDs.

    Raises
    ------
    InputError
        An unreadable or inconsistent results folder, or IDs that do not match.
    FileNotFoundError
        Nothing to read at ``path``.
    """
    if not path.exists():
        raise InputError([InputProblem("file_not_found", f"no results folder or file at "
                                       f"{path}", source=str(path))])
    previous = read_result(path)
    pupils = {p.student_id for p in previous.pairs} | {u.student_id for u in previous.unmatched}
    volunteers = {p.mentor_id for p in previous.pairs}
    if pupils and not (pupils & {s.id for s in problem.students}) \
            and not (volunteers & {m.id for m in problem.mentors}):
        shown = ", ".join(sorted(pupils)[:_NAMED])
        raise InputError([InputProblem(
            "result_mismatch", f"the previous results name none of the pupils of the students "
            f"file nor of the volunteers of the mentors file (pupils {shown}"
            f"{', ...' if len(pupils) > _NAMED else ''}): is it another programme's folder?",
            source=str(path))])
    return previous
