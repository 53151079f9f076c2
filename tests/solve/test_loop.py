"""The first candidate set of the solve-and-price loop (solve/loop.py)."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.solve import loop as solve
from mentormatch.solve.loop import initial_candidates


def _pairs(rows: list[tuple[int, int, int]]) -> FeasiblePairs:
    """Feasible pairs ``(pupil, volunteer, cost)``, sorted by pupil then cost as fp is."""
    rows = sorted(rows, key=lambda r: (r[0], r[2]))
    si, mi, cost = (np.array(c, dtype=np.int32) for c in zip(*rows, strict=True))
    return FeasiblePairs(si, mi, cost, np.zeros((2, 1), dtype=np.int64))


# Every pupil's cheapest volunteer is 0; volunteers 1 and 2 are nobody's first choice.
FP = _pairs([(0, 0, 1), (0, 1, 5), (0, 2, 9),
             (1, 0, 1), (1, 2, 4),
             (2, 0, 2), (2, 1, 3), (2, 2, 8)])


def _chosen(idx: np.ndarray) -> set[tuple[int, int]]:
    return {(int(FP.si[i]), int(FP.mi[i])) for i in idx}


def test_pupil_lists_only_without_capacity() -> None:
    assert _chosen(initial_candidates(FP, 3, 1, 0)) == {(0, 0), (1, 0), (2, 0)}


def test_escapes_go_to_the_cheapest_volunteer_with_room() -> None:
    got = _chosen(initial_candidates(FP, 3, 1, 0, np.array([1, 1, 1]), k_escape=1))
    # volunteer 0 is named by 3 lists for 1 place: each pupil also gets its
    # cheapest pair among volunteers 1 and 2
    assert got == {(0, 0), (1, 0), (2, 0), (0, 1), (1, 2), (2, 1)}


def test_escapes_respect_their_count_and_capacity() -> None:
    got = _chosen(initial_candidates(FP, 3, 1, 0, np.array([1, 1, 1]), k_escape=2))
    assert got == {(0, 0), (1, 0), (2, 0), (0, 1), (0, 2), (1, 2), (2, 1), (2, 2)}
    # named by as many lists as it has places, volunteer 0 has no room: same escapes
    roomy = initial_candidates(FP, 3, 1, 0, np.array([3, 1, 1]), k_escape=1)
    assert _chosen(roomy) == {(0, 0), (1, 0), (2, 0), (0, 1), (1, 2), (2, 1)}
    # room at volunteer 0 only: each pupil's cheapest pair with room is already chosen
    roomier = initial_candidates(FP, 3, 1, 0, np.array([4, 0, 0]), k_escape=1)
    assert _chosen(roomier) == {(0, 0), (1, 0), (2, 0)}
    assert initial_candidates(FP, 3, 1, 0, np.array([1, 1, 1]), k_escape=0).tolist() == \
        initial_candidates(FP, 3, 1, 0).tolist()


def test_empty() -> None:
    empty = FeasiblePairs(*(np.zeros(0, dtype=np.int32) for _ in range(3)),
                          np.zeros((2, 1), dtype=np.int64))
    assert initial_candidates(empty, 2, 5, 5, np.array([1, 1])).size == 0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4), st.integers(0, 6)),
                max_size=40, unique_by=lambda r: (r[0], r[1])),
       st.integers(1, 3), st.integers(0, 3), st.integers(1, 7), st.integers(1, 7))
def test_candidates_equal_a_naive_selection(rows: list[tuple[int, int, int]], k_s: int,
                                            k_m: int, chunk: int, first: int) -> None:
    """Chunked volunteer pools (any chunk sizes) pick what a plain per-volunteer sort picks."""
    fp = _pairs(rows) if rows else FeasiblePairs(
        *(np.zeros(0, dtype=np.int32) for _ in range(3)), np.zeros((2, 1), dtype=np.int64))
    ref: set[int] = set()
    for s in range(6):
        ref |= set(np.flatnonzero(fp.si == s)[:k_s].tolist())
    for m in range(5):
        mine = np.flatnonzero(fp.mi == m)
        ref |= set(mine[np.argsort(fp.cost[mine], kind="stable")][:k_m].tolist())
    with patch.object(solve, "CANDIDATE_CHUNK", chunk), \
            patch.object(solve, "CANDIDATE_FIRST_CHUNK", first):
        got = initial_candidates(fp, 5, k_s, k_m)
    assert got.tolist() == sorted(ref)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 40)), max_size=60),
       st.integers(1, 5), st.integers(1, 3))
def test_least_sessions_per_row_equal_a_sort(entries: list[tuple[int, int]], n_blocks: int,
                                             k: int) -> None:
    """``_least_per_row`` takes what a lexsort cut to ``k`` per row takes, in its order."""
    from mentormatch._arrays import group_rank, lexsort_int

    # rows non-decreasing, distinct spreads within a row (as the sessions of a pair)
    rows, cost, spread = [], [], []
    for r in sorted({e[0] for e in entries}):
        mine = [c for rr, c in entries if rr == r][:n_blocks]
        rows += [r] * len(mine)
        cost += mine
        spread += list(range(n_blocks))[::-1][: len(mine)]
    row_a = np.array(rows, dtype=np.int64)
    cost_a = np.array(cost, dtype=np.int64)
    spread_a = np.array(spread, dtype=np.int64)
    got = solve._least_per_row(row_a, cost_a, spread_a, k)
    order = lexsort_int((spread_a, cost_a, row_a))
    assert got.tolist() == order[group_rank(row_a[order]) < k].tolist()


def test_pricing_gets_the_sorted_keys_of_every_round_network() -> None:
    """The keys merged round by round are those of the triples the round's network was built on."""
    import mentormatch as mm
    from mentormatch.candidates.encode import encode
    from mentormatch.candidates.generate import feasible_pairs

    enc = encode(mm.synth.generate(1500, seed=1))
    fp = feasible_pairs(enc)
    built: list[np.ndarray] = []
    seen: list[bool] = []
    build, price = solve.build_network, solve.price

    def spy_build(e, arcs, *a, **k):  # type: ignore[no-untyped-def]
        built.append(np.sort(arcs.keys(e.n_m, e.n_blocks)))
        return build(e, arcs, *a, **k)

    def spy_price(e, f, net, pi, in_network, **k):  # type: ignore[no-untyped-def]
        seen.append(bool(np.array_equal(in_network, built[-1])))
        return price(e, f, net, pi, in_network, **k)

    with patch.object(solve, "build_network", spy_build), patch.object(solve, "price", spy_price):
        out = solve.solve_with_pricing(enc, fp, backend="assignment")
    assert out.optimal
    assert out.rounds >= 3  # several merges happened
    assert seen == [True] * out.rounds


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4), st.integers(0, 6)),
                max_size=40, unique_by=lambda r: (r[0], r[1])),
       st.lists(st.integers(-1, 4), min_size=6, max_size=6),
       st.lists(st.integers(0, 3), min_size=5, max_size=5), st.integers(1, 3))
