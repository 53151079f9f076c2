"""What-if answers: fixes, alternates, the contrast with the runner-up, recruitment items.

Frozen dataclasses carrying the caller's IDs; the words a coordinator reads
exist in English and French (the ``whatif.*`` keys of the message catalogue,
:mod:`mentormatch.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mentormatch.domain.people import Mentor
from mentormatch.domain.problem import Problem
from mentormatch.i18n import t
from mentormatch.result.model import Pair, Reason, Session

__all__ = ["Alternate", "Contrast", "Explanation", "Fix", "RecruitmentItem", "word"]

def word(key: str, lang: str = "en", **values: Any) -> str:
    """The catalogue's ``whatif.<key>`` in ``lang`` (``"en"`` or ``"fr"``), ``values`` filled in."""
    return t(f"whatif.{key}", lang, **values)


@dataclass(frozen=True)
class Fix:
    """One change that would get an unmatched pupil a volunteer, verified by re-solving.

    Attributes
    ----------
    kind : str
        ``"radius"``, ``"equipment"``, ``"availability"``, ``"level"``,
        ``"subject"`` or ``"capacity"``.
    description : str
        The change in English (``describe(lang)`` for French).
    matched : bool
        Every optimum of the modified problem pairs the pupil (proved by the
        exact re-solve; see ``docs/explain.md``).
    mentor_id : str or None
        The volunteer the pupil gets in the verified optimum.
    session : Session or None
        The session in the verified optimum.
    displaced : int
        Other pupils who lose or change their pair in the verified optimum.
    displaced_ids : tuple of str
        Who they are.
    problem : Problem
        The modified problem that was re-solved.
    cost_delta : float
        Change of the total soft cost of the match (cost units).
    seconds : float
        Time the verification took.
    method : str
        How the modified problem was solved (:class:`mentormatch.whatif.resolve.Solution`):
        ``"as-is"``, ``"cycle"``, ``"full"`` or ``"re-solve"``; every one exact.
    """

    kind: str
    description: str
    matched: bool
    mentor_id: str | None
    session: Session | None
    displaced: int
    displaced_ids: tuple[str, ...]
    problem: Problem = field(repr=False)
    cost_delta: float = 0.0
    seconds: float = 0.0
    words: dict[str, str] = field(default_factory=dict, repr=False)
    method: str = ""

    def describe(self, lang: str = "en") -> str:
        """The change and its verified outcome in ``lang``."""
        change = self.words.get(lang, self.description)
        if self.matched and self.mentor_id is not None:
            out = word("outcome_matched", lang, mentor=self.mentor_id, session=self.session)
        else:
            out = word("outcome_not", lang)
        moved = (word("displaced", lang, n=self.displaced, ids=", ".join(self.displaced_ids[:5]))
                 if self.displaced else word("displaced_none", lang))
        colon, semi = (" : ", " ; ") if lang == "fr" else (": ", "; ")
        return f"{change}{colon}{out}{semi}{moved}"


@dataclass(frozen=True)
class Alternate:
    """A volunteer who could take a matched pupil if their mentor left.

    Attributes
    ----------
    mentor_id : str
    session : Session
        The best session the two have in common, at which the volunteer has room.
    extra_cost : float
        Cost of the new pair (with the volunteer's next load cost) minus the
        cost of the current pair, in cost units.
    reduced_cost : int
        Reduced cost of the new arc under the optimum's potentials (quantised units):
        how much the move costs the optimum when nothing else changes.
    """

    mentor_id: str
    session: Session
    extra_cost: float
    reduced_cost: int


@dataclass(frozen=True)
class Contrast:
    """The chosen pair against the runner-up, term by term (cost units)."""

    runner_up: str
    chosen_terms: dict[str, float]
    runner_up_terms: dict[str, float]
    chosen_cost: float
    runner_up_cost: float
    runner_up_full: bool
    runner_up_students: tuple[str, ...]
    runner_up_modality: str
    runner_up_distance_km: float | None


@dataclass(frozen=True)
class Explanation:
    """What :meth:`mentormatch.MatchResult.explain` returns for one pupil.

    Attributes
    ----------
    student_id : str
    matched : bool
    pair : Pair or None
    reasons : tuple of Reason
        Why the pupil is unmatched (empty when matched).
    fixes : tuple of Fix
        At most three verified fixes (unmatched pupils), least disruption first,
        then least cost.
    tried : tuple of Fix
        Every candidate fix that was verified (those that did not work included).
    alternates : tuple of Alternate
        Backup volunteers of a matched pupil.
    contrast : Contrast or None
        The chosen pair against the runner-up (matched pupils).
    seconds : float
        Time taken.
    """

    student_id: str
    matched: bool
    pair: Pair | None
    reasons: tuple[Reason, ...]
    fixes: tuple[Fix, ...]
    tried: tuple[Fix, ...]
    alternates: tuple[Alternate, ...]
    contrast: Contrast | None
    seconds: float = 0.0


@dataclass(frozen=True)
class RecruitmentItem:
    """A volunteer profile to recruit, with the gain verified by re-solving.

    Attributes
    ----------
    profile : Mentor
        A hypothetical volunteer of this profile (capacity: the median volunteer's).
    count : int
        How many volunteers of the profile the gain is for.
    gain : int
        Additional pupils matched (verified).
    gain_weight : int
        Additional priority weight matched (verified).
    gain_priority : int
        Additional matched pupils with at least one priority tag.
    subject, band, territory, window : str
        The profile in words (territory ``"remote"`` for a remote volunteer).
    problem : Problem
        The problem with the volunteers added, that was re-solved.
    """

    profile: Mentor
    count: int
    gain: int
    gain_weight: int
    gain_priority: int
    subject: str
    band: str
    territory: str
    window: tuple[int, int, int]
    problem: Problem = field(repr=False)
    estimate: float = 0.0
    seconds: float = 0.0

    def describe(self, lang: str = "en") -> str:
        """The line a recruiter can post, in ``lang``."""
        from mentormatch.whatif.recruitment import describe_item

        return describe_item(self, lang)
