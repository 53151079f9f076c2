"""flow.backends: one list of backend names, one registry, one "auto" rule."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing
from unittest.mock import patch

import numpy as np
import pytest
import scipy.sparse as sp

import mentormatch as mm
from mentormatch import _backends
from mentormatch.cli.main import build_parser
from mentormatch.flow import BACKENDS, min_cost_flow
from mentormatch.flow import backends as fb
from mentormatch.flow._core import _prepare
from mentormatch.flow._validate import validate_network
from mentormatch.flow.backends._base import Backend


def _flat(tp: object) -> tuple[str, ...]:
    """The values of a (nested) ``Literal``."""
    return tuple(typing.get_args(tp))


def test_every_name_has_a_solver_and_every_solver_a_name() -> None:
    assert set(_flat(_backends.BackendName)) == set(BACKENDS)
    assert tuple(BACKENDS) == _backends.BACKEND_NAMES
    for solve in BACKENDS.values():
        assert callable(solve)
        assert next(iter(inspect.signature(solve).parameters)) == "net"


def test_choices_are_derived_from_the_one_list() -> None:
    assert ("auto", *BACKENDS) == _backends.BACKEND_CHOICES
    assert ("auto", "transport", *BACKENDS) == _backends.SPARSE_BACKEND_CHOICES
    policy_field = mm.Policy.model_fields["backend"].annotation
    assert set(_flat(policy_field)) == set(_backends.BACKEND_CHOICES)
    hints = typing.get_type_hints(mm.match)
    assert set(_flat(hints["backend"])) == set(_backends.BACKEND_CHOICES)
    sparse_hints = typing.get_type_hints(mm.solve_sparse)
    assert set(_flat(sparse_hints["backend"])) == set(_backends.SPARSE_BACKEND_CHOICES)


@pytest.mark.parametrize("command", ["match", "demo"])
def test_cli_choices_are_the_registry(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    action = next(a for a in sub.choices[command]._actions if a.dest == "backend")
    assert tuple(action.choices) == _backends.BACKEND_CHOICES


def test_policy_rejects_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="backend"):
        mm.Policy(backend="simplex")  # type: ignore[arg-type]


def test_min_cost_flow_dispatches_through_the_registry() -> None:
    calls: list[str] = []

    def spy(name: str) -> Backend:
        real = BACKENDS[name]

        def solve(net):  # type: ignore[no-untyped-def]
            calls.append(name)
            return real(net)
        return solve

    with patch.dict(BACKENDS, {name: spy(name) for name in ("networkx", "highs")}):
        for name in ("networkx", "highs"):
            r = min_cost_flow([0, 0, 1], [1, 2, 2], [2, 2, 2], [1, 4, 1], [2, 0, -2],
                              backend=name)
            assert r.cost == 4
            assert r.backend == name
    assert calls == ["networkx", "highs"]


def _canonical(tail: list[int], head: list[int], cap: list[int], cost: list[int],
               supply: list[int]) -> fb.CanonicalNetwork:
    return _prepare(validate_network(tail, head, cap, cost, supply, None)).canonical


#: two pupils, one volunteer of capacity 2, a sink, "unassigned" arcs: assignment class
ASSIGNMENT = ([0, 1, 2, 0, 1], [2, 2, 3, 3, 3], [1, 1, 2, 1, 1], [3, 5, 0, 9, 9], [1, 1, 0, -2])
#: two sinks: not of the assignment class
GENERAL = ([0, 1, 1, 0], [1, 2, 3, 3], [2, 1, 1, 1], [1, 1, 1, 5], [2, 0, -1, -1])


@pytest.mark.parametrize("numba", [True, False])
@pytest.mark.parametrize("ortools", [True, False])
def test_the_auto_rule(ortools: bool, numba: bool) -> None:
    lapjv = "auction" if numba else "assignment"
    with patch.object(fb.ortools, "is_available", lambda: ortools), \
            patch.object(fb.auction, "is_available", lambda: numba), \
            patch.object(fb.network_simplex, "is_available", lambda: numba):
        # kind "flow": OR-Tools first, then the assignment class, then the compiled network
        # simplex with numba, else the primal-dual (networkx when costs are too wide)
        flow_assign = fb.choose_backend("flow", net=_canonical(*ASSIGNMENT))
        flow_general = fb.choose_backend("flow", net=_canonical(*GENERAL))
        huge = _canonical([0, 0], [1, 2], [1, 1], [0, 2**60], [2, -1, -1])
        flow_huge = fb.choose_backend("flow", net=huge)
        assert (flow_assign, flow_general, flow_huge) == (
            ("ortools",) * 3 if ortools
            else (lapjv, "network_simplex", "network_simplex") if numba
            else (lapjv, "primal_dual", "networkx"))
        # kind "match": the assignment reduction up to AUTO_CORE_MAX_PUPILS, OR-Tools beyond
        small = fb.choose_backend("match", pupils=fb.AUTO_CORE_MAX_PUPILS)
        large = fb.choose_backend("match", pupils=fb.AUTO_CORE_MAX_PUPILS + 1)
        assert small == lapjv
        assert large == ("ortools" if ortools and not numba else lapjv)
        # kind "sparse": the transportation solver whenever its float64 search is exact
        assert fb.choose_backend("sparse", float_exact=True) == "transport"
        assert fb.choose_backend("sparse", float_exact=False) == "auto"
    with pytest.raises(TypeError):
        fb.choose_backend("flow")


def test_every_entry_point_asks_the_one_rule() -> None:
    """match(), min_cost_flow() and solve_sparse() resolve "auto" through choose_backend."""
    seen: list[str] = []
    real = fb.choose_backend

    def spy(kind, **kw):  # type: ignore[no-untyped-def]
        seen.append(kind)
        return real(kind, **kw)

    import mentormatch.flow._core as core
    import mentormatch.solve.loop as loop
    import mentormatch.sparse as sparse
    with patch.object(core, "choose_backend", spy), patch.object(loop, "choose_backend", spy), \
            patch.object(sparse, "choose_backend", spy):
        min_cost_flow(*GENERAL)
        mm.match(mm.synth.generate(40, seed=1))
        cost = sp.csr_matrix(np.array([[1, 2], [3, 1]]))
        mm.solve_sparse(cost, [1, 1], 10)
    assert seen == ["flow", "match", "sparse"]


def test_importing_the_package_does_not_import_ortools() -> None:
    code = ("import sys, mentormatch, mentormatch.flow, mentormatch.flow.backends; "
            "print(any(m == 'ortools' or m.startswith('ortools.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
