"""Closing a gap exactly over the loan decisions: pupil-level fixing and no-good cuts.

Let ``x*``, ``pi`` be a certified flow-engine solve at multipliers ``lam`` (the
Lagrangian costs: every lendable triple of pupil ``s`` costs ``extra[s]`` more,
:func:`~mentormatch.solve.equipment.lending._multiplier_cost`), ``S*`` the pupils
it lends to (who use a lendable triple) and ``C* = cost_lam(x*)``. For any flow
``x`` of the full graph, lending to the pupils ``S_x``,

``cost(x) = cost_lam(x) - E(S_x)`` with ``E(S) = sum_{s in S} extra[s]``, and
``cost_lam(x) - C* = sum_a |rc_a| |x_a - x*_a|`` (complementary slackness: every
term is non-negative). The arcs of distinct pupils are distinct, so the sum is
at least ``sum_{s in S_x ^ S*} delta[s]``, where ``delta[s]`` is what pupil
``s`` pays for changing its loan status: the ``|rc|`` of the arc ``x*`` sends it
on (its flow leaves it), plus the least reduced cost of its triples of the other
status (lendable ones when ``x*`` does not lend to it, the others and its
"unassigned" arc when it does; pruned triples included, priced here with the
slot potentials of the pricing). Hence, for every ``x`` that respects the stocks,

``cost(x) >= C* - E(S_x) + sum_{s in S_x ^ S*} delta[s]``     (1)

and ``S_x`` is a set of pupils the stocks can serve together. A solve of the
flow engine over the feasible graph plus the lendable pairs of a stock-feasible
set ``T`` alone is the optimum ``V(T)`` of every solution lending within ``T``.
So with evaluated sets ``T_1 .. T_j`` and the best value ``U = min V(T_i)``,
every solution either lends within some ``T_i`` (cost ``>= U``), or lends to a
stock-feasible set ``S`` outside all of them, of cost at least the right side
of (1). The **loan MILP** minimises that right side over such sets (binary
``z[s]`` per pupil with a lendable pair, ``y[s, t, k]`` per item and covering
stock, the stock rows, and one no-good row ``sum_{s not in T_i} z[s] >= 1`` per
evaluated set): when its optimum is at least ``U`` (or it has no solution),
``U`` is the optimum. Otherwise its solution ``S`` is extended to a maximal
stock-feasible set, evaluated by one flow-engine solve, and the MILP re-solved
with one more no-good row. Each round excludes a new set, so the loop ends; it
stops early at :data:`~mentormatch.solve.equipment.rounds.LOAN_ROUNDS` (then the gap is
reported as before).

The MILP is small (a few thousand binaries: the pupils with a lendable pair),
whatever the size of the feasible graph. Its objective is the Lagrangian bound
made integral in the loans: it closes the gaps left because the bound prices
loans fractionally, which reduced-cost fixing over arcs cannot at these sizes
(the solves are degenerate: most arcs are within a few units of tight, but most
of them do not change any loan).
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.solve.equipment.arcs import lend_pupils, pupil_rows
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member, _multiplier_cost
from mentormatch.solve.loop import SolveOutcome
from mentormatch.solve.pricing import best_blocks, block_order, slot_potentials

_log = logging.getLogger(__name__)

@dataclass(frozen=True)
class LoanBound:
    """The pupil-level form (1) of a certified Lagrangian solve (see module docs).

    Attributes
    ----------
    pupils : (n,) int64
        Pupils with a lendable pair (the MILP's ``z``), sorted.
    coef : (n,) int64
        Objective coefficient of ``z[s]``: ``-extra[s] + delta[s]`` for pupils the
        solve does not lend to, ``-extra[s] - delta[s]`` for those it does.
    const : int
        ``C* + sum_{s in S*} delta[s]``: the bound of a set ``S`` is
        ``const + sum_{s in S} coef[s]``.
    lent : (n,) bool
        ``S*``: the solve lends to the pupil.
    """

    pupils: NDArray[np.int64]
    coef: NDArray[np.int64]
    const: int
    lent: NDArray[np.bool_]


#: Lendable pairs priced at a time by :func:`loan_bound`.
LEAST_CHUNK = 1 << 20


def loan_bound(enc: Encoded, fp: FeasiblePairs, lend: Lending, lend_keys: LendKeys,
               bout: SolveOutcome, lam: NDArray[np.int64], cap: int,
               in_graph: NDArray[np.bool_] | None = None) -> LoanBound | None:
    """The coefficients of (1) from the certified solve ``bout`` at multipliers ``lam``.

    ``in_graph``: the pupils whose lendable pairs were in the graph that solve
    certified (None: every pupil, a Lagrangian solve). For the others (a
    reserved-loan solve's pupils not reserved) a lendable triple's reduced cost
    may be negative: their ``delta`` may be too (what the solve's potentials say
    a loan could gain), and (1) holds for every flow of the full graph all the same.
    ``delta`` is capped at ``cap`` (a pupil paying more than the gap can never
    change status in a better solution; the bound stays valid, being lower).
    None when the solve is not certified, a cost cap restricts sessions (the
    pricing's session check is not repeated here), or a reduced cost breaks the
    certificate (never expected).
    """
    if not bout.optimal or fp.session_limit is not None:
        return None
    net, pot, flow = bout.network, bout.potentials, bout.flow
    n_s, n_m, npa = enc.n_s, enc.n_m, net.n_pair_arcs
    extra = _multiplier_cost(lend, lam)
    rc = net.cost - pot[net.tail] + pot[net.head]
    si = bout.arcs.si
    is_lend = _member(lend_keys, si * n_m + bout.arcs.mi)
    used = flow[:npa] > 0
    lent_all = np.zeros(n_s, dtype=bool)
    lent_all[si[is_lend & used]] = True
    un = npa + net.n_slot_arcs + net.n_load_arcs + np.arange(n_s)
    # |rc| of the arc each pupil's unit leaves (its pair arc, else its "unassigned" arc)
    leave = np.abs(rc[un]).astype(np.int64)
    leave[si[used]] = np.abs(rc[:npa][used])
    pupils = lend_pupils(lend)
    want = np.zeros(n_s, dtype=bool)
    want[pupils] = True
    bo = block_order(enc, fp.session_cost, slot_potentials(enc, net, pot))
    vmin_gm = bo.value[:, :, 0]
    pi_s = pot[:n_s]
    other = np.full(n_s, cap, dtype=np.int64)   # least rc of the other status, capped

    def least(s_rows: NDArray[np.int64], m_rows: NDArray[np.int64],
              c_rows: NDArray[np.int64]) -> None:
        # a triple's rc is at least pair cost + the volunteer's least slot value - pi[s]:
        # only pairs that may be within the cap are priced at their best common block
        g = enc.s_primary[s_rows].astype(np.int64)
        near = np.flatnonzero(c_rows + vmin_gm[g, m_rows] - pi_s[s_rows] < cap)
        if not near.size:
            return
        s_n, m_n = s_rows[near], m_rows[near]
        b, v = best_blocks(enc, s_n, m_n, bo)
        ok = b >= 0
        np.minimum.at(other, s_n[ok], c_rows[near][ok] + v[ok] - pi_s[s_n[ok]])

    # lendable triples of the pupils the solve does not lend to (Lagrangian costs), by
    # chunks (9.4 million rows at 30,000 pupils: their int64 temporaries were the joint
    # solve's peak of memory)
    all_rows = np.flatnonzero(~lent_all[lend.pairs.si])
    for lo_r in range(0, len(all_rows), LEAST_CHUNK):
        rows = all_rows[lo_r:lo_r + LEAST_CHUNK]
        ls = lend.pairs.si[rows].astype(np.int64)
        least(ls, lend.pairs.mi[rows].astype(np.int64),
              lend.pairs.cost[rows].astype(np.int64) + extra[ls])
    # the other triples (and the "unassigned" arc) of the pupils it lends to
    star = np.flatnonzero(lent_all)
    lo, hi = pupil_rows(fp.si, star)
    fr = np.concatenate([np.arange(a, b) for a, b in zip(lo.tolist(), hi.tolist(), strict=True)]
                        ) if star.size else np.zeros(0, dtype=np.int64)
    least(fp.si[fr].astype(np.int64), fp.mi[fr].astype(np.int64),
          fp.cost[fr].astype(np.int64))
    other[star] = np.minimum(other[star], rc[un][star])
    graph = want if in_graph is None else want & in_graph
    if np.any(other[graph & ~lent_all] < 0) or np.any(other[lent_all] < 0):
        _log.warning("loan bound: a reduced cost breaks the certificate; not used")
        return None
    delta = np.minimum(leave + other, cap)[pupils]
    lent = lent_all[pupils]
    coef = -extra[pupils] + np.where(lent, -delta, delta)
    const = int(bout.objective) + int(delta[lent].sum())
    return LoanBound(pupils, coef.astype(np.int64), const, lent)


@dataclass(frozen=True)
class LoanCut:
    """The loan MILP's answer: its proven bound, and the set it names (None: no set).

    ``bound`` is HiGHS' dual bound less :func:`bound_margin` (None: no stock-feasible
    set outside the evaluated ones; :data:`NO_BOUND`: no proof); ``value`` the exact
    value (in integers) of the set named, at least ``bound``.
    """

    bound: int | None
    pupils: NDArray[np.int64] | None
    take: NDArray[np.int64] | None   # (n, 3) rows (pupil, item, stock) of its loans
    value: int | None = None


#: Bounds below this are "no bound" (a MILP not solved to optimality).
NO_BOUND = -(2**62)

#: HiGHS options of the loan MILP: HiGHS' default tolerances (session h18c). The bound
#: is taken from HiGHS' *lower* side (its dual bound less :func:`bound_margin`), not from
#: the set it returns: with tolerances of 1e-6 on integrality a ``z`` of 0.9999996 times a
#: coefficient of 10^7-10^8 hides tens of units, so that set's exact value can lie above
#: the least (at 10,000 pupils: 612 and 603 where the least is 598, HiGHS' own value -36
#: from the best, i.e. 598). Tolerances of 1e-10 made the returned set exact, but cost
#: 30 s of loan MILP and 30 s of reserved-loan solves at 30,000 pupils (session h18b).
LOAN_MILP_OPTIONS: dict[str, object] = {"mip_rel_gap": 0.0, "presolve": False}
#: ... and those of a second try when HiGHS stops on an error with them (without
#: presolve, default tolerances, HiGHS reports a "solve error" on some tiny problems
#: with coefficients of 10^8: found by the tests, two pupils and one stock), or when
#: its answer is of no use: a bound below the best (no proof) with a set whose exact
#: value is at least the best (nothing to evaluate). With default tolerances a
#: ``z`` of 1e-7 times a coefficient of 10^7 pulls HiGHS' value 1 unit below the least
#: (the tests): sound, but no proof where the least equals the best.
LOAN_MILP_RETRY: dict[str, object] = {
    "mip_rel_gap": 0.0, "presolve": False, "primal_feasibility_tolerance": 1e-10,
    "dual_feasibility_tolerance": 1e-10, "mip_feasibility_tolerance": 1e-10}

#: HiGHS' default feasibility tolerance of a MIP (``mip_feasibility_tolerance``): the LP
#: relaxations' dual bounds are accepted with dual infeasibilities up to it (unscaled).
MIP_TOLERANCE = 1e-6
#: Relative rounding of the floating-point sums behind HiGHS' objective (float64: a sum
#: of ``n`` terms errs by at most ``n`` 2^-53 times the sum of their sizes; 1e-12 holds
#: for up to 9,000 terms — about 5,000 columns at 30,000 pupils).
FLOAT_ROUNDING = 1e-12
#: The ``|theta|`` term of :func:`bound_margin` is this many times the tolerance
#: (measured: HiGHS' optimum up to 7.6 tolerances times ``|theta|`` above the least;
#: 20 leaves a factor 2.6).
THETA_FACTOR = 20


def bound_margin(n_cols: int, magnitude: float, objective: float,
                 tolerance: float = MIP_TOLERANCE) -> float:
    """Safety margin of HiGHS' dual bound of the loan MILP, in objective units.

    HiGHS' dual bound is the least LP bound of its open nodes (or its incumbent's
    value). Each LP bound is the objective of a basis whose dual infeasibilities
    are at most ``tolerance`` (``mip_feasibility_tolerance``, unscaled, checked by
    HiGHS before it uses an LP bound): by weak duality, the exact LP minimum is at
    most ``tolerance`` below it per unit of a column's range — 1 for the ``n_cols``
    binaries, and for ``theta`` (free, cost 1) the size of its value near the
    bound, ``|objective|`` (HiGHS' dual bound or incumbent value, the larger in
    size), taken :data:`THETA_FACTOR` times (HiGHS' relative objective tolerances:
    measured below). Primal infeasibilities and near-integral values only make an LP bound
    or an incumbent's value *lower* (the point is relaxed), never higher. To that,
    the rounding of the float sums: :data:`FLOAT_ROUNDING` times ``magnitude``
    (the largest form's constant, from the base, plus the sum of its absolute
    coefficients). The least integral value of the MILP is then at least
    ``ceil(dual bound - margin)``: every form is integral at an integral set.
    (Stated assumption, as for every other MILP of this package: HiGHS' cuts and
    domain propagation are valid.)

    Measured (session h18c, 1,200 random loan MILPs with coefficients of 10^7-10^8
    against enumeration): with ``theta`` far from 0 (10^8-10^9: measured from 0
    instead of the best value) HiGHS' default tolerances report optima above the
    least by up to 7.6e-6 times ``|theta|`` (985 units at 9·10^8), hence the factor
    :data:`THETA_FACTOR` on that term; with ``theta`` within a few thousand of 0 (as
    the loan MILP measures it: from the best value, ``|objective|`` is about the
    gap) and rows of 10^9, never above it (400 of 400).
    """
    return tolerance * (n_cols + THETA_FACTOR * abs(objective)) + FLOAT_ROUNDING * magnitude


def loan_milp(lend: Lending, cuts: list[LoanBound], evaluated: list[NDArray[np.bool_]],
              base: int, near: tuple[NDArray[np.bool_], int] | None = None) -> LoanCut:
    """Least bound over stock-feasible loan sets outside every evaluated one.

    Each of ``cuts`` (forms (1) of certified solves, all over the same pupils)
    bounds every solution lending to ``S``; the MILP minimises their maximum
    ``theta`` (Benders' master problem over the loan decisions) over sets
    outside every evaluated set (``evaluated``: masks over all pupils; every
    solution lending within one costs at least its solve's value). ``theta`` is
    measured from ``base`` (the best value: small numbers for HiGHS). Returns the
    bound from HiGHS' lower side (its dual bound less :func:`bound_margin`, rounded
    up), the set HiGHS names and that set's exact value; ``bound`` None when no
    stock-feasible set lies outside the evaluated ones.

    ``near = (centre, k)``: only the sets differing from ``centre`` (a mask over
    all pupils) in at most ``k`` pupils (local branching, :mod:`.benders`); the
    value is then a bound over that neighbourhood only, never a global one.
    """
    p = cuts[0].pupils
    n = len(p)
    ys, yk, yt = np.nonzero(lend.cover[p])
    n_y = len(ys)
    link_s, link_t = np.nonzero(lend.need[p])
    link_key = link_s * 2 + link_t
    n_link = len(link_s)
    n_scopes = len(lend.scopes)
    theta = n + n_y
    rows = [np.searchsorted(link_key, ys * 2 + yt), n_link + yk * 2 + yt]
    cols = [n + np.arange(n_y), n + np.arange(n_y)]
    vals = [np.ones(n_y), np.ones(n_y)]
    rows.append(np.arange(n_link))   # - z[s] on each of its link rows
    cols.append(link_s)
    vals.append(-np.ones(n_link))
    r = n_link + 2 * n_scopes
    for t_mask in evaluated:   # no-good rows: sum of z outside T_i >= 1
        out = np.flatnonzero(~t_mask[p])
        rows.append(np.full(len(out), r))
        cols.append(out)
        vals.append(np.ones(len(out)))
        r += 1
    n_near = 0
    if near is not None:   # sum_{s in centre} (1 - z[s]) + sum_{s not in centre} z[s] <= k
        inside = near[0][p]
        rows.append(np.full(n, r))
        cols.append(np.arange(n))
        vals.append(np.where(inside, -1.0, 1.0))
        r += 1
        n_near = 1
    for lb in cuts:   # theta - coef . z >= const - base
        nz = np.flatnonzero(lb.coef)
        rows.append(np.full(len(nz) + 1, r))
        cols.append(np.r_[nz, theta])
        vals.append(np.r_[-lb.coef[nz].astype(np.float64), 1.0])
        r += 1
    a = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(r, theta + 1))
    n_cut = len(evaluated)
    near_hi = [] if near is None else [float(near[1] - int(near[0][p].sum()))]
    lo = np.concatenate([np.zeros(n_link), np.full(2 * n_scopes, -np.inf), np.ones(n_cut),
                         np.full(n_near, -np.inf),
                         np.array([lb.const - base for lb in cuts], dtype=np.float64)])
    hi = np.concatenate([np.zeros(n_link), lend.stock.reshape(-1).astype(np.float64),
                         np.full(n_cut, np.inf), np.array(near_hi),
                         np.full(len(cuts), np.inf)])
    c = np.zeros(theta + 1)
    c[theta] = 1.0
    integrality = np.ones(theta + 1)
    integrality[theta] = 0
    ub = np.ones(theta + 1)
    ub[theta] = np.inf
    lb_ = np.zeros(theta + 1)
    lb_[theta] = -np.inf
    magnitude = max(abs(lb.const - base) + float(np.abs(lb.coef).sum()) for lb in cuts)

    def solve(options: dict[str, object]) -> LoanCut | None:
        """One HiGHS solve with ``options``; None when HiGHS stops on an error."""
        with warnings.catch_warnings():
            # HiGHS options scipy does not name are passed on verbatim (with a warning)
            warnings.filterwarnings("ignore", message="Unrecognized options")
            res = milp(c, constraints=[LinearConstraint(a, lo, hi)], integrality=integrality,
                       bounds=Bounds(lb_, ub), options=dict(options))
        if res.status == 2:   # infeasible: no stock-feasible set outside the evaluated ones
            return LoanCut(None, None, None)
        if res.status != 0 or res.x is None:
            _log.debug("loan MILP: HiGHS status %d (%s)", res.status, res.message)
            return None
        z = np.rint(res.x[:theta]).astype(np.int64)
        chosen = z[:n] > 0
        y = z[n:] > 0
        # checked in integers: each chosen pupil's items drawn once from covering stocks,
        # within the stocks, and the set outside every evaluated one
        got = np.zeros((n, 2), dtype=np.int64)
        np.add.at(got, (ys[y], yt[y]), 1)
        drawn = np.zeros(lend.stock.shape, dtype=np.int64)
        np.add.at(drawn, (yk[y], yt[y]), 1)
        if (np.any(got != lend.need[p] * chosen[:, None]) or np.any(drawn > lend.stock)
                or any(not np.any(chosen & ~t_mask[p]) for t_mask in evaluated)):
            _log.warning("loan MILP: the solution fails the check in integers; not used")
            return LoanCut(NO_BOUND, None, None)
        # the set's exact value (the largest form at it, in integers): at least the least
        value = max(lb.const + int(lb.coef[chosen].sum()) for lb in cuts)
        # the bound: HiGHS' dual bound less the margin of its tolerances (bound_margin),
        # rounded up (the least value is an integer); never the set's value, which is
        # only the least if HiGHS' set is the exact minimiser (see LOAN_MILP_OPTIONS)
        dual = getattr(res, "mip_dual_bound", None)
        dual = float(res.fun) if dual is None or not np.isfinite(dual) else min(
            float(dual), float(res.fun))
        tol = options.get("mip_feasibility_tolerance", MIP_TOLERANCE)
        assert isinstance(tol, float)
        margin = bound_margin(theta, magnitude, max(abs(dual), abs(float(res.fun))), tol)
        bound = base + int(np.ceil(dual - margin))
        if value < bound:
            # an exact set below HiGHS' lower side: its dual bound was not one (never seen)
            _log.warning("loan MILP: a set worth %d lies below HiGHS' bound %d; no bound",
                         value, bound)
            bound = NO_BOUND
        take = np.column_stack([p[ys[y]], yt[y], yk[y]]).astype(np.int64)
        return LoanCut(bound, p[chosen], take, value)

    cut = solve(LOAN_MILP_OPTIONS)
    if cut is None or (cut.bound is not None and cut.bound < base and cut.value is not None
                       and cut.value >= base):
        # HiGHS stopped on an error, or its answer is of no use: no proof (its bound below
        # the best: near-integral values of large coefficients pull its value down) and
        # a set that cannot improve the best (its exact value is at least the best). Once
        # more with tight tolerances: the proof, or a set worth evaluating
        tight = solve(LOAN_MILP_RETRY)
        if tight is not None:
            cut = tight
    return LoanCut(NO_BOUND, None, None) if cut is None else cut
