"""The MILP of a network with the stock rows, its LP multipliers, and the check in integers.

A :class:`_Model` holds the free arcs of a network (the others fixed by
reduced-cost fixing, :func:`_fixing`), one ``y`` per (pupil, item, stock), the
link and stock rows. :func:`_solve_milp` runs HiGHS; :func:`_exact` checks a
solution exactly in integers on the whole network before it is used.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeWarning, linprog, milp

from mentormatch.candidates.encode import Encoded
from mentormatch.network import Network, SlotArcs
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member

#: Options of the LP's interior point (HiGHS names, passed on verbatim). No crossover to a
#: vertex: the multipliers only need to be good, not extreme (any give a valid bound), and
#: the crossover took about half the LP's time at 3,000 pupils for the same certificate.
LP_OPTIONS: dict[str, object] = {"run_crossover": "off"}


@dataclass(frozen=True)
class _Model:
    """A MILP over a network's free arcs, then one ``y`` per (pupil, item, stock).

    Arcs not free are fixed at ``x_fixed`` (their reduced cost is beyond the
    window, :func:`_fixing`); rows are the network's nodes, one link row per
    (pupil, item) — ``sum_k y[s, t, k] = lendable arcs of s used`` — and one
    stock row per (stock, item).
    """

    net: Network
    c: NDArray[np.float64]
    items: NDArray[np.float64]
    a: sp.csr_matrix
    lo: NDArray[np.float64]
    hi: NDArray[np.float64]
    upper: NDArray[np.float64]
    free: NDArray[np.int64]
    x_fixed: NDArray[np.int64]
    n_eq: int
    y_s: NDArray[np.int64]
    y_t: NDArray[np.int64]
    y_k: NDArray[np.int64]
    is_lend: NDArray[np.bool_]

    @property
    def n_free(self) -> int:
        """Free arc columns (the ``y`` columns follow)."""
        return len(self.free)

    def full(self, z: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Arc flow over every arc of the network, and ``y``, from a solution ``z``."""
        x = self.x_fixed.copy()
        x[self.free] = z[: self.n_free]
        return x, z[self.n_free:]


def _model(enc: Encoded, lend: Lending, net: Network, arcs: SlotArcs,
           lend_keys: LendKeys, fixed: NDArray[np.int64] | None = None) -> _Model:
    """The MILP of ``net`` (true costs) with the stocks; ``fixed``: -1 free, else the flow."""
    n_nodes, n_arcs = len(net.supply), len(net.tail)
    is_lend = np.zeros(n_arcs, dtype=bool)
    is_lend[: net.n_pair_arcs] = _member(lend_keys, arcs.si * enc.n_m + arcs.mi)
    if fixed is None:
        fixed = np.full(n_arcs, -1, dtype=np.int64)
    free = np.flatnonzero(fixed < 0)
    x_fixed = np.maximum(fixed, 0)
    col = np.full(n_arcs, -1, dtype=np.int64)
    col[free] = np.arange(len(free))
    lend_all = np.flatnonzero(is_lend)
    pupil_all = arcs.si[lend_all]
    ps = np.unique(pupil_all)
    # y variables: pupils with a lendable arc here, each item they need, each stock holding it
    ys, yk, yt = np.nonzero(lend.cover[ps])
    ys = ps[ys]
    n_y = len(ys)
    link_s, link_t = np.nonzero(lend.need[ps])
    link_s = ps[link_s]
    link_key = link_s * 2 + link_t   # sorted: np.nonzero is row-major
    n_link = len(link_s)
    nf = len(free)
    rows = [net.tail[free], net.head[free]]
    cols = [np.arange(nf), np.arange(nf)]
    vals = [np.ones(nf), -np.ones(nf)]
    balance = net.supply.astype(np.int64) - np.bincount(
        net.tail, weights=x_fixed, minlength=n_nodes).astype(np.int64) + np.bincount(
        net.head, weights=x_fixed, minlength=n_nodes).astype(np.int64)
    r0 = n_nodes
    rows.append(r0 + np.searchsorted(link_key, ys * 2 + yt))
    cols.append(nf + np.arange(n_y))
    vals.append(np.ones(n_y))
    link_rhs = np.zeros(n_link, dtype=np.int64)
    first = np.searchsorted(link_s, pupil_all, side="left")
    last = np.searchsorted(link_s, pupil_all, side="right")
    for j in range(2):   # a pupil has at most two link rows
        has = first + j < last
        arc = lend_all[has]
        row = first[has] + j
        is_free = col[arc] >= 0
        rows.append(r0 + row[is_free])
        cols.append(col[arc[is_free]])
        vals.append(-np.ones(int(is_free.sum())))
        np.add.at(link_rhs, row[~is_free], x_fixed[arc[~is_free]])
    r1 = r0 + n_link
    n_scopes = len(lend.scopes)
    rows.append(r1 + yk * 2 + yt)
    cols.append(nf + np.arange(n_y))
    vals.append(np.ones(n_y))
    a = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(r1 + 2 * n_scopes, nf + n_y))
    lo = np.concatenate([balance, link_rhs, np.full(2 * n_scopes, -np.inf)]).astype(np.float64)
    hi = np.concatenate([balance, link_rhs, lend.stock.reshape(-1)]).astype(np.float64)
    c = np.concatenate([net.cost[free].astype(np.float64), np.zeros(n_y)])
    items = np.concatenate([np.zeros(nf), np.ones(n_y)])
    upper = np.concatenate([net.capacity[free].astype(np.float64), np.ones(n_y)])
    return _Model(net, c, items, a, lo, hi, upper, free, x_fixed, n_nodes + n_link, ys, yt, yk,
                  is_lend)


