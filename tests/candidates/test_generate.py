"""Bucketed candidate generation equals the former dense generation, pair for pair.

:func:`_reference_feasible_pairs` is the original implementation (a dense
pupils × *all* volunteers prefilter on level and availability, then every
rule and :func:`evaluate_pairs` on the survivors), kept here as the oracle:
the bucketed generator must return the same pairs, in the same order, with
the same quantised costs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from numpy.typing import NDArray

from mentormatch import Policy, Problem
from mentormatch.candidates import costs
from mentormatch.candidates.encode import Encoded, encode
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs, iter_feasible_blocks
from mentormatch.candidates.quantise import quantise
from mentormatch.candidates.reference import evaluate_pairs, feasible_mask
from mentormatch.synth import generate
from strategies import problems


def _dense_prefilter(enc: Encoded, lo: int, hi: int) -> tuple[NDArray[np.int64], ...]:
    needs = enc.s_needs[lo:hi]
    lv = enc.m_offer_level[:, np.maximum(needs, 0)]
    teach = ((lv >= enc.s_level[lo:hi][None, :, None]) & (needs >= 0)[None]).any(axis=2)
    common = (enc.m_avail[:, None, :] & enc.s_avail[None, lo:hi, :]).any(axis=2)
    mi, bi = np.nonzero(teach & common)
    return bi.astype(np.int64) + lo, mi.astype(np.int64)


def _allowed_sessions(enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
                      total: NDArray[np.float64]) -> NDArray[np.bool_]:
    """``(pairs, blocks)``: common sessions keeping the reported cost within the cap.

    The reported cost is ``sum(Pair.breakdown.values())``: the pair terms, then
    the session term, added in that order (what ``total + session`` computes).
    """
    policy = enc.problem.policy
    bits = np.unpackbits((enc.s_avail[si] & enc.m_avail[mi]).view(np.uint8), axis=1,
                         bitorder="little")[:, : enc.n_blocks].astype(bool)
    if policy.max_pair_cost is None:
        return bits
    session = costs.session_costs(policy)[enc.s_primary[si].astype(np.int64)]
    return bits & (total[:, None] + session <= policy.max_pair_cost)


def _reference_feasible_pairs(enc: Encoded) -> FeasiblePairs:
    """The original dense implementation (the oracle)."""
    policy = enc.problem.policy
    scale = policy.cost_scale
    block = max(1, 4_000_000 // max(enc.n_m, 1))
    parts_s, parts_m, parts_c = [], [], []
    for lo in range(0, enc.n_s, block):
        hi = min(enc.n_s, lo + block)
        si, mi = _dense_prefilter(enc, lo, hi)
        keep = feasible_mask(enc, si, mi)
        si, mi = si[keep], mi[keep]
        total = evaluate_pairs(enc, si, mi).total
        cost = quantise(total, scale, "pair")
        if policy.max_pair_cost is not None:
            ok = _allowed_sessions(enc, si, mi, total).any(axis=1)
            si, mi, cost = si[ok], mi[ok], cost[ok]
        order = np.lexsort((mi, cost, si))
        parts_s.append(si[order].astype(np.int32))
        parts_m.append(mi[order].astype(np.int32))
        parts_c.append(cost[order])
    session = quantise(costs.session_costs(policy), scale, "session")
    if not parts_s:
        empty = np.zeros(0, dtype=np.int32)
        return FeasiblePairs(empty, empty, np.zeros(0, dtype=np.int64), session)
    return FeasiblePairs(np.concatenate(parts_s), np.concatenate(parts_m),
                         np.concatenate(parts_c), session)


def _assert_same(enc: Encoded) -> None:
    got, ref = feasible_pairs(enc), _reference_feasible_pairs(enc)
    assert len(got) == len(ref)
    np.testing.assert_array_equal(got.si, ref.si)
    np.testing.assert_array_equal(got.mi, ref.mi)
    np.testing.assert_array_equal(got.cost, ref.cost)
    np.testing.assert_array_equal(got.session_cost, ref.session_cost)
    assert got.si.dtype == np.int32
    assert got.mi.dtype == np.int32
    # the cost column is int16 when every cost fits it (10 bytes a pair), else int32
    narrow = not len(ref) or (int(ref.cost.min()) >= -(1 << 15) and int(ref.cost.max()) < 1 << 15)
    assert got.cost.dtype == (np.int16 if narrow else np.int32)
    # the sessions each pair may use: the cost cap holds on the cost with its session
    rows = np.arange(len(got), dtype=np.int64)
    usable = np.unpackbits(got.common_blocks(enc, rows).view(np.uint8), axis=1,
                           bitorder="little")[:, : enc.n_blocks].astype(bool)
    si, mi = got.si.astype(np.int64), got.mi.astype(np.int64)
    expected = _allowed_sessions(enc, si, mi, evaluate_pairs(enc, si, mi).total)
    np.testing.assert_array_equal(usable, expected)


@given(problems(max_students=8, max_mentors=6))
def test_bucketed_equals_dense_reference_small(problem: Problem) -> None:
    _assert_same(encode(problem))


@pytest.mark.parametrize(("n", "seed"), [(200, 0), (200, 7), (700, 1), (1500, 2), (3000, 3)])
def test_bucketed_equals_dense_reference_synthetic(n: int, seed: int) -> None:
    _assert_same(encode(generate(n, seed=seed)))


@pytest.mark.parametrize("update", [
    {"require_common_language": False, "respect_gender_preference": False},
    {"clearance_for_minors_in_person": False, "remote_requires_device": False},
    {"remote_requires_connection": False, "max_pair_cost": 4.0},
    {"default_travel_km": 0.0, "session_minutes": 30},
])
def test_bucketed_equals_dense_reference_policies(update: dict[str, object]) -> None:
    problem = generate(600, seed=5)
    policy = problem.policy.model_copy(update=update)
    problem = Problem(students=problem.students, mentors=problem.mentors,
                      policy=Policy.model_validate(policy.model_dump()))
    _assert_same(encode(problem))


@pytest.mark.parametrize("scale", [3000, 100_000])
def test_cost_column_widens_when_a_cost_passes_int16(scale: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Costs beyond int16 (a large ``cost_scale``) widen the column to int32, exactly.

    With blocks of a few pupils, the widening happens mid-enumeration at scale 3000
    (the first block's costs fit int16, the second's do not): the pairs stored before
    it keep their values.
    """
    from mentormatch.candidates import generate as gen

    monkeypatch.setattr(gen, "BLOCK_CELLS", 3 * 200)
    problem = generate(300, seed=2)
    problem = Problem(students=problem.students, mentors=problem.mentors,
                      policy=problem.policy.model_copy(update={"cost_scale": scale}))
    enc = encode(problem)
    ref = _reference_feasible_pairs(enc)
    assert int(ref.cost.max()) > 32_767
    if scale == 3000:   # the first block fits int16: the column widens later
        assert int(next(gen._unsorted_blocks(enc, None))[2].max()) <= 32_767
    _assert_same(enc)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_threads_enumerate_the_same_graph(workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks enumerated by a thread pool are yielded in order: the same graph."""
    from mentormatch.candidates import generate as gen

    enc = encode(generate(800, seed=4))
    monkeypatch.setattr(gen, "BLOCK_CELLS", 50 * enc.n_m)   # 16 blocks
    monkeypatch.setattr(gen, "WORKERS", workers)
    _assert_same(enc)


def test_blocks_concatenate_to_the_graph() -> None:
    enc = encode(generate(800, seed=4))
    whole = feasible_pairs(enc)
    blocks = list(iter_feasible_blocks(enc, block_cells=50 * enc.n_m))
    assert len(blocks) == 16
    np.testing.assert_array_equal(np.concatenate([b[0] for b in blocks]), whole.si)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in blocks]), whole.mi)
    np.testing.assert_array_equal(np.concatenate([b[2] for b in blocks]), whole.cost)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_bucketed_equals_dense_reference_10k(seed: int) -> None:
    _assert_same(encode(generate(10_000, seed=seed)))


def test_sort_block_falls_back_to_lexsort_on_wide_keys() -> None:
    from mentormatch.candidates.generate import _sort_block

    rng = np.random.default_rng(0)
    si = rng.integers(100, 140, 500)
    mi = rng.integers(0, 3000, 500)
    cost = rng.integers(0, 2**31 - 1, 500)  # 6 + 31 + 12 bits: packed key fits
    cost[:250] = rng.integers(0, 4, 250)
    order = np.lexsort((mi, cost, si))
    for wide in (False, True):
        n_m = 2**40 if wide else 3000  # 40-bit volunteer field: no longer fits
        got = _sort_block(si, mi, cost, 100, n_m)
        np.testing.assert_array_equal(got[0], si[order])
        np.testing.assert_array_equal(got[1], mi[order])
        np.testing.assert_array_equal(got[2], cost[order])


@pytest.mark.parametrize(("lo", "c_lo", "c_span", "n_m"), [
    (0, 0, 600, 3000),                # radix: every field 16 bits
    (70_000, -40_000, 60_000, 65_536),  # radix: negative costs, pupils past 2**16
    (5, 100_000, 70_000, 3000),        # costs wider than 16 bits: packed key
    (5, 0, 600, 70_000),               # volunteers wider than 16 bits: packed key
])
def test_sort_block_orders_by_pupil_cost_volunteer(lo: int, c_lo: int, c_span: int,
                                                   n_m: int) -> None:
    """Every way of sorting a block (radix, packed key) gives the lexsort's order."""
    from mentormatch.candidates.generate import _sort_block

    rng = np.random.default_rng(lo + n_m)
    pairs = rng.choice(200 * n_m, size=3000, replace=False)   # distinct (pupil, volunteer)
    si = (lo + pairs // n_m).astype(np.int64)
    mi = (pairs % n_m).astype(np.int64)
    cost = rng.integers(c_lo, c_lo + c_span, 3000)
    cost[::3] = c_lo + 7    # ties on cost: the volunteer decides
    order = np.lexsort((mi, cost, si))
    narrow = c_lo >= -2**15 and c_lo + c_span <= 2**15
    out = (np.empty(3000, dtype=np.int32), np.empty(3000, dtype=np.int32),
           np.empty(3000, dtype=np.int16 if narrow else np.int32))
    got = _sort_block(si, mi, cost, lo, n_m, out)
    np.testing.assert_array_equal(got[0], si[order])
    np.testing.assert_array_equal(got[1], mi[order])
    np.testing.assert_array_equal(got[2], cost[order])


def _naive_violators(enc: Encoded, fp: FeasiblePairs, net: object, pi: NDArray[np.int64],
                     in_network: NDArray[np.int64], margin: int = 0
                     ) -> set[tuple[int, int, int, int]]:
    """Every feasible pair's most negative block not in the network (a full scan)."""
    from mentormatch.network import expand_sessions
    from mentormatch.solve.pricing import slot_potentials

    slot_pot = slot_potentials(enc, net, pi)  # type: ignore[arg-type]
    si, mi = fp.si.astype(np.int64), fp.mi.astype(np.int64)
    row, blk = expand_sessions(enc.s_avail[si] & enc.m_avail[mi], enc.n_blocks)
    s, m = si[row], mi[row]
    keep = ~np.isin((s * enc.n_m + m) * enc.n_blocks + blk, in_network)
    row, blk, s, m = row[keep], blk[keep], s[keep], m[keep]
    g = enc.s_primary[s].astype(np.int64)
    rc = fp.cost[row].astype(np.int64) + fp.session_cost[g, blk] + slot_pot[m, blk] - pi[s]
    best: dict[tuple[int, int], tuple[int, int]] = {}
    for k in np.flatnonzero(rc < margin):
        key = (int(s[k]), int(m[k]))
        if key not in best or (int(rc[k]), int(blk[k])) < best[key]:
            best[key] = (int(rc[k]), int(blk[k]))
    return {(a, b, blk_rc[1], blk_rc[0]) for (a, b), blk_rc in best.items()}


@pytest.mark.parametrize(("n", "seed", "margin"), [(300, 0, 0), (900, 3, 0), (300, 0, 40)])
def test_pruned_pricing_equals_full_scan(n: int, seed: int, margin: int) -> None:
    from mentormatch.flow import min_cost_flow
    from mentormatch.network import (
        SlotArcs,
        build_network,
        lexicographic_big,
        mentor_load_costs,
    )
    from mentormatch.solve.pricing import best_blocks, block_order, price

    enc = encode(generate(n, seed=seed))
    fp = feasible_pairs(enc)
    first = np.flatnonzero(np.r_[True, fp.si[1:] != fp.si[:-1]])
    idx = np.unique(np.concatenate([first, np.minimum(first + 1, len(fp) - 1)]))
    si, mi = fp.si[idx].astype(np.int64), fp.mi[idx].astype(np.int64)
    zero = np.zeros((enc.n_m, enc.n_blocks), dtype=np.int64)
    blk, val = best_blocks(enc, si, mi, block_order(enc, fp.session_cost, zero))
    arcs = SlotArcs(si, mi, blk, fp.cost[idx] + val)
    load = mentor_load_costs(enc)
    big = lexicographic_big(enc, int(fp.cost.max()) + int(fp.session_cost.max()), load)
    net = build_network(enc, arcs, big, load)
    res = min_cost_flow(net.tail, net.head, net.capacity, net.cost, net.supply)
    keys = np.sort(arcs.keys(enc.n_m, enc.n_blocks))
    got = price(enc, fp, net, res.potentials, keys, per_student=10**9, margin=margin,
                near_per_student=10**9)
    want = _naive_violators(enc, fp, net, res.potentials, keys, margin)
    assert want, "the instance should have violators"
    v = got.violators
    g = enc.s_primary[v.si].astype(np.int64)
    rc = v.cost - res.potentials[v.si] + slot_potentials_at(enc, net, res.potentials, v)
    assert {(int(a), int(b), int(c), int(d)) for a, b, c, d in
            zip(v.si, v.mi, v.block, rc, strict=True)} == want
    assert got.n_violating_pairs == sum(w[3] < 0 for w in want)
    assert got.min_reduced_cost == min(w[3] for w in want)
    if margin:
        assert any(w[3] >= 0 for w in want), "the margin should add nearly tight pairs"
    assert np.all(v.cost == fp.session_cost[g, v.block] + _pair_cost(fp, v.si, v.mi))


def slot_potentials_at(enc: Encoded, net: object, pi: NDArray[np.int64],
                       v: object) -> NDArray[np.int64]:
    from mentormatch.solve.pricing import slot_potentials

    table = slot_potentials(enc, net, pi)  # type: ignore[arg-type]
    return table[v.mi, v.block]  # type: ignore[attr-defined]


def _pair_cost(fp: FeasiblePairs, si: NDArray[np.int64], mi: NDArray[np.int64]
               ) -> NDArray[np.int64]:
    lookup = {(int(a), int(b)): int(c) for a, b, c in zip(fp.si, fp.mi, fp.cost, strict=True)}
    return np.array([lookup[(int(a), int(b))] for a, b in zip(si, mi, strict=True)],
                    dtype=np.int64)


def test_top_per_student_caps_nearly_tight_pairs() -> None:
    from mentormatch.solve.pricing import _top_per_student

    si = np.array([0, 0, 0, 0, 1, 1])
    rc = np.array([-5, -1, 0, 2, 3, 1])
    mi = np.arange(6)
    assert sorted(_top_per_student(si, rc, mi, 3).tolist()) == [0, 1, 2, 4, 5]
    assert sorted(_top_per_student(si, rc, mi, 3, near=1).tolist()) == [0, 1, 2, 5]
    assert sorted(_top_per_student(si, rc, mi, 3, near=0).tolist()) == [0, 1]