def test_tiered_first_candidates_equal_those_of_the_other_pupils_rows(
        rows: list[tuple[int, int, int]], stay_m: list[int], capacity: list[int],
        k_s: int) -> None:
    """A stable re-run's first candidates (found from row ranges) are initial_candidates
    on the rows of the pupils without a pair in force, the places in force taken."""
    from types import SimpleNamespace

    from mentormatch.continuity.plan import Tiers

    fp = _pairs(rows) if rows else FeasiblePairs(
        *(np.zeros(0, dtype=np.int32) for _ in range(3)), np.zeros((2, 1), dtype=np.int64))
    nb = 2
    stay_key = np.array([m * nb + (s % nb) if m >= 0 else -1 for s, m in enumerate(stay_m)],
                        dtype=np.int64)
    if not (stay_key >= 0).any():
        stay_key[0] = 0
    tiers = Tiers(stay_key=stay_key, must_match=stay_key >= 0)
    cap = np.array(capacity, dtype=np.int64)
    policy = SimpleNamespace(candidates_per_student=k_s, candidates_per_mentor=2)
    enc = SimpleNamespace(problem=SimpleNamespace(policy=policy), n_s=6, n_m=5, n_blocks=nb,
                          m_capacity=cap)
    stays = stay_key >= 0
    keep = np.flatnonzero(~stays[fp.si])
    taken = np.bincount(stay_key[stays] // nb, minlength=5)
    sub = FeasiblePairs(fp.si[keep], fp.mi[keep], fp.cost[keep], fp.session_cost)
    ref = keep[initial_candidates(sub, 5, k_s, 0, cap - taken)]
    got = solve._first_candidates(enc, fp, tiers)  # type: ignore[arg-type]
    assert got.tolist() == ref.tolist()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4), st.integers(0, 6)),
                min_size=1, max_size=40, unique_by=lambda r: (r[0], r[1])),
       st.lists(st.booleans(), min_size=6, max_size=6),
       st.lists(st.integers(0, 3), min_size=5, max_size=5),
       st.integers(1, 3), st.integers(0, 3), st.integers(0, 2))
def test_initial_candidates_among_some_pupils_equal_those_of_their_rows(
        rows: list[tuple[int, int, int]], among: list[bool], capacity: list[int],
        k_s: int, k_m: int, k_escape: int) -> None:
    """``among`` gives initial_candidates of the sub-graph of those pupils' rows, mapped
    back: the pupils' own lists, the escapes and the volunteers' pools alike."""
    import mentormatch.solve.loop as solve

    fp = _pairs(rows)
    mask = np.array(among)
    keep = np.flatnonzero(mask[fp.si])
    sub = FeasiblePairs(fp.si[keep], fp.mi[keep], fp.cost[keep], fp.session_cost)
    cap = np.array(capacity, dtype=np.int64)
    ref = keep[initial_candidates(sub, 5, k_s, k_m, cap, k_escape)] if keep.size else keep
    with patch.object(solve, "CANDIDATE_FIRST_CHUNK", 3):   # several pool chunks
        got = initial_candidates(fp, 5, k_s, k_m, cap, k_escape, among=mask)
    assert got.tolist() == ref.tolist()
