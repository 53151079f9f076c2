"""Results of a match: model, summaries, exports."""

from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)

__all__ = ["Certificate", "MatchResult", "MentorLoad", "Pair", "Reason", "Session", "Unmatched"]
