"""Realistic synthetic French data: pupils of the Cités éducatives and volunteers.

``generate(n_students, *, n_mentors=None, seed=0, policy=None)`` returns a
validated :class:`mentormatch.Problem`. The places are real Cités éducatives
(:mod:`mentormatch.synth.territories`, GeoNames coordinates, CC BY 4.0); the
frequencies and their sources are in :mod:`mentormatch.synth.profiles`.
"""

from mentormatch.synth._generator import PRIORITY_TAGS, default_n_mentors, generate
from mentormatch.synth.territories import CITES, Cite

__all__ = ["CITES", "PRIORITY_TAGS", "Cite", "default_n_mentors", "generate"]
