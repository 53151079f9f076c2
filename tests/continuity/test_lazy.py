"""Lazy enumeration of a stable re-run (``mentormatch.continuity.lazy``): same optimum, proved."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_continuity import (
    _SETTINGS,
    _nothing_lost,
    _phases,
    _same_tiers,
    _total_cost,
    _with,
    crowded,
    growing,
)

import mentormatch as mm
from mentormatch import rerun
from mentormatch.candidates.encode import encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.continuity import check_in_force, collect_in_force, lazy, plan
from mentormatch.continuity.lazy import StableGraph
from mentormatch.domain import Problem
from mentormatch.result.changes import change_counts
from mentormatch.solve import tiers as tiers_mod


def _week_later(n: int, newcomers: int, gone: int) -> tuple[Problem, mm.MatchResult, Problem]:
    """``synth.generate(n)`` matched, then newcomers and some volunteers gone, ``"stable"``."""
    first = mm.synth.generate(n)
    before = mm.match(first)
    extra = mm.synth.generate(newcomers, seed=7)
    left = {m.id for m in sorted(first.mentors, key=lambda m: m.id)[::7][:gone]}
    kept = {m.id for m in first.mentors} - left
    students = [s.model_copy(update={
        "current_mentor": s.current_mentor if s.current_mentor in kept else None,
        "excluded_mentors": tuple(x for x in s.excluded_mentors if x in kept)})
        for s in first.students]
    students += [s.model_copy(update={"id": "N" + s.id, "current_mentor": None,
                                      "excluded_mentors": ()}) for s in extra.students]
    policy = first.policy.model_copy(update={"continuity": "stable"})
    return first, before, Problem(students=students,
                                  mentors=[m for m in first.mentors if m.id in kept],
                                  policy=policy)


def _plan(problem: Problem, previous: mm.MatchResult) -> Any:
    enc = encode(problem)
    checked = check_in_force(enc, collect_in_force(problem, previous))
    return plan(enc, checked, "stable")


@pytest.fixture(scope="module")
def week() -> tuple[Problem, mm.MatchResult, Problem]:
    return _week_later(300, 40, 6)


def test_the_lazy_graph_is_the_full_graph_on_the_pairs_it_enumerates(week: tuple) -> None:
    """Same rows, costs and order as the full enumeration; all volunteers seen: equal."""
    _, before, p2 = week
    pl = _plan(p2, before)
    full = feasible_pairs(pl.enc_cost)
    graph = StableGraph.start(pl, feasible_pairs, with_room=True)
    assert graph is not None
    n_m = pl.enc_cost.n_m
    key_full = full.si.astype(np.int64) * n_m + full.mi
    key = graph.enumerated.si.astype(np.int64) * n_m + graph.enumerated.mi
    assert np.isin(key, key_full).all()
    order = np.argsort(key_full, kind="stable")
    at = order[np.searchsorted(key_full[order], key)]
    assert (full.cost[at] == graph.enumerated.cost).all()
    assert len(key) < len(full)
    # pupils without a stable pair: every row; stable pupils: own pair plus volunteers seen
    stable = np.zeros(pl.enc_cost.n_s, dtype=bool)
    stable[pl.stable_si] = True
    own = graph.own_mentor
    expect = ~stable[full.si] | graph.seen[full.mi] | (full.mi == own[full.si])
    assert int(expect.sum()) == len(graph.enumerated)
    graph.extend(np.arange(n_m, dtype=np.int64))
    assert graph.seen.all()
    for name in ("si", "mi", "cost"):
        assert np.array_equal(getattr(graph.enumerated, name), getattr(full, name)), name
    assert graph.pairs is graph.enumerated   # no fixed pairs: nothing restricted


def _phase_one_capture(mp: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    seen: list[tuple[Any, ...]] = []
    original = tiers_mod._face

    def face(net: Any, out: Any, tiers: Any, enc: Any, unit: int, fp: Any,
             cost_enc: Any) -> Any:
        seen.append((net, out.potentials, tiers, enc, fp))
        return original(net, out, tiers, enc, unit, fp, cost_enc)

    mp.setattr(tiers_mod, "_face", face)
    return seen


@pytest.mark.parametrize("with_room", [True, False])
def test_phase_one_bound_proves_every_pair_left_out(week: tuple, with_room: bool) -> None:
    """Against the full graph: rc1 >= 0 on every triple, rc1 >= 1 on those left out."""
    _, before, p2 = week
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tiers_mod, "FOLD_LIMIT", 1)
        mp.setattr(lazy, "START_WITH_ROOM", with_room)
        got = _phase_one_capture(mp)
        result = mm.match(p2, previous=before)
    assert result.certificate.optimal
    assert len(got) == 1
    net, pi, tiers, enc, fp = got[0]
    full = feasible_pairs(_plan(p2, before).enc_cost)
    n_s, n_m, nb = enc.n_s, enc.n_m, enc.n_blocks
    assert len(fp) < len(full)
    slot = np.repeat(pi[net.mentor_node0: net.mentor_node0 + n_m, None], nb, axis=1)
    slot[net.slot_mentor, net.slot_block] = pi[n_s: n_s + net.n_slots]
    words = full.common_blocks(enc, np.arange(len(full), dtype=np.int64))
    bits = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little")[:, :nb].astype(bool)
    row, blk = np.nonzero(bits)
    si, mi = full.si[row].astype(np.int64), full.mi[row].astype(np.int64)
    own = tiers.stay_key[si]
    rc1 = ((own >= 0) & (mi * nb + blk != own)).astype(np.int64) - pi[si] + slot[mi, blk]
    assert rc1.min() >= 0
    in_fp = np.isin(si * n_m + mi, fp.si.astype(np.int64) * n_m + fp.mi)
    assert (~in_fp).any()
    assert rc1[~in_fp].min() >= 1


@settings(_SETTINGS, max_examples=60)
@given(growing() | crowded(), st.booleans())
def test_lazy_enumeration_reaches_the_full_enumeration_optimum(case: tuple,
                                                               with_room: bool) -> None:
    """Two phases on the lazy graph: coverage, moves and cost of the full graph's."""
    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "stable", extra)
    with _phases(True), pytest.MonkeyPatch.context() as mp:
        mp.setattr(lazy, "START_WITH_ROOM", with_room)
        lazy_run = mm.match(p2, previous=first)
        mp.setattr(rerun, "LAZY_ENUMERATION", False)
        full_run = mm.match(p2, previous=first)
    _nothing_lost(p2, lazy_run)
    _same_tiers(lazy_run, full_run)
    assert [u.reasons for u in lazy_run.unmatched] == [u.reasons for u in full_run.unmatched]


