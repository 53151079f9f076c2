"""Every error path of the flow layer (issue 3)."""

from __future__ import annotations

import numpy as np
import pytest

from mentormatch import _extras
from mentormatch.errors import FlowError, FlowInputError, InputError, MissingExtraError
from mentormatch.flow import min_cost_flow
from mentormatch.flow.backends import auction as auction_backend
from mentormatch.flow.backends import network_simplex as network_simplex_backend
from mentormatch.flow.backends import ortools as ortools_backend

GOOD = ([0, 1], [1, 2], [5, 5], [1, 1], [3, 0, -3])
#: A chain 0 -> 1 -> 2 -> 3: not of the assignment class (1 -> 2 joins two inner nodes).
CHAIN = ([0, 1, 2], [1, 2, 3], [5, 5, 5], [1, 1, 1], [3, 0, 0, -3])


def _err(**changes: object) -> FlowInputError:
    args = dict(zip(("tail", "head", "capacity", "cost", "supply"), GOOD, strict=True))
    args.update(changes)
    with pytest.raises(FlowInputError) as info:
        min_cost_flow(**args)  # type: ignore[arg-type]
    return info.value


def test_flow_input_error_is_value_error_and_input_error() -> None:
    e = _err(cost=[1.0, float("nan")])
    assert isinstance(e, ValueError)
    assert isinstance(e, InputError)
    assert isinstance(e, FlowError)


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"cost": [1.0, float("nan")]}, "not_finite", "cost[1]"),
    ({"capacity": [float("inf"), 5]}, "not_finite", "capacity[0]"),
    ({"cost": [1.5, 1]}, "not_integral", "cost[0]"),
    ({"supply": ["a", "b", "c"]}, "bad_dtype", "supply"),
    ({"tail": [[0, 1]]}, "bad_shape", "tail"),
    ({"tail": 0}, "bad_shape", "tail"),
    ({"cost": [1, 2**63 - 1]}, "too_large", "cost[1]"),
    ({"cost": np.array([1, 2**64 - 1], dtype=np.uint64)}, "too_large", "cost[1]"),
    ({"cost": [1.0, 1e300]}, "too_large", "cost[1]"),
    ({"head": [1]}, "length_mismatch", "head"),
    ({"cost": [1, 2, 3]}, "length_mismatch", "cost"),
    ({"head": [1, 3]}, "node_out_of_range", "head[1]"),
    ({"tail": [-1, 1]}, "node_out_of_range", "tail[0]"),
    ({"capacity": [5, -2]}, "negative_capacity", "capacity[1]"),
])
def test_malformed_input_names_the_arc(changes: dict[str, object], code: str,
                                       field: str) -> None:
    e = _err(**changes)
    assert code in e.codes
    assert any(p.field == field for p in e.problems), [str(p) for p in e.problems]


def test_lower_above_capacity() -> None:
    with pytest.raises(FlowInputError) as info:
        min_cost_flow(*GOOD, lower=[0, 6])
    assert info.value.problems[0].field == "lower[1]"
    assert info.value.codes == ["lower_above_capacity"]


def test_lower_length_mismatch() -> None:
    with pytest.raises(FlowInputError, match="lower"):
        min_cost_flow(*GOOD, lower=[0])


def test_every_problem_is_reported() -> None:
    e = _err(cost=[1.5, float("nan")], head=[1, 2])
    assert set(e.codes) == {"not_integral", "not_finite"}


def test_many_problems_are_summarised() -> None:
    m = 30
    with pytest.raises(FlowInputError) as info:
        min_cost_flow(np.zeros(m, int), np.full(m, 5), np.ones(m, int), np.ones(m, int), [0, 0])
    assert len(info.value.problems) == 11  # 10 listed + "... and 20 more"
    assert "20 more" in info.value.problems[-1].message


def test_overflow_cost_times_flow() -> None:
    with pytest.raises(FlowInputError) as info:
        min_cost_flow([0], [1], [2**40], [2**40], [2**40, -(2**40)])
    assert info.value.codes == ["overflow_risk"]


def test_overflow_total_supply() -> None:
    with pytest.raises(FlowInputError, match="supply"):
        min_cost_flow([0], [1], [-1], [0], [2**62, 2**62])


def test_overflow_capacity_minus_lower() -> None:
    with pytest.raises(FlowInputError, match="capacity - lower"):
        min_cost_flow([0], [1], [2**62], [0], [0, 0], lower=[-(2**62)])


def test_overflow_cost_times_lower() -> None:
    with pytest.raises(FlowInputError, match="lower"):
        min_cost_flow([0, 1], [1, 0], [2**40, 2**40], [2**40, 0], [0, 0],
                      lower=[2**40, 2**40])


def test_overflow_unbounded_negative_arc_bound() -> None:
    # a negative-cost unbounded arc makes every finite capacity count in the flow bound
    with pytest.raises(FlowInputError, match="total flow"):
        min_cost_flow([0, 1, 1], [1, 0, 0], [-1, 2**62, 2**62], [-1, 5, 5], [0, 0])


