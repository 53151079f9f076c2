"""Pairs in force (issue 15): keep, stable, free, locked, ended reasons, brute force."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentormatch as mm
from engine_oracle import common_sessions
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.domain import Mentor, Policy, Problem, Student
from mentormatch.result.changes import change_counts
from mentormatch.result.model import MatchResult
from strategies import problems, students

SUBJECTS = ("maths", "français")
_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def _with(problem: Problem, mode: str, extra: list[Student] = (),  # type: ignore[assignment]
          **update: object) -> Problem:
    policy = problem.policy.model_copy(update={"continuity": mode, **update})
    return Problem(students=[*problem.students, *extra], mentors=problem.mentors,
                   policy=policy)


def _key(result: MatchResult) -> dict[str, tuple[str, object]]:
    return {p.student_id: (p.mentor_id, p.session) for p in result.pairs}


def _nothing_lost(problem: Problem, result: MatchResult) -> None:
    ids = sorted([p.student_id for p in result.pairs] + [u.student_id for u in result.unmatched])
    assert ids == sorted(s.id for s in problem.students)
    assert result.certificate.optimal
    for m in result.mentors:
        assert m.load <= m.capacity


@st.composite
def growing(draw: st.DrawFn) -> tuple[Problem, list[Student]]:
    """A problem and newcomers (IDs N0, N1, ...)."""
    p = draw(problems(max_students=4, max_mentors=3, subjects=SUBJECTS, references=False))
    extra = [draw(students(id=st.just(f"N{i}"), subjects=SUBJECTS))
             for i in range(draw(st.integers(1, 3)))]
    return p, extra


@_SETTINGS
@given(growing())
def test_keep_never_changes_a_valid_pair_when_pupils_are_added(case: tuple) -> None:
    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "keep", extra)
    again = mm.match(p2, previous=first)
    _nothing_lost(p2, again)
    before, after = _key(first), _key(again)
    assert all(after[s] == v for s, v in before.items())
    counts = change_counts(again.changes)
    assert counts["kept"] == len(before)
    assert counts["moved"] == counts["ended"] == 0


@_SETTINGS
@given(growing(), st.sampled_from(["keep", "stable", "free"]), st.data())
def test_locked_pairs_never_change_in_any_mode(case: tuple, mode: str, data: st.DataObject
                                                ) -> None:
    p, extra = case
    first = mm.match(p)
    locked = set(data.draw(st.lists(st.sampled_from([q.student_id for q in first.pairs]),
                                    unique=True)) if first.pairs else [])
    studs = [s.model_copy(update={"locked": s.id in locked}) for s in p.students]
    p2 = Problem(students=[*studs, *extra], mentors=p.mentors,
                 policy=p.policy.model_copy(update={"continuity": mode}))
    again = mm.match(p2, previous=first)
    _nothing_lost(p2, again)
    before, after = _key(first), _key(again)
    assert all(after.get(s) == before[s] for s in locked)


def _brute_stable(problem: Problem, stay: dict[str, tuple[str, int]]) -> tuple[int, int]:
    """Best (matched weight, -moves) with every pupil of ``stay`` matched (enumeration)."""
    enc = encode(problem)
    fp = feasible_pairs(enc)
    pol = problem.policy
    pairs = {(int(s), int(m)) for s, m in zip(fp.si, fp.mi, strict=True)}
    must = {enc.student_ids.index(s): (enc.mentor_ids.index(m), b) for s, (m, b) in stay.items()}
    options = [[None, *sorted(m for (s2, m) in pairs if s2 == s)] for s in range(enc.n_s)]
    best: tuple[int, int] | None = None
    for choice in itertools.product(*options):
        if any(choice[s] is None for s in must):
            continue
        by_m: dict[int, list[int]] = {}
        for s, m in enumerate(choice):
            if m is not None:
                by_m.setdefault(m, []).append(s)
        if any(len(v) > enc.m_capacity[m] for m, v in by_m.items()):
            continue
        moves = 0
        ok = True
        for m, studs in by_m.items():
            fewest = None
            for assign in itertools.product(*[common_sessions(
                    enc.students[s], enc.mentors[m], pol.session_minutes) for s in studs]):
                if any(assign.count(b) > enc.m_group[m] for b in assign):
                    continue
                mv = sum(1 for s, b in zip(studs, assign, strict=True)
                         if s in must and must[s] != (m, b))
                fewest = mv if fewest is None else min(fewest, mv)
            if fewest is None:
                ok = False
                break
            moves += fewest
        if not ok:
            continue
        weight = sum(int(enc.s_weight[s]) for s, m in enumerate(choice) if m is not None)
        if best is None or (weight, -moves) > best:
            best = (weight, -moves)
    assert best is not None
    return best


_WINDOWS = ("mer 14-15", "mer 15-16", "mer 14-16", "sam 10-11")


@st.composite
def crowded(draw: st.DrawFn, capped: bool = False) -> tuple[Problem, list[Student]]:
    """Remote pupils and volunteers sharing few sessions: moves often pay.

    ``capped``: sometimes with a ``max_pair_cost`` (which closes some sessions of a pair),
    and one candidate per pupil, none per volunteer (so that pricing adds arcs in rounds).
    """
    windows = (*_WINDOWS, "mer 13-17", "sam 9-12") if capped else _WINDOWS

    def pupil(sid: str) -> Student:
        return Student(id=sid, level="4e", needs=[draw(st.sampled_from(SUBJECTS))],
                       availability=draw(st.sampled_from(windows)), modality="remote",
                       priority_tags=draw(st.lists(st.sampled_from(["qpv", "rep"]),
                                                   unique=True)))
    n_s, n_m = draw(st.integers(1, 8 if capped else 3)), draw(st.integers(1, 5 if capped else 3))
    vols = [Mentor(id=f"M{j}", subjects=draw(st.lists(st.sampled_from(SUBJECTS), min_size=1,
                                                      unique=True)),
                   availability=draw(st.sampled_from(windows)), modality="remote",
                   capacity=draw(st.integers(1, 2))) for j in range(n_m)]
    p = Problem(students=[pupil(f"E{i}") for i in range(n_s)], mentors=vols,
                policy=Policy(seed=draw(st.integers(0, 9)), max_pair_cost=draw(
                    st.sampled_from([None, 1.0, 2.0, 4.0])) if capped else None,
                    candidates_per_student=1 if capped else 20,
                    candidates_per_mentor=0 if capped else 20))
    return p, [pupil(f"N{i}") for i in range(draw(st.integers(1, 4 if capped else 2)))]


def _phases(on: bool) -> contextlib.AbstractContextManager[object]:
    """Force the two-phase tiers (``on``) by lowering the folded objective's bound."""
    from mentormatch.solve import tiers

    mp = pytest.MonkeyPatch.context()
    if not on:
        return mp

    @contextlib.contextmanager
    def forced() -> Iterator[object]:
        with mp as m:
            m.setattr(tiers, "FOLD_LIMIT", 1)
            yield m

    return forced()


