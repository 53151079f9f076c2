"""Validation and canonicalisation of min-cost-flow input (one private step).

Every public entry point of :mod:`mentormatch.flow` and :mod:`mentormatch.verify`
passes its arrays through :func:`validate_network` once. The result holds
``int64`` arrays only; every problem found is reported together in one
:class:`~mentormatch.errors.FlowInputError`, each problem naming the arc or node
(``field="capacity[3]"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch.errors import FlowInputError, InputProblem

__all__ = ["MAX_ABS", "SAFE_TOTAL", "FlowArrays", "ValidatedNetwork", "as_int_array",
           "validate_network"]

#: Largest absolute value accepted for any single number (capacity, cost, supply, bound).
MAX_ABS = 2**62
#: Largest absolute value any derived total (cost of a flow, shifted supply) may reach.
SAFE_TOTAL = 2**62

#: How many problems of one kind are reported before summarising.
_MAX_LISTED = 10

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class FlowArrays:
    """The ``int64`` arrays of a min-cost-flow problem: arcs and supplies.

    Attributes
    ----------
    tail, head : ndarray of int64
        Arc end nodes.
    capacity : ndarray of int64
        Arc capacities.
    cost : ndarray of int64
        Arc costs.
    supply : ndarray of int64
        Node supplies (``out - in = supply``).
    """

    tail: IntArray
    head: IntArray
    capacity: IntArray
    cost: IntArray
    supply: IntArray

    @property
    def n_nodes(self) -> int:
        """Number of nodes (length of ``supply``)."""
        return int(self.supply.shape[0])

    @property
    def n_arcs(self) -> int:
        """Number of arcs."""
        return int(self.tail.shape[0])


@dataclass(frozen=True, slots=True)
class ValidatedNetwork(FlowArrays):
    """Validated ``int64`` arrays of a min-cost-flow problem, as given.

    Attributes
    ----------
    lower : ndarray of int64
        Arc lower bounds (capacity ``-1``: unbounded).
    """

    lower: IntArray


def _listed(problems: list[InputProblem], name: str, idx: np.ndarray, code: str,
            template: str, values: np.ndarray) -> None:
    """Append one problem per offending index (at most ``_MAX_LISTED``)."""
    for k, i in enumerate(idx[:_MAX_LISTED]):
        problems.append(
            InputProblem(code, template.format(i=int(i)), field=f"{name}[{int(i)}]",
                         value=values[k].item() if hasattr(values[k], "item") else values[k])
        )
    if idx.size > _MAX_LISTED:
        problems.append(
            InputProblem(code, f"... and {idx.size - _MAX_LISTED} more entries of {name!r} "
                         f"with the same problem", field=name)
        )


def as_int_array(values: Any, name: str, problems: list[InputProblem]) -> IntArray | None:
    """Convert ``values`` to a 1-D ``int64`` array, recording problems.

    Accepts integer arrays and floating arrays holding integral, finite values;
    rejects NaN, infinities, non-integral floats, booleans, strings and values
    outside ``[-MAX_ABS, MAX_ABS]``.

    Returns ``None`` when the array could not be converted (the reason is in
    ``problems``).
    """
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError) as exc:  # ragged input
        problems.append(InputProblem("not_an_array", f"{name!r} is not an array: {exc}",
                                     field=name))
        return None
    if arr.ndim != 1:
        if arr.ndim == 0 or arr.size != 0:
            problems.append(InputProblem("bad_shape", f"{name!r} must be one-dimensional, "
                                         f"got shape {arr.shape}", field=name))
            return None
        arr = arr.reshape(0)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    kind = arr.dtype.kind
    if kind in "iu":
        if kind == "u" and arr.dtype.itemsize >= 8:
            big = np.flatnonzero(arr > np.uint64(MAX_ABS))
            if big.size:
                _listed(problems, name, big, "too_large", f"{name}[{{i}}] exceeds 2**62 in "
                        "absolute value", arr[big])
                return None
        out = arr.astype(np.int64)
    elif kind == "f":
        finite = np.isfinite(arr)
        safe = np.where(finite, arr, 0.0)
        bad = np.flatnonzero(~finite)
        frac = np.flatnonzero(safe != np.floor(safe))
        big = np.flatnonzero(np.abs(safe) > float(MAX_ABS))
        if bad.size:
            _listed(problems, name, bad, "not_finite", f"{name}[{{i}}] is NaN or infinite",
                    arr[bad])
        if frac.size:
            _listed(problems, name, frac, "not_integral",
                    f"{name}[{{i}}] is not an integer", arr[frac])
        if big.size:
            _listed(problems, name, big, "too_large",
                    f"{name}[{{i}}] exceeds 2**62 in absolute value", arr[big])
        if bad.size or frac.size or big.size:
            return None
        out = arr.astype(np.int64)
    else:
        problems.append(InputProblem("bad_dtype", f"{name!r} must hold integers, got dtype "
                                     f"{arr.dtype}", field=name))
        return None
    big = np.flatnonzero((out > MAX_ABS) | (out < -MAX_ABS))
    if big.size:
        _listed(problems, name, big, "too_large",
                f"{name}[{{i}}] exceeds 2**62 in absolute value", out[big])
        return None
    return np.ascontiguousarray(out)


def validate_network(tail: Any, head: Any, capacity: Any, cost: Any, supply: Any,
                     lower: Any = None) -> ValidatedNetwork:
    """Validate and canonicalise a min-cost-flow problem.

    Raises
    ------
    FlowInputError
        With every problem found: bad numbers, mismatched lengths, node
        indices out of range, capacities below -1, ``lower > capacity``,
        totals that could overflow ``int64``.
    """
    problems: list[InputProblem] = []
    t = as_int_array(tail, "tail", problems)
    h = as_int_array(head, "head", problems)
    u = as_int_array(capacity, "capacity", problems)
    c = as_int_array(cost, "cost", problems)
    b = as_int_array(supply, "supply", problems)
    lo = None if lower is None else as_int_array(lower, "lower", problems)
    if problems or t is None or h is None or u is None or c is None or b is None:
        raise FlowInputError(problems)
    m = t.shape[0]
    n = b.shape[0]
    arrays = {"head": h, "capacity": u, "cost": c}
    if lo is not None:
        arrays["lower"] = lo
    for name, arr in arrays.items():
        if arr.shape[0] != m:
            problems.append(InputProblem("length_mismatch", f"{name!r} has {arr.shape[0]} "
                                         f"entries but 'tail' has {m}", field=name))
    if problems:
        raise FlowInputError(problems)
    if lo is None:
        lo = np.zeros(m, dtype=np.int64)
    for name, arr in (("tail", t), ("head", h)):
        bad = np.flatnonzero((arr < 0) | (arr >= n))
        if bad.size:
            _listed(problems, name, bad, "node_out_of_range",
                    f"arc {{i}}: {name} node is not in [0, {n}) (there are {n} nodes)",
                    arr[bad])
    bad = np.flatnonzero(u < -1)
    if bad.size:
        _listed(problems, "capacity", bad, "negative_capacity",
                "arc {i}: capacity below -1 (-1 means unbounded)", u[bad])
    bad = np.flatnonzero((u != -1) & (lo > u))
    if bad.size:
        _listed(problems, "lower", bad, "lower_above_capacity",
                "arc {i}: lower bound exceeds capacity", lo[bad])
    if problems:
        raise FlowInputError(problems)
    # Totals that later steps compute in int64: check their magnitude in float64
    # (relative error 1e-16, far below the factor-2 margin kept under 2**63).
    fin = u != -1
    span = np.abs(u.astype(np.float64)) * fin + np.abs(lo.astype(np.float64))
    supply_total = float(np.abs(b.astype(np.float64)).sum()) + 2.0 * float(
        np.abs(lo.astype(np.float64)).sum())
    if supply_total > SAFE_TOTAL:
        problems.append(InputProblem(
            "overflow_risk", "total |supply| plus twice the total |lower| exceeds 2**62: "
            "conservation sums could overflow int64", field="supply", value=supply_total))
    if span.size and float(span.max()) > SAFE_TOTAL:
        i = int(np.argmax(span))
        problems.append(InputProblem(
            "overflow_risk", f"arc {i}: capacity - lower exceeds 2**62",
            field=f"capacity[{i}]", value=int(u[i])))
    if problems:
        raise FlowInputError(problems)
    return ValidatedNetwork(t, h, u, c, b, lo)
