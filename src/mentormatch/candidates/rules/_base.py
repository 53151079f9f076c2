"""What a hard rule declares: :class:`Rule` (one per module of this package).

A rule module holds, in one place, everything about its rule:

* the **reference check** ``(enc, si, mi) -> bool array`` over pair arrays
  (pupil index ``si``, volunteer index ``mi``, same length), True where the
  pair passes. It is what the reasons, the explanations and the tests run;
* the **per-side primitives** production uses to enumerate the feasible graph
  without visiting every pair (bit masks, side masks, tolerance constants),
  as module functions next to the check, which they define;
* its **reason key** (counted in ``no_candidate`` reasons) and its **words**
  in English and French (:mod:`mentormatch.result.labels` reads them).

How production applies a rule is its :attr:`Rule.stage`: a ``"filter"``
rule (the default, and what a new rule usually is) needs no other code: the
enumerator runs its check on the pairs it finds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.encode import Encoded

__all__ = ["CostCheck", "PairCheck", "PupilMask", "Rule", "Stage", "Words", "absent_from",
           "has_key"]

#: A check over pair arrays: ``(enc, si, mi) -> bool array``, True where the pair passes.
PairCheck = Callable[[Encoded, NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]]
#: A cost rule's production check: ``(enc, si, mi, terms) -> limits or None``. ``terms`` is
#: each pair's float cost without its session; the result is, per pair, how many of its
#: sessions (in the rule's order) keep it within the rule, 0 removing the pair; None: no
#: restriction (see :mod:`mentormatch.candidates.rules.cost_cap`).
CostCheck = Callable[[Encoded, NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]],
                     "NDArray[np.int16] | None"]
#: A per-pupil mask: ``enc -> (n_s,) bool array``.
PupilMask = Callable[[Encoded], NDArray[np.bool_]]

#: How the fast enumerator (:mod:`mentormatch.candidates.generate`) applies a rule:
#:
#: * ``"enumerate"``: built into the enumeration itself (level buckets, bit masks,
#:   KD-trees), through the rule module's per-side primitives;
#: * ``"filter"``: the enumerator runs :attr:`Rule.check` on the pairs it found
#:   (only those whose pupil is not in :attr:`Rule.everyone`);
#: * ``"cost"``: a rule on the pair's cost (with its session), applied once costs are known
#:   (its check computes the cost the reference way, so it runs on pairs passing
#:   every other rule).
Stage = Literal["enumerate", "filter", "cost"]


@dataclass(frozen=True)
class Words:
    """Short plain-language words for a rule, one per language of the labels."""

    en: str
    fr: str


@dataclass(frozen=True)
class Rule:
    """One hard rule, declared once (see module docs).

    Attributes
    ----------
    key : str
        Name of the rule and its reason key (``details["eliminated_by"]`` of a
        ``no_candidate`` reason).
    words : Words
        What the rule's failure means, for coordinators (English and French).
    check : PairCheck
        The reference check. For an ``in_person_only`` rule, the condition on
        meeting in person (a pair that may meet remotely passes the rule).
    stage : {"enumerate", "filter", "cost"}
        How production applies it (:data:`Stage`).
    in_person_only : bool
        The rule only constrains pairs meeting in person.
    implied_by : tuple of str
        Keys of rules whose passing implies this one's (so production may
        enforce this rule through them; a test checks the implication).
    everyone : PupilMask, optional
        Pupils who pass the rule with every volunteer (production checks the
        rule only for the others); None: no pupil is known to.
    on_cost : CostCheck, optional
        For a ``"cost"`` rule: production's check, on the pairs' float costs
        (:data:`CostCheck`).
    """

    key: str
    words: Words
    check: PairCheck
    stage: Stage = "filter"
    in_person_only: bool = False
    implied_by: tuple[str, ...] = ()
    everyone: PupilMask | None = None
    on_cost: CostCheck | None = None

    def passes(self, enc: Encoded, si: NDArray[np.int64], mi: NDArray[np.int64],
               remote: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """True where the pair passes the rule; ``remote``: the pair may meet remotely."""
        ok = self.check(enc, si, mi)
        return remote | ok if self.in_person_only else ok


def absent_from(keys: NDArray[np.int64], si: NDArray[np.int64], mi: NDArray[np.int64],
                n_m: int) -> NDArray[np.bool_]:
    """True where the pair's key ``si * n_m + mi`` is not in the sorted ``keys``."""
    if not keys.size or not len(si):
        return np.ones(len(si), dtype=bool)
    key = si * n_m + mi
    pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    return np.asarray(keys[pos] != key)


def has_key(keys: NDArray[np.int64], n_s: int, n_m: int) -> NDArray[np.bool_]:
    """Per pupil: True when some pair key ``s * n_m + m`` of ``keys`` is theirs."""
    out = np.zeros(n_s, dtype=bool)
    out[keys // max(n_m, 1)] = True
    return out
