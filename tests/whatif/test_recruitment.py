"""Every recruitment gain reported is reproduced by an independent match()."""

from __future__ import annotations

import functools

import mentormatch as mm
from mentormatch.synth import generate
from mentormatch.whatif.recruitment import describe_item, naive_recruitment, recruitment


@functools.lru_cache(maxsize=1)
def _base() -> tuple[mm.Problem, mm.MatchResult]:
    problem = generate(400, seed=2)
    return problem, mm.match(problem)


def _gain(problem: mm.Problem, before: mm.MatchResult) -> tuple[int, int, int]:
    after = mm.match(problem)
    tagged = {s.id for s in problem.students if s.priority_tags}
    gained = {p.student_id for p in after.pairs} - {p.student_id for p in before.pairs}
    lost = {p.student_id for p in before.pairs} - {p.student_id for p in after.pairs}
    return (len(after.pairs) - len(before.pairs), after.matched_weight - before.matched_weight,
            len(gained & tagged) - len(lost & tagged))


def test_recruitment_gains_are_reproduced_by_match() -> None:
    problem, result = _base()
    items = mm.recruitment(problem, result, top=3)
    assert items
    assert len(items) <= 3
    assert [i.gain_weight for i in items] == sorted((i.gain_weight for i in items), reverse=True)
    median = sorted(m.capacity for m in problem.mentors)[len(problem.mentors) // 2]
    for item in items:
        assert item.profile.capacity == median
        added = [m for m in item.problem.mentors if m.id.startswith(item.profile.id + ".")]
        assert len(added) == item.count
        gain, weight, prio = _gain(item.problem, result)
        # the matched weight is the same in every optimum; the count of pupils may differ
        # between equally weighted optima only if weights tie, so check the weight exactly
        assert weight == item.gain_weight > 0
        assert gain == item.gain
        assert prio == item.gain_priority
        fr, en = describe_item(item, "fr"), item.describe("en")
        assert f"+{item.gain} élève" in fr
        assert "prioritaire" in fr
        assert "pupil" in en


def test_naive_list_is_verified_the_same_way() -> None:
    problem, result = _base()
    naive = naive_recruitment(problem, result, top=2)
    assert naive
    for item in naive:
        assert _gain(item.problem, result)[1] == item.gain_weight


def test_no_unmatched_pupil_no_recruitment() -> None:
    problem = generate(30, n_mentors=60, seed=1)
    result = mm.match(problem)
    if not result.unmatched:
        assert recruitment(problem, result) == []
