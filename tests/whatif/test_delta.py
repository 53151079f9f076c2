"""The delta encoding and graph of a what-if equal a full encode + feasible_pairs."""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentormatch as mm
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.synth import generate
from mentormatch.whatif.delta import Delta, PairIndex, modified, modified_delta, variant_pairs
from mentormatch.whatif.fixes import with_people
from strategies import problems


@functools.lru_cache(maxsize=1)
def _base() -> tuple[mm.Problem, Encoded, FeasiblePairs]:
    problem = generate(600, seed=8)
    enc = encode(problem)
    return problem, enc, feasible_pairs(enc)


def _triples(enc: Encoded, fp: FeasiblePairs) -> list[tuple[str, str, int]]:
    return sorted(zip([enc.student_ids[i] for i in fp.si], [enc.mentor_ids[j] for j in fp.mi],
                      fp.cost.tolist(), strict=True))


def _same(p2: mm.Problem, enc: Encoded, fp: FeasiblePairs, students: tuple[str, ...],
          mentors: tuple[str, ...]) -> None:
    e2, f2 = modified(enc, fp, p2, students=students, mentors=mentors)
    e3 = encode(p2)
    assert _triples(e2, f2) == _triples(e3, feasible_pairs(e3))
    # sorted by pupil, then cost
    step = np.diff(f2.si.astype(np.int64))
    assert np.all((step > 0) | ((step == 0) & (np.diff(f2.cost.astype(np.int64)) >= 0)))
    order = [e2.mentor_ids.index(x) for x in e3.mentor_ids]
    np.testing.assert_array_equal(e2.m_capacity[order], e3.m_capacity)
    np.testing.assert_array_equal(e2.s_level, e3.s_level)


def test_changed_pupil_mentor_and_added_mentor() -> None:
    problem, enc, fp = _base()
    st_ = problem.students[7]
    m = problem.mentors[3]
    needs = st_.needs if "aide aux devoirs" in st_.needs else (*st_.needs, "aide aux devoirs")
    _same(with_people(problem, students={st_.id: st_.model_copy(update={
        "has_device": True, "has_connection": True, "needs": needs, "level": "CE1"})}),
        enc, fp, (st_.id,), ())
    _same(with_people(problem, mentors={m.id: m.model_copy(update={"max_travel_km": 45.0})}),
          enc, fp, (), (m.id,))
    _same(with_people(problem, mentors={m.id: m.model_copy(update={"capacity": 9})}),
          enc, fp, (), (m.id,))
    _same(with_people(problem, added=(
        m.model_copy(update={"id": "NEW", "languages": ("fr", "zz"), "association": "Neuve"}),)),
        enc, fp, (), ("NEW",))


def test_exclusions_of_changed_and_added_people() -> None:
    """A changed or added person's own exclusions hold (hypothesis found an added copy of a
    volunteer that kept a pair its list excluded)."""
    problem, enc, fp = _base()
    j = int(np.argmax(np.bincount(fp.mi, minlength=enc.n_m)))   # the most pupils
    m = next(x for x in problem.mentors if x.id == enc.mentor_ids[j])
    mates = [enc.student_ids[i] for i in np.unique(fp.si[fp.mi == j])[:3]]
    assert len(mates) == 3
    s = next(x for x in problem.students if x.id == mates[0])
    # an added copy that excludes two of the volunteer's pupils
    _same(with_people(problem, added=(m.model_copy(update={
        "id": "NEW", "excluded_students": tuple(mates[1:])}),)), enc, fp, (), ("NEW",))
    # a changed volunteer excluding, then a changed pupil excluding
    _same(with_people(problem, mentors={m.id: m.model_copy(update={
        "excluded_students": tuple(mates)})}), enc, fp, (), (m.id,))
    _same(with_people(problem, students={s.id: s.model_copy(update={
        "excluded_mentors": (m.id,)})}), enc, fp, (s.id,), ())
    # both sides name the pair: dropping it on one side keeps it excluded
    both = mm.Problem(**{**{n: getattr(problem, n) for n in type(problem).model_fields},
                         "students": tuple(x.model_copy(update={"excluded_mentors": (m.id,)})
                                           if x.id == s.id else x for x in problem.students),
                         "mentors": tuple(x.model_copy(update={"excluded_students": (s.id,)})
                                          if x.id == m.id else x for x in problem.mentors)})
    e2 = encode(both)
    f2 = feasible_pairs(e2)
    _same(with_people(both, mentors={m.id: m}), e2, f2, (), (m.id,))
    _same(with_people(both, students={s.id: s}), e2, f2, (s.id,), ())
    # an added volunteer that is also a pupil (same ID): never paired with themselves
    _same(with_people(problem, added=(m.model_copy(update={"id": s.id}),)),
          enc, fp, (), (s.id,))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=6, max_mentors=4), pick=st.integers(0, 50))
