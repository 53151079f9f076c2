"""Hard rules: one small module per rule, each with its reason code.

Each rule is a function ``(enc, si, mi) -> bool array`` over pair arrays
(student index ``si``, mentor index ``mi``, same length): True where the pair
passes. :data:`RULE_ORDER` is the order in which rules are applied when
counting, for an unmatched pupil, how many volunteers each rule eliminated.
Their words, in French and English, are in :mod:`mentormatch.result.labels`.
"""

from mentormatch.candidates.rules.availability import available
from mentormatch.candidates.rules.exclusion import not_excluded
from mentormatch.candidates.rules.gender import gender_ok
from mentormatch.candidates.rules.language import common_language
from mentormatch.candidates.rules.level import level_ok
from mentormatch.candidates.rules.modality import modality_compatible
from mentormatch.candidates.rules.reach import clearance_ok, remote_ok, within_reach
from mentormatch.candidates.rules.self_pair import not_self
from mentormatch.candidates.rules.subject import subject_offered

__all__ = [
    "RULE_ORDER",
    "available",
    "clearance_ok",
    "common_language",
    "gender_ok",
    "level_ok",
    "modality_compatible",
    "not_excluded",
    "not_self",
    "remote_ok",
    "subject_offered",
    "within_reach",
]

#: Reason keys in the order rules are applied for unmatched pupils' explanations.
RULE_ORDER: tuple[str, ...] = (
    "subject", "level", "availability", "modality", "language", "gender", "exclusion",
    "self", "device", "distance", "clearance", "cost_cap",
)
