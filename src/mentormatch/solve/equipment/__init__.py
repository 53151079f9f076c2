"""Lending tablets and 4G keys jointly with the pairing: Lagrangian bound, MILP, certificate.

A pupil who accepts remote sessions but lacks a device or a connection (as the
policy requires them) may be paired remotely when the missing items are lent
from a stock covering them (:class:`~mentormatch.domain.equipment.EquipmentStock`:
their territory, their association or ``"*"``). Stocks couple the pupils of a
scope, so the problem is a min-cost flow with side constraints:

* **lendable pairs** ``L``: the pairs that are not feasible today and become
  feasible, meeting remotely, once the pupil has a device and a connection
  (:func:`build_lending`; a pair feasible today is never given a loan, so no
  item goes to a pupil who has it or who is paired in person);
* each used lendable pair lends the pupil's missing items, each item from one
  stock covering the pupil that holds that kind: the stock is a decision
  ``y[s, t, k]`` of the model, ``sum_s y[s, t, k] <= stock[k, t]``;
* objective, lexicographic: priority weight matched, then cost (one objective
  with the network's ``BIG``), then fewest items lent.

**Method** (:func:`solve_with_equipment`; ``docs/equipment.md``). With prices
``lambda[k, t] >= 0`` on the stocks, every lendable arc of pupil ``s`` costs
``sum_t min_k lambda[k, t]`` more and the match is a pure flow again, solved
exactly against the full graph by the flow engine
(:func:`~mentormatch.solve.loop.solve_with_pricing`); ``L(lambda) = optimum -
sum lambda * stock`` bounds every solution (weak duality).

1. Small problems (:data:`FULL_MILP_TRIPLES`): one MILP (HiGHS,
   :func:`scipy.optimize.milp`) on the whole feasible graph with the stock rows.
2. Otherwise rounds: a flow-engine solve at the current prices (first: none, the
   relaxation with unlimited stock) gives a bound; the MILP on that solve's tight
   arcs (reduced-cost fixing, :func:`_fixing`) gives a solution, optimal when it
   meets the bound; the next prices clear the stocks (first round,
   :func:`_clearing_multipliers`), then are the stock duals of the LP over every
   arc the flow solves produced (column generation on the Lagrangian dual).
   With no new prices the MILP's window widens until it has a solution and the
   gap is reported.
3. A gap left is closed over the **loan decisions** (:mod:`.loans`): every
   certified solve bounds every solution by a form linear in which pupils it
   lends to (pupil-level reduced costs); a small MILP over those decisions and
   the stock rows (Benders' master problem, with one no-good row per loan set
   solved exactly) proves the best solution or names a loan set to solve. Right
   after the relaxation first, then with every Lagrangian round's form.
4. A gap left (in any round, or after the large problems' reserved-loan solve)
   is closed exactly when small: the arcs whose reduced cost in the best bound's
   solve exceeds the gap keep that solve's flow in every better solution
   (:func:`_fixing_closure`), so the MILP over the others and the pruned pairs
   within the gap is the optimum.
5. On problems too large for the fallback MILP (beyond ``CORE_MAX_ARCS`` only with
   ``SEARCH_LARGE``, on), a gap left after the last loan MILP: the items the best
   solution's reserved pupils left unused go to other pupils (:func:`.benders.refill`:
   never worse), then swaps of unequal shape within a stock
   (:func:`.benders.shape_swaps`), one at a time and re-tried after an improvement, or
   beyond ``CORE_MAX_ARCS`` in one batch (:func:`.benders.swap`), each set solved
   exactly; solutions only.

Every MILP solution is checked exactly in integers before it is used.

**Modules**: :mod:`.lending` (who can be lent what, the lendable pairs),
:mod:`.arcs` (the lendable pairs merged into the graph, arc sets), :mod:`.model`
(the MILP with the stock rows, its LP multipliers, the check in integers),
:mod:`.prices` (loan values, clearing prices, reserved loans), :mod:`.dual` (the
restricted Lagrangian dual on the core network, off by default), :mod:`.loans`
(step 3), :mod:`.closure` (step 4), :mod:`.lp_closure` (the same with the core LP's
duals, outside the core; off by default), :mod:`.benders` (step 5, and local
branching over the loan sets, off by default), :mod:`.rounds` (the driver,
:func:`solve_with_equipment`, and its tunables), :mod:`.marginals`.
"""

from __future__ import annotations

from mentormatch.solve.equipment.arcs import MERGE_CHUNK
from mentormatch.solve.equipment.lending import Lending, build_lending, scope_cover
from mentormatch.solve.equipment.marginals import marginal_estimates
from mentormatch.solve.equipment.model import LP_OPTIONS
from mentormatch.solve.equipment.rounds import (
    CORE_MAX_ARCS,
    FALLBACK_MILP_TRIPLES,
    FULL_MILP_TRIPLES,
    LP_MAX_ARCS,
    MAX_ROUNDS,
    WIDEN,
    WINDOW_LIMIT,
    EquipmentOutcome,
    solve_with_equipment,
)

__all__ = ["CORE_MAX_ARCS", "FALLBACK_MILP_TRIPLES", "FULL_MILP_TRIPLES", "LP_MAX_ARCS",
           "LP_OPTIONS", "MAX_ROUNDS", "MERGE_CHUNK", "WIDEN", "WINDOW_LIMIT", "EquipmentOutcome",
           "Lending", "build_lending", "marginal_estimates", "scope_cover", "solve_with_equipment"]