def test_delta_on_tiny_problems(problem: mm.Problem, pick: int) -> None:
    enc = encode(problem)
    fp = feasible_pairs(enc)
    s = problem.students[pick % len(problem.students)]
    m = problem.mentors[pick % len(problem.mentors)]
    _same(with_people(problem, students={s.id: s.model_copy(update={
        "has_device": not s.has_device, "modality": "either"})}), enc, fp, (s.id,), ())
    _same(with_people(problem, added=(m.model_copy(update={"id": "ZZ-NEW"}),)),
          enc, fp, (), ("ZZ-NEW",))


def _rows_by_sort(delta: Delta, pupils: np.ndarray, mentors: np.ndarray) -> FeasiblePairs:
    """The rows of some people selected with a mask and sorted (the reference)."""
    b, x = delta.base, delta.extra
    pick = pupils[b.si] | mentors[b.mi]
    if delta.drop is not None:
        pick &= ~delta.drop
    more = pupils[x.si] | mentors[x.mi]
    si = np.concatenate([b.si[pick], x.si[more]])
    mi = np.concatenate([b.mi[pick], x.mi[more]])
    cost = np.concatenate([b.cost[pick], x.cost[more]])
    order = np.lexsort((mi, cost, si))
    return FeasiblePairs(si[order], mi[order], cost[order], b.session_cost)


def test_rows_of_merges_like_a_sort() -> None:
    """Delta.rows_of inserts the new rows (a merge): the same rows, in the same order, as a sort."""
    problem, enc, fp = _base()
    index = PairIndex.of(fp, enc.n_s, enc.n_m)
    m = problem.mentors[3]
    st_ = problem.students[7]
    cases = [
        (with_people(problem, mentors={m.id: m.model_copy(update={"max_travel_km": 45.0})}),
         (), (m.id,)),
        (with_people(problem, students={st_.id: st_.model_copy(update={
            "has_device": True, "has_connection": True, "modality": "either"})}), (st_.id,), ()),
        (with_people(problem, added=(m.model_copy(update={"id": "NEW"}),
                                     m.model_copy(update={"id": "NEW2"}))), (), ("NEW", "NEW2")),
    ]
    rng = np.random.default_rng(3)
    for p2, students, mentors in cases:
        e2, delta = modified_delta(enc, fp, p2, students=students, mentors=mentors, index=index)
        assert len(delta.extra)
        for frac in (0.01, 0.2, 1.0):
            pupils = rng.random(e2.n_s) < frac
            vols = rng.random(e2.n_m) < frac / 4
            vols[np.unique(delta.extra.mi)] = True
            got = delta.rows_of(pupils, vols)
            want = _rows_by_sort(delta, pupils, vols)
            for name in ("si", "mi", "cost"):
                np.testing.assert_array_equal(getattr(got, name), getattr(want, name))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_students=6, max_mentors=4), pick=st.integers(0, 50),
       masks=st.integers(0, 2**20))
