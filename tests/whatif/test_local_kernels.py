"""The compiled searches of mentormatch.whatif.local give the pure-Python results exactly."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import mentormatch as mm
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import mentor_load_costs
from mentormatch.synth import generate
from mentormatch.whatif import local
from mentormatch.whatif.delta import modified_delta
from mentormatch.whatif.fixes import with_people
from mentormatch.whatif.resolve import Engine, engine, resolve

pytest.importorskip("numba", reason="the compiled searches need mentormatch[fast] (numba)")


@functools.lru_cache(maxsize=1)
def _base() -> tuple[mm.Problem, mm.MatchResult, Engine]:
    problem = generate(400, seed=11)
    result = mm.match(problem)
    return problem, result, engine(problem, result).prepare()


def _both(fn, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``fn()`` with the compiled searches, then in pure Python (each result or exception)."""
    out = []
    for compiled in (True, False):
        monkeypatch.setattr(local, "COMPILED", compiled)
        try:
            out.append(fn())
        except (local.LocalCheckError, OverflowError) as exc:
            out.append(type(exc))
    return out


def test_capacity_cycle_compiled_equals_python(monkeypatch: pytest.MonkeyPatch) -> None:
    problem, result, eng = _base()
    full = [m.mentor_id for m in result.mentors if m.load >= m.capacity][:25]
    assert full
    m_of = eng.ids()[1]
    no_s = np.zeros(eng.enc.n_s, dtype=bool)
    index = eng.pair_index()
    found = 0
    for mid in full:
        j = m_of[mid]
        mentor = next(m for m in problem.mentors if m.id == mid)
        modified = with_people(problem, mentors={mid: mentor.model_copy(
            update={"capacity": mentor.capacity + 1})})
        enc, delta = modified_delta(eng.enc, eng.fp, modified, mentors=(mid,), index=index,
                                    tables=eng.code_tables())
        new_cost = int(mentor_load_costs(enc)[j][-1])

        def run(enc=enc, delta=delta, j=j, new_cost=new_cost):  # type: ignore[no-untyped-def]
            out = local.capacity_cycle(eng.local_graph(), eng.net, eng.flow, eng.arcs, enc,
                                       eng.slot_table(), j, new_cost,
                                       lambda mask, d=delta: d.rows_of(no_s, mask), no_s)
            return out.moved, out.cost_delta, out.settled, out.rounds

        compiled, python = _both(run, monkeypatch)
        assert compiled == python
        found += not isinstance(compiled, type) and bool(compiled[0])
    assert found   # some capacity fixes move pupils (a real cycle was compared)


def test_negative_blocks_compiled_equals_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, eng = _base()
    rng = np.random.default_rng(3)
    rows = np.sort(rng.choice(len(eng.fp), size=min(5000, len(eng.fp)), replace=False))
    pairs = FeasiblePairs(eng.fp.si[rows], eng.fp.mi[rows], eng.fp.cost[rows],
                          eng.fp.session_cost)
    table = eng.slot_table() + rng.integers(-3000, 3000, size=eng.slot_table().shape)
    pi_s = eng.potentials[: eng.enc.n_s]
    compiled, python = _both(lambda: local.negative_blocks_of(eng.enc, pairs, table, pi_s),
                             monkeypatch)
    assert len(compiled[2]) > 0
    for a, b in zip(compiled, python, strict=True):
        assert np.array_equal(a, b)
    row, blk, rc = local.best_blocks_of(eng.enc, pairs, table, pi_s)
    bad = rc < 0
    assert np.array_equal(compiled[0], row[bad])
    assert np.array_equal(compiled[1], blk[bad])


def test_with_people_added_without_validation_equals_validated() -> None:
    problem, _, eng = _base()
    mentor = problem.mentors[0]
    added = (mentor.model_copy(update={"id": "HYPO-1"}),
             mentor.model_copy(update={"id": "HYPO-2"}))
    fast = with_people(problem, added=added)
    slow = mm.Problem(students=problem.students, mentors=(*problem.mentors, *added),
                      policy=problem.policy, equipment=problem.equipment)
    assert fast == slow
    sol = resolve(eng, fast, mentors=("HYPO-1", "HYPO-2"))
    assert sol.optimal
    assert sol.key() == engine(slow, mm.match(slow)).solution.key()
    # an unknown subject still fails validation
    odd = mentor.model_copy(update={"id": "HYPO-3", "subjects": (
        mentor.subjects[0].model_copy(update={"subject": "alchimie"}),)})
    with pytest.raises(mm.InputError):
        with_people(problem, added=(odd,))