def test_the_folded_tiers_enumerate_every_pair(week: tuple) -> None:
    """One objective (its MOVE bounds every pair's cost): no lazy graph, as before."""
    _, before, p2 = week
    with pytest.MonkeyPatch.context() as mp:
        starts: list[bool] = []
        original = StableGraph.start

        def start(*args: Any, **kw: Any) -> Any:
            starts.append(True)
            return original(*args, **kw)

        mp.setattr(StableGraph, "start", start)
        result = mm.match(p2, previous=before)
        mp.setattr(rerun, "LAZY_ENUMERATION", False)
        full = mm.match(p2, previous=before)
    assert not starts
    assert result.certificate.feasible_pairs == full.certificate.feasible_pairs
    assert [(q.student_id, q.mentor_id, q.session) for q in result.pairs] == \
        [(q.student_id, q.mentor_id, q.session) for q in full.pairs]


@settings(_SETTINGS, max_examples=60)
@given(growing() | crowded() | crowded(capped=True), st.booleans())
def test_phases_started_from_the_pairs_in_force_reach_the_cold_optimum(case: tuple,
                                                                      lazy_graph: bool) -> None:
    """The assignment reduction's warm starts (phase 1 from the pairs in force, phase 2 from
    phase 1's flow): coverage, moves and cost of the cold solves, certified."""
    p, extra = case
    first = mm.match(p)
    p2 = _with(p, "stable", extra)
    with _phases(True), pytest.MonkeyPatch.context() as mp:
        mp.setattr(rerun, "LAZY_ENUMERATION", lazy_graph)
        warm = mm.match(p2, previous=first, backend="assignment")
        mp.setattr(tiers_mod, "WARM_PHASE_ONE", False)
        cold = mm.match(p2, previous=first, backend="assignment")
    _nothing_lost(p2, warm)
    _same_tiers(warm, cold)


@settings(_SETTINGS, max_examples=40)
@given(growing() | crowded(), st.data())
def test_lazy_enumeration_with_locked_pairs_and_no_newcomer(case: tuple,
                                                            data: st.DataObject) -> None:
    """Locked pairs (fixed, places restricted) and sometimes no newcomer (every pupil
    stable): the lazy graph's optimum is the full graph's, locked pairs unchanged."""
    p, extra = case
    first = mm.match(p)
    locked = set(data.draw(st.lists(st.sampled_from([q.student_id for q in first.pairs]),
                                    unique=True)) if first.pairs else [])
    studs = [s.model_copy(update={"locked": s.id in locked}) for s in p.students]
    newcomers = extra if data.draw(st.booleans()) else []
    p2 = Problem(students=[*studs, *newcomers], mentors=p.mentors,
                 policy=p.policy.model_copy(update={"continuity": "stable"}))
    with _phases(True), pytest.MonkeyPatch.context() as mp:
        mp.setattr(lazy, "START_WITH_ROOM", data.draw(st.booleans()))
        lazy_run = mm.match(p2, previous=first)
        mp.setattr(rerun, "LAZY_ENUMERATION", False)
        full_run = mm.match(p2, previous=first)
    _nothing_lost(p2, lazy_run)
    assert lazy_run.matched_weight == full_run.matched_weight
    assert change_counts(lazy_run.changes) == change_counts(full_run.changes)
    assert _total_cost(lazy_run) == _total_cost(full_run)
    before = {q.student_id: (q.mentor_id, q.session) for q in first.pairs}
    after = {q.student_id: (q.mentor_id, q.session) for q in lazy_run.pairs}
    assert all(after.get(s) == before[s] for s in locked)


def test_many_stable_pupils_take_the_two_phases_even_when_they_fold(week: tuple) -> None:
    """From ``PHASES_FROM`` stable pupils: two phases on the lazy graph, the folded optimum."""
    _, before, p2 = week
    folded = mm.match(p2, previous=before)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tiers_mod, "PHASES_FROM", 1)
        phased = mm.match(p2, previous=before)
    assert "tier_phases" not in folded.timings
    assert phased.timings["tier_phases"] == 2
    assert phased.certificate.feasible_pairs < folded.certificate.feasible_pairs   # lazy
    assert phased.certificate.optimal
    assert phased.matched_weight == folded.matched_weight
    assert change_counts(phased.changes) == change_counts(folded.changes)
    assert _total_cost(phased) == _total_cost(folded)