@settings(_SETTINGS, max_examples=60)  # moves pay in a few percent of the crowded cases
@given(growing() | crowded(), st.booleans())
def test_stable_never_ends_a_pair_and_moves_are_minimal(case: tuple, two_phases: bool) -> None:
    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "stable", extra)
    with _phases(two_phases):
        again = mm.match(p2, previous=first)
    _nothing_lost(p2, again)
    counts = change_counts(again.changes)
    assert counts["ended"] == 0
    assert counts["kept"] + counts["moved"] == len(first.pairs)
    minutes = p.policy.session_minutes
    per_day = 24 * 60 // minutes
    stay = {q.student_id: (q.mentor_id, q.session.weekday * per_day + q.session.start // minutes)
            for q in first.pairs}
    weight, neg_moves = _brute_stable(p2, stay)
    assert again.matched_weight == weight
    assert counts["moved"] == -neg_moves


def _total_cost(result: MatchResult) -> int:
    """Pair and session costs plus load costs, in quantised units."""
    scale = result.problem.policy.cost_scale
    return sum(q.cost_int for q in result.pairs) + round(
        sum(m.load_cost for m in result.mentors) * scale)


def _same_tiers(got: MatchResult, ref: MatchResult) -> None:
    """``got`` is certified and equals ``ref`` in coverage, moves and cost (the three tiers)."""
    assert got.matched_weight == ref.matched_weight
    assert change_counts(got.changes)["moved"] == change_counts(ref.changes)["moved"]
    assert _total_cost(got) == _total_cost(ref)
    assert got.certificate.gap == 0


@settings(_SETTINGS, max_examples=60)
@given(growing() | crowded() | crowded(capped=True))
def test_two_phase_tiers_reach_the_folded_optimum(case: tuple) -> None:
    """Coverage, moves and cost of the two phases equal the folded objective's (exact) ones."""
    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "stable", extra)
    folded = mm.match(p2, previous=first)
    with _phases(True):
        phased = mm.match(p2, previous=first)
    _nothing_lost(p2, phased)
    _same_tiers(phased, folded)


