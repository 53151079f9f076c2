"""The names of the solver backends, written once (base layer: imports nothing of the package).

:mod:`mentormatch.flow.backends` maps each name to its solve function
(``BACKENDS``) and holds the one ``"auto"`` rule (``choose_backend``);
:class:`~mentormatch.domain.policy.Policy`, :func:`mentormatch.match`,
:func:`mentormatch.solve_sparse`, :func:`mentormatch.flow.min_cost_flow` and
the command line take their choices from here. This module sits below
``domain`` so that ``Policy.backend`` can be typed without importing the
solver layer.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["BACKEND_CHOICES", "BACKEND_NAMES", "SPARSE_BACKEND_CHOICES", "BackendChoice",
           "BackendName", "SparseBackendChoice"]

#: The min-cost-flow backends, one module each in ``mentormatch/flow/backends/``.
BackendName = Literal["assignment", "networkx", "highs", "ortools", "auction", "primal_dual",
                      "network_simplex"]
#: What ``match()``, ``Policy.backend``, ``min_cost_flow()`` and the CLI accept.
BackendChoice = Literal["auto", BackendName]
#: What ``solve_sparse()`` accepts: also its transportation solver.
SparseBackendChoice = Literal["auto", "transport", BackendName]

#: The backend names, in the order of :data:`BackendName`.
BACKEND_NAMES: tuple[str, ...] = get_args(BackendName)
#: ``"auto"`` and the backend names.
BACKEND_CHOICES: tuple[str, ...] = get_args(BackendChoice)
#: ``"auto"``, ``"transport"`` and the backend names.
SPARSE_BACKEND_CHOICES: tuple[str, ...] = get_args(SparseBackendChoice)
