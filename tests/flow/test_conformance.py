"""Published optima (``../shared/instances``) through every backend (issue 3).

Each backend is parametrised only over the instances it can solve: the general backends
over all 34, ``assignment`` over those of the assignment class (filtered at collection).
"""

from __future__ import annotations

import pytest

from backends import GENERAL_BACKENDS
from instances import NETGEN, SMALL, WHERE, Instance, load_netgen, load_small
from mentormatch.flow import min_cost_flow
from mentormatch.flow._core import _prepare
from mentormatch.flow._validate import validate_network
from mentormatch.flow.backends import assignment
from mentormatch.verify import certify


def is_assignment_class(inst: Instance) -> bool:
    """Whether the ``assignment`` backend accepts ``inst`` (balanced, assignment-shaped)."""
    v = validate_network(*inst.args, inst.lower)
    return int(v.supply.sum()) == 0 and assignment.detect(_prepare(v).canonical) is not None


SMALL_INSTANCES = load_small()
ASSIGNMENT_INSTANCES = [inst for inst in SMALL_INSTANCES if is_assignment_class(inst)]
pytestmark = pytest.mark.skipif(not SMALL.exists(),
                                reason=f"known-optimum instances not found in {WHERE}")


def test_all_34_instances_present() -> None:
    assert len(SMALL_INSTANCES) == 34
    assert [inst.name for inst in ASSIGNMENT_INSTANCES] == ["ortools_negative_cost_path"]


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


@pytest.mark.backends(*GENERAL_BACKENDS, "auto")
@pytest.mark.parametrize("inst", SMALL_INSTANCES, ids=lambda i: i.name)
def test_small_instance(inst: Instance, backend: str) -> None:
    _solve_and_check(inst, backend)


@pytest.mark.backends("assignment", "auction")
@pytest.mark.parametrize("inst", ASSIGNMENT_INSTANCES, ids=lambda i: i.name)
def test_small_instance_assignment_backend(inst: Instance, backend: str) -> None:
    _solve_and_check(inst, backend)


@pytest.mark.skipif(not NETGEN.exists(), reason=f"netgen-2.min not found in {WHERE}")
@pytest.mark.backends(*GENERAL_BACKENDS, "auto")
def test_netgen_2(backend: str) -> None:
    _solve_and_check(load_netgen(), backend)
