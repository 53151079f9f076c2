"""Exact min-cost flow: one front door, pluggable backends, certifying potentials.

>>> from mentormatch.flow import min_cost_flow
>>> r = min_cost_flow([0, 0, 1], [1, 2, 2], [2, 2, 2], [1, 4, 1], [2, 0, -2])
>>> r.status, r.cost, r.flow.tolist()
('optimal', 4, [2, 0, 2])

Conventions (see ``docs/flow.md``): ``out - in = supply`` at every node;
capacity ``-1`` is unbounded; reduced cost
``rc[a] = cost[a] - potentials[tail[a]] + potentials[head[a]]``.
"""

from mentormatch.flow._core import BACKENDS, FlowResult, choose_backend, min_cost_flow
from mentormatch.flow.potentials import NegativeCycleError, residual_potentials

__all__ = [
    "BACKENDS",
    "FlowResult",
    "NegativeCycleError",
    "choose_backend",
    "min_cost_flow",
    "residual_potentials",
]
