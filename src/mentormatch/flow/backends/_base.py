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

__all__ = ["Backend", "BackendOutput", "CanonicalNetwork"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class CanonicalNetwork:
    """A min-cost-flow problem in the form backends solve.

    Attributes
    ----------
    tail, head : ndarray of int64
        Arc end nodes (``tail != head``).
    capacity : ndarray of int64
        Finite capacities, ``0 <= capacity <= bound``.
    cost : ndarray of int64
        Arc costs.
    supply : ndarray of int64
        Node supplies, summing to zero.
    bound : int
        Largest capacity (every flow of interest fits below it).
    """

    tail: IntArray
    head: IntArray
    capacity: IntArray
    cost: IntArray
    supply: IntArray
    bound: int

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return int(self.supply.shape[0])

    @property
    def n_arcs(self) -> int:
        """Number of arcs."""
        return int(self.tail.shape[0])


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
