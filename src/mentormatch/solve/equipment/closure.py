"""Closing a gap exactly by reduced-cost fixing against a Lagrangian bound (step 4)."""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.network import SlotArcs, build_network, expand_sessions
from mentormatch.solve.equipment.arcs import _merged, _true_cost, _union
from mentormatch.solve.equipment.lending import Lending, LendKeys, _member, _multiplier_cost
from mentormatch.solve.equipment.model import _Model, _model
from mentormatch.solve.loop import SolveOutcome
from mentormatch.solve.pricing import price
from mentormatch.solve.reduction import warm_potentials

_log = logging.getLogger(__name__)


#: The exact closing step (:func:`_fixing_closure`) runs when at most this many arcs of the
#: bound's network (and pruned pairs) have a reduced cost within the gap.
CLOSE_MAX_FREE = 50_000
#: Most pruned triples within the gap enumerated per pupil (the pricing's buffers are
#: pupils × this); a pupil with more leaves the closing step out.
CLOSE_PER_PUPIL = 64


def _fixing_closure(enc: Encoded, fp: FeasiblePairs, lend: Lending,
                    lend_keys: LendKeys, bout: SolveOutcome, blam: NDArray[np.int64],
                    upper: int, big: int, load_int: list[NDArray[np.int64]]
                    ) -> tuple[_Model, SlotArcs] | None:
    """The MILP that closes a gap exactly: reduced-cost fixing against a Lagrangian bound.

    ``bout`` is a certified flow-engine solve at multipliers ``blam`` (flow ``x*``,
    potentials ``pi`` dual feasible for the *full* graph) and ``L = cost_lam(x*) -
    lam . stock`` its bound. For every flow ``x`` respecting the stocks, ``cost(x) >=
    cost_lam(x) - lam . stock = L + sum_a |rc_a| |x_a - x*_a|`` (complementary
    slackness makes every term non-negative). So every solution of cost at most
    ``upper`` (the best one found) differs from ``x*`` only on arcs with ``|rc| <=
    upper - L``: the MILP with the other arcs of the network fixed at ``x*``, plus the
    pruned triples of reduced cost at most ``upper - L`` (found by the flow engine's
    pricing, every session of their pairs added), holds every optimal solution. Its
    optimum is the optimum — for the third tier too. Returns the model and its arcs
    (true costs), or None when the window holds more than :data:`CLOSE_MAX_FREE`
    arcs (or a cost cap restricts sessions: not handled here).
    """
    if not bout.optimal or fp.session_limit is not None:
        return None
    window = upper - (bout.dual_bound - int((blam * lend.stock).sum()))
    if window < 0:
        return None
    net_b, pot = bout.network, bout.potentials
    rc = net_b.cost - pot[net_b.tail] + pot[net_b.head]
    if int(np.count_nonzero(np.abs(rc) <= window)) > CLOSE_MAX_FREE:
        _log.debug("closing by fixing: window %d, %d arcs within it (more than %d)", window,
                   int(np.count_nonzero(np.abs(rc) <= window)), CLOSE_MAX_FREE)
        return None
    extra = _multiplier_cost(lend, blam)
    fpl = _merged(fp, lend, extra)
    keys = np.sort(bout.arcs.keys(enc.n_m, enc.n_blocks))
    shift = np.full(enc.n_s, -(window + 1), dtype=np.int64)   # "violators": rc <= window
    priced = price(enc, fpl, net_b, pot, keys, per_student=CLOSE_PER_PUPIL, near_per_student=0,
                   pupil_offset=shift, compiled=True)
    del fpl
    v = priced.violators
    if priced.n_violating_pairs > len(v.si):   # some pupil has more: not all enumerated
        _log.debug("closing by fixing: window %d, a pupil has more than %d pruned triples "
                   "within it", window, CLOSE_PER_PUPIL)
        return None
    g = enc.s_primary[v.si].astype(np.int64)
    pair_l = v.cost - fp.session_cost[g, v.block] + (window + 1)   # Lagrangian pair cost
    pkey, first = np.unique(v.si * enc.n_m + v.mi, return_index=True)
    if len(pkey) > CLOSE_MAX_FREE:
        return None
    ps, pm = pkey // enc.n_m, pkey % enc.n_m
    pair_true = pair_l[first] - np.where(_member(lend_keys, pkey), extra[ps], 0)
    row, blk = expand_sessions(enc.s_avail[ps] & enc.m_avail[pm], enc.n_blocks)
    new = SlotArcs(ps[row], pm[row], blk, pair_true[row] + fp.session_cost[
        enc.s_primary[ps[row]].astype(np.int64), blk])
    arcs = _union(_true_cost(bout.arcs, lend_keys, extra, enc.n_m), new, enc.n_m, enc.n_blocks)
    net = build_network(enc, arcs, big, load_int)
    cost_l = net.cost.copy()
    npa = net.n_pair_arcs
    cost_l[:npa] += np.where(_member(lend_keys, arcs.si * enc.n_m + arcs.mi), extra[arcs.si], 0)
    pot_u = warm_potentials(net, (net_b, bout.flow, pot))
    if pot_u is None:
        return None
    rc_u = cost_l - pot_u[net.tail] + pot_u[net.head]
    fixed = np.full(len(rc_u), -1, dtype=np.int64)
    fixed[rc_u > window] = 0
    low = rc_u < -window
    fixed[low] = net.capacity[low]
    _log.debug("closing by fixing: window %d, %d pruned pairs, %d free arcs of %d", window,
               len(pkey), int((fixed < 0).sum()), len(fixed))
    if int((fixed < 0).sum()) > CLOSE_MAX_FREE:
        return None
    return _model(enc, lend, net, arcs, lend_keys, fixed), arcs
