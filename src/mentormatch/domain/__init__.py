"""The domain model: students, mentors, availability, vocabulary, levels, policy, problem."""

from mentormatch.domain.availability import Availability, Window, parse_availability
from mentormatch.domain.levels import LEVELS, level_rank, parse_level
from mentormatch.domain.people import Location, Mentor, Student, SubjectOffer
from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS, Policy, Weights
from mentormatch.domain.problem import Problem, check_references
from mentormatch.domain.vocabulary import DEFAULT_SUBJECTS, Vocabulary, default_vocabulary

__all__ = [
    "DEFAULT_PRIORITY_WEIGHTS",
    "DEFAULT_SUBJECTS",
    "LEVELS",
    "Availability",
    "Location",
    "Mentor",
    "Policy",
    "Problem",
    "Student",
    "SubjectOffer",
    "Vocabulary",
    "Weights",
    "Window",
    "check_references",
    "default_vocabulary",
    "level_rank",
    "parse_availability",
    "parse_level",
]
