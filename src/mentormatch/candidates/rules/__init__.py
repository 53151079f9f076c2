"""Hard rules: one small module per rule, each with its reason code.

Each rule is a function ``(enc, si, mi) -> bool array`` over pair arrays
(student index ``si``, mentor index ``mi``, same length): True where the pair
passes. :data:`RULE_ORDER` is the order in which rules are applied when
counting, for an unmatched pupil, how many volunteers each rule eliminated.
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
    "RULE_DESCRIPTIONS",
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

#: Plain-language description of each rule (English; the CLI may translate).
RULE_DESCRIPTIONS: dict[str, str] = {
    "subject": "does not offer any subject the pupil needs",
    "level": "does not teach the pupil's subjects at the pupil's level",
    "availability": "has no whole session in common with the pupil",
    "modality": "in person vs remote preferences are incompatible",
    "language": "no common language",
    "gender": "not of the gender the pupil requires",
    "exclusion": "excluded (by the pupil or the volunteer)",
    "self": "same person",
    "device": "remote only, and the pupil lacks a device or a connection",
    "distance": "too far for in-person sessions (and remote is not possible)",
    "clearance": "no safeguarding clearance to meet a minor in person (and remote is not possible)",
    "cost_cap": "every possible pair costs more than the policy's maximum",
}
