"""A hand-built MatchResult shared by the export, read-back, summary and report tests.

Built without the engine, so these tests pin the exports' behaviour on a known
result: 6 pupils (3 matched, 3 unmatched with each reason code), 4 volunteers
(one idle), one formula-looking ID. Like a result of ``match()``, pairs,
unmatched pupils and volunteers are sorted by ID.
"""

from __future__ import annotations

from mentormatch import Mentor, Problem, Student
from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)

FORMULA_ID = "=HYPERLINK(\"http://evil\")"


def make_problem(odd_id: str = FORMULA_ID) -> Problem:
    """Six pupils and four volunteers, valid by construction."""
    loc = {"latitude": 48.91, "longitude": 2.38, "commune": "Aubervilliers",
           "departement": "93", "territory": "QP093001"}
    loc2 = {"latitude": 43.30, "longitude": 5.40, "commune": "Marseille",
            "departement": "13", "territory": "QP013055"}
    students = [
        Student(id="s1", level="6e", needs=("maths", "français"),
                availability="lun 17-19", location=loc, priority_tags=("qpv",)),
        Student(id="s2", level="3e", needs=("français",), availability="mer 14-18",
                location=loc, priority_tags=("qpv", "no_device")),
        Student(id="s3", level="CM2", needs=("anglais",), availability="sam 9-12",
                location=loc2),
        Student(id="s4", level="Tle", needs=("philosophie",), availability="mar 18-20",
                location=loc2, priority_tags=("rep",)),
        Student(id="s5", level="4e", needs=("maths",), availability="lun 17-19"),
        Student(id=odd_id, level="5e", needs=("SVT",), availability="jeu 17-18",
                location=loc),
    ]
    mentors = [
        Mentor(id="m1", subjects=("maths", "français"), availability="lun 17-19; mer 14-18",
               capacity=2, association="AFEV", location=loc, has_clearance=True),
        Mentor(id="m2", subjects=("anglais:3e",), availability="sam 9-12", capacity=1,
               association="Article 1", location=loc2, role="tutor"),
        Mentor(id="m3", subjects=("philosophie",), availability="ven 18-20", capacity=3,
               association="AFEV"),
        Mentor(id="-m4", subjects=("SVT",), availability="dim 10-11", capacity=1),
    ]
    return Problem(students=students, mentors=mentors)


def make_result(odd_id: str = FORMULA_ID) -> MatchResult:
    """A plausible result of :func:`make_problem` (not necessarily optimal)."""
    problem = make_problem(odd_id)
    pairs = (
        Pair("s1", "m1", "maths", Session(0, 17 * 60, 18 * 60), "in_person", 0.0, 1.5,
             {"distance": 0.0, "subject_rank": 0.0, "flexibility": 1.5}, 15),
        Pair("s2", "m1", "français", Session(2, 14 * 60, 15 * 60), "remote", None, 4.5,
             {"remote": 4.0, "flexibility": 0.5}, 45),
        Pair("s3", "m2", "anglais", Session(5, 9 * 60, 10 * 60), "in_person", 2.25, 3.0,
             {"distance": 2.25, "flexibility": 0.75}, 30),
    )
    unmatched = (
        Unmatched("s4", (Reason("no_candidate", "no volunteer is free at the same time",
                                {"eliminated_by": {"subject": 3, "availability": 1}}),),
                  weight=11),
        Unmatched("s5", (Reason("capacity_taken", "m1 is full",
                                {"mentors": ["m1"], "taken_by": {"m1": ["s1", "s2"]}}),),
                  weight=10),
        Unmatched(odd_id, (Reason("not_worth_cost", "too expensive", {}),), weight=10),
    )
    mentors = (
        MentorLoad("-m4", 0, 1, ()),
        MentorLoad("m1", 2, 2, ("s1", "s2"), 1.0),
        MentorLoad("m2", 1, 1, ("s3",)),
        MentorLoad("m3", 0, 3, ()),
    )
    cert = Certificate(optimal=True, status="optimal", objective=1234, dual_bound=1234, gap=0,
                       rounds=2, pairs_priced=17, arcs_solved=40, feasible_pairs=5,
                       backend="assignment")
    unmatched = tuple(sorted(unmatched, key=lambda u: u.student_id))
    return MatchResult(pairs=pairs, unmatched=unmatched, mentors=mentors, certificate=cert,
                       problem=problem, timings={"solve": 0.01, "total": 0.05},
                       matched_weight=13 + 15 + 10, total_weight=13 + 15 + 10 + 11 + 10 + 10)
