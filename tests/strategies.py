"""Hypothesis strategies that build valid-by-construction domain objects.

Kept in one place and reused by every test that needs instances::

    from strategies import problems, students, mentors, policies

Everything built here passes validation (a strategy that produces an invalid
object is a bug here, not in the library). Instances are small on purpose:
up to ~6 students and ~4 mentors, locations within a few km of a centre,
capacities and group sizes of 1–2, a handful of subjects, so that properties
can be checked exhaustively by brute force in other tests.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from hypothesis import strategies as st

from mentormatch.domain import LEVELS, Mentor, Policy, Problem, Student
from mentormatch.domain.availability import DAY_NAMES_FR, GRID_MINUTES
from mentormatch.domain.people import Location, SubjectOffer
from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS

__all__ = [
    "DEFAULT_CENTRE",
    "SUBJECTS",
    "availabilities",
    "ids",
    "locations",
    "mentors",
    "policies",
    "problems",
    "students",
]

#: A few canonical subjects and themes (few, so that pupils and mentors overlap).
SUBJECTS: tuple[str, ...] = ("maths", "français", "anglais", "physique-chimie", "orientation")
#: Centre of generated locations (Saint-Denis, a Cité éducative).
DEFAULT_CENTRE: tuple[float, float] = (48.9362, 2.3574)

_ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789éè-_"


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """IDs: ``prefix`` followed by 1–6 letters, digits or accented letters (no separators)."""
    return st.text(_ID_CHARS, min_size=1, max_size=6).map(lambda s: f"{prefix}{s}")


def availabilities(
    *, days: Sequence[int] = (0, 1, 2, 3, 4, 5), max_windows: int = 3,
    first_hour: int = 8, last_hour: int = 21, allow_empty: bool = False,
) -> st.SearchStrategy[str]:
    """Availability texts on the grid, e.g. ``"lun 17:00-19:00; mer 14:30-16:00"``.

    Windows are 1–6 grid steps long, between ``first_hour`` and ``last_hour``.
    """
    step_lo = first_hour * 60 // GRID_MINUTES
    step_hi = last_hour * 60 // GRID_MINUTES

    @st.composite
    def window(draw: st.DrawFn) -> str:
        day = draw(st.sampled_from(list(days)))
        start = draw(st.integers(step_lo, step_hi - 1))
        end = draw(st.integers(start + 1, min(step_hi, start + 6)))
        a, b = start * GRID_MINUTES, end * GRID_MINUTES
        return f"{DAY_NAMES_FR[day]} {a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"

    return st.lists(window(), min_size=0 if allow_empty else 1, max_size=max_windows).map(
        "; ".join)


@st.composite
def locations(
    draw: st.DrawFn, *, centre: tuple[float, float] = DEFAULT_CENTRE, radius_km: float = 3.0,
    labels: bool = True,
) -> Location:
    """Locations within ``radius_km`` (roughly, a square) of ``centre``."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * math.cos(math.radians(centre[0])))
    lat = draw(st.floats(centre[0] - dlat, centre[0] + dlat, allow_nan=False))
    lon = draw(st.floats(centre[1] - dlon, centre[1] + dlon, allow_nan=False))
    commune = departement = territory = None
    if labels:
        commune = draw(st.none() | st.sampled_from(["Saint-Denis", "Aubervilliers", "Épinay"]))
        departement = draw(st.none() | st.sampled_from(["93", "95", "2A"]))
        territory = draw(st.none() | st.sampled_from(["QN093066M", "QN093027M", "CE-93-SD"]))
    return Location(latitude=lat, longitude=lon, commune=commune, departement=departement,
                    territory=territory)


_LANGS = ("fr", "en", "ar", "es")


@st.composite
def students(
    draw: st.DrawFn,
    *,
    id: st.SearchStrategy[str] | None = None,
    subjects: Sequence[str] = SUBJECTS,
    levels: Sequence[str] = LEVELS,
    mentor_ids: Sequence[str] = (),
    availability: st.SearchStrategy[str] | None = None,
    tags: Sequence[str] = tuple(DEFAULT_PRIORITY_WEIGHTS),
    location: st.SearchStrategy[Location | None] | None = None,
) -> Student:
    """Valid students.

    Parameters
    ----------
    id : strategy, optional
        Strategy of IDs (default ``ids("E")``).
    subjects : sequence of str
        Canonical subjects the needs are drawn from.
    levels : sequence of str
        Levels drawn from.
    mentor_ids : sequence of str
        IDs exclusions and the current mentor may refer to (none when empty).
    availability : strategy, optional
        Availability texts (default :func:`availabilities`).
    tags : sequence of str
        Priority tags drawn from (must have a weight in the policy used).
    location : strategy, optional
        Locations (default: :func:`locations` or ``None``).
    """
    mids = list(dict.fromkeys(mentor_ids))
    excluded: list[str] = draw(st.lists(st.sampled_from(mids), unique=True, max_size=2)) \
        if mids else []
    current = draw(st.none() | st.sampled_from(mids)) if mids else None
    return Student(
        id=draw(id if id is not None else ids("E")),
        level=draw(st.sampled_from(list(levels))),
        needs=draw(st.lists(st.sampled_from(list(subjects)), min_size=1, max_size=3,
                            unique=True)),
        availability=draw(availability if availability is not None else availabilities()),
        location=draw(location if location is not None else st.none() | locations()),
        modality=draw(st.sampled_from(["in_person", "remote", "either"])),
        has_device=draw(st.booleans()),
        has_connection=draw(st.booleans()),
        priority_tags=draw(st.lists(st.sampled_from(list(tags)), unique=True, max_size=2))
        if tags else (),
        languages=draw(st.lists(st.sampled_from(_LANGS), min_size=1, max_size=2, unique=True)),
        mentor_gender=draw(st.none() | st.sampled_from(["f", "m", "x"])),
        mentor_gender_required=draw(st.booleans()),
        excluded_mentors=excluded,
        current_mentor=current,
        waiting_since=draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))),
        is_minor=draw(st.none() | st.booleans()),
        association=draw(st.none() | st.sampled_from(["AFEV", "Article 1", "ZUPdeCO"])),
    )


