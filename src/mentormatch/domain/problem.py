"""A matching problem: students, mentors and a policy, checked as a whole."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from mentormatch.domain._base import FrozenModel
from mentormatch.domain._text import suggest
from mentormatch.domain.equipment import EquipmentStock, check_stocks
from mentormatch.domain.people import Mentor, Student
from mentormatch.domain.policy import Policy
from mentormatch.domain.vocabulary import Vocabulary, default_vocabulary
from mentormatch.errors import InputError, InputProblem

__all__ = ["Problem", "check_references"]


class Problem(FrozenModel):
    """Students, mentors and the policy of one matching run.

    ``Problem(students=[...], mentors=[...], policy=Policy())`` validates
    each person and then what involves several entities: unique IDs (after
    stripping and NFC normalisation, within students and within mentors; one
    person may appear in both lists and is never paired with themselves), references
    to existing people (exclusions, current mentor), known subjects (the
    default vocabulary plus ``policy.extra_subjects``) and known priority
    tags. Every problem found is reported in one :class:`InputError`.

    Parameters
    ----------
    students : sequence of Student
        The young people to pair (dicts are accepted and validated).
    mentors : sequence of Mentor
        The volunteers.
    policy : Policy
        Rules, weights and solver options (defaults when omitted).
    strict : bool
        What to do with a volunteer's ``excluded_students`` naming a pupil who is
        not in ``students`` (a subset of the pupils, say one territory, matched
        against every volunteer): by default the reference is dropped with an
        :class:`~mentormatch.errors.InputWarning`; ``strict=True`` makes it an
        ``unknown_reference`` error. Every other reference must exist.
    equipment : sequence of EquipmentStock
        Devices and connections that may be lent (``docs/equipment.md``); empty
        by default: then nothing is lent and the match is today's.
    """

    students: tuple[Student, ...]
    mentors: tuple[Mentor, ...]
    policy: Policy = Policy()
    equipment: tuple[EquipmentStock, ...] = ()

    def __init__(self, /, *, strict: bool = False, **data: Any) -> None:
        # pydantic runs a custom __init__ for model_validate too: the cross-entity
        # checks below hold for every way of building a Problem
        super().__init__(**data)
        problems = check_references(self.students, self.mentors, self.policy)
        if not strict:
            absent = [p for p in problems if p.code == "unknown_reference"
                      and p.source == "mentors" and p.field == "excluded_students"]
            problems = [p for p in problems if p not in absent]
            if absent and not problems:
                self._drop_absent_exclusions(len(absent))
        if self.equipment:
            problems += check_stocks(self.equipment, self.students)
        if problems:
            raise InputError(problems)

    def _drop_absent_exclusions(self, n: int) -> None:
        """Drop volunteers' exclusions of pupils not in the problem, with one warning."""
        import warnings

        from mentormatch.errors import InputWarning

        known = {s.id for s in self.students}
        mentors = tuple(
            m if all(r in known for r in m.excluded_students) else m.model_copy(
                update={"excluded_students": tuple(r for r in m.excluded_students
                                                   if r in known)})
            for m in self.mentors)
        self.__dict__["mentors"] = mentors  # still validating: the model is not shared yet
        warnings.warn(f"{n} exclusion(s) in volunteers' excluded_students name pupils who "
                      "are not in this problem; they were dropped (Problem(..., strict=True) "
                      "makes them errors)", InputWarning, stacklevel=3)

    def __repr__(self) -> str:
        from mentormatch.domain._display import problem_repr

        return problem_repr(self)

    def _repr_html_(self) -> str:
        """Notebook display: counts and pupils by priority tag, not the people."""
        from mentormatch.domain._display import problem_html

        return problem_html(self)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary in force: the default one plus the policy's extra subjects."""
        return default_vocabulary().extended(self.policy.extra_subjects)


def check_references(
    students: Sequence[Student], mentors: Sequence[Mentor], policy: Policy
) -> list[InputProblem]:
    """Return every cross-entity problem of a set of students and mentors.

    Rows are 0-based indices in the sequences.
    """
    problems: list[InputProblem] = []
    vocab = default_vocabulary().extended(policy.extra_subjects)

    groups: tuple[tuple[str, Sequence[Student | Mentor]], ...] = (
        ("students", students), ("mentors", mentors))
    for kind, people in groups:
        counts = Counter(p.id for p in people)
        for i, p in enumerate(people):
            if counts[p.id] > 1:
                problems.append(InputProblem(
                    "duplicate_id", f"ID {p.id!r} is used by {counts[p.id]} {kind}",
                    i, "id", p.id, kind))
    # One person may be both a mentee and a mentor (a lycéen tutoring younger
    # pupils): the same ID in both lists is allowed; the "self" rule then
    # forbids pairing them with themselves.
    student_ids = {s.id for s in students}
    mentor_ids = {m.id for m in mentors}

    for i, s in enumerate(students):
        for j, need in enumerate(s.needs):
            if vocab.lookup(need) is None:
                problems.append(InputProblem(
                    "unknown_subject", vocab.unknown_message(need), i, f"needs[{j}]", need,
                    "students"))
        for ref in s.excluded_mentors:
            if ref not in mentor_ids:
                problems.append(_missing(ref, "mentor", i, "excluded_mentors", "students",
                                         mentor_ids))
        # a pair in force (with its session) whose volunteer is gone ends with
        # ``mentor_left`` (mentormatch.continuity); a bare current_mentor must exist
        if s.current_mentor is not None and s.current_mentor not in mentor_ids \
                and s.current_session is None:
            problems.append(_missing(s.current_mentor, "mentor", i, "current_mentor",
                                     "students", mentor_ids))
        for tag in s.priority_tags:
            if tag not in policy.priority_weights:
                hints = suggest(tag, policy.priority_weights)
                hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
                problems.append(InputProblem(
                    "unknown_priority_tag",
                    f"priority tag {tag!r} has no weight in the policy{hint} "
                    "(add it to policy.priority_weights, weight 0 to keep it informational)",
                    i, "priority_tags", tag, "students"))
    for i, m in enumerate(mentors):
        for j, offer in enumerate(m.subjects):
            if vocab.lookup(offer.subject) is None:
                problems.append(InputProblem(
                    "unknown_subject", vocab.unknown_message(offer.subject), i,
                    f"subjects[{j}]", offer.subject, "mentors"))
        for ref in m.excluded_students:
            if ref not in student_ids:
                problems.append(_missing(ref, "student", i, "excluded_students", "mentors",
                                         student_ids))
    return problems


def _missing(ref: str, what: str, row: int, field: str, source: str,
             known: set[str]) -> InputProblem:
    hints = suggest(ref, known, n=2) if len(known) < 50_000 else []
    hint = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
    return InputProblem("unknown_reference", f"no {what} has the ID {ref!r}{hint}",
                        row, field, ref, source)
