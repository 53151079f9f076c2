"""Results of a match: model, summaries, exports, read-back and the output bundle.

* :mod:`~mentormatch.result.model` — :class:`MatchResult` and its parts;
* :mod:`~mentormatch.result.summary` — :func:`~mentormatch.result.summary.summarize`;
* :mod:`~mentormatch.result.export` — records, ``result.json``, CSV, DataFrame;
* :mod:`~mentormatch.result.document` — the typed ``result.json`` document;
* :mod:`~mentormatch.result.read` — :func:`read_result`, the reader of ``result.json``;
* :mod:`~mentormatch.result.bundle` — the files ``mentormatch match`` writes.

Nothing here imports :mod:`mentormatch.report` or :mod:`mentormatch.cli`.
"""

from mentormatch.result.model import (
    Certificate,
    MatchResult,
    MentorLoad,
    Pair,
    Reason,
    Session,
    Unmatched,
)
from mentormatch.result.read import read_result

__all__ = ["Certificate", "MatchResult", "MentorLoad", "Pair", "Reason", "Session", "Unmatched",
           "read_result"]
