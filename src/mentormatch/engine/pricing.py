"""Pricing of pruned pairs: reduced costs over the full feasible graph.

With node potentials ``pi`` of the solved network (convention of
:mod:`mentormatch.flow`: ``rc = cost - pi[tail] + pi[head]``), a pruned arc
pupil ``p`` → slot ``(m, b)`` has reduced cost
``pair_cost(p, m) + session_cost(g_p, b) - pi[p] + pi_slot[m, b]``. Slots not in
the network take ``pi_slot = pi[m]`` (their arc to the volunteer carries no
flow; that is the largest value keeping it dual feasible).

The scan is bucketed: a lower bound per pair uses the cheapest slot of the
volunteer for the pupil's group, ``min_b (session_cost[g, b] + pi_slot[m, b])``
over the volunteer's blocks, which is one table lookup; only pairs whose
bound is negative have their common blocks expanded and priced exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs
from mentormatch.engine.network import Network, SlotArcs, expand_sessions

__all__ = ["PricingResult", "price"]

#: Pairs priced per chunk (bounds memory).
CHUNK = 4_000_000


@dataclass(frozen=True)
class PricingResult:
    """Violating triples (negative reduced cost) not yet in the network."""

    violators: SlotArcs
    pairs_priced: int
    min_reduced_cost: int


def slot_potentials(enc: Encoded, net: Network, pi: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return ``(n_m, n_blocks)`` slot potentials (network slots, else the volunteer's)."""
    pm = pi[net.mentor_node0: net.mentor_node0 + net.n_m]
    table = np.repeat(pm[:, None], enc.n_blocks, axis=1)
    table[net.slot_mentor, net.slot_block] = pi[net.n_s: net.n_s + net.n_slots]
    return table


def _mentor_blocks(enc: Encoded) -> NDArray[np.bool_]:
    bits = np.unpackbits(np.ascontiguousarray(enc.m_avail).view(np.uint8), axis=1,
                         bitorder="little")
    return bits[:, : enc.n_blocks].astype(bool)


def price(enc: Encoded, fp: FeasiblePairs, net: Network, pi: NDArray[np.int64],
          in_network: NDArray[np.int64]) -> PricingResult:
    """Price every feasible triple against potentials ``pi``.

    Parameters
    ----------
    enc, fp : the encoded problem and its full feasible graph
    net, pi : the solved network and its certifying potentials
    in_network : sorted int64 keys of triples already in the network (skipped)
    """
    sp = slot_potentials(enc, net, pi)
    blocks = _mentor_blocks(enc)
    group = enc.s_primary.astype(np.int64)
    # lb[g, m] = min over the volunteer's blocks of session_cost[g, b] + pi_slot[m, b]
    big = np.iinfo(np.int64).max // 4
    lb = np.stack([np.where(blocks, fp.session_cost[g][None, :] + sp, big).min(axis=1)
                   for g in (0, 1)])
    pi_s = pi[: enc.n_s]
    out_s: list[NDArray[np.int64]] = []
    out_m: list[NDArray[np.int64]] = []
    out_b: list[NDArray[np.int64]] = []
    out_c: list[NDArray[np.int64]] = []
    min_rc = 0
    for lo in range(0, len(fp), CHUNK):
        si = fp.si[lo: lo + CHUNK].astype(np.int64)
        mi = fp.mi[lo: lo + CHUNK].astype(np.int64)
        pc = fp.cost[lo: lo + CHUNK]
        g = group[si]
        bound = pc + lb[g, mi] - pi_s[si]
        cand = np.nonzero(bound < 0)[0]
        if cand.size == 0:
            continue
        csi, cmi, cpc, cg = si[cand], mi[cand], pc[cand], g[cand]
        row, blk = expand_sessions(enc.s_avail[csi] & enc.m_avail[cmi], enc.n_blocks)
        arc_cost = cpc[row] + fp.session_cost[cg[row], blk]
        rc = arc_cost - pi_s[csi[row]] + sp[cmi[row], blk]
        neg = rc < 0
        if not neg.any():
            continue
        ts, tm, tb, tc = csi[row][neg], cmi[row][neg], blk[neg], arc_cost[neg]
        keys = (ts * enc.n_m + tm) * enc.n_blocks + tb
        new = ~np.isin(keys, in_network)
        if new.any():
            min_rc = min(min_rc, int(rc[neg][new].min()))
            out_s.append(ts[new])
            out_m.append(tm[new])
            out_b.append(tb[new])
            out_c.append(tc[new])
    cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64))
    return PricingResult(SlotArcs(cat(out_s), cat(out_m), cat(out_b), cat(out_c)),
                         len(fp), min_rc)