@_SETTINGS
@given(growing(), st.sampled_from(["keep", "stable", "free"]))
def test_nothing_lost_in_every_mode_when_volunteers_leave(case: tuple, mode: str) -> None:
    p, extra = case
    first = mm.match(p)
    mentors = list(p.mentors[1:]) or list(p.mentors)
    p2 = Problem(students=[*p.students, *extra], mentors=mentors,
                 policy=p.policy.model_copy(update={"continuity": mode}))
    again = mm.match(p2, previous=first)
    _nothing_lost(p2, again)
    kinds = {c.student_id: c for c in again.changes}
    assert set(kinds) == {s.id for s in p2.students}
    for q in first.pairs:
        if q.mentor_id not in {m.id for m in mentors}:
            assert kinds[q.student_id].kind == "ended"
            assert kinds[q.student_id].reason == "mentor_left"


def _pupil(sid: str, **kw: object) -> Student:
    return Student(id=sid, level="4e", needs=["maths"], availability="mer 14-16",
                   modality="remote", **kw)  # type: ignore[arg-type]


def _volunteer(mid: str, **kw: object) -> Mentor:
    base: dict[str, object] = {"subjects": ["maths"], "availability": "mer 14-16",
                               "modality": "remote"}
    base.update(kw)
    return Mentor(id=mid, **base)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(6))
def test_a_pupil_whose_volunteer_left_goes_before_an_equal_newcomer(seed: int) -> None:
    policy = Policy(seed=seed)
    first = mm.match(Problem(students=[_pupil("X")], mentors=[_volunteer("L")], policy=policy))
    assert first.pair_of("X") is not None
    p2 = Problem(students=[_pupil("X"), _pupil("Y")],
                 mentors=[_volunteer("B", availability="mer 14-15")], policy=policy)
    again = mm.match(p2, previous=first)
    assert again.pair_of("X") is not None
    assert again.pair_of("X").mentor_id == "B"
    assert again.pair_of("Y") is None
    x = next(c for c in again.changes if c.student_id == "X")
    assert (x.kind, x.reason, x.previous_mentor_id, x.mentor_id) == ("ended", "mentor_left",
                                                                    "L", "B")
    y = next(c for c in again.changes if c.student_id == "Y")
    assert (y.kind, y.reason) == ("new", "unmatched")


def test_ended_reasons_name_what_changed() -> None:
    studs = [_pupil("A"), _pupil("B"), _pupil("C"), _pupil("D")]
    vols = [_volunteer("M1", capacity=2), _volunteer("M2"), _volunteer("M3")]
    first = mm.match(Problem(students=studs, mentors=vols, policy=Policy(continuity="keep")))
    assert len(first.pairs) == 4
    where = {p.student_id: p.mentor_id for p in first.pairs}
    on_m1 = [s for s, m in where.items() if m == "M1"]
    assert len(on_m1) == 2
    vols2 = [_volunteer("M1", capacity=1), _volunteer("M2", availability="jeu 14-16"),
             _volunteer("M3", languages=["en"])]
    again = mm.match(Problem(students=studs, mentors=vols2, policy=Policy(continuity="keep")),
                     previous=first)
    why = {c.student_id: (c.kind, c.reason, c.rule) for c in again.changes}
    m2 = next(s for s, m in where.items() if m == "M2")
    m3 = next(s for s, m in where.items() if m == "M3")
    assert why[m2] == ("ended", "mentor_unavailable", None)
    assert why[m3] == ("ended", "rule_no_longer_met", "language")
    assert sorted(why[s] for s in on_m1) == [("ended", "capacity_lowered", None),
                                             ("kept", None, None)]


def test_pairs_in_force_from_the_students_columns() -> None:
    studs = [_pupil("A", current_mentor="M2", current_session="mer 15:00-16:00"),
             _pupil("B")]
    vols = [_volunteer("M1"), _volunteer("M2")]
    r = mm.match(Problem(students=studs, mentors=vols, policy=Policy(continuity="keep")))
    a = r.pair_of("A")
    assert a is not None
    assert a.mentor_id == "M2"
    assert str(a.session) == "mer 15:00-16:00"
    assert {c.student_id: c.kind for c in r.changes} == {"A": "kept", "B": "new"}
    # a current mentor alone is only the soft continuity cost: no changes, as before
    plain = mm.match(Problem(students=[_pupil("A", current_mentor="M2")], mentors=vols))
    assert plain.changes == ()


