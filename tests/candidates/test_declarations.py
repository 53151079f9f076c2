"""The battery every rule and cost term goes through, derived from their declarations.

In the spirit of scikit-learn's ``parametrize_with_checks``: the tests below are
parametrised over :data:`~mentormatch.candidates.rules.RULES` and
:data:`~mentormatch.candidates.costs.TERMS`, so a new rule or term is checked
(fast enumerator against the reference, words, reasons, breakdown) without
editing this file.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import mentormatch as mm
from mentormatch import Mentor, Policy, Problem
from mentormatch.candidates import costs, rules
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import feasible_pairs
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.reference import evaluate_pairs, feasible_mask
from mentormatch.candidates.rules import RULE_ORDER, RULES, Rule
from mentormatch.candidates.rules.device import remote_ok
from mentormatch.domain.availability import Availability, Window, merge_windows
from mentormatch.result.codes import REASON_CODES
from mentormatch.result.labels import LANGS, reason_label, rule_label
from mentormatch.result.reasons import elimination_counts
from mentormatch.synth import generate


def _with_self_pairs(problem: Problem, k: int = 6) -> Problem:
    """Add ``k`` volunteers who are also pupils, each a copy of a volunteer that pupil could
    have: the copies fail the ``self`` rule and nothing else."""
    enc = encode(problem)
    fp = feasible_pairs(enc, memory_budget=None)
    first = np.flatnonzero(np.r_[True, fp.si[1:] != fp.si[:-1]])[:k]
    twins = [enc.mentors[int(fp.mi[i])].model_copy(
        update={"id": enc.student_ids[int(fp.si[i])]}) for i in first]
    return Problem(students=problem.students, mentors=[*problem.mentors, *twins],
                   policy=problem.policy)


def _with_languages(problem: Problem, k: int = 20) -> Problem:
    """Make ``k`` pupils speak Arabic only: most of their volunteers now fail ``language``."""
    students = list(problem.students)
    for i in range(k):
        students[i] = students[i].model_copy(update={"languages": ("ar",)})
    return Problem(students=students, mentors=problem.mentors, policy=problem.policy)


def _one_day_each(problem: Problem, k: int = 70) -> Problem:
    """Move all the windows of ``k`` pupils and ``k`` volunteers onto one day each, cycling
    through the seven days: people free on one day only, whatever the day."""

    def moved(person: Any, i: int) -> Any:
        windows = merge_windows(Window(i % 7, w.start, w.end) for w in person.availability.windows)
        return person.model_copy(update={"availability": Availability(windows=windows)})

    return Problem(students=[moved(s, i) if i < k else s for i, s in enumerate(problem.students)],
                   mentors=[moved(m, i) if i < k else m for i, m in enumerate(problem.mentors)],
                   policy=problem.policy)


def _with_policy(problem: Problem, **update: object) -> Problem:
    policy = Policy.model_validate({**problem.policy.model_dump(), **update})
    return Problem(students=problem.students, mentors=problem.mentors, policy=policy)


@functools.cache
def _pool() -> tuple[Encoded, ...]:
    """Small instances on which, between them, every rule is the only one removing pairs."""
    base = generate(300, seed=0)
    problems = [
        base,
        _with_policy(generate(300, seed=1), max_pair_cost=6.0),
        _with_self_pairs(_with_languages(generate(200, seed=2))),
        _with_policy(generate(300, seed=3), session_minutes=30, default_travel_km=3.0),
        _one_day_each(generate(300, seed=5)),
    ]
    return tuple(encode(p) for p in problems)


@dataclass(frozen=True)
class _Grid:
    """Every pupil × volunteer pair of an instance, and which rules each pair passes."""

    si: NDArray[np.int64]
    mi: NDArray[np.int64]
    passes: dict[str, NDArray[np.bool_]]


def _grid(enc: Encoded) -> _Grid:
    si = np.repeat(np.arange(enc.n_s, dtype=np.int64), enc.n_m)
    mi = np.tile(np.arange(enc.n_m, dtype=np.int64), enc.n_s)
    remote = remote_ok(enc, si, mi)
    passes = {r.key: r.passes(enc, si, mi, remote) for r in RULES if r.stage != "cost"}
    feasible = np.logical_and.reduce(list(passes.values()))
    for r in RULES:
        if r.stage == "cost":  # a cost rule is asked only about pairs passing the others
            ok = np.ones(len(si), dtype=bool)
            ok[feasible] = r.check(enc, si[feasible], mi[feasible])
            passes[r.key] = ok
    return _Grid(si, mi, passes)


def _implying(rule: Rule) -> set[str]:
    """Keys of the rules whose passing implies ``rule``'s (``implied_by``, transitively)."""
    by_key = {r.key: r for r in RULES}
    out: set[str] = set()
    todo = list(rule.implied_by)
    while todo:
        key = todo.pop()
        if key not in out:
            out.add(key)
            todo += by_key[key].implied_by
    return out


def _only_remover(rule: Rule, grid: _Grid) -> NDArray[np.bool_]:
    """Pairs the rule removes that every other rule admits (rules that imply it aside)."""
    out = ~grid.passes[rule.key]
    implying = _implying(rule)
    for other in RULES:
        if other.key != rule.key and other.key not in implying:
            out &= grid.passes[other.key]
    return out