def test_rows_of_merge_on_tiny_problems(problem: mm.Problem, pick: int, masks: int) -> None:
    enc = encode(problem)
    fp = feasible_pairs(enc)
    index = PairIndex.of(fp, enc.n_s, enc.n_m)
    m = problem.mentors[pick % len(problem.mentors)]
    s = problem.students[pick % len(problem.students)]
    for p2, students, mentors in (
            (with_people(problem, added=(m.model_copy(update={"id": "ZZ-NEW"}),)), (),
             ("ZZ-NEW",)),
            (with_people(problem, students={s.id: s.model_copy(update={
                "has_device": not s.has_device, "modality": "either"})}), (s.id,), ())):
        e2, delta = modified_delta(enc, fp, p2, students=students, mentors=mentors, index=index)
        bits = [(masks >> k) & 1 == 1 for k in range(e2.n_s + e2.n_m)]
        pupils = np.array(bits[: e2.n_s], dtype=bool)
        vols = np.array(bits[e2.n_s:], dtype=bool)
        got = delta.rows_of(pupils, vols)
        want = _rows_by_sort(delta, pupils, vols)
        for name in ("si", "mi", "cost"):
            np.testing.assert_array_equal(getattr(got, name), getattr(want, name))


def test_variant_pairs_equal_a_full_encoding_of_each_variant() -> None:
    problem, enc, _ = _base()
    for s in problem.students[:40:8]:
        variants = (
            s.model_copy(update={"has_device": True, "has_connection": True,
                                 "modality": "either"}),
            s.model_copy(update={"needs": (*s.needs, "aide aux devoirs")}
                         if "aide aux devoirs" not in s.needs else {"needs": s.needs[:1]}),
        )
        row = enc.student_ids.index(s.id)
        got = variant_pairs(enc, row, variants)
        for v, fp in zip(variants, got, strict=True):
            p2 = with_people(problem, students={s.id: v})
            e3 = encode(p2)
            f3 = feasible_pairs(e3)
            i3 = e3.student_ids.index(s.id)
            want = sorted(zip([e3.mentor_ids[j] for j in f3.mi[f3.si == i3]],
                              f3.cost[f3.si == i3].tolist(), strict=True))
            assert np.all(fp.si == 0)
            assert sorted(zip([enc.mentor_ids[j] for j in fp.mi], fp.cost.tolist(),
                              strict=True)) == want


def test_positions_are_kept_by_the_engine_not_the_module() -> None:
    """Issue 17: no module-level cache keeps people tuples alive in a long-running service."""
    from mentormatch.whatif import delta
    from mentormatch.whatif.resolve import engine

    assert not any(isinstance(v, list) and v and isinstance(v[0], tuple)
                   for k, v in vars(delta).items() if k.startswith("_"))
    problem = generate(60, seed=2)
    eng = engine(problem, mm.match(problem)).prepare()
    where = eng.positions(problem.mentors)
    assert where is eng.positions(problem.mentors)   # built once
    assert where == {m.id: k for k, m in enumerate(problem.mentors)}
    other = with_people(problem, mentors={problem.mentors[0].id: problem.mentors[0].model_copy(
        update={"capacity": 9})}, where_of=eng.positions)
    assert eng.positions(other.mentors) == where          # right, and not kept
    assert len(eng._positions) == 2   # the engine's own pupils and volunteers only
    assert delta.positions(problem.students) == {s.id: k for k, s in enumerate(problem.students)}


def test_pair_index_rows_of_short_masks() -> None:
    """A mask shorter than the index (an empty one: "none") selects as if padded with False.

    On a graph of a few pairs the one-pass branch repeats the masks along the
    index, which needs them full length (found by a hypothesis test of issue 17).
    """
    _, enc, fp = _base()
    few = FeasiblePairs(fp.si[:10], fp.mi[:10], fp.cost[:10], fp.session_cost)
    index = PairIndex.of(few, enc.n_s, enc.n_m)
    pupils = np.zeros(enc.n_s, dtype=bool)
    pupils[few.si[0]] = True
    want = np.flatnonzero(few.si == few.si[0])
    for mentors in (np.zeros(0, dtype=bool), np.zeros(enc.n_m, dtype=bool)):
        assert index.rows(pupils, mentors).tolist() == want.tolist()
        assert index.rows(np.zeros(0, dtype=bool), mentors).tolist() == []
    m = np.zeros(enc.n_m, dtype=bool)
    m[few.mi[3]] = True
    assert index.rows(np.zeros(0, dtype=bool), m).tolist() == np.flatnonzero(
        few.mi == few.mi[3]).tolist()