@pytest.mark.parametrize("mode", ["keep", "stable", "free"])
def test_a_pair_in_force_whose_volunteer_is_gone_ends_with_mentor_left(mode: str) -> None:
    """A ``current_mentor`` + ``current_session`` naming a volunteer absent from the file."""
    studs = [_pupil("A", current_mentor="M9", current_session="mer 15:00-16:00"),
             _pupil("B")]
    r = mm.match(Problem(students=studs, mentors=[_volunteer("M1")],
                         policy=Policy(continuity=mode)))
    kinds = {c.student_id: c for c in r.changes}
    assert kinds["A"].kind == "ended"
    assert kinds["A"].reason == "mentor_left"
    _nothing_lost(r.problem, r)
    # a bare current mentor (no session) must still name a volunteer of the file
    with pytest.raises(mm.InputError) as err:
        Problem(students=[_pupil("A", current_mentor="M9")], mentors=[_volunteer("M1")])
    assert err.value.problems[0].code == "unknown_reference"


@pytest.mark.parametrize("mode", ["keep", "stable"])
def test_capacity_taken_names_the_pupils_in_force(mode: str) -> None:
    """A newcomer left out by a full volunteer is told who holds the places, kept pairs too."""
    first = mm.match(Problem(students=[_pupil("A")], mentors=[_volunteer("M1")]))
    p2 = Problem(students=[_pupil("A"), _pupil("N")], mentors=[_volunteer("M1")],
                 policy=Policy(continuity=mode))
    again = mm.match(p2, previous=first)
    (u,) = again.unmatched
    assert u.student_id == "N"
    (reason,) = u.reasons
    assert reason.code == "capacity_taken"
    assert reason.details["taken_by"] == {"M1": ["A"]}
    assert "A" in reason.message


def test_current_session_must_be_one_window() -> None:
    with pytest.raises(mm.InputError) as err:
        _pupil("A", current_mentor="M1", current_session="mer 14-15; jeu 14-15")
    assert "invalid_value" in str(err.value.problems[0].code)


def test_without_pairs_in_force_nothing_changes() -> None:
    p = Problem(students=[_pupil("A"), _pupil("B")], mentors=[_volunteer("M1")])
    for mode in ("keep", "stable", "free"):
        q = _with(p, mode)
        assert mm.match(q).pairs == mm.match(p).pairs
        assert mm.match(q).changes == ()


@pytest.mark.parametrize("mode", ["stable", "keep"])
def test_stable_moves_a_pupil_only_to_match_one_more(mode: str) -> None:
    m1 = _volunteer("M1", subjects=["maths", "anglais"])
    first = mm.match(Problem(students=[_pupil("A")], mentors=[m1]))
    assert first.pair_of("A") is not None
    newcomer = Student(id="N", level="4e", needs=["anglais"], availability="mer 14-16",
                       modality="remote")
    p2 = Problem(students=[_pupil("A"), newcomer], mentors=[m1, _volunteer("M2")],
                 policy=Policy(continuity=mode))
    again = mm.match(p2, previous=first)
    counts = change_counts(again.changes)
    if mode == "stable":   # one move (A to M2) matches N
        assert (counts["moved"], counts["kept"]) == (1, 0)
        assert again.pair_of("A").mentor_id == "M2"
        assert again.pair_of("N").mentor_id == "M1"
    else:                  # keep: A stays, N waits
        assert (counts["moved"], counts["kept"]) == (0, 1)
        assert again.pair_of("N") is None


def test_stable_tiers_beyond_the_exact_bound_solve_in_two_phases() -> None:
    """Tiers too large for one exact objective are solved in two exact phases.

    At 30,000 pupils with the default ``cost_scale`` the folded stable tiers pass the
    float64-exact bound (docs/engine.md, "Pairs in force"); they used to be refused with
    ``objective_overflow``. The bound is lowered here to reach that path on a small instance.
    """
    m1 = _volunteer("M1", subjects=["maths", "anglais"])
    first = mm.match(Problem(students=[_pupil("A")], mentors=[m1]))
    newcomer = Student(id="N", level="4e", needs=["anglais"], availability="mer 14-16",
                       modality="remote")
    p2 = Problem(students=[_pupil("A"), newcomer], mentors=[m1, _volunteer("M2")],
                 policy=Policy(continuity="stable"))
    folded = mm.match(p2, previous=first)
    with _phases(True):
        again = mm.match(p2, previous=first)
    assert again.certificate.optimal
    assert again.timings.get("tier_phases") == 2.0
    assert "tier_phases" not in folded.timings
    assert _key(again) == _key(folded)
    assert [q.cost_int for q in again.pairs] == [q.cost_int for q in folded.pairs]
    counts = change_counts(again.changes)
    assert (counts["moved"], counts["new"]) == (1, 1)   # A moves to M2 so that N is matched