def _dense_reference(enc: Encoded) -> tuple[NDArray[np.int64], ...]:
    """The reference graph: every pair through every rule, sorted by pupil, cost, volunteer."""
    grid = _grid(enc)
    si, mi = grid.si, grid.mi
    keep = feasible_mask(enc, si, mi)
    si, mi = si[keep], mi[keep]
    terms = evaluate_pairs(enc, si, mi).total
    cost = quantise(terms, enc.problem.policy.cost_scale, "pair")
    for r in RULES:
        if r.on_cost is not None:
            limit = r.on_cost(enc, si, mi, terms)
            if limit is not None:
                ok = limit > 0
                si, mi, cost, terms = si[ok], mi[ok], cost[ok], terms[ok]
    order = np.lexsort((mi, cost, si))
    return si[order], mi[order], cost[order]


@pytest.mark.parametrize("rule", RULES, ids=RULE_ORDER)
def test_fast_path_agrees(rule: Rule) -> None:
    """The fast enumerator equals the reference on an instance where ``rule`` alone (or with
    the rules implying it) removes pairs: it fails if production mis-implements the rule."""
    for enc in _pool():
        only = _only_remover(rule, _grid(enc))
        if only.any():
            break
    else:
        pytest.fail(f"no instance of the pool where rule {rule.key!r} is the only one removing "
                    "pairs: add one to _pool()")
    grid = _grid(enc)
    got = feasible_pairs(enc, memory_budget=None)
    ref = _dense_reference(enc)
    for a, b in zip((got.si, got.mi, got.cost), ref, strict=True):
        np.testing.assert_array_equal(a, b)
    removed = grid.si[only] * enc.n_m + grid.mi[only]
    assert not np.isin(got.si.astype(np.int64) * enc.n_m + got.mi, removed).any()


@pytest.mark.parametrize("rule", [r for r in RULES if r.implied_by], ids=lambda r: r.key)
def test_declared_implications_hold(rule: Rule) -> None:
    """A rule production enforces through others (``implied_by``) is truly implied by them."""
    for enc in _pool():
        grid = _grid(enc)
        for key in rule.implied_by:
            assert not (grid.passes[key] & ~grid.passes[rule.key]).any(), (rule.key, key)


def _declared(package: object, kinds: tuple[type, ...]) -> list[object]:
    """Every object of type ``kinds`` declared at the top of a module of ``package``."""
    found = []
    for info in pkgutil.iter_modules(package.__path__):  # type: ignore[attr-defined]
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")  # type: ignore[attr-defined]
        mod_found = [v for v in vars(module).values() if isinstance(v, kinds)
                     and v.__class__.__module__.endswith("._base")]
        assert mod_found, f"{module.__name__} declares no {kinds}"
        found += mod_found
    return found


def test_every_rule_module_is_registered() -> None:
    declared = _declared(rules, (Rule,))
    assert {id(r) for r in declared} == {id(r) for r in RULES}
    assert len({r.key for r in RULES}) == len(RULES)
    assert tuple(r.key for r in RULES) == RULE_ORDER
    assert RULES[-1].stage == "cost" or all(r.stage != "cost" for r in RULES)


def test_every_term_module_is_registered() -> None:
    kinds = (costs.PairTerm, costs.FlagTerm, costs.SessionTerm, costs.LoadTerm)
    declared = _declared(costs, kinds)
    assert {id(t) for t in declared} == {id(t) for t in costs.TERMS}
    assert len({t.name for t in costs.TERMS}) == len(costs.TERMS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rule", RULES, ids=RULE_ORDER)
def test_rule_words(rule: Rule, lang: str) -> None:
    words = getattr(rule.words, lang)
    assert words.strip()
    assert rule_label(rule.key, lang) == words


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", REASON_CODES)
def test_reason_code_words(code: str, lang: str) -> None:
    assert reason_label(code, lang) != code.replace("_", " ")


def test_reasons_count_every_rule() -> None:
    enc = _pool()[1]
    counts = elimination_counts(enc, np.arange(enc.n_s, dtype=np.int64))
    assert counts.shape == (enc.n_s, len(RULES))
    fp = feasible_pairs(enc, memory_budget=None)
    # the volunteers passing every rule are exactly the pupil's feasible pairs
    np.testing.assert_array_equal(counts.sum(axis=1) + np.bincount(fp.si, minlength=enc.n_s),
                                  enc.n_m)


def test_breakdown_keys_are_the_terms() -> None:
    result = mm.match(generate(120, seed=4))
    assert result.pairs
    for p in result.pairs:
        assert tuple(p.breakdown) == costs.BREAKDOWN_KEYS
    enc = encode(generate(60, seed=4))
    fp = feasible_pairs(enc, memory_budget=None)
    ev = evaluate_pairs(enc, fp.si.astype(np.int64), fp.mi.astype(np.int64))
    assert tuple(ev.terms) == tuple(t.name for t in costs.PAIR_TERMS)


def test_unmatched_codes_are_declared() -> None:
    s = mm.Student(id="s", level="6e", needs=["maths"], availability="lun 17-18",
                   location={"latitude": 48.9, "longitude": 2.35}, modality="in_person")
    m = Mentor(id="m", subjects=["anglais"], availability="lun 17-18",
               location={"latitude": 48.9, "longitude": 2.35}, modality="in_person")
    result = mm.match(Problem(students=[s], mentors=[m]))
    assert {c for u in result.unmatched for c in u.codes} <= set(REASON_CODES)
