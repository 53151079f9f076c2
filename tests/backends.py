"""The backends the tests run against (``--backends``, see ``tests/conftest.py``).

A test that takes a ``backend`` argument runs once per selected backend: by default over
:data:`ALL_BACKENDS`, or over the names of its ``@pytest.mark.backends(...)`` marker. A
backend whose extra is not installed is skipped, and the skip names the extra.
"""

from __future__ import annotations

import pytest

from mentormatch._extras import available

# The min-cost-flow solvers; ``match()``, ``min_cost_flow`` and ``solve_sparse`` accept each.
ALL_BACKENDS = ("networkx", "highs", "assignment", "ortools", "auction", "primal_dual",
                "network_simplex")
# Those that solve any network (``assignment`` and ``auction`` need one of the assignment class).
GENERAL_BACKENDS = ("networkx", "highs", "ortools", "primal_dual", "network_simplex")
# What ``match()`` accepts; what ``solve_sparse`` accepts.
MATCH_BACKENDS = ("auto", *ALL_BACKENDS)
SPARSE_BACKENDS = (*ALL_BACKENDS, "transport")
# Every name ``--backends`` accepts: the solvers, the ``auto`` policy, the transport solver
# of ``solve_sparse``. Tests ask for ``auto`` or ``transport`` through the marker.
CHOICES = ("auto", *ALL_BACKENDS, "transport")

# backend → (extra of mentormatch that installs it, module that proves it is installed)
EXTRAS = {"ortools": ("ortools", "ortools.graph.python.min_cost_flow"),
          "auction": ("fast", "numba"),
          "network_simplex": ("fast", "numba")}


def missing_extra(name: str) -> str | None:
    """The extra to install for backend ``name``, or ``None`` when it is usable."""
    if name in EXTRAS and not available(EXTRAS[name][1]):
        return EXTRAS[name][0]
    return None


def skip_reason(name: str) -> str:
    """The words of the skip of an unavailable backend."""
    return f"backend {name!r} unavailable: install mentormatch[{missing_extra(name)}]"


def backend_or_skip(name: str) -> str:
    """Return ``name``, or skip the running test when that backend is not installed."""
    if missing_extra(name) is not None:
        pytest.skip(skip_reason(name))
    return name


def backend_params(names: tuple[str, ...] | list[str]) -> list[object]:
    """``pytest.param`` per backend, an unavailable one marked to skip with its extra."""
    return [pytest.param(n, id=n, marks=() if missing_extra(n) is None
                         else pytest.mark.skip(reason=skip_reason(n))) for n in names]
