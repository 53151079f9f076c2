"""The protocol every backend implements, on a canonical network.

The front door (:func:`mentormatch.flow.min_cost_flow`) hands each backend a
:class:`CanonicalNetwork`: lower bounds already shifted to zero, every capacity
finite (unbounded arcs capped at a bound no optimal flow needs to exceed),
no self-loops, supplies summing to zero. A backend returns a
:class:`BackendOutput`; the front door verifies it exactly and computes
certifying potentials, so no backend's word is taken as proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from mentormatch.flow._validate import FlowArrays

__all__ = ["Backend", "BackendOutput", "CanonicalNetwork"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class CanonicalNetwork(FlowArrays):
    """A min-cost-flow problem in the form backends solve.

    The arrays of :class:`~mentormatch.flow._validate.FlowArrays` with
    ``tail != head``, finite capacities ``0 <= capacity <= bound`` and supplies
    summing to zero.

    Attributes
    ----------
    bound : int
        Largest capacity (every flow of interest fits below it).
    """

    bound: int


@dataclass(frozen=True, slots=True)
class BackendOutput:
    """What a backend returns.

    Attributes
    ----------
    status : {"optimal", "infeasible"}
        The backend's claim (verified afterwards).
    flow : ndarray of int64 or None
        Flow per arc when ``status == "optimal"``.
    potentials : ndarray or None
        Approximate or exact potentials when the backend has them (a warm
        start for the certifying shortest-path search).
    """

    status: Literal["optimal", "infeasible"]
    flow: IntArray | None = None
    potentials: npt.NDArray[np.float64] | IntArray | None = None


class Backend(Protocol):
    """A min-cost-flow backend: a module-level ``solve`` function."""

    def __call__(self, net: CanonicalNetwork) -> BackendOutput:
        """Solve ``net`` exactly."""
        ...