def test_the_folded_tiers_beyond_the_bound_are_still_refused_by_the_loop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``solve_with_pricing`` itself keeps refusing folded tiers beyond its exact bound."""
    from mentormatch.solve import loop

    m1 = _volunteer("M1", subjects=["maths", "anglais"])
    first = mm.match(Problem(students=[_pupil("A")], mentors=[m1]))
    newcomer = Student(id="N", level="4e", needs=["anglais"], availability="mer 14-16",
                       modality="remote")
    p2 = Problem(students=[_pupil("A"), newcomer], mentors=[m1, _volunteer("M2")],
                 policy=Policy(continuity="stable"))
    monkeypatch.setattr(loop, "TIERED_LIMIT", 1)
    with pytest.raises(mm.InputError) as err:
        mm.match(p2, previous=first)
    (problem,) = err.value.problems
    assert problem.code == "objective_overflow"


def _brute_face_pricing(face: object, enc: object, net: object, pi: object,
                        in_network: object) -> tuple[int, int]:
    """Violating pairs of phase 2 and the least reduced cost, by enumerating every triple."""
    import numpy as np

    from mentormatch.network import SlotArcs
    from mentormatch.solve.tiers import Face

    assert isinstance(face, Face)
    fp = face.pairs
    n_m, nb = enc.n_m, enc.n_blocks  # type: ignore[attr-defined]
    table = np.repeat(pi[net.mentor_node0: net.mentor_node0 + n_m, None], nb, axis=1)  # type: ignore
    table[net.slot_mentor, net.slot_block] = pi[net.n_s: net.n_s + net.n_slots]  # type: ignore
    have = set(in_network.tolist())  # type: ignore[attr-defined]
    rows = np.arange(len(fp), dtype=np.int64)
    common = fp.common_blocks(enc, rows)  # type: ignore[arg-type]
    n_violating, least = 0, 0
    for r in range(len(fp)):
        s, m = int(fp.si[r]), int(fp.mi[r])
        best = None
        for b in range(nb):
            if not (int(common[r, b >> 6]) >> (b & 63)) & 1:
                continue
            if ((s * n_m + m) * nb + b) in have:
                continue
            one = np.array([s]), np.array([m]), np.array([b])
            if not face.allowed(*one)[0]:
                continue
            arc = SlotArcs(*one, np.array([0]))
            g = int(enc.s_primary[s])  # type: ignore[attr-defined]
            cost = (int(fp.cost[r]) + int(fp.session_cost[g, b]) + face.shift
                    - face.unit * int(face.reward(arc)[0]))
            rc = cost - int(pi[s]) + int(table[m, b])  # type: ignore[index]
            best = rc if best is None else min(best, rc)
        if best is not None and best < 0:
            n_violating += 1
            least = min(least, best)
    return n_violating, least


@settings(_SETTINGS, max_examples=40)
@given(crowded(capped=True))
def test_phase_two_pricing_finds_exactly_the_violating_triples_of_the_face(case: tuple) -> None:
    """``Face.price`` (penalties folded into potentials) against enumeration of the face."""
    from mentormatch.solve.tiers import Face

    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "stable", extra)
    seen: list[tuple[int, int, int, int]] = []
    original = Face.price

    def checked(self: Face, enc: object, net: object, pi: object, in_network: object,
                **kw: object) -> object:
        got = original(self, enc, net, pi, in_network, **kw)  # type: ignore[arg-type]
        n, least = _brute_face_pricing(self, enc, net, pi, in_network)
        seen.append((got.n_violating_pairs, n, got.min_reduced_cost, least))
        return got

    with _phases(True), pytest.MonkeyPatch.context() as mp:
        mp.setattr(Face, "price", checked)
        again = mm.match(p2, previous=first)
    _nothing_lost(p2, again)
    for n_got, n_brute, least_got, least_brute in seen:
        assert (n_got, least_got) == (n_brute, least_brute)
