"""Cost term ``session_time``: late-evening and Sunday sessions cost more.

Per hour of a session after ``Policy.late_hour_primary`` (pupils CP–CM2) or
``Policy.late_hour_secondary`` (others), and per hour of a Sunday session,
``Weights.late_session_per_hour``. The cost depends only on the session block
and the pupil's group (primary or not), so it is a ``(2, n_blocks)`` table.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mentormatch.candidates.costs._base import SessionTerm
from mentormatch.domain.policy import Policy


def session_costs(policy: Policy) -> NDArray[np.float64]:
    """Return ``table[group, block]`` with group 0 = secondary and beyond, 1 = primary."""
    minutes = policy.session_minutes
    per_day = 24 * 60 // minutes
    start = np.arange(per_day) * minutes
    end = start + minutes
    out = np.zeros((2, 7 * per_day))
    for group, late_hour in ((0, policy.late_hour_secondary), (1, policy.late_hour_primary)):
        late = np.clip(end - late_hour * 60, 0, minutes) / 60.0
        day = np.tile(late, 7)
        day[6 * per_day:] = minutes / 60.0  # Sunday: every hour counts
        out[group] = policy.weights.late_session_per_hour * day
    return out


SESSION_TIME = SessionTerm("session_time", session_costs)