def test_unknown_backend() -> None:
    with pytest.raises(FlowInputError) as info:
        min_cost_flow(*GOOD, backend="simplex")
    assert info.value.codes == ["unknown_backend"]


def test_assignment_backend_outside_its_class() -> None:
    with pytest.raises(FlowInputError) as info:
        min_cost_flow(*CHAIN, backend="assignment")
    assert info.value.codes == ["not_assignment"]


def test_highs_refuses_numbers_float64_cannot_carry() -> None:
    big = 2**40
    with pytest.raises(FlowInputError) as info:
        min_cost_flow([0], [1], [1], [big], [1, -1], backend="highs")
    assert info.value.codes == ["not_float_exact"]
    # auto routes elsewhere and stays exact
    r = min_cost_flow([0], [1], [1], [big], [1, -1])
    assert r.cost == big
    assert r.backend != "highs"


def test_ortools_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(module: str) -> object:
        raise MissingExtraError("ortools", "ortools")

    monkeypatch.setattr("mentormatch.flow._core.require", missing)
    monkeypatch.setattr(ortools_backend, "require", missing)
    with pytest.raises(MissingExtraError, match=r"mentormatch\[ortools\]"):
        min_cost_flow(*GOOD, backend="ortools")


def test_auto_without_ortools_uses_core_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ortools_backend, "is_available", lambda: False)
    monkeypatch.setattr(auction_backend, "is_available", lambda: False)
    monkeypatch.setattr(network_simplex_backend, "is_available", lambda: False)
    r = min_cost_flow(*CHAIN)
    assert r.backend == "primal_dual"
    assert r.cost == 9
    r = min_cost_flow([0, 1, 0], [1, 2, 2], [1, 1, 1], [2, 0, 9], [1, 0, -1])
    assert r.backend == "assignment"
    assert r.cost == 2


def test_require_names_extra_for_unknown_module() -> None:
    with pytest.raises(MissingExtraError, match="mentormatch"):
        _extras.require("surely_not_a_module_xyz")


def test_highs_bad_answer_falls_back_to_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    from mentormatch.flow.backends import BACKENDS, _base

    def wrong(net: _base.CanonicalNetwork) -> _base.BackendOutput:
        return _base.BackendOutput("optimal", np.zeros(net.n_arcs, dtype=np.int64))

    monkeypatch.setattr(ortools_backend, "is_available", lambda: False)
    monkeypatch.setattr(network_simplex_backend, "is_available", lambda: False)  # core install
    monkeypatch.setitem(BACKENDS, "highs", wrong)
    monkeypatch.setitem(BACKENDS, "primal_dual", wrong)   # what "auto" picks for CHAIN
    r = min_cost_flow(*CHAIN)
    assert r.backend == "networkx"
    assert r.cost == 9
    with pytest.raises(FlowError, match="infeasible flow"):
        min_cost_flow(*CHAIN, backend="highs")


def test_non_optimal_backend_answer_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    from mentormatch.flow.backends import BACKENDS, _base

    def costly(net: _base.CanonicalNetwork) -> _base.BackendOutput:
        return _base.BackendOutput("optimal", np.array([1, 1, 0], dtype=np.int64))

    monkeypatch.setitem(BACKENDS, "networkx", costly)
    # route 0->1->2 (cost 2) instead of the direct arc 0->2 (cost 1)
    with pytest.raises(FlowError, match="non-optimal"):
        min_cost_flow([0, 1, 0], [1, 2, 2], [1, 1, 1], [1, 1, 1], [1, 0, -1],
                      backend="networkx")


def test_ortools_unexpected_status(monkeypatch: pytest.MonkeyPatch) -> None:
    if not ortools_backend.is_available():
        pytest.skip("backend 'ortools' unavailable: install mentormatch[ortools]")
    # costs near int64 limits make OR-Tools refuse the cost range; our checks stop
    # such input before, so call the backend directly on a crafted canonical network
    from mentormatch.flow.backends._base import CanonicalNetwork

    a = np.array
    net = CanonicalNetwork(a([0]), a([1]), a([2**62]), a([2**62]), a([2**62, -(2**62)]), 2**62)
    with pytest.raises(FlowError, match="OR-Tools"):
        ortools_backend.solve(net)


def test_auto_routes_wide_cost_assignment_away_from_float(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ortools_backend, "is_available", lambda: False)
    monkeypatch.setattr(network_simplex_backend, "is_available", lambda: False)  # core install
    big = 2**45
    args = ([0, 1, 0], [1, 2, 2], [1, 1, 1], [big, 0, -big], [1, 0, -1])
    r = min_cost_flow(*args)
    assert r.backend == "networkx"
    assert r.cost == -big
    with pytest.raises(FlowInputError, match="not_float_exact"):
        min_cost_flow(*args, backend="assignment")