@st.composite
def mentors(
    draw: st.DrawFn,
    *,
    id: st.SearchStrategy[str] | None = None,
    subjects: Sequence[str] = SUBJECTS,
    levels: Sequence[str] = LEVELS,
    student_ids: Sequence[str] = (),
    capacities: Sequence[int] = (1, 2),
    group_sizes: Sequence[int] = (1, 2),
    availability: st.SearchStrategy[str] | None = None,
    location: st.SearchStrategy[Location | None] | None = None,
) -> Mentor:
    """Valid mentors (volunteers); parameters as :func:`students`.

    ``capacities`` and ``group_sizes`` are the values drawn from.
    """
    sids = list(dict.fromkeys(student_ids))
    offered = draw(st.lists(st.sampled_from(list(subjects)), min_size=1, max_size=3,
                            unique=True))
    offers = [SubjectOffer(subject=s, max_level=draw(st.sampled_from(list(levels))))
              for s in offered]
    return Mentor(
        id=draw(id if id is not None else ids("M")),
        role=draw(st.sampled_from(["mentor", "tutor"])),
        subjects=offers,
        availability=draw(availability if availability is not None else availabilities()),
        association=draw(st.none() | st.sampled_from(["AFEV", "Article 1", "ZUPdeCO"])),
        location=draw(location if location is not None else st.none() | locations()),
        max_travel_km=draw(st.none() | st.floats(0, 15, allow_nan=False)),
        modality=draw(st.sampled_from(["in_person", "remote", "either"])),
        capacity=draw(st.sampled_from(list(capacities))),
        group_size=draw(st.sampled_from(list(group_sizes))),
        languages=draw(st.lists(st.sampled_from(_LANGS), min_size=1, max_size=2, unique=True)),
        gender=draw(st.none() | st.sampled_from(["f", "m", "x"])),
        has_clearance=draw(st.booleans()),
        excluded_students=draw(st.lists(st.sampled_from(sids), unique=True, max_size=2))
        if sids else [],
        profile=draw(st.none() | st.sampled_from(["etudiant", "salarie", "retraite"])),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Valid policies: rule switches, radius, session length and weights varied."""
    return Policy(
        session_minutes=draw(st.sampled_from([30, 60, 90, 120])),
        default_travel_km=draw(st.floats(0, 20, allow_nan=False)),
        remote_requires_device=draw(st.booleans()),
        remote_requires_connection=draw(st.booleans()),
        clearance_for_minors_in_person=draw(st.booleans()),
        require_common_language=draw(st.booleans()),
        respect_gender_preference=draw(st.booleans()),
        base_weight=draw(st.integers(1, 20)),
        seed=draw(st.integers(0, 2**31 - 1)),
    )


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    min_students: int = 1,
    max_students: int = 6,
    min_mentors: int = 1,
    max_mentors: int = 4,
    subjects: Sequence[str] = SUBJECTS,
    policy: st.SearchStrategy[Policy] | None = None,
    references: bool = True,
) -> Problem:
    """Valid problems: unique IDs, references to existing people, known subjects and tags.

    Parameters
    ----------
    min_students, max_students, min_mentors, max_mentors : int
        Size bounds.
    subjects : sequence of str
        Subjects needs and offers are drawn from (fewer → more candidate pairs).
    policy : strategy, optional
        Policies (default: ``Policy()``).
    references : bool
        Whether to draw exclusions and current mentors.
    """
    n_s = draw(st.integers(min_students, max_students))
    n_m = draw(st.integers(min_mentors, max_mentors))
    sids = [f"E{i}" for i in range(n_s)]
    mids = [f"M{i}" for i in range(n_m)]
    studs = [draw(students(id=st.just(i), subjects=subjects,
                           mentor_ids=mids if references else ())) for i in sids]
    ments = [draw(mentors(id=st.just(i), subjects=subjects,
                          student_ids=sids if references else ())) for i in mids]
    pol = draw(policy) if policy is not None else Policy()
    return Problem(students=studs, mentors=ments, policy=pol)
