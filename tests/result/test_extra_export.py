"""Issue 16: kept columns go to the exports next to the IDs, and only there."""

from __future__ import annotations

import json

import mentormatch as mm
from mentormatch.domain.extra import without_extra
from mentormatch.result.export import (
    MENTOR_COLUMNS,
    PAIR_COLUMNS,
    UNMATCHED_COLUMNS,
    mentor_rows,
    pair_rows,
    to_json,
    unmatched_rows,
)


def _problem() -> mm.Problem:
    base = mm.synth.generate(60, seed=7)
    students = [s.model_copy(update={"extra": {"Nom": f"Nom {s.id}", "Tél": "06 00"}})
                for s in base.students]
    students[0] = students[0].model_copy(update={"extra": {"Nom": "Seul", "Classe ref": "x"}})
    mentors = [m.model_copy(update={"extra": {"Nom": f"Bénévole {m.id}"}}) if i % 2 else m
               for i, m in enumerate(base.mentors)]
    return mm.Problem(students=students, mentors=mentors, policy=base.policy)


def test_columns_follow_the_ids_in_first_seen_order() -> None:
    problem = _problem()
    result = mm.match(problem)
    _, columns = pair_rows(result)
    # first seen first: the first pupil's columns, then the others' new one
    assert columns[:5] == ["student_id", "student.Nom", "student.Classe ref", "student.Tél",
                           "mentor_id"]
    assert columns[5] == "mentor.Nom"
    assert columns[6:6 + len(PAIR_COLUMNS) - 2] == list(
        PAIR_COLUMNS[2:])
    rows, ucols = unmatched_rows(result)
    assert ucols[0] == "student_id"
    assert ucols[4:] == list(UNMATCHED_COLUMNS[1:])
    assert all(r["student.Nom"] == f"Nom {r['student_id']}" for r in rows
               if r["student_id"] != problem.students[0].id)
    mrows, mcols = mentor_rows(result)
    assert mcols == ["mentor_id", "mentor.Nom", *MENTOR_COLUMNS[1:]]
    named = {m.id for m in problem.mentors if m.extra}
    assert all((r["mentor.Nom"] is not None) == (r["mentor_id"] in named) for r in mrows)
    records = result.to_records()
    assert list(records[0])[:4] == columns[:4]
    assert "mentor.Nom" in records[0]


def test_records_and_files_stay_as_before_without_kept_columns() -> None:
    problem = mm.synth.generate(40, seed=1)
    result = mm.match(problem)
    assert pair_rows(result)[1][:len(PAIR_COLUMNS)] == list(PAIR_COLUMNS)
    assert unmatched_rows(result)[1] == list(UNMATCHED_COLUMNS)
    assert mentor_rows(result)[1] == list(MENTOR_COLUMNS)
    assert not any("." in k for k in result.to_records()[0])


def test_pseudonymised_problem_matches_the_same_and_exports_ids_only() -> None:
    problem = _problem()
    plain = without_extra(problem)
    assert not any(s.extra for s in plain.students)
    assert not any(m.extra for m in plain.mentors)
    a, b = mm.match(problem), mm.match(plain)
    assert [(p.student_id, p.mentor_id, p.cost_int) for p in a.pairs] == [
        (p.student_id, p.mentor_id, p.cost_int) for p in b.pairs]
    assert "Bénévole" not in json.dumps(b.to_records(), ensure_ascii=False)
    # result.json never carries the kept columns, pseudonymised or not
    assert "Bénévole" not in to_json(a)
    assert "06 00" not in to_json(a)
