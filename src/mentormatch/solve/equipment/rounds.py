"""The joint solve: relaxation, Lagrangian rounds, MILPs, closure, certificate.

:func:`solve_with_equipment` drives the method of ``docs/equipment.md``; the
tunables below are read here at call time (tests patch them on this module).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import LinearConstraint

from mentormatch._backends import BackendChoice
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.candidates.quantise import MAX_ARC_COST
from mentormatch.domain.equipment import ITEMS
from mentormatch.errors import InternalError
from mentormatch.network import SlotArcs, build_network, lexicographic_big, mentor_load_costs
from mentormatch.solve.equipment.arcs import (
    _all_triples,
    _merged,
    _n_triples,
    _true_cost,
    _union,
    lend_keys,
    lend_pupils,
    merge_base,
    pupil_rows,
)
from mentormatch.solve.equipment.benders import SwapStats, local_branching, refill, swap
from mentormatch.solve.equipment.closure import _fixing_closure
from mentormatch.solve.equipment.dual import alternative_arcs, core_multipliers
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member, _multiplier_cost
from mentormatch.solve.equipment.loans import (
    NO_BOUND,
    LoanBound,
    LoanCut,
    loan_bound,
    loan_milp,
)
from mentormatch.solve.equipment.lp_closure import lp_closure, solve_closing
from mentormatch.solve.equipment.model import (
    _exact,
    _fixing,
    _lp_multipliers,
    _Model,
    _model,
    _solve_milp,
)
from mentormatch.solve.equipment.prices import _clearing_multipliers, _loan_values, _reserve
from mentormatch.solve.loop import SolveOutcome, initial_arcs, solve_with_pricing
from mentormatch.solve.reduction import warm_potentials

_log = logging.getLogger(__name__)


#: Up to this many (pupil, volunteer, session) triples in the whole feasible graph
#: (lendable pairs included), the MILP is solved on all of them: exact by itself.
FULL_MILP_TRIPLES = 20_000
#: When the Lagrangian rounds end with a gap (an integrality gap the Lagrangian bound cannot
#: close), the whole-graph MILP closes it up to this many triples; beyond, the gap is reported.
FALLBACK_MILP_TRIPLES = 200_000

#: Beyond this many arcs in a flow solve's network, its reduced-cost window is not widened
#: and no MILP frees every arc of it (their size grows with the network's).
LP_MAX_ARCS = 250_000

#: Beyond this many arcs in the core (:func:`_core_arcs`: the tight and used arcs of every
#: flow solve), the LP giving the next multipliers is not solved; the clearing prices of
#: each solve are used while the bound improves.
CORE_MAX_ARCS = 200_000

#: Beyond ``CORE_MAX_ARCS``, the clearing prices are refined on the core network by the
#: restricted Lagrangian dual (:mod:`.dual`) before each full-graph solve but the first
#: (off: measured at 30,000 pupils, its repairs cost more than the solves they save) ...
CORE_DUAL = False
#: ... with at most this many min-cost flows of the core network ...
CORE_DUAL_ITERATIONS = 24
#: ... each multiplier within twice its clearing price plus this many ``BIG``.
CORE_DUAL_BOX = 1
#: The cheapest arcs of each status (lendable or not) per pupil who can be lent, from
#: the last full solve, that join the core before the search (:func:`.dual.alternative_arcs`).
CORE_DUAL_ALTERNATIVES = 4
#: The core dual searches the core plus the last full solve's whole network instead
#: (measured: LP-quality multipliers at 3,000 pupils; 1.6-2.8 s a repair at 30,000).
CORE_DUAL_ALL = False
#: The core dual steps to the core solve's clearing prices when inside the bracket.
CORE_DUAL_NEWTON = True
#: The core dual in place of the core LP below ``CORE_MAX_ARCS`` (measured negative at
#: 10,000 pupils: a gap of 4 priority weight against 30 cost units, for the same time).
CORE_DUAL_LP = False

#: Most Lagrangian solves (clearing prices) on large problems: measured at 30,000 pupils,
#: the third raised the Lagrangian bound to 871,616,879,448, below what the loan MILP over
#: the forms of the first two and of the reserved-loan solves proves (871,616,880,482).
LARGE_SOLVES = 2

#: After a round of the core LP that raised the bound, the rounds stop once one raises it
#: by less than this share of the gap left before it (or not at all).
STALL = 0.25


#: Skip the MILP on a round's tight arcs on networks above ``LP_MAX_ARCS`` arcs once it
#: had no solution (an upper-bound heuristic only; every bound is unchanged).
SKIP_TIGHT_MILP = True

#: Most restricted-MILP / Lagrangian rounds before the certificate reports a gap.
MAX_ROUNDS = 8

#: A restricted MILP without solution is retried with its reduced-cost window this many
#: times wider (starting from the largest pair cost) ...
WIDEN = 8

#: ... until the window exceeds this many times ``BIG``; then with every arc free.
WINDOW_LIMIT = 4

#: The closing step is tried (tests switch it off to show what it closes).
CLOSE = True
#: The closing step with the core LP's duals (:mod:`.lp_closure`) is tried on a gap left.
#: Off by default: exact and tested, but at 10,000 pupils (the size it is meant for) the
#: core LP's duals price ~1 million pairs outside the core below zero, so it neither
#: builds its MILP nor raises the bound, for 10 s more (``docs/equipment-history.md``, h18b).
LP_CLOSE = False


@dataclass(frozen=True)
class EquipmentOutcome:
    """The joint solve: the final :class:`SolveOutcome`, what is lent, bounds and multipliers.

    Attributes
    ----------
    outcome : SolveOutcome
        Network, flow and certificate figures of the final solution (true costs).
    lent : dict of int to tuple of (str, str)
        Pupil index → ``(item, scope)`` of each item lent.
    lambdas : (n_scopes, 2) int64
        Lagrange multipliers of the stocks (objective units per item).
    big : int
        The objective's ``BIG`` (one priority weight unit).
    bound_kind : str
        What proved the bound: ``"relaxation"``, ``"lagrangian"``, ``"milp"``,
        ``"fixing"`` (:func:`_fixing_closure`) or ``"loans"`` (:mod:`.loans`).
    rounds, engine_solves : int
    milp_vars : int
        Variables of the last restricted MILP.
    items_optimal : bool
        The third tier (fewest items) was solved to optimality on the MILP's arcs.
    timings : dict
    """

    outcome: SolveOutcome
    lent: dict[int, tuple[tuple[str, str], ...]]
    lambdas: NDArray[np.int64]
    big: int
    bound_kind: str
    rounds: int
    engine_solves: int
    milp_vars: int
    items_optimal: bool
    timings: dict[str, float] = field(default_factory=dict)


WARM = True


def _core_arcs(out: SolveOutcome, lend_keys: LendKeys, extra: NDArray[np.int64] | None,
               n_m: int) -> SlotArcs:
    """The arcs of a flow solve that are tight (reduced cost <= 0) or carry flow, true costs.

    The LP over these arcs of every solve so far gives the next multipliers: an
    optimal flow at the LP's multipliers is a combination of such arcs, and the
    degenerate solves leave most pupils several (measured: a tenth of the arcs
    of the solves' networks, ten times faster than the LP over all of them for
    the same bounds at 3,000 pupils).
    """
    net, pot = out.network, out.potentials
    npa = net.n_pair_arcs
    rc = net.cost[:npa] - pot[net.tail[:npa]] + pot[net.head[:npa]]
    keep = (rc <= 0) | (out.flow[:npa] > 0)
    arcs = out.arcs
    return _true_cost(SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], arcs.cost[keep]),
                      lend_keys, extra, n_m)


def _forced_loans_exceed(enc: Encoded, lend: Lending, out: SolveOutcome,
                         lend_keys: LendKeys) -> bool:
    """The MILP on the tight arcs of ``out`` has no solution: its forced loans exceed a stock.

    In that MILP (arcs with reduced cost 0 free, the others fixed at the flow) a
    pupil whose flow uses a lendable arc and who has no free arc without a loan (no
    tight pair arc that is not lendable, its "unassigned" arc not tight), or whose
    lendable arc is fixed at its capacity (reduced cost below 0), keeps a loan. If those
    pupils need more items of a kind than all the stocks hold together, the MILP
    has no solution; so too if the forced pupils that a single stock covers for an
    item need more of it than that stock holds (necessary conditions only: False
    proves nothing). Checked
    before building the MILP on large networks (session h18c: at 30,000 pupils
    the relaxation's, 2.3 s for no solution).
    """
    net, pot = out.network, out.potentials
    npa = net.n_pair_arcs
    rc = net.cost[:npa] - pot[net.tail[:npa]] + pot[net.head[:npa]]
    si = out.arcs.si
    used = out.flow[:npa] > 0
    is_lend = _member(lend_keys, si * enc.n_m + out.arcs.mi)
    # the pupils with a free way to be served without a loan: a tight pair arc that is not
    # lendable, or a tight "unassigned" arc
    plain = np.zeros(enc.n_s, dtype=bool)
    plain[si[(rc == 0) & ~is_lend]] = True
    un = npa + net.n_slot_arcs + net.n_load_arcs + np.arange(enc.n_s)
    plain |= net.cost[un] - pot[net.tail[un]] + pot[net.head[un]] == 0
    forced = np.zeros(enc.n_s, dtype=bool)
    forced[si[used & is_lend]] = True
    forced &= ~plain
    forced[si[used & is_lend & (rc < 0)]] = True   # fixed at its capacity: kept
    demand = lend.need[forced].sum(axis=0)
    # ... and per stock, the forced pupils that stock alone covers for an item
    cover = lend.cover[forced]                       # (pupils, stocks, items)
    alone = cover & (cover.sum(axis=1) == 1)[:, None, :]
    local = alone.sum(axis=0)                        # (stocks, items)
    _log.debug("tight MILP: %d pupils forced to a loan, items %s, stocks %s, %d stocks "
               "short", int(forced.sum()), demand.tolist(), lend.stock.sum(axis=0).tolist(),
               int(np.any(local > lend.stock, axis=1).sum()))
    return bool(np.any(demand > lend.stock.sum(axis=0)) or np.any(local > lend.stock))


def _warm_start(enc: Encoded, out: SolveOutcome, lend_keys: LendKeys,
                change: NDArray[np.int64], allowed: NDArray[np.bool_] | None, big: int,
                load_int: list[NDArray[np.int64]], fp_next: FeasiblePairs | None = None,
                touched: NDArray[np.bool_] | None = None
                ) -> tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]]:
    """A flow-engine warm start from a solve ``out``: its arcs, flow and potentials.

    Lendable arcs of pupil ``s`` cost ``change[s]`` more; with ``allowed``, the
    lendable arcs of the other pupils are dropped (their flow with them: the
    repair routes those pupils again). With ``fp_next`` (the graph of the solve
    to start), the :data:`WARM_PAIRS_PER_PUPIL` cheapest pairs of that graph of
    the pupils who lost arcs and of the allowed ones join the start (empty), so
    that the first repair routes them: without them those pupils are left
    unassigned and the pricing's violations are of the coverage tier, which the
    flow engine re-solves from scratch. ``touched``: more pupils whose cheapest
    pairs join (a Lagrangian solve's pupils whose loan got dearer).
    """
    arcs = out.arcs
    is_lend = _member(lend_keys, arcs.si * enc.n_m + arcs.mi)
    cost = arcs.cost + np.where(is_lend, change[arcs.si], 0)
    npa = out.network.n_pair_arcs
    if allowed is None and touched is None:
        return SlotArcs(arcs.si, arcs.mi, arcs.block, cost), out.flow, out.potentials
    keep = (~is_lend | allowed[arcs.si] if allowed is not None
            else np.ones(len(arcs.si), dtype=bool))
    new = SlotArcs(arcs.si[keep], arcs.mi[keep], arcs.block[keep], cost[keep])
    n_new = 0
    if fp_next is not None and WARM_PAIRS_PER_PUPIL > 0:
        mark = np.zeros(enc.n_s, dtype=bool) if allowed is None else allowed.copy()
        mark[arcs.si[~keep]] = True
        if touched is not None:
            mark |= touched
        pupils = np.flatnonzero(mark)
        lo, hi = pupil_rows(fp_next.si, pupils)
        hi = np.minimum(hi, lo + WARM_PAIRS_PER_PUPIL)
        length = np.maximum(hi - lo, 0)
        rows = (np.arange(int(length.sum()), dtype=np.int64)
                + np.repeat(lo - (np.cumsum(length) - length), length))
        add = initial_arcs(enc, fp_next, rows)
        have = np.sort(new.keys(enc.n_m, enc.n_blocks))
        fresh = ~_member(have, add.keys(enc.n_m, enc.n_blocks))
        if fresh.any():
            new = new.joined(SlotArcs(add.si[fresh], add.mi[fresh], add.block[fresh],
                                      add.cost[fresh]))
            n_new = int(fresh.sum())
    net = build_network(enc, new, big, load_int)
    flow = np.concatenate([out.flow[:npa][keep], np.zeros(n_new + net.n_slots, dtype=np.int64),
                           out.flow[npa + out.network.n_slots:]])
    pot = warm_potentials(net, (out.network, out.flow, out.potentials))
    return new, flow, out.potentials if pot is None else pot


def _solve(enc: Encoded, fp: FeasiblePairs, backend: BackendChoice, deadline: float | None,
           big: int, start: tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]] | None
           ) -> SolveOutcome:
    """A flow-engine solve, warm-started when ``start`` is given; cold if the warm one fails.

    The final check of :func:`~mentormatch.solve.loop.solve_with_pricing` is the
    judge: a warm solve whose flow it does not certify (never expected) is redone cold.
    """
    out = solve_with_pricing(enc, fp, backend=backend, deadline=deadline, big=big, start=start)
    if start is not None and not out.optimal and out.status != "time_limit":
        _log.warning("warm-started lending solve not certified (%s); solving cold", out.status)
        out = solve_with_pricing(enc, fp, backend=backend, deadline=deadline, big=big)
    return out


#: Close a gap left by the reserved-loan solve over the loan decisions (:mod:`.loans`).
LOANS = True
#: Reserve loans and close over them right after the relaxation, before any Lagrangian
#: round (the rounds follow only when that leaves a gap) ...
LOANS_FIRST = True
#: ... with at most this many loan sets named by the loan MILP solved there (each is a
#: flow-engine solve; measured at 3,000 and 30,000 pupils, a Lagrangian round's form
#: raises the bound far more than a loan set's, for the same time).
LOAN_ROUNDS_FIRST = 0
#: On large problems (the core beyond ``CORE_MAX_ARCS``) the loans are reserved after the
#: relaxation too (False: only after the rounds; the forms are collected meanwhile) ...
LOANS_FIRST_LARGE = False
#: ... with the forms' reduced costs capped at this many ``BIG`` until a solution exists.
FORM_CAP = 64
#: Most loan sets named by the loan MILP solved at the end (each a flow-engine solve).
LOAN_ROUNDS = 2
#: The cheapest pairs per pupil added to a reserved-loan solve's warm start for the
#: pupils whose loans changed (:func:`_warm_start`; 0: none).
WARM_PAIRS_PER_PUPIL = 20
#: On large problems, a Lagrangian solve's warm start also holds those pairs for the
#: pupils the last solve lent to whose loan got dearer (:func:`_warm_start` ``touched``).
#: (At 10,000 pupils, on the core LP's path, it made the flow engine end on other ties:
#: a gap of 54 instead of 30; not used there.)
WARM_LAGRANGIAN_PAIRS = True
#: A reserved-loan solve is warm-started from the last one (else from the Lagrangian
#: solve its loans were reserved from).
RESERVED_FROM_LAST = True
#: After the last loan MILP, a gap left: at most this many **refills** (:func:`.benders.refill`:
#: the best solution's loans kept, the items its reserved pupils left unused given to
#: other pupils; each an exact solve, never worse than the best) ...
SEARCH_REFILLS = 4
#: ... then at most this many swaps of unequal shape within a stock
#: (:func:`.benders.shape_swaps`) ...
SEARCH_SHAPES = 8
#: ... then at most this many solves of **local branching** near the best solution's loans
#: (:func:`.benders.local_branching`; 0: off, measured at 10,000 pupils: 8 solves, 11 s, no
#: better solution after the refills) ...
SEARCH_EVALUATIONS = 0
#: ... in neighbourhoods of this many pupils changing loan status, doubled while the
#: forms rate no set of the neighbourhood below the best, up to the second figure ...
SEARCH_RADIUS = 4
SEARCH_MAX_RADIUS = 32
#: ... and the loan MILP once more over the forms they added (off: measured at 30,000
#: pupils, 22 s for the same bound; without it the bound is the last loan MILP's, valid).
SEARCH_MASTER = False
#: The swaps are solved this many at a time (one reserved-loan solve; a batch that does
#: not improve is bisected) ...
SEARCH_BATCH = 1
#: ... and a single swap that did not improve is re-tried once after a later one has,
#: if it cost at most this much more than the best of its time (-1: never).
SEARCH_RETRY = 0
#: The search also runs on large problems (the core beyond :data:`CORE_MAX_ARCS`: 30,000
#: pupils), there as ``SEARCH_LARGE_REFILLS`` refills and ``SEARCH_LARGE_SOLVES`` solves of
#: swaps, ``SEARCH_LARGE_BATCH`` per solve (the refill rides along: the unused reserved
#: pupils are filled last in every solve). Measured at 30,000 (session h18g): one solve of
#: the 8 best-ranked swaps, 5-6 s with the ranking form, gap 4,810 -> 3,726 cost units; the
#: next batches made it worse (8, 4, 2 moves: +192, +87, +63). One by one (session h18d),
#: 56.6 s for a gap of 3,748.
SEARCH_LARGE = True
SEARCH_LARGE_REFILLS = 0
SEARCH_LARGE_BATCH = 8
SEARCH_LARGE_SOLVES = 1
#: On large problems the swaps are ranked by the form the loan MILP already has of the best
#: solution's solve (reduced costs capped at the gap), not by one more form capped higher
#: (measured at 30,000 pupils, session h18g: the same 124 moves, the same predictions, 2.1 s
#: less; at 10,000 the gap, 27, caps the removal costs that tell the moves apart: not used).
RANK_LARGE_FROM_CUT = True


def solve_with_equipment(enc: Encoded, fp: FeasiblePairs, lend: Lending, *,
                         backend: BackendChoice = "auto",
                         deadline: float | None = None,
                         prices: NDArray[np.int64] | None = None) -> EquipmentOutcome:
    """Pair and lend jointly, exactly, with a certificate (see module docs).

    Parameters
    ----------
    enc, fp : the encoded problem and its feasible graph (without loans)
    lend : Lending
        From :func:`build_lending`.
    backend : str
        The flow engine's backend (:func:`~mentormatch.solve.loop.solve_with_pricing`).
    deadline : float, optional
        Passed to the flow engine's solves.
    prices : (n_scopes, 2) int64, optional
        Multipliers to start the rounds from instead of the relaxation (a warm
        start: those of a solve of the same problem with slightly other stocks,
        :func:`mentormatch.equipment.verify_marginals`). Any prices give a valid
        bound; the result is exact either way, only the rounds differ.

    Returns
    -------
    EquipmentOutcome
    """
    timings: dict[str, float] = {"milp": 0.0, "lagrangian": 0.0}
    load_int = mentor_load_costs(enc)
    # the rows of ``fp`` before each lendable pair at true costs: every merge below
    # derives its positions from it (:func:`.arcs.merge_base`)
    base = merge_base(fp, lend)
    fp0 = _merged(fp, lend, None, base)
    keys = lend_keys(lend)   # the lendable pairs' set, built once
    max_session = int(fp.session_cost.max()) if fp.session_cost.size else 0
    max_pair = (int(fp0.cost.max()) if len(fp0) else 0) + max_session
    big = lexicographic_big(enc, max_pair, load_int)
    n_scopes = len(lend.scopes)
    cap = max(0, (MAX_ARC_COST - max(int(lend.pairs.cost.max(initial=0)), 0)) // 2)
    t0 = time.perf_counter()
    lam = np.zeros((n_scopes, 2), dtype=np.int64)
    extra0: NDArray[np.int64] | None = None
    if prices is not None and np.any(prices > 0):
        lam = np.minimum(np.maximum(np.asarray(prices, dtype=np.int64), 0), cap)
        extra0 = _multiplier_cost(lend, lam)
    relaxed = solve_with_pricing(enc, fp0 if extra0 is None else _merged(fp, lend, extra0, base),
                                 backend=backend, deadline=deadline, big=big)
    # compared with the thresholds only: counted up to the larger one
    n_triples = _n_triples(enc, fp0, max(FULL_MILP_TRIPLES, FALLBACK_MILP_TRIPLES))
    if n_triples > FALLBACK_MILP_TRIPLES:
        del fp0   # only the whole-graph MILPs need it again (540 MB at 30,000 pupils)
    # the relaxation's figures: its network is freed once later solves replace it
    head = (relaxed.rounds, relaxed.solves, relaxed.pairs_priced, relaxed.backend,
            relaxed.timings)
    timings["relaxation"] = time.perf_counter() - t0
    engine = 1
    lower = relaxed.dual_bound - int((lam * lend.stock).sum())
    kind = "relaxation" if extra0 is None else "lagrangian"
    best: tuple[int, NDArray[np.int64], _Model, SlotArcs] | None = None
    rounds = 0
    best_from = bound_from = 1   # the flow solve (count) behind the best solution, the bound
    reserved_from = -1   # the flow solve (count) of the bound the loans were reserved from
    last_reserved: list[SolveOutcome] = []   # the last certified reserved-loan solve
    zero_s = np.zeros(enc.n_s, dtype=np.int64)

    def attempt(model: _Model, arcs: SlotArcs) -> int | None:
        nonlocal best
        t1 = time.perf_counter()
        z = _solve_milp(model, model.c)
        timings["milp"] += time.perf_counter() - t1
        value = None if z is None else _exact(model, lend, arcs, z)
        nonlocal best_from
        if z is not None and value is not None and (best is None or value < best[0]):
            best, best_from = (value, z, model, arcs), engine
        return value

    def close(bout: SolveOutcome, blam: NDArray[np.int64]) -> bool:
        """Close the gap exactly by reduced-cost fixing (:func:`_fixing_closure`) if small."""
        nonlocal best, lower, kind
        if best is None or best[0] <= lower or not CLOSE:
            return False
        t1 = time.perf_counter()
        got = _fixing_closure(enc, fp, lend, keys, bout, blam, best[0], big, load_int)
        timings["closing"] = timings.get("closing", 0.0) + time.perf_counter() - t1
        if got is None:
            return False
        previous, best = best, None
        value = attempt(*got)
        if value is None or value > previous[0]:   # never expected: the best is in the window
            best = previous
            return False
        lower, kind = value, "fixing"
        return True

    # the closure over the loans (:mod:`.loans`): forms (1) of certified solves, the loan
    # sets solved exactly, and the solves that already gave their form
    cuts: list[LoanBound] = []
    evaluated: list[NDArray[np.bool_]] = []
    cut_of: set[int] = set()
    early_forms = False   # forms collected before any solution (large problems)
    zero = np.zeros((n_scopes, 2), dtype=np.int64)

    def add_cut(out: SolveOutcome, olam: NDArray[np.int64], solve: int,
                in_graph: NDArray[np.bool_] | None = None) -> None:
        """The form (1) of a certified solve (number ``solve``) joins the loan MILP."""
        if not LOANS or solve in cut_of or (best is None and not early_forms):
            return
        t1 = time.perf_counter()
        cut_of.add(solve)
        # reduced costs capped at the gap (no pupil paying more changes status in a
        # better solution); before any solution, at FORM_CAP priority weight (valid too)
        gap_cap = best[0] - lower + 1 if best is not None else FORM_CAP * big
        lb = loan_bound(enc, fp, lend, keys, out, olam, gap_cap, in_graph)
        if lb is not None:
            cuts.append(lb)
        timings["loans"] = timings.get("loans", 0.0) + time.perf_counter() - t1

    # the loan MILPs' bounds so far (the MILPs are nested: each has every form and no-good
    # row of the ones before, so their least values never decrease), and the best bound
    # not from a loan MILP with its kind (what ``lower`` falls back to if one was wrong)
    loan_seq: list[int] = []
    other: list[tuple[int, str]] = [(lower, kind)]

    def master() -> LoanCut | None:
        """The loan MILP over the forms so far: the bound it proves, and the set it names.

        Guard: a loan MILP's bound below an earlier one's shows the earlier was no
        proof (nested MILPs: the least value never decreases): warned, and ``lower``
        demoted to the best of this bound and the bounds not from a loan MILP.
        """
        nonlocal lower, kind
        if not LOANS or not cuts or not evaluated or best is None or best[0] <= lower:
            return None
        if kind != "loans" and lower > other[0][0]:
            other[0] = (lower, kind)
        t1 = time.perf_counter()
        cut = loan_milp(lend, cuts, evaluated, best[0])
        timings["loans"] = timings.get("loans", 0.0) + time.perf_counter() - t1
        _log.debug("loan MILP: %d forms, %d sets, bound %s (its set %s), best %d", len(cuts),
                   len(evaluated), cut.bound, cut.value, best[0])
        if cut.bound is not None and cut.bound != NO_BOUND:
            if loan_seq and cut.bound < max(loan_seq):
                _log.warning("loan MILP: bound %d below an earlier one's %d (nested MILPs): "
                             "the earlier was no proof; demoted", cut.bound, max(loan_seq))
                if kind == "loans":
                    lower, kind = max(other[0][0], cut.bound), (
                        other[0][1] if other[0][0] >= cut.bound else "loans")
                loan_seq.clear()
            loan_seq.append(cut.bound)
        if cut.bound is None or cut.bound >= best[0]:
            lower, kind = best[0], "loans"   # proven: every solution costs at least the best
            return None
        if cut.bound > lower:
            lower, kind = cut.bound, "loans"
        return cut if cut.take is not None else None

    # the reserved set of the solve behind the best solution (with that solve's number)
    best_set: list[tuple[int, NDArray[np.bool_]]] = []
    skip = np.zeros(enc.n_s, dtype=bool)   # reserved there, loan unused: filled last
    best_form: list[LoanBound] = []   # the form of that solve, reduced costs capped high
    searching: list[bool] = []   # non-empty during the swaps (their solves give no form)

    def best_take() -> tuple[int, NDArray[np.int64], NDArray[np.bool_] | None]:
        """The best solution's value, its loans (pupil, item, stock), its unused reserved pupils."""
        assert best is not None
        value, z, model, _ = best
        _, y = model.full(z)
        on = y > 0
        take = np.column_stack([model.y_s[on], model.y_t[on], model.y_k[on]]).astype(np.int64)
        lent_mask = np.zeros(enc.n_s, dtype=bool)
        lent_mask[model.y_s[on]] = True
        unused = (best_set[0][1] & ~lent_mask if best_set and best_set[0][0] == best_from
                  else None)
        return value, take, unused

    def best_loans() -> tuple[int, NDArray[np.bool_]]:
        """The best solution's value and the pupils it lends to."""
        value, take, _ = best_take()
        mask = np.zeros(enc.n_s, dtype=bool)
        mask[take[:, 0]] = True
        return value, mask

    def reserve_and_close(bout: SolveOutcome, blam: NDArray[np.int64], solve: int,
                          evaluations: int, fresh: bool = True, search: bool = False,
                          large: bool = False) -> None:
        """A solution with the loans reserved, then the closure over the loans (:mod:`.loans`).

        The pupils the Lagrangian solve ``bout`` (number ``solve``, at ``blam``)
        lends to first, by the value of their loan, then the others, within the
        stocks: one flow-engine solve is the exact optimum given those loans
        (``fresh``: not done on this solve yet). Then the loan MILP either proves
        the best solution or names a loan set, solved the same way (at most
        ``evaluations`` times); every exact solve's form joins the MILP. With
        ``search``, a gap left: refills, swaps of unequal shape and local
        branching near the best solution's loans (:mod:`.benders`: solutions only;
        ``large``: the ``SEARCH_LARGE_*`` settings).
        """
        nonlocal engine, reserved_from
        reserved_from = solve
        t1 = time.perf_counter()
        value_s, lent_s, cand = _loan_values(lend, bout, enc.n_m, keys, blam)
        # the pupils valuing a loan first (those lent first), then every other pupil
        # with a lendable pair: leftovers of the stocks still widen the choice
        rest = np.setdiff1d(lend_pupils(lend), cand)
        order = np.concatenate([cand[np.lexsort((-value_s[cand], ~lent_s[cand]))],
                                rest[np.argsort(-value_s[rest], kind="stable")]])
        bound_extra = _multiplier_cost(lend, blam)

        def reserved(take: NDArray[np.int64] | None,
                     first: NDArray[np.int64] | None = None) -> int | None:
            """Solve with the loans of ``take`` then ``order`` reserved (exact given them).

            The pupils of ``skip`` (reserved for the best solution, their loan
            unused: :func:`.benders.refill`) come last in the fill, those of
            ``first`` first. Returns the solution's exact value (None: none).
            """
            nonlocal engine
            tt = [time.perf_counter()]
            fill = order if not skip.any() else np.concatenate(
                [order[~skip[order]], order[skip[order]]])
            if first is not None:
                fill = np.concatenate([first, fill[~np.isin(fill, first)]])
            chosen = _reserve(lend, fill, take)
            tt.append(time.perf_counter())
            keep = chosen[lend.pairs.si]
            sub = dataclasses.replace(lend, pairs=FeasiblePairs(
                lend.pairs.si[keep], lend.pairs.mi[keep], lend.pairs.cost[keep],
                lend.pairs.session_cost))
            fp_sub = _merged(fp, sub, None, None if base is None else base[keep])
            tt.append(time.perf_counter())
            if WARM and RESERVED_FROM_LAST and last_reserved:
                # from the last reserved-loan solve: the same (true) costs, a loan set
                # that differs by a few pupils; the repair re-routes those alone
                start: tuple[SlotArcs, NDArray[np.int64], NDArray[np.int64]] | None = \
                    _warm_start(enc, last_reserved[0], keys, zero_s, chosen, big, load_int,
                                fp_sub)
                last_reserved.clear()   # memory: its network is not needed any more
            else:
                start = (_warm_start(enc, bout, keys, -bound_extra,
                                     chosen, big, load_int, fp_sub) if WARM else None)
            tt.append(time.perf_counter())
            res = _solve(enc, fp_sub, backend, deadline, big, start)
            tt.append(time.perf_counter())
            del fp_sub
            engine += 1
            if res.optimal:
                last_reserved[:] = [res]
            model = _model(enc, lend, res.network, res.arcs, keys, res.flow)
            value = attempt(model, res.arcs)
            if best_from == engine:
                best_set[:] = [(engine, chosen)]
            tt.append(time.perf_counter())
            _log.debug("lending: %d pupils reserved, value %s, bound %d (s: reserve, merge, "
                       "warm start, solve, model %s)", int(chosen.sum()), value, lower,
                       np.round(np.diff(tt), 2).tolist())
            if res.optimal and value is not None:
                # every solution lending within ``chosen`` costs at least ``value``
                evaluated.append(chosen)
                n_cuts = len(cuts)
                if not searching or SEARCH_MASTER or SEARCH_EVALUATIONS > 0:
                    add_cut(res, zero, engine, chosen)   # else no loan MILP reads it
                if best_from == engine and search and SEARCH_SHAPES > 0 and not searching:
                    # the form ranking the search's swaps: reduced costs capped high (made
                    # now: keeping the solve for later holds a second network in memory);
                    # on large problems the loan MILP's own (capped at the gap)
                    t3 = time.perf_counter()
                    rank = (cuts[-1] if large and RANK_LARGE_FROM_CUT and len(cuts) > n_cuts
                            else loan_bound(enc, fp, lend, keys, res, zero, FORM_CAP * big,
                                            chosen))
                    best_form[:] = [] if rank is None else [rank]
                    timings["rank"] = timings.get("rank", 0.0) + time.perf_counter() - t3
            return value

        if fresh:
            reserved(None)
        add_cut(bout, blam, solve)
        for i in range(evaluations + 1):
            named = master()
            if named is None or i == evaluations:
                break
            reserved(named.take)
        if search and LOANS and best is not None and best[0] > lower:
            # better solutions near the best one's loans (:mod:`.benders`); no bound
            t2 = time.perf_counter()
            refills = refill(best_take, reserved, skip,
                             SEARCH_LARGE_REFILLS if large else SEARCH_REFILLS)
            searching.append(True)
            unused = best_take()[2]
            if unused is not None:
                skip[unused] = True   # the refill rides along in every swap's solve
            sw = SwapStats()
            if best_form and SEARCH_SHAPES > 0:
                sw = swap(lend, best_form[0], best_take, reserved,
                          SEARCH_LARGE_BATCH * SEARCH_LARGE_SOLVES if large else SEARCH_SHAPES,
                          big, proven=lambda: best is not None and best[0] <= lower,
                          batch=SEARCH_LARGE_BATCH if large else SEARCH_BATCH,
                          retry=SEARCH_RETRY, solves=SEARCH_LARGE_SOLVES if large else None)
            st = local_branching(lend, cuts, evaluated, best_loans, reserved,
                                 evaluations=SEARCH_EVALUATIONS, radius=SEARCH_RADIUS,
                                 max_radius=SEARCH_MAX_RADIUS)
            searching.clear()
            timings["search"] = time.perf_counter() - t2
            _log.debug("search: %d refills; swaps %s; local branching %d solves, %d better, "
                       "radii %s", refills, sw, st.evaluations, st.improvements, st.radii)
            if SEARCH_MASTER:
                master()   # the loan MILP over every form, the search's included
        # the next reserve-and-close starts from its own bound's solve (memory: a whole
        # network less during the rounds between)
        last_reserved.clear()
        timings["reserved"] = timings.get("reserved", 0.0) + time.perf_counter() - t1

    if n_triples <= FULL_MILP_TRIPLES:
        # small: the MILP on the whole feasible graph is the optimum by itself
        arcs = _all_triples(enc, fp0)
        model = _model(enc, lend, build_network(enc, arcs, big, load_int), arcs, keys)
        if attempt(model, arcs) is None:
            raise InternalError("the lending MILP found no solution")
        assert best is not None
        lower, kind, rounds = best[0], "milp", 1
    else:
        out, extra = relaxed, extra0
        # the tight and used arcs of every flow solve (true costs): the LP's columns
        core = _core_arcs(relaxed, keys, extra0, enc.n_m)
        del relaxed
        tried = [lam]
        lp_last: tuple[int, NDArray[np.int64]] | None = None   # core size and LP multipliers
        bound_out, bound_lam = out, lam   # the solve that gave the best bound
        improved = True
        from_lp = lp_gain = stalled = False   # multipliers of the core LP; it raised the bound
        lagr = lower   # the best Lagrangian bound
        tight_failed = False   # the last MILP on the tight arcs had no solution
        lagr_solves = 0   # Lagrangian (full-graph) solves of the rounds
        if LOANS_FIRST and LOANS and not (len(core.si) > CORE_MAX_ARCS
                                          and not LOANS_FIRST_LARGE):
            # the loans reserved from the relaxation, closed over the loan decisions:
            # when that proves the solution, no Lagrangian round is needed
            reserve_and_close(out, lam, engine, LOAN_ROUNDS_FIRST)
            rounds = 1
        elif LOANS_FIRST and LOANS:
            # large: no solution yet (the reserved-loan solve from the relaxation, the
            # costliest warm solve, gave a solution the rounds' always replaced); the
            # forms of the relaxation and of every round are collected all the same, for
            # the loan MILP after the rounds
            early_forms = True
            add_cut(out, lam, engine)
            rounds = 1
        while best is None or best[0] > lower:
            rounds += 1
            # an upper bound: the MILP on the tight arcs of the last flow solve (reduced
            # cost 0 with its potentials); on the relaxation it has a solution iff the
            # stocks suffice, and with the right multipliers it usually has one. On a
            # network too large for the window to widen, once it had none it is not tried
            # again (measured at 30,000 pupils: no solution in any round)
            value = None
            kept = False   # this round's network and MILP are kept for the widening below
            if not (SKIP_TIGHT_MILP and len(out.arcs.si) > LP_MAX_ARCS
                    and (tight_failed or _forced_loans_exceed(enc, lend, out, keys))):
                arcs = _true_cost(out.arcs, keys, extra, enc.n_m)
                net = build_network(enc, arcs, big, load_int)
                model = _model(enc, lend, net, arcs, keys,
                               _fixing(out.network, out.potentials, 0))
                value = attempt(model, arcs)
                tight_failed = value is None
                _log.debug("lending round %d: %d free arcs, value %s, upper %s, bound %d",
                           rounds, model.n_free, value, best and best[0], lower)
                kept = len(arcs.si) <= LP_MAX_ARCS
                if not kept:
                    del net, arcs, model   # memory during the next solve
            if (best is not None and best[0] <= lower) or close(bound_out, bound_lam):
                break
            # beyond CORE_MAX_ARCS the LP is not solved: the clearing prices of each
            # solve are the next multipliers, while the bound improves
            large = len(core.si) > CORE_MAX_ARCS
            new = lam
            if (rounds < MAX_ROUNDS and not stalled and (improved or not large)
                    and not (large and lagr_solves >= LARGE_SOLVES)):
                # next multipliers: the stock rows' duals of the LP over the core (the arcs
                # tight or used in some flow solve: column generation, the flow engine
                # pricing the full graph); at first, the prices clearing the stocks at the
                # relaxation (no LP needed)
                t1 = time.perf_counter()
                dual = CORE_DUAL and extra is not None and (large or CORE_DUAL_LP)
                from_lp = not (extra is None or large or dual)
                if not from_lp:
                    new = _clearing_multipliers(lend, out, enc.n_m, keys, lam)
                    if dual:
                        # refined on the core network (restricted Lagrangian dual, no
                        # pricing): only its final multipliers get a full-graph solve
                        helped: NDArray[np.bool_] = np.asarray(lend.need.any(axis=1))
                        if CORE_DUAL_ALL:
                            dcore = _union(core, _true_cost(out.arcs, keys, extra, enc.n_m),
                                           enc.n_m, enc.n_blocks)
                        else:
                            core = _union(core, alternative_arcs(
                                out, keys, helped, extra, enc.n_m, CORE_DUAL_ALTERNATIVES),
                                enc.n_m, enc.n_blocks)
                            dcore = core
                        cd = core_multipliers(enc, lend, keys, dcore, big, load_int, out, new,
                                              np.minimum(2 * new + CORE_DUAL_BOX * big, cap),
                                              iterations=CORE_DUAL_ITERATIONS,
                                              newton=CORE_DUAL_NEWTON)
                        timings["core_dual"] = timings.get("core_dual", 0.0) + cd.seconds
                        _log.debug("lending round %d: core dual %d evaluations, value %d",
                                   rounds, cd.evaluations, cd.value)
                        new = cd.lam
                elif lp_last is not None and lp_last[0] == len(core.si):
                    # no new arc since the last LP (the core only grows): the same LP,
                    # the same multipliers; not solved again
                    new = lp_last[1]
                else:
                    lp = _lp_multipliers(_model(enc, lend, build_network(
                        enc, core, big, load_int), core, keys), n_scopes)
                    new = lam if lp is None else np.rint(lp).astype(np.int64)
                    lp_last = (len(core.si), new)
                new = np.minimum(new, cap)
                timings["lp"] = timings.get("lp", 0.0) + time.perf_counter() - t1
            if any(np.array_equal(new, old) for old in tried):
                # final multipliers: widen the MILP's reduced-cost window until it has a
                # solution (every arc free at last); the gap, if any, is reported
                window = max_pair
                while value is None and extra is not None and kept:
                    fixed = (_fixing(out.network, out.potentials, window)
                             if window <= WINDOW_LIMIT * big else None)
                    model = _model(enc, lend, net, arcs, keys, fixed)
                    value = attempt(model, arcs)
                    _log.debug("lending round %d: window %d, %d free arcs, value %s", rounds,
                               window, model.n_free, value)
                    if fixed is None:
                        break
                    window *= WIDEN
                break
            tried.append(new)
            lam = new
            if kept:
                del net, arcs, model   # memory during the next solve (the best is in ``best``)
            t1 = time.perf_counter()
            extra = _multiplier_cost(lend, lam)
            old_extra = _multiplier_cost(lend, tried[-2]) if len(tried) > 1 else None
            change = extra - (0 if old_extra is None else old_extra)
            fp_next = _merged(fp, lend, extra, base)
            dearer = None
            if WARM_LAGRANGIAN_PAIRS and large:
                # the pupils lent in the last solve whose loan got dearer: their cheapest
                # pairs join the start, so that the repair can move them (else they are
                # left unassigned and the pricing re-solves from scratch)
                npa_o = out.network.n_pair_arcs
                lent_o = np.zeros(enc.n_s, dtype=bool)
                lent_o[out.arcs.si[(out.flow[:npa_o] > 0) & _member(
                    keys, out.arcs.si * enc.n_m + out.arcs.mi)]] = True
                dearer = lent_o & (change > 0)
            start = (_warm_start(enc, out, keys, change, None, big, load_int,
                                 fp_next if dearer is not None else None, dearer)
                     if WARM else None)
            out = _solve(enc, fp_next, backend, deadline, big, start)
            del fp_next
            engine += 1
            lagr_solves += 1
            timings["lagrangian"] += time.perf_counter() - t1
            if not large or CORE_DUAL:   # beyond the LP's size: for the core dual alone
                core = _union(core, _core_arcs(out, keys, extra, enc.n_m), enc.n_m,
                              enc.n_blocks)
            bound = out.dual_bound - int((lam * lend.stock).sum())
            _log.debug("lending round %d: Lagrangian bound %d (best so far %d)", rounds, bound,
                       lagr)
            # large problems go on with clearing prices only while the bound rises by
            # at least one unit of priority weight (each round is a flow-engine solve)
            improved = bound > lagr + (big if large else 0)
            if from_lp:
                # the core LP's first multipliers often overshoot (few columns: prices up
                # to the cost of leaving pupils unmatched); that solve's tight arcs then
                # bracket the next LP. After a round that raised the bound, the rounds
                # stop once one gains less than STALL of the gap left before it.
                left = (best[0] if best is not None else bound) - lagr
                stalled = lp_gain and bound - lagr < STALL * left
                lp_gain = lp_gain or bound > lagr
            if bound > lagr:
                lagr, bound_from = bound, engine
                bound_out, bound_lam = out, lam
            if bound > lower:
                lower, kind = bound, "lagrangian"
            add_cut(out, lam, engine)   # its form joins the loan MILP, which may prove
            master()
        lam = bound_lam   # the multipliers behind the bound: the marginal values
        if (best is None and len(core.si) <= LP_MAX_ARCS
                and n_triples <= FALLBACK_MILP_TRIPLES):
            # no window gave a solution: every arc of the core free
            net = build_network(enc, core, big, load_int)
            attempt(_model(enc, lend, net, core, keys), core)
        if (best is None or best[0] > lower) and n_triples > FALLBACK_MILP_TRIPLES:
            # too large for the whole-graph MILP: a solution from the flow engine with the
            # loans reserved (unless done on this bound), and the closure over the loans
            reserve_and_close(bound_out, bound_lam, bound_from, LOAN_ROUNDS,
                              fresh=bound_from != reserved_from,
                              search=SEARCH_LARGE or len(core.si) <= CORE_MAX_ARCS,
                              large=len(core.si) > CORE_MAX_ARCS)
        if best is not None and best[0] > lower:
            close(bound_out, bound_lam)
        if best is not None and best[0] > lower and LP_CLOSE:
            # the duals of the LP over the core fix what lies outside it (:mod:`.lp_closure`)
            t1 = time.perf_counter()
            got = lp_closure(enc, fp, lend, keys, core, best[0], big, load_int)
            if got is not None:
                if got.bound > lower:
                    lower, kind = got.bound, "lagrangian"
                z = (solve_closing(got.model)
                     if got.model is not None and best[0] > lower else None)
                value = (None if z is None or got.model is None
                         else _exact(got.model, lend, got.arcs, z))
                if (value is not None and z is not None and value <= best[0]
                        and got.model is not None):
                    # HiGHS's optimum over a model holding every solution at most as
                    # costly as the best: the optimum, fewest items included
                    best, best_from = (value, z, got.model, got.arcs), engine
                    lower, kind = value, "fixing"
            timings["lp_closing"] = time.perf_counter() - t1
        if (best is not None and best[0] > lower
                and n_triples <= FALLBACK_MILP_TRIPLES):
            # The Lagrangian bound cannot close an integrality gap (its best value is the
            # LP bound): the MILP on the whole feasible graph is exact by itself. Its
            # solution replaces the best one, so the third tier is proven on every arc.
            arcs = _all_triples(enc, _merged(fp, lend, None, base))
            model = _model(enc, lend, build_network(enc, arcs, big, load_int), arcs,
                           keys)
            previous_best, best = best, None
            value = attempt(model, arcs)
            if value is None:   # never expected: the earlier solution is feasible here
                best = previous_best
            else:
                lower, kind = value, "milp"
    if best is None:
        raise InternalError("the lending MILP found no solution")
    upper, z, model, arcs = best
    items_optimal = False
    if upper <= lower:
        # third tier: fewest items among the solutions of this objective (on the model's arcs)
        t1 = time.perf_counter()
        const = int((model.net.cost * model.x_fixed).sum())
        z3 = _solve_milp(model, model.items,
                         LinearConstraint(model.c[None, :], -np.inf, upper - const + 0.5))
        timings["milp"] += time.perf_counter() - t1
        if z3 is not None and _exact(model, lend, arcs, z3) == upper:
            # proven when the MILP's window holds every solution of this objective: its
            # arcs were fixed by the potentials of the solve that gave the bound
            z, items_optimal = z3, kind in ("milp", "fixing") or (
                best_from == bound_from and kind != "loans")
    x, y = model.full(z)
    lent: dict[int, tuple[tuple[str, str], ...]] = {}
    for j in np.flatnonzero(y > 0):
        s, t, k = int(model.y_s[j]), int(model.y_t[j]), int(model.y_k[j])
        lent[s] = (*lent.get(s, ()), (ITEMS[t], lend.scopes[k]))
    lent = {s: tuple(sorted(v, key=lambda iv: ITEMS.index(iv[0]))) for s, v in lent.items()}
    if not lam.any() and len(model.c) <= LP_MAX_ARCS:
        # the marginal values: the LP multipliers of the final model
        lp = _lp_multipliers(model, n_scopes)
        if lp is not None:
            lam = np.minimum(np.rint(lp).astype(np.int64), cap)
    optimal = upper <= lower
    outcome = SolveOutcome(
        network=model.net, flow=x, potentials=np.zeros(len(model.net.supply), dtype=np.int64),
        arcs=arcs, objective=upper, dual_bound=min(lower, upper), optimal=optimal,
        status="optimal" if optimal else "gap", rounds=head[0], solves=head[1],
        pairs_priced=head[2], backend=head[3], timings={**head[4], **timings})
    return EquipmentOutcome(outcome, lent, lam, big, kind, rounds, engine, len(model.c),
                            items_optimal, timings)
