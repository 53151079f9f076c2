"""Published optima (../shared/instances) through every backend (issue 3)."""

from __future__ import annotations

import pytest

from conftest import NETGEN, SMALL, Instance, backend_or_skip, load_netgen, load_small
from mentormatch.flow import min_cost_flow
from mentormatch.flow._core import _prepare
from mentormatch.flow._validate import validate_network
from mentormatch.flow.backends import assignment
from mentormatch.verify import certify

SMALL_INSTANCES = load_small()
pytestmark = pytest.mark.skipif(
    not SMALL.exists(), reason=f"known-optimum instances not found at {SMALL.parent}")


def test_all_34_instances_present() -> None:
    assert len(SMALL_INSTANCES) == 34


def _solve_and_check(inst: Instance, backend: str) -> None:
    r = min_cost_flow(*inst.args, lower=inst.lower, backend=backend)
    assert r.status == inst.status, inst.name
    if inst.status == "optimal":
        assert r.cost == inst.expected_cost
        assert isinstance(r.cost, int)
        cert = certify(r, *inst.args, lower=inst.lower)
        assert cert.optimal, cert.violations
        assert cert.gap == 0
        assert cert.dual_objective == inst.expected_cost
    else:
        assert r.cost is None
        assert r.flow.size == 0
        assert r.potentials.size == 0


@pytest.mark.parametrize("inst", SMALL_INSTANCES, ids=lambda i: i.name)
@pytest.mark.parametrize("backend", ["networkx", "highs", "ortools", "auto"])
def test_small_instance(inst: Instance, backend: str) -> None:
    _solve_and_check(inst, backend_or_skip(backend))


@pytest.mark.parametrize("inst", SMALL_INSTANCES, ids=lambda i: i.name)
def test_small_instance_assignment_backend(inst: Instance) -> None:
    v = validate_network(*inst.args, inst.lower)
    if int(v.supply.sum()) != 0 or assignment.detect(_prepare(v).canonical) is None:
        pytest.skip(f"{inst.name} is not of the assignment class")
    _solve_and_check(inst, "assignment")


@pytest.mark.skipif(not NETGEN.exists(), reason=f"{NETGEN} not found")
@pytest.mark.parametrize("backend", ["networkx", "highs", "ortools", "auto"])
def test_netgen_2(backend: str) -> None:
    _solve_and_check(load_netgen(), backend_or_skip(backend))
