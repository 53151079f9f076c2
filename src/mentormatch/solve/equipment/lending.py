"""Who can be lent what, from which stocks, and the pairs a loan makes possible.

:func:`build_lending` enumerates the lendable pairs (step 1 of the method,
``docs/equipment.md``); :func:`_multiplier_cost` prices a pupil's loan at given
stock multipliers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from mentormatch._arrays import in_sorted
from mentormatch.candidates.encode import Encoded
from mentormatch.candidates.generate import FeasiblePairs, feasible_pairs
from mentormatch.candidates.rules.modality import accepts_remote
from mentormatch.domain.equipment import EquipmentStock


@dataclass(frozen=True)
class Lending:
    """What may be lent, to whom, from where, and the pairs it makes possible.

    Attributes
    ----------
    scopes : tuple of str
        Scope of each stock (row of ``stock``).
    stock : (n_scopes, 2) int64
        Devices and connections of each stock.
    need : (n_s, 2) bool
        Items each pupil needs lent to meet remotely (False for pupils who
        cannot be helped: no stock covering them holds what they lack).
    cover : (n_s, n_scopes, 2) bool
        Stock ``k`` covers pupil ``s`` and holds items of kind ``t`` the pupil needs.
    enc_lent : Encoded
        The problem with a device and a connection given to every pupil of ``need``.
    pairs : FeasiblePairs
        The lendable pairs (feasible with the loan, not without), their cost
        with the pupil meeting remotely; sorted by pupil, cost, volunteer.
    """

    scopes: tuple[str, ...]
    stock: NDArray[np.int64]
    need: NDArray[np.bool_]
    cover: NDArray[np.bool_]
    enc_lent: Encoded
    pairs: FeasiblePairs

    @property
    def items_needed(self) -> NDArray[np.int64]:
        """Items each pupil would be lent (0, 1 or 2)."""
        return self.need.sum(axis=1).astype(np.int64)


def _missing(enc: Encoded) -> NDArray[np.bool_]:
    """(n_s, 2): the pupil accepts remote sessions but lacks the item the policy requires."""
    policy = enc.problem.policy
    remote = accepts_remote(enc.s_modes)
    dev = remote & ~enc.s_device & bool(policy.remote_requires_device)
    con = remote & ~enc.s_connection & bool(policy.remote_requires_connection)
    return np.column_stack([dev, con])


def scope_cover(enc: Encoded, scopes: Sequence[str]) -> NDArray[np.bool_]:
    """(n_s, n_scopes): stock ``k`` covers pupil ``s`` (territory, association or ``"*"``)."""
    out = np.zeros((enc.n_s, len(scopes)), dtype=bool)
    index = {sc: k for k, sc in enumerate(scopes)}
    for s, st in enumerate(enc.students):   # linear in pupils, not pupils × volunteers
        if "*" in index:
            out[s, index["*"]] = True
        terr = st.location.territory if st.location is not None else None
        for key in (terr, st.association):
            if key is not None and key in index:
                out[s, index[key]] = True
    return out


def build_lending(enc: Encoded, fp: FeasiblePairs,
                  stocks: Sequence[EquipmentStock]) -> Lending | None:
    """The lendable pairs of a problem, or None when no loan can make any pair.

    A pupil can be helped when, for each item they lack, some stock covering
    them holds that kind. The feasible graph of those pupils alone
    (:func:`_pupil_subset`) is enumerated once more with a device and a connection
    given to them; their pairs not in ``fp`` are the lendable pairs (a pair already
    feasible, in person, keeps its cost and gets no loan).
    """
    scopes = tuple(st.scope for st in stocks)
    stock = np.array([[st.devices, st.connections] for st in stocks],
                     dtype=np.int64).reshape(len(stocks), 2)
    missing = _missing(enc)
    cov = scope_cover(enc, scopes)
    cover = cov[:, :, None] & (stock > 0)[None, :, :] & missing[:, None, :]
    helped = missing.any(axis=1) & np.all(~missing | cover.any(axis=1), axis=1)
    if not helped.any():
        return None
    need = missing & helped[:, None]
    cover &= helped[:, None, None]
    enc_lent = dataclasses.replace(enc, s_device=enc.s_device | helped,
                                   s_connection=enc.s_connection | helped)
    if SUBSET_ENUMERATION:
        # only the helped pupils' pairs are needed: enumerate them alone (a third of the
        # pupils at the benchmark's sizes: a third of the time and memory)
        ids = np.flatnonzero(helped)
        full = feasible_pairs(_pupil_subset(enc_lent, ids), memory_budget=None)
        full = FeasiblePairs(ids[full.si].astype(np.int32), full.mi, full.cost,
                             full.session_cost, full.session_limit)
        rows = np.arange(len(full.si))
    else:
        full = feasible_pairs(enc_lent, memory_budget=None)
        rows = np.flatnonzero(helped[full.si])
    key_full = full.si[rows].astype(np.int64) * enc.n_m + full.mi[rows]
    mine = np.flatnonzero(helped[fp.si])
    key_fp = np.sort(fp.si[mine].astype(np.int64) * enc.n_m + fp.mi[mine])
    new = rows[~_member(key_fp, key_full)]
    pairs = FeasiblePairs(full.si[new], full.mi[new], full.cost[new], fp.session_cost)
    return Lending(scopes, stock, need, cover, enc_lent, pairs)


#: Enumerate the lendable pairs on the helped pupils alone (:func:`_pupil_subset`); tests
#: compare it with the enumeration of every pupil.
SUBSET_ENUMERATION = True


def _pupil_subset(enc: Encoded, ids: NDArray[np.int64]) -> Encoded:
    """``enc`` restricted to the pupils ``ids`` (sorted; canonical order kept), same volunteers.

    Every pupil array is taken at ``ids``, the excluded and same-person pair keys
    (``s * n_m + m``) renumbered; a pair's feasibility and cost depend only on its
    pupil's and volunteer's data, so the pairs of the subset are those of ``enc``.
    """
    pos = np.full(enc.n_s, -1, dtype=np.int64)
    pos[ids] = np.arange(len(ids))

    def keys(k: NDArray[np.int64]) -> NDArray[np.int64]:
        s, m = k // enc.n_m, k % enc.n_m
        keep = pos[s] >= 0
        return np.sort(pos[s[keep]] * enc.n_m + m[keep])

    arrays = {f.name: getattr(enc, f.name)[ids] for f in dataclasses.fields(enc)
              if f.name.startswith("s_")}
    return dataclasses.replace(
        enc, student_ids=tuple(enc.student_ids[i] for i in ids.tolist()),
        students=tuple(enc.students[i] for i in ids.tolist()),
        excluded_keys=keys(enc.excluded_keys), self_keys=keys(enc.self_keys), **arrays)


@dataclass(frozen=True)
class PairKeys:
    """A set of pairs ``s * n_m + m`` (the lendable pairs), with a bitmap for membership.

    ``keys`` are sorted; ``row[s]`` is pupil ``s``'s row of ``bits`` (-1: no pair
    of the set), a packed bitmap of ``n_m`` bits per row. Membership is two
    gathers per key instead of a binary search in millions of keys (at 30,000
    pupils: 9.4 million lendable pairs of 4,041 pupils, a bitmap of 7.6 MB;
    :func:`_member` tested against the search).
    """

    keys: NDArray[np.int64]
    n_m: int
    row: NDArray[np.int64]
    bits: NDArray[np.uint8]

    @classmethod
    def of(cls, si: NDArray[np.integer], mi: NDArray[np.integer], n_s: int, n_m: int
           ) -> PairKeys:
        """The set of the pairs ``(si, mi)``."""
        s = np.asarray(si, dtype=np.int64)
        m = np.asarray(mi, dtype=np.int64)
        pupils = np.unique(s)
        row = np.full(n_s, -1, dtype=np.int64)
        row[pupils] = np.arange(len(pupils))
        flat = np.zeros(len(pupils) * n_m, dtype=bool)
        flat[row[s] * n_m + m] = True
        return cls(np.sort(s * n_m + m), n_m, row, np.packbits(flat, bitorder="little"))

    def contains(self, keys: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Whether each pair key ``s * n_m + m`` is in the set."""
        s, m = np.divmod(np.asarray(keys, dtype=np.int64), self.n_m)
        r = self.row[s]
        at = np.maximum(r, 0) * self.n_m + m
        return (r >= 0) & ((self.bits[at >> 3] >> (at & 7).astype(np.uint8)) & 1).astype(bool)


#: Sorted pair keys, or the same set with its bitmap.
LendKeys: TypeAlias = NDArray[np.int64] | PairKeys


def _member(sorted_keys: LendKeys, keys: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Whether each of ``keys`` is in ``sorted_keys`` (an array, or a :class:`PairKeys`)."""
    if isinstance(sorted_keys, PairKeys):
        return sorted_keys.contains(keys)
    return in_sorted(sorted_keys, keys)


def _multiplier_cost(lend: Lending, lam: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per pupil: the cheapest multipliers of the items they need (0 for others)."""
    masked = np.where(lend.cover, lam[None, :, :], np.iinfo(np.int64).max // 4)
    best = masked.min(axis=1, initial=np.iinfo(np.int64).max // 4)
    return np.where(lend.need, best, 0).sum(axis=1).astype(np.int64)
