"""The policy: everything a coordinator may tune.

Hard rules (switches and parameters), weights of the soft criteria, weights of
priority tags, the tie-break seed and the solver backend. Defaults follow the
French use case (sources in ``../shared/data/FACTS.md``):

* sessions of 60 minutes on a fixed hourly grid (AFEV: 2 h a week; ZUPdeCO:
  1–2 h a week; a 60-minute block is the common unit);
* a default travel radius of 10 km for in-person sessions (FACTS §10: ~5–10 km
  typical for weekly sessions in dense QPV, 35 km the outer limit used by
  JeVeuxAider.gouv.fr);
* remote sessions need a device and a connection at the pupil's home;
* meeting a minor in person needs a safeguarding clearance;
* a common language is required.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from mentormatch._backends import BackendChoice
from mentormatch.domain._base import FrozenModel
from mentormatch.domain._text import fold

__all__ = ["DEFAULT_PRIORITY_WEIGHTS", "Policy", "Weights"]

#: Default extra weight of each priority tag; a pupil's weight is
#: ``Policy.base_weight`` plus the weights of their tags.
DEFAULT_PRIORITY_WEIGHTS: dict[str, int] = {
    "qpv": 3,               # lives in a quartier prioritaire
    "rep_plus": 2,          # school in REP+
    "rep": 1,               # school in REP
    "no_device": 2,         # no computer or tablet at home
    "no_connection": 2,     # no internet connection at home
    "key_worker_child": 1,  # child of a key worker
    "waiting": 2,           # has been waiting for a mentor for long
    "disability": 2,        # pupil with a disability (accommodations needed)
    "care_leaver": 3,       # aide sociale à l'enfance
    "rematch": 5,           # lost the mentor of a pair in force (given by match(), not by files)
}

#: How :func:`mentormatch.match` treats the pairs in force (``Policy.continuity``).
Continuity = Literal["keep", "stable", "free"]


class Weights(FrozenModel):
    """Weights of the soft criteria, in cost units (see :attr:`Policy.cost_scale`).

    Parameters
    ----------
    distance_per_km : float
        Cost per kilometre of an in-person pair.
    remote : float
        Cost of a remote pair (in-person within a few km is usually preferred).
    subject_rank : float
        Cost per position of the subject in the pupil's needs (first need costs 0).
    flexibility : float
        Cost multiplied by ``1 / common_sessions``: pairs with more common
        weekly sessions are more robust to changes.
    level_gap : float
        Cost per level between the pupil's level and the highest level the
        mentor teaches the subject at (keeps advanced tutors for advanced pupils).
    continuity : float
        Cost of pairing a pupil who has a current mentor with anyone else.
    other_territory : float
        Cost when the pupil's and mentor's territory codes are both known and differ.
    other_association : float
        Cost when the pupil is registered with an association and the mentor
        works with another one.
    load_balance : float
        Marginal cost of each pupil beyond a mentor's first (the k-th pupil
        costs ``(k - 1) * load_balance``): spreads pupils across volunteers.
    late_session_per_hour : float
        Cost per hour of session after :attr:`Policy.late_hour_primary` (CP–CM2)
        or :attr:`Policy.late_hour_secondary` (others), and for Sunday sessions.
    """

    distance_per_km: float = Field(default=1.0, ge=0)
    remote: float = Field(default=4.0, ge=0)
    subject_rank: float = Field(default=3.0, ge=0)
    flexibility: float = Field(default=2.0, ge=0)
    level_gap: float = Field(default=0.3, ge=0)
    continuity: float = Field(default=20.0, ge=0)
    other_territory: float = Field(default=1.0, ge=0)
    other_association: float = Field(default=2.0, ge=0)
    load_balance: float = Field(default=1.0, ge=0)
    late_session_per_hour: float = Field(default=2.0, ge=0)


def _tag_key(value: dict[str, int]) -> dict[str, int]:
    return {fold(k).replace(" ", "_"): v for k, v in value.items()}


class Policy(FrozenModel):
    """Everything a coordinator may tune; defaults fit the French use case.

    Parameters
    ----------
    session_minutes : int
        Length of a weekly session; sessions sit on a fixed grid of
        non-overlapping blocks of this length starting at midnight, so a
        mentor's sessions never overlap. A multiple of 30 dividing 1440.
    default_travel_km : float
        Travel radius of a mentor who gave none (a volunteer's own
        ``max_travel_km`` always wins over it).
    max_travel_km : float, optional
        Cap on every volunteer's radius, their own included: the radius used
        is ``min(own radius or default_travel_km, max_travel_km)``. ``None``
        (the default) caps nothing.
    remote_requires_device, remote_requires_connection : bool
        Remote sessions need the pupil to have a device / a connection.
    clearance_for_minors_in_person : bool
        Meeting a minor in person needs a safeguarding clearance.
    require_common_language : bool
        Pupil and mentor must share a language.
    respect_gender_preference : bool
        Apply a pupil's *required* mentor-gender preference.
    max_pair_cost : float, optional
        Pairs costing more than this (in cost units) are not worth making. The
        cost compared is the one reported (``Pair.cost``: the pair's terms plus
        its session's ``session_time`` term), exactly (not quantised); a pair
        may use only the sessions keeping it within the cap.
    weights : Weights
        Weights of the soft criteria.
    base_weight : int
        Priority weight of every pupil before tags.
    priority_weights : dict of str to int
        Extra weight per priority tag. Tags not listed are an input error
        (give a weight of 0 to keep an informational tag).
    cost_scale : int
        Cost units are multiplied by this and rounded to integers once
        (default 10: costs are exact to 0.1 unit).
    late_hour_primary, late_hour_secondary : int
        Hour after which a session counts as late for CP–CM2 pupils / others.
    extra_subjects : dict of str to list of str
        Subjects or themes added to the vocabulary, with their aliases.
    candidates_per_student, candidates_per_mentor : int
        Size of the initial candidate set (the k cheapest mentors of each
        pupil together with the k cheapest pupils of each mentor). Pruned
        pairs are priced afterwards, so the result is optimal whatever k is.
    seed : int
        Seed of the tie-break rule (see :func:`mentormatch.match`).
    continuity : {"keep", "stable", "free"}
        How the pairs in force (``match(previous=...)``, or the students'
        ``current_mentor`` + ``current_session``) are treated, exactly (see
        ``docs/engine.md``, "Pairs in force"): ``"keep"`` fixes every valid
        pair in force and matches only the others into the places left;
        ``"stable"`` (default) never ends a valid pair in force and moves one
        (new mentor or new session) only when that matches more
        priority-weighted pupils, as few moves as possible; ``"free"`` is a
        fresh optimisation where continuity is only the soft cost. ``locked``
        pairs are fixed in every mode.
    backend : str
        Solver backend: ``"auto"`` or a name of
        :data:`mentormatch._backends.BackendName` (``"assignment"``,
        ``"networkx"``, ``"highs"``, ``"ortools"``, ``"auction"``,
        ``"primal_dual"``, ``"network_simplex"``); see
        :func:`mentormatch.match`. ``"auto"`` follows the one rule of
        :func:`mentormatch.flow.backends.choose_backend` (``docs/flow.md``).
    max_pairs_per_pupil : int or None
        Graph limit (default ``None``: no limit). Each pupil may only be paired
        with the volunteers of its ``k`` feasible pairs of least pair cost (ties:
        smaller volunteer index); the match is then optimal and certified for
        this *limited problem* (:mod:`mentormatch.candidates.limit`,
        ``docs/limits.md``), and the graph is never held whole.
    """

    session_minutes: int = Field(default=60, ge=30, le=240)
    default_travel_km: float = Field(default=10.0, ge=0, le=1000)
    max_travel_km: float | None = Field(default=None, ge=0, le=1000)
    remote_requires_device: bool = True
    remote_requires_connection: bool = True
    clearance_for_minors_in_person: bool = True
    require_common_language: bool = True
    respect_gender_preference: bool = True
    max_pair_cost: float | None = Field(default=None, ge=0)
    weights: Weights = Weights()
    base_weight: int = Field(default=10, ge=1, le=10_000)
    priority_weights: Annotated[dict[str, Annotated[int, Field(ge=0, le=10_000)]],
                                AfterValidator(_tag_key)] = Field(
        default_factory=lambda: dict(DEFAULT_PRIORITY_WEIGHTS)
    )
    cost_scale: int = Field(default=10, ge=1, le=1_000_000)
    late_hour_primary: int = Field(default=19, ge=0, le=24)
    late_hour_secondary: int = Field(default=20, ge=0, le=24)
    extra_subjects: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    candidates_per_student: int = Field(default=20, ge=1, le=10_000)
    candidates_per_mentor: int = Field(default=20, ge=0, le=10_000)
    seed: int = 0
    continuity: Continuity = "stable"
    backend: BackendChoice = "auto"
    max_pairs_per_pupil: int | None = Field(default=None, ge=1, le=1_000_000)

    @field_validator("session_minutes")
    @classmethod
    def _on_grid(cls, value: int) -> int:
        if value % 30 or 1440 % value:
            raise ValueError(
                f"session_minutes must be a multiple of 30 that divides a day, got {value}"
            )
        return value

    def __repr__(self) -> str:
        from mentormatch.domain._display import policy_repr

        return policy_repr(self)

    def _repr_html_(self) -> str:
        """Notebook display: the fields that differ from the defaults."""
        from mentormatch.domain._display import policy_html

        return policy_html(self)

    def weight_of(self, tags: tuple[str, ...]) -> int:
        """Return the priority weight of a pupil with these tags."""
        return self.base_weight + sum(self.priority_weights.get(t, 0) for t in tags)
