"""Cost terms ``distance`` and ``remote``: how far, or the flat cost of a remote pair.

When a pair may meet both in person and remotely, the cheaper modality is chosen.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.domain.policy import Weights


def travel_cost(
    dist_km: NDArray[np.float64],
    in_person_ok: NDArray[np.bool_],
    remote_ok: NDArray[np.bool_],
    weights: Weights,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Return ``(distance_cost, remote_cost, is_remote)`` per pair.

    Exactly one of the two costs is non-zero-able per pair: the chosen modality's.
    Pairs with neither modality allowed get ``inf`` (they are not feasible).
    """
    ip = np.where(in_person_ok, np.nan_to_num(dist_km, nan=0.0) * weights.distance_per_km,
                  np.inf)
    rm = np.where(remote_ok, weights.remote, np.inf)
    is_remote = rm < ip
    return (np.where(is_remote, 0.0, ip), np.where(is_remote, rm, 0.0), is_remote)
