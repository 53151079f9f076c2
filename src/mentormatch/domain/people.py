"""Students (the young people) and mentors (volunteers: mentors or tutors).

Both are frozen pydantic models with ``extra="forbid"`` and no NaN or
infinity. IDs are stripped and NFC-normalised. Building a model with bad data
raises :class:`mentormatch.InputError` listing every problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_serializer,
)
from pydantic_core import PydanticCustomError

from mentormatch.domain._base import FrozenModel
from mentormatch.domain._text import fold, normalize_id
from mentormatch.domain.availability import Availability
from mentormatch.domain.extra import Extra
from mentormatch.domain.levels import LEVEL_AGE, LEVELS, parse_level
from mentormatch.domain.vocabulary import default_vocabulary

__all__ = [
    "ID",
    "AvailabilityField",
    "Gender",
    "Level",
    "Location",
    "Mentor",
    "Modality",
    "Role",
    "Student",
    "SubjectOffer",
]


def _check_id(value: Any) -> str:
    if not isinstance(value, str):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        else:
            raise PydanticCustomError("wrong_type", "an ID must be text")
    bad = _BAD_ID_CHAR.search(value)
    if bad is not None:
        raise PydanticCustomError(
            "invalid_text", "{msg}", {"msg": "the ID holds a control character or an "
                                      f"unpaired surrogate (U+{ord(bad.group()):04X}) "
                                      "that cannot be written to a file"})
    out = normalize_id(value)
    if not out:
        raise PydanticCustomError("empty_id", "the ID is empty")
    return out


#: Characters an ID may not hold: C0/C1 controls (NUL, ESC, ...) but tab, and the
#: surrogates (a lone one cannot be encoded, so the ID could never be written out).
_BAD_ID_CHAR = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


#: A person's identifier: text, stripped and NFC-normalised, not empty.
ID = Annotated[str, PlainValidator(_check_id), WithJsonSchema({"type": "string", "minLength": 1})]


def _to_level(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("wrong_type", "a school level must be text such as '6e'")
    try:
        return parse_level(value)
    except ValueError as exc:
        raise PydanticCustomError("unknown_level", "{msg}", {"msg": str(exc)}) from None


#: A school level, canonical name from :data:`mentormatch.domain.levels.LEVELS`.
Level = Annotated[
    str,
    PlainValidator(_to_level),
    WithJsonSchema({"type": "string", "description": "school level", "enum": list(LEVELS)}),
]


def _to_availability(value: Any) -> Availability:
    if isinstance(value, Availability):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        value = "; ".join(value)
    if not isinstance(value, str):
        raise PydanticCustomError(
            "wrong_type", "availability must be text such as 'lun 17:00-19:00; mer 14-18'"
        )
    return Availability.parse(value)


#: Weekly availability: text in, :class:`Availability` inside, canonical text out.
AvailabilityField = Annotated[
    Availability,
    PlainValidator(_to_availability),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "description": "weekly windows, e.g. 'lun 17:00-19:00; mer 14:00-18:00'",
        "examples": ["lun 17:00-19:00; mer 14:00-18:00", "mon 17-19", "samedi 9h-12h"],
    }),
]

_MODALITY = {
    "in_person": "in_person", "in person": "in_person", "presentiel": "in_person",
    "sur place": "in_person", "face a face": "in_person", "onsite": "in_person",
    "remote": "remote", "distanciel": "remote", "a distance": "remote", "online": "remote",
    "en ligne": "remote", "visio": "remote", "distance": "remote",
    "either": "either", "both": "either", "les deux": "either", "mixte": "either",
    "hybride": "either", "indifferent": "either", "all": "either",
}
_GENDER = {
    "f": "f", "female": "f", "femme": "f", "woman": "f", "fille": "f",
    "m": "m", "male": "m", "homme": "m", "man": "m", "h": "m", "garcon": "m",
    "x": "x", "other": "x", "autre": "x", "non binaire": "x",
}
_ROLE = {"mentor": "mentor", "mentore": "mentor", "marraine": "mentor", "parrain": "mentor",
         "tutor": "tutor", "tuteur": "tutor", "tutrice": "tutor"}
_LANG = {
    "francais": "fr", "french": "fr", "anglais": "en", "english": "en", "arabe": "ar",
    "arabic": "ar", "espagnol": "es", "spanish": "es", "portugais": "pt", "portuguese": "pt",
    "allemand": "de", "german": "de", "italien": "it", "italian": "it", "turc": "tr",
    "turkish": "tr", "chinois": "zh", "chinese": "zh", "mandarin": "zh", "russe": "ru",
    "russian": "ru", "roumain": "ro", "romanian": "ro", "tamoul": "ta", "tamil": "ta",
    "wolof": "wo", "bambara": "bm", "soninke": "snk", "berbere": "ber", "kabyle": "kab",
    "ukrainien": "uk", "ukrainian": "uk", "polonais": "pl", "polish": "pl",
}


def _alias(table: dict[str, str], what: str) -> Any:
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            key = fold(value)
            if key in table:
                return table[key]
            raise PydanticCustomError(
                "invalid_choice",
                "unknown {what} {value}; expected one of {choices}",
                {"what": what, "value": repr(value),
                 "choices": ", ".join(sorted(set(table.values())))},
            )
        return value

    return BeforeValidator(convert)


#: How sessions may happen.
Modality = Annotated[Literal["in_person", "remote", "either"], _alias(_MODALITY, "modality")]
#: Gender, as declared (used only for a pupil's required mentor-gender preference).
Gender = Annotated[Literal["f", "m", "x"], _alias(_GENDER, "gender")]
#: A volunteer's role.
Role = Annotated[Literal["mentor", "tutor"], _alias(_ROLE, "role")]


def _one_window(value: str | None) -> str | None:
    """A current session: exactly one weekly window, in canonical text."""
    if value is None:
        return None
    windows = Availability.parse(value).windows
    if len(windows) != 1:
        raise PydanticCustomError(
            "invalid_value",
            "current_session must be one weekly window such as 'mer 14:00-15:00', got {value!r}",
            {"value": value})
    return str(windows[0])


def _language(value: str) -> str:
    key = fold(value)
    if key in _LANG:
        return _LANG[key]
    if 2 <= len(key) <= 3 and key.isalpha():
        return key
    raise PydanticCustomError(
        "unknown_language",
        "unknown language {value}: use an ISO code such as 'fr', 'en', 'ar'",
        {"value": repr(value)},
    )


Language = Annotated[str, AfterValidator(_language)]


#: French names of the default priority tags (folded, spaces as ``_``) → the tag.
_TAG_ALIASES = {
    "quartier_prioritaire": "qpv", "rep+": "rep_plus", "sans_equipement": "no_device",
    "sans_appareil": "no_device", "sans_ordinateur": "no_device", "sans_connexion": "no_connection",
    "enfant_de_soignant": "key_worker_child", "enfant_de_personnel_prioritaire": "key_worker_child",
    "en_attente": "waiting", "handicap": "disability", "ase": "care_leaver",
    "aide_sociale_a_l_enfance": "care_leaver",
}


def _tag(value: str) -> str:
    out = fold(value).replace(" ", "_")
    if not out:
        raise PydanticCustomError("empty_value", "a priority tag is empty")
    return _TAG_ALIASES.get(out, out)


PriorityTag = Annotated[str, AfterValidator(_tag)]


def _subject_name(value: str) -> str:
    """Canonical name if the default vocabulary knows it; else the text as given.

    Unknown names are reported by :class:`~mentormatch.Problem` (which knows
    the policy's extra subjects) and by the file readers.
    """
    text = normalize_id(value)
    if not text:
        raise PydanticCustomError("empty_value", "a subject is empty")
    return default_vocabulary().lookup(text) or text


SubjectName = Annotated[str, AfterValidator(_subject_name)]


def _drop_empty_extra(model: Any, handler: SerializerFunctionWrapHandler) -> Any:
    """Serialise a person, leaving ``extra`` out when it is empty (dumps stay as before)."""
    out = handler(model)
    if isinstance(out, dict) and not out.get("extra"):
        out.pop("extra", None)
    return out


def _no_duplicates(values: tuple[Any, ...]) -> tuple[Any, ...]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise PydanticCustomError("duplicate_value", "{v} is listed twice", {"v": repr(v)})
        seen.add(v)
    return values


class Location(FrozenModel):
    """Where a person is: WGS84 coordinates and optional administrative labels.

    Parameters
    ----------
    latitude, longitude : float
        Decimal degrees (latitude in [-90, 90], longitude in [-180, 180]).
    commune : str, optional
        Commune name.
    departement : str, optional
        INSEE département code (``"93"``, ``"2A"``, ``"974"``).
    territory : str, optional
        Territory code: a QPV code or a Cité éducative. Used for the
        same-territory criterion and for coverage summaries.
    """

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    commune: str | None = None
    departement: str | None = None
    territory: str | None = None


def _offer(value: Any) -> Any:
    if isinstance(value, str):
        name, sep, level = value.partition(":")
        return {"subject": name, "max_level": level} if sep else {"subject": name}
    return value


class SubjectOffer(FrozenModel):
    """A subject or theme a mentor offers, up to the highest level they teach.

    Parameters
    ----------
    subject : str
        Subject or theme (canonicalised through the vocabulary).
    max_level : str
        Highest school level taught (default ``"Tle"``; themes usually use
        ``"post-bac"``). Accepts the text form ``"maths:3e"``.
    """

    subject: SubjectName
    max_level: Level = "Tle"


OfferField = Annotated[SubjectOffer, BeforeValidator(_offer)]


class Student(FrozenModel):
    """A young person to be paired with a mentor or tutor.

    Parameters
    ----------
    id : str
        Unique identifier (stripped, NFC-normalised).
    level : str
        School level: CP, CE1, CE2, CM1, CM2, 6e, 5e, 4e, 3e, 2de, 1re, Tle or post-bac.
    needs : sequence of str
        Subjects or themes needed, most important first (at least one).
    availability : str or Availability
        Weekly windows, e.g. ``"lun 17:00-19:00; mer 14:00-18:00"``.
    location : Location, optional
        Needed for in-person sessions.
    modality : {"in_person", "remote", "either"}
        Accepted modality (default ``"either"``).
    has_device, has_connection : bool
        Equipment at home; remote sessions need both (by default).
    priority_tags : sequence of str
        E.g. ``"qpv"``, ``"no_device"``, ``"key_worker_child"``; weighted by the policy.
    languages : sequence of str
        Spoken languages (ISO codes; default French).
    mentor_gender : {"f", "m", "x"}, optional
        Preferred gender of the mentor.
    mentor_gender_required : bool
        Whether the preference is a hard rule (default False).
    excluded_mentors : sequence of str
        Mentors this pupil must not be paired with.
    current_mentor : str, optional
        The pupil's mentor from last period (continuity is preferred). With
        ``current_session`` it is a *pair in force* (see
        :func:`mentormatch.match`, ``Policy.continuity``); alone, it is only
        the soft ``continuity`` cost.
    current_session : str, optional
        The weekly session of the pair in force, one window such as
        ``"mer 14:00-15:00"`` (needs ``current_mentor``).
    locked : bool
        The pair in force is confirmed with the family: it is never moved, in
        every continuity mode (default False; needs ``current_mentor`` and
        ``current_session``, or a pair in the previous result).
    waiting_since : date, optional
        Date the pupil asked for a mentor (informational; reported in outputs).
    is_minor : bool, optional
        Whether the pupil is under 18; inferred from the level when omitted
        (post-bac pupils are adults).
    association : str, optional
        The association the pupil is registered with (same-association criterion).
    extra : dict of str to str
        Other columns (names, contact, notes), kept as text and carried to the
        outputs; never used for matching, never logged (docs/input-format.md).
    """

    _kind: ClassVar[str | None] = "students"

    id: ID
    level: Level
    needs: Annotated[tuple[SubjectName, ...], Field(min_length=1), AfterValidator(_no_duplicates)]
    availability: AvailabilityField
    location: Location | None = None
    modality: Modality = "either"
    has_device: bool = True
    has_connection: bool = True
    priority_tags: Annotated[tuple[PriorityTag, ...], AfterValidator(_no_duplicates)] = ()
    languages: Annotated[tuple[Language, ...], Field(min_length=1)] = ("fr",)
    mentor_gender: Gender | None = None
    mentor_gender_required: bool = False
    excluded_mentors: tuple[ID, ...] = ()
    current_mentor: ID | None = None
    current_session: Annotated[str | None, AfterValidator(_one_window)] = None
    locked: bool = False
    waiting_since: dt.date | None = None
    is_minor: bool | None = None
    association: str | None = None
    extra: Extra

    if TYPE_CHECKING:  # what callers may pass, for plain mypy (no pydantic plugin needed)
        def __init__(
            self, *, id: str | int, level: str, needs: Sequence[str],
            availability: str | Availability,
            location: Location | Mapping[str, Any] | None = None, modality: str = "either",
            has_device: bool = True, has_connection: bool = True,
            priority_tags: Sequence[str] = (), languages: Sequence[str] = ("fr",),
            mentor_gender: str | None = None, mentor_gender_required: bool = False,
            excluded_mentors: Sequence[str] = (), current_mentor: str | None = None,
            current_session: str | None = None, locked: bool = False,
            waiting_since: dt.date | str | None = None, is_minor: bool | None = None,
            association: str | None = None,
            extra: Mapping[str, str] | None = None) -> None: ...

    @field_validator("languages", mode="after")
    @classmethod
    def _dedupe_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _drop_empty_extra(self, handler)

    @property
    def minor(self) -> bool:
        """Whether the pupil is a minor (explicit, or inferred from the level)."""
        if self.is_minor is not None:
            return self.is_minor
        return LEVEL_AGE[self.level] < 18


class Mentor(FrozenModel):
    """A volunteer: a mentor or a tutor (one model, ``role`` tells which).

    Parameters
    ----------
    id : str
        Unique identifier (stripped, NFC-normalised).
    role : {"mentor", "tutor"}
        Mentor (themes, long-term) or tutor (school subjects).
    subjects : sequence of SubjectOffer or str
        Subjects or themes offered, each with the highest level taught
        (``"maths:3e"``, or ``{"subject": "maths", "max_level": "3e"}``).
    availability : str or Availability
        Weekly windows.
    association : str, optional
        The association the volunteer works with.
    location : Location, optional
        Needed for in-person sessions.
    max_travel_km : float, optional
        Furthest distance travelled for an in-person session; the policy's
        default radius applies when omitted.
    modality : {"in_person", "remote", "either"}
        Accepted modality.
    capacity : int
        Most pupils followed at once (at least 1).
    group_size : int
        Pupils in one session (1 for one-to-one).
    languages : sequence of str
        Spoken languages (ISO codes).
    gender : {"f", "m", "x"}, optional
        Declared gender.
    has_clearance : bool
        Safeguarding clearance (needed, by default, to meet a minor in person).
    excluded_students : sequence of str
        Pupils this volunteer must not be paired with.
    profile : str, optional
        ``"etudiant"``, ``"salarie"``, ``"retraite"``, ``"service_civique"``... (informational).
    extra : dict of str to str
        Other columns (names, contact, notes), kept as text and carried to the
        outputs; never used for matching, never logged (docs/input-format.md).
    """

    _kind: ClassVar[str | None] = "mentors"

    id: ID
    role: Role = "mentor"
    subjects: Annotated[tuple[OfferField, ...], Field(min_length=1)]
    availability: AvailabilityField
    association: str | None = None
    location: Location | None = None
    max_travel_km: float | None = Field(default=None, ge=0, le=1000)
    modality: Modality = "either"
    capacity: int = Field(default=1, ge=1, le=1000)
    group_size: int = Field(default=1, ge=1, le=100)
    languages: Annotated[tuple[Language, ...], Field(min_length=1)] = ("fr",)
    gender: Gender | None = None
    has_clearance: bool = False
    excluded_students: tuple[ID, ...] = ()
    profile: str | None = None
    extra: Extra

    if TYPE_CHECKING:  # what callers may pass, for plain mypy (no pydantic plugin needed)
        def __init__(
            self, *, id: str | int, role: str = "mentor",
            subjects: Sequence[SubjectOffer | str | Mapping[str, Any]],
            availability: str | Availability, association: str | None = None,
            location: Location | Mapping[str, Any] | None = None,
            max_travel_km: float | None = None, modality: str = "either",
            capacity: int = 1, group_size: int = 1, languages: Sequence[str] = ("fr",),
            gender: str | None = None, has_clearance: bool = False,
            excluded_students: Sequence[str] = (), profile: str | None = None,
            extra: Mapping[str, str] | None = None) -> None: ...

    @field_validator("subjects", mode="after")
    @classmethod
    def _one_offer_per_subject(cls, value: tuple[SubjectOffer, ...]) -> tuple[SubjectOffer, ...]:
        _no_duplicates(tuple(o.subject for o in value))
        return value

    @field_validator("languages", mode="after")
    @classmethod
    def _dedupe_languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _drop_empty_extra(self, handler)

    def max_level_of(self, subject: str) -> str | None:
        """Return the highest level this volunteer teaches ``subject`` at, or None."""
        for offer in self.subjects:
            if offer.subject == subject:
                return offer.max_level
        return None
