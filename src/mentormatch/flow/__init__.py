"""Exact min-cost flow: one front door, pluggable backends, certifying potentials.

>>> from mentormatch.flow import min_cost_flow
>>> r = min_cost_flow([0, 0, 1], [1, 2, 2], [2, 2, 2], [1, 4, 1], [2, 0, -2])
>>> r.status, r.cost, r.flow.tolist()
('optimal', 4, [2, 0, 2])

Besides :func:`min_cost_flow`, the algorithms the engine builds on, on plain
arrays: :func:`mentormatch.flow.primal_dual.primal_dual` (repair of a
pseudoflow, with warm start; the module keeps its name, the function is not
re-exported here so as not to shadow it), :func:`solve_assignment` (sparse
rectangular assignment, LAPJV) and :func:`residual_potentials` (certifying
potentials of an optimal flow).

Conventions (see ``docs/flow.md``): ``out - in = supply`` at every node;
capacity ``-1`` is unbounded; reduced cost
``rc[a] = cost[a] - potentials[tail[a]] + potentials[head[a]]``.
"""

from mentormatch.flow._core import FlowResult, min_cost_flow
from mentormatch.flow.backends import BACKENDS, BackendName, choose_backend
from mentormatch.flow.backends.assignment import solve_assignment
from mentormatch.flow.potentials import NegativeCycleError, residual_potentials
from mentormatch.flow.primal_dual import PrimalDualAbortedError, PrimalDualResult

__all__ = [
    "BACKENDS",
    "BackendName",
    "FlowResult",
    "NegativeCycleError",
    "PrimalDualAbortedError",
    "PrimalDualResult",
    "choose_backend",
    "min_cost_flow",
    "residual_potentials",
    "solve_assignment",
]
