"""Backend ``"auction"``: exact forward–reverse auction, ε-scaling (extra ``mentormatch[fast]``).

The same problem as :func:`~mentormatch.flow.backends.assignment.solve_assignment`
(a min-cost matching of a sparse bipartite graph that saturates every row,
columns may stay free), solved by Bertsekas' auction compiled with numba
(:mod:`._auction_kernels`, ``@njit(cache=True)``) instead of scipy's LAPJVsp.
Without numba the backend is unavailable and nothing here is compiled.

Algorithm
---------
* **Outside options.** A column with one edge can only ever be taken by its
  row: it is not auctioned; the cheapest such column of a row is the row's
  *outside option*, of price 0 for ever (a pupil's "unassigned" column).
* **Exact integers.** Costs are shifted to ``>= 0`` (every row is matched
  once, so a constant changes no optimum) and multiplied by ``m + 1``
  (``m`` rows). A matching meeting ε-complementary slackness with ``ε = 1``
  costs at most ``m·ε = m`` more than the optimum; every scaled cost is a
  multiple of ``m + 1``, so it *is* optimal.
* **ε-scaling.** Phases with ``ε = ε0, ε0 / f, ..., 1``; prices are kept
  from phase to phase, the assignment restarts.
* **Forward** (Gauss–Seidel): an unassigned row takes its cheapest option
  ``j`` (cost plus price) and raises ``p_j`` so that ``j`` costs it the
  second-cheapest option plus ``ε``; the column's previous row becomes
  unassigned. Every row ends within ``ε`` of its cheapest option.
* **Reverse** (``λ = 0``): the LP's column duals must be ``>= 0`` and zero
  on free columns. Prices only start at 0 and rise when bid for, but a column
  priced in an earlier phase may end a phase free. Each such column lowers
  its price to attract the row that gains most (``p_j = max(0, ω - ε)``,
  ``ω`` the second-best row's gain), or to 0 when no row gains ``ε``; the row
  it takes frees its former column, which may bid in turn. Rows stay
  assigned and within ``ε`` of their cheapest option (Bertsekas, *Network
  Optimization*, asymmetric assignment).
* **Bid budget.** At most ``max_bids`` bids in all (default
  :data:`BIDS_PER_EDGE` per edge and row), and prices below ``2**61``: past
  either (an infeasible graph, a price war), the caller falls back to LAPJV,
  which proves infeasibility or solves it.

The matching is optimal; no certificate is taken from it: the flow it gives
goes through the same exact verification and certifying potentials as every
other backend's. Ties between equally cheap matchings may be broken
differently from LAPJV (same optimal cost, possibly other pairs).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
import numpy.typing as npt

from mentormatch._extras import CompiledKernels, available
from mentormatch.flow.backends import assignment
from mentormatch.flow.backends._base import BackendOutput, CanonicalNetwork

__all__ = ["BIDS_PER_EDGE", "CERTIFY_PER_ROW", "SCALING_FACTOR", "auction_prices",
           "compile_seconds", "is_available", "match", "solve", "solve_assignment_auction"]

_log = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]

#: ε is divided by this from phase to phase (measured fastest on the match reductions).
SCALING_FACTOR = 8
#: Bid budget: this many bids per edge and row, over all phases, before falling back.
BIDS_PER_EDGE = 50
#: Price lowerings per row the early optimality proof (after each phase with ε below one
#: cost unit) may make before the auction goes on with its next phase (a proof needed
#: 0.08–0.5 per row at 30,000 pupils; a failed one, a negative cycle, spends it all).
CERTIFY_PER_ROW = 2
#: Prices (scaled) stay below this; largest scaled cost accepted is a quarter of it.
_PRICE_LIMIT = 1 << 61

def is_available() -> bool:
    """Return whether numba is installed (the extra ``mentormatch[fast]``)."""
    return available("numba")


def _warm(k: Any) -> None:
    z = np.zeros(1, dtype=np.int64)
    one = np.ones(1, dtype=np.int64)
    k.auction(np.array([0, 0], dtype=np.int64), z[:0], z[:0], one, z, z[:0], z[:0], z,
              np.int64(1), np.int64(2), np.int64(10), np.int64(1 << 40), np.int64(2),
              np.int64(10))


_KERNELS = CompiledKernels("mentormatch.flow.backends._auction_kernels", _warm,
                           "auction kernels")
_kernels = _KERNELS.get
#: Seconds the first use of the kernels took in this process (compile or cache load).
compile_seconds = _KERNELS.compile_seconds


def solve_assignment_auction(rows: IntArray, cols: IntArray, costs: IntArray, n_rows: int,
                             n_cols: int, *, max_bids: int | None = None) -> IntArray | None:
    """Min-cost matching saturating every row, by the compiled auction (see module notes).

    Parameters
    ----------
    rows, cols, costs : numpy.ndarray of int64
        Edges; repeated ``(row, col)`` pairs are allowed (the cheapest is kept).
    n_rows, n_cols : int
        Sizes of the two sides.
    max_bids : int, optional
        Bid budget (default :data:`BIDS_PER_EDGE` × (edges + rows)).

    Returns
    -------
    numpy.ndarray of int64 or None
        ``col_of_row`` (every row matched, minimum total cost), or ``None``
        when the auction gave up (budget, price limit, scaled costs beyond
        int64, or a row without any edge): the caller falls back to LAPJV.
    """
    return auction_prices(rows, cols, costs, n_rows, n_cols, max_bids=max_bids)[0]


def auction_prices(rows: IntArray, cols: IntArray, costs: IntArray, n_rows: int, n_cols: int,
                   *, max_bids: int | None = None, start: IntArray | None = None,
                   eps0: int | None = None) -> tuple[IntArray | None, IntArray]:
    """:func:`solve_assignment_auction` with a warm start: also the final column prices.

    Parameters
    ----------
    rows, cols, costs, n_rows, n_cols, max_bids
        As :func:`solve_assignment_auction`.
    start : numpy.ndarray of int64, shape (n_cols,), optional
        Starting column prices in cost units (``>= 0``; e.g. the prices of a
        previous, similar problem). Any values give the optimum; close ones
        fewer bids.
    eps0 : int, optional
        First ε in cost units (default: an eighth of the cost range, cold).

    Returns
    -------
    col_of_row : numpy.ndarray of int64 or None
        As :func:`solve_assignment_auction`.
    prices : numpy.ndarray of int64, shape (n_cols,)
        Final column prices in cost units (rounded down; 0 for single-edge columns).
    """
    m = int(n_rows)
    zero = np.zeros(int(n_cols), dtype=np.int64)
    if m == 0:
        return np.zeros(0, dtype=np.int64), zero
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    w = np.asarray(costs, dtype=np.int64)
    if r.size == 0:
        return None, zero
    if not (r.shape == c.shape == w.shape) or int(r.min()) < 0 or int(r.max()) >= m \
            or int(c.min()) < 0 or int(c.max()) >= int(n_cols):
        raise ValueError("edges out of range or of unequal lengths")
    lo = int(w.min())
    span = int(w.max()) - lo
    scale = m + 1
    if (span + 1) * scale * 4 >= _PRICE_LIMIT:
        return None, zero
    k = _kernels()
    (row_ptr, col_idx, ww, outside, out_col, col_ptr, row_idx, ccost,
     shared_cols) = k.prepare(r, c, w, m, int(n_cols), np.int64(lo), np.int64(scale))
    n_sh = int(shared_cols.size)
    none = k.NONE
    top = int(max(int(ww.max(initial=0)), int(outside[outside < none].max(initial=0))))
    e0 = max(1, top // SCALING_FACTOR if eps0 is None else min(int(eps0) * scale, top))
    if start is None:
        p0 = np.zeros(n_sh, dtype=np.int64)
    else:
        p0 = np.minimum(np.maximum(np.asarray(start, dtype=np.int64)[shared_cols], 0),
                        (span + 1) * 2) * scale
    budget = BIDS_PER_EDGE * (col_idx.size + m) if max_bids is None else int(max_bids)
    t0 = time.perf_counter()
    col_of, price, bids, phases = k.auction(row_ptr, col_idx, ww, outside, col_ptr,
                                            row_idx, ccost, p0, np.int64(e0),
                                            np.int64(SCALING_FACTOR), np.int64(budget),
                                            np.int64(_PRICE_LIMIT), np.int64(scale),
                                            np.int64(CERTIFY_PER_ROW * m))
    _log.debug("auction: %d rows, %d shared columns, %d edges, %d bids, %d phases, %.2f s%s",
               m, n_sh, col_idx.size, bids, phases, time.perf_counter() - t0,
               " (warm)" if start is not None else "")
    prices = zero.copy()
    prices[shared_cols] = price // scale
    if np.any(col_of == -1):
        return None, prices
    res = out_col.copy()
    on = col_of >= 0
    res[on] = shared_cols[col_of[on]]
    if np.any(res < 0):
        return None, prices
    return res.astype(np.int64), prices


def solve(net: CanonicalNetwork) -> BackendOutput:
    """Solve an assignment-class network by capacity expansion and the auction.

    As :func:`mentormatch.flow.backends.assignment.solve` (same class, same
    expansion), with :func:`solve_assignment_auction` as the matcher and
    LAPJV as its fallback.

    Raises
    ------
    mentormatch.errors.MissingExtraError
        If numba is not installed.
    mentormatch.errors.FlowInputError
        If the network is not of the assignment class.
    """
    from mentormatch._extras import require
    require("numba")
    return assignment.solve(net, matcher=match)


def match(rows: IntArray, cols: IntArray, costs: IntArray, n_rows: int,
          n_cols: int) -> IntArray:
    """:func:`solve_assignment_auction` on unique edges, LAPJV when it gives up.

    Raises
    ------
    mentormatch.errors.InfeasibleError
        If no matching saturates every row (proved by LAPJV).
    """
    out = solve_assignment_auction(rows, cols, costs, n_rows, n_cols)
    if out is None:
        _log.debug("auction gave up; LAPJV")
        return assignment.match_lapjv(rows, cols, costs, n_rows, n_cols)
    return out