def _lp_multipliers(m: _Model, n_scopes: int) -> NDArray[np.float64] | None:
    """Duals of the stock rows in the LP relaxation (objective units per item, >= 0).

    Interior point without crossover (:data:`LP_OPTIONS`; faster than simplex here,
    measured at 3,000 pupils): any multipliers give a valid bound, so their
    precision only affects the rounds.
    """
    if not len(m.c):
        return None
    eq, ineq = slice(0, m.n_eq), slice(m.n_eq, None)
    with warnings.catch_warnings():
        # HiGHS options scipy does not name are passed on verbatim (with a warning)
        warnings.simplefilter("ignore", OptimizeWarning)
        res = linprog(m.c, A_ub=m.a[ineq], b_ub=m.hi[ineq], A_eq=m.a[eq], b_eq=m.hi[eq],
                      bounds=np.column_stack([np.zeros(len(m.c)), m.upper]),
                      method="highs-ipm", options=dict(LP_OPTIONS))
    if res.status != 0 or res.ineqlin is None:
        return None
    return np.maximum(-np.asarray(res.ineqlin.marginals, dtype=np.float64), 0).reshape(
        n_scopes, 2)


def _solve_milp(m: _Model, objective: NDArray[np.float64],
                extra: LinearConstraint | None = None) -> NDArray[np.int64] | None:
    if not len(objective):   # every arc fixed, nothing lent: the check in integers judges
        return np.zeros(0, dtype=np.int64)
    cons = [LinearConstraint(m.a, m.lo, m.hi)]
    if extra is not None:
        cons.append(extra)
    res = milp(objective, constraints=cons, integrality=np.ones(len(objective)),
               bounds=Bounds(np.zeros(len(objective)), m.upper),
               options={"mip_rel_gap": 0.0, "presolve": True})
    if res.x is None or not res.success:
        return None
    return np.rint(res.x).astype(np.int64)


def _exact(m: _Model, lend: Lending, arcs: SlotArcs, z: NDArray[np.int64]) -> int | None:
    """The solution's objective in integers, or None if it breaks a row (checked on all arcs)."""
    x, y = m.full(z)
    net = m.net
    if np.any(x < 0) or np.any(x > net.capacity) or np.any(y < 0) or np.any(y > 1):
        return None
    n_nodes = len(net.supply)
    out = np.bincount(net.tail, weights=x, minlength=n_nodes) - np.bincount(
        net.head, weights=x, minlength=n_nodes)
    if np.any(out.astype(np.int64) != net.supply):
        return None
    lent = np.zeros(lend.need.shape, dtype=np.int64)   # per (pupil, item): items drawn
    np.add.at(lent, (m.y_s, m.y_t), y)
    used = np.zeros(len(lend.need), dtype=np.int64)   # per pupil: lendable arcs used
    np.add.at(used, arcs.si[m.is_lend[: len(arcs.si)]], x[: len(arcs.si)][m.is_lend[
        : len(arcs.si)]])
    if np.any(lent != used[:, None] * lend.need):
        return None
    drawn = np.zeros(lend.stock.shape, dtype=np.int64)
    np.add.at(drawn, (m.y_k, m.y_t), y)
    if np.any(drawn > lend.stock):
        return None
    return int(sum(int(v) for v in (net.cost.astype(np.int64) * x).tolist() if v))


def _fixing(net: Network, pot: NDArray[np.int64], window: int) -> NDArray[np.int64]:
    """Reduced-cost fixing: arcs with ``rc > window`` at 0, ``rc < -window`` at capacity.

    ``rc = cost - pot[tail] + pot[head]`` with the network's (Lagrangian) costs.
    """
    rc = net.cost - pot[net.tail] + pot[net.head]
    fixed = np.full(len(rc), -1, dtype=np.int64)
    fixed[rc > window] = 0
    low = rc < -window
    fixed[low] = net.capacity[low]
    return fixed
