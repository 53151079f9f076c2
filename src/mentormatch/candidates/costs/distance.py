"""Cost terms ``distance`` and ``remote``: how far, or the flat cost of a remote pair.

When a pair may meet both in person and remotely, the cheaper modality is
chosen (:func:`meets_remotely`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import PairFeatures, PairTerm
from mentormatch.domain.policy import Weights


def meets_remotely(
    dist_km: NDArray[np.float64],
    in_person_ok: NDArray[np.bool_],
    remote_ok: NDArray[np.bool_],
    weights: Weights,
) -> NDArray[np.bool_]:
    """True where the pair meets remotely: allowed, and cheaper than in person (or the
    only way). Pairs with neither modality allowed are not feasible (never asked)."""
    ip = np.where(in_person_ok, np.nan_to_num(dist_km, nan=0.0) * weights.distance_per_km,
                  np.inf)
    rm = np.where(remote_ok, weights.remote, np.inf)
    return np.asarray(rm < ip)


def distance_cost(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """``distance_per_km`` per km when meeting in person, else 0."""
    return np.where(f.remote, 0.0, f.km * w.distance_per_km)


def remote_cost(f: PairFeatures, w: Weights) -> NDArray[np.float64]:
    """The flat ``remote`` cost when meeting remotely, else 0."""
    return np.where(f.remote, w.remote, 0.0)


DISTANCE = PairTerm("distance", distance_cost)
REMOTE = PairTerm("remote", remote_cost)
