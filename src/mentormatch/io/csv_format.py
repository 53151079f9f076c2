"""The documented flat column format of students and mentors (CSV and XLSX).

One person per row; the columns are listed in :data:`STUDENT_COLUMNS` and
:data:`MENTOR_COLUMNS` (docs/input-format.md describes them for
coordinators). This module converts in both directions:

* :func:`student_to_row` / :func:`mentor_to_row` flatten a model to a dict of
  cell texts (what the writers put in a file);
* :func:`cells_to_data` turns the cells of one file row into the dictionary a
  model is validated from, reporting cells it cannot read (booleans, dates)
  as :class:`~mentormatch.InputProblem`.

Cell rules
----------
* Multi-valued cells (needs, subjects, languages, priority tags, exclusions)
  separate items with ``|``; ``,`` and ``;`` are accepted too. Items are
  stripped; empty items are ignored.
* Booleans: ``oui/non``, ``yes/no``, ``true/false``, ``vrai/faux``, ``1/0``,
  ``x`` (yes). An empty cell means the column's default.
* Numbers accept a decimal comma (``48,85``).
* Dates: ISO ``2024-09-01`` or French ``01/09/2024``.
* An empty optional cell means "not given" (the model's default or ``None``).
* A cell starting with an apostrophe followed by ``=``, ``+``, ``-``, ``@``,
  tab or CR (the writers' formula neutralisation) is read without the
  apostrophe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mentormatch.domain._text import fold
from mentormatch.domain.people import Mentor, Student
from mentormatch.errors import InputProblem

__all__ = [
    "LIST_SEPARATOR",
    "MENTOR_COLUMNS",
    "STUDENT_COLUMNS",
    "Column",
    "cells_to_data",
    "column_index",
    "header_key",
    "mentor_to_row",
    "rows_with_extra",
    "student_to_row",
]

#: Separator written between the items of a multi-valued cell.
LIST_SEPARATOR = "|"

Kind = Literal["text", "list", "bool", "float", "int", "date", "subjects"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the flat format.

    Parameters
    ----------
    name : str
        Canonical column name (as written by the writers).
    field : str
        Model field, dotted for nested ones (``"location.latitude"``).
    kind : str
        How a cell is read: ``text``, ``list``, ``bool``, ``float``, ``int``,
        ``date`` or ``subjects``.
    required : bool
        Whether the column must be present in the file.
    aliases : tuple of str
        Other accepted header names (compared case-, accent- and
        separator-insensitively).
    """

    name: str
    field: str
    kind: Kind = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()


_LOCATION = (
    Column("latitude", "location.latitude", "float",
           aliases=("lat", "location.latitude", "latitude gps")),
    Column("longitude", "location.longitude", "float",
           aliases=("lon", "lng", "long", "location.longitude", "longitude gps")),
    Column("commune", "location.commune",
           aliases=("ville", "city", "location.commune", "commune de residence")),
    Column("departement", "location.departement",
           aliases=("département", "dept", "dep", "department", "location.departement")),
    Column("territory", "location.territory",
           aliases=("territoire", "qpv", "quartier", "cite educative", "location.territory")),
)

#: Columns of a students file, in the order the writers use.
STUDENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", required=True,
           aliases=("identifiant", "ident", "id eleve", "eleve", "identifiant eleve",
                    "student id")),
    Column("level", "level", required=True, aliases=("niveau", "classe", "niveau scolaire")),
    Column("needs", "needs", "list", required=True,
           aliases=("besoins", "besoin", "matieres", "matieres demandees", "subjects",
                    "matiere", "besoins matieres")),
    Column("availability", "availability", required=True,
           aliases=("disponibilites", "disponibilite", "dispo", "dispos", "creneaux",
                    "horaires")),
    *_LOCATION,
    Column("modality", "modality", aliases=("modalite", "mode")),
    Column("has_device", "has_device", "bool",
           aliases=("appareil", "equipement", "a un appareil", "tablette", "ordinateur",
                    "device", "a un ordinateur", "a une tablette", "a un equipement",
                    "equipe")),
    Column("has_connection", "has_connection", "bool",
           aliases=("connexion", "internet", "acces internet", "connection",
                    "a une connexion", "a internet", "a un acces internet")),
    Column("priority_tags", "priority_tags", "list",
           aliases=("priorites", "priorite", "criteres prioritaires", "tags")),
    Column("languages", "languages", "list", aliases=("langues", "langue")),
    Column("mentor_gender", "mentor_gender",
           aliases=("genre mentor", "genre du mentor", "genre souhaite")),
    Column("mentor_gender_required", "mentor_gender_required", "bool",
           aliases=("genre obligatoire", "genre impose")),
    Column("excluded_mentors", "excluded_mentors", "list",
           aliases=("mentors exclus", "exclusions", "benevoles exclus")),
    Column("current_mentor", "current_mentor",
           aliases=("mentor actuel", "benevole actuel")),
    Column("current_session", "current_session",
           aliases=("seance actuelle", "creneau actuel", "session actuelle")),
    Column("locked", "locked", "bool", aliases=("verrouille", "confirme", "bloque")),
    Column("waiting_since", "waiting_since", "date",
           aliases=("en attente depuis", "date demande", "date de demande")),
    Column("is_minor", "is_minor", "bool", aliases=("mineur", "minor", "est mineur")),
    Column("association", "association", aliases=("asso", "structure")),
)

#: Columns of a mentors file, in the order the writers use.
MENTOR_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", required=True,
           aliases=("identifiant", "ident", "id mentor", "benevole", "identifiant benevole",
                    "mentor id")),
    Column("role", "role", aliases=("fonction", "type de benevole")),
    Column("association", "association", aliases=("asso", "structure")),
    Column("subjects", "subjects", "subjects", required=True,
           aliases=("matieres", "matieres proposees", "sujets", "offre")),
    Column("availability", "availability", required=True,
           aliases=("disponibilites", "disponibilite", "dispo", "dispos", "creneaux",
                    "horaires")),
    *_LOCATION,
    Column("max_travel_km", "max_travel_km", "float",
           aliases=("distance max", "distance max km", "rayon", "rayon km", "max travel",
                    "rayon de deplacement", "rayon de deplacement km", "distance maximale",
                    "distance maximale km")),
    Column("modality", "modality", aliases=("modalite", "mode")),
    Column("capacity", "capacity", "int",
           aliases=("capacite", "nb eleves", "nombre d eleves", "nombre eleves",
                    "capacite eleves")),
    Column("group_size", "group_size", "int",
           aliases=("taille groupe", "taille du groupe", "groupe")),
    Column("languages", "languages", "list", aliases=("langues", "langue")),
    Column("gender", "gender", aliases=("genre", "sexe")),
    Column("has_clearance", "has_clearance", "bool",
           aliases=("habilitation", "honorabilite", "controle honorabilite", "clearance",
                    "controle d honorabilite", "attestation d honorabilite")),
    Column("excluded_students", "excluded_students", "list",
           aliases=("eleves exclus", "exclusions")),
    Column("profile", "profile", aliases=("profil",)),
)


_NOT_WORD = re.compile(r"[\W_]+")


def header_key(name: str) -> str:
    """Return the lookup key of a column header.

    Case, accents, spaces, underscores, hyphens and punctuation are ignored:
    ``"Rayon (km)"``, ``"rayon_km"`` and ``"RAYON KM"`` are one key.
    """
    return _NOT_WORD.sub(" ", fold(name)).strip()


def column_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Return header key → column, for every name and alias of ``columns`` (:func:`header_key`)."""
    index: dict[str, Column] = {}
    for col in columns:
        for name in (col.name, col.field, *col.aliases):
            index.setdefault(header_key(name), col)
    return index


# --- reading cells ---------------------------------------------------------------------------

_TRUE = {"oui", "o", "yes", "y", "true", "vrai", "v", "1", "x", "t"}
_FALSE = {"non", "n", "no", "false", "faux", "f", "0"}
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d*,\d+\s*$")
_FR_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
_ITEM_SPLIT = re.compile(r"[|;,]")
_NEUTRALISED = re.compile(r"^'(?=[ ]*[=+\-@\t\r])")


def unneutralize(text: str) -> str:
    """Undo the writers' formula neutralisation (``'=x`` → ``=x``)."""
    return _NEUTRALISED.sub("", text, count=1)


def _split(text: str) -> list[str]:
    return [item.strip() for item in _ITEM_SPLIT.split(text) if item.strip()]


def _problem(code: str, message: str, row: int | None, header: str, value: str,
             source: str | None) -> InputProblem:
    return InputProblem(code, message, row, header, value, source)


def cells_to_data(
    cells: Mapping[Column, tuple[str, str]],
    *,
    row: int | None,
    source: str | None,
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Turn the non-empty cells of one row into model data.

    Parameters
    ----------
    cells : mapping of Column to (header, text)
        The cells of the row that are not empty, with the header as written
        in the file (used to name the place of a problem).
    row : int, optional
        Row number in the file, for problems.
    source : str, optional
        File name, for problems.

    Returns
    -------
    data : dict
        Nested dictionary ready for ``Student.model_validate`` or
        ``Mentor.model_validate``. Cells that could not be read are left out.
    problems : list of InputProblem
        Cells that could not be read (``wrong_type``).
    """
    data: dict[str, Any] = {}
    problems: list[InputProblem] = []
    for col, (header, raw) in cells.items():
        text = unneutralize(raw.strip())
        value: Any
        if col.kind in ("list", "subjects"):
            value = _split(text)
        elif col.kind == "bool":
            key = fold(text)
            if key in _TRUE:
                value = True
            elif key in _FALSE:
                value = False
            else:
                problems.append(_problem(
                    "wrong_type",
                    f"{text!r} is not a yes/no value: write oui/non, yes/no, vrai/faux, 1/0 or x",
                    row, header, raw, source))
                continue
        elif col.kind in ("float", "int"):
            value = text.replace(",", ".") if _DECIMAL_COMMA.match(text) else text
        elif col.kind == "date":
            found = _FR_DATE.match(text)
            try:
                if found:
                    day, month, year = (int(g) for g in found.groups())
                    value = dt.date(year, month, day)
                else:
                    value = dt.date.fromisoformat(text)
            except ValueError:
                problems.append(_problem(
                    "wrong_type",
                    f"{text!r} is not a date: write 2024-09-01 or 01/09/2024",
                    row, header, raw, source))
                continue
        else:
            value = text
        target = data
        *parents, leaf = col.field.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return data, problems


# --- writing rows ----------------------------------------------------------------------------


def _bool(value: bool | None) -> str:
    if value is None:
        return ""
    return "oui" if value else "non"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _items(values: tuple[str, ...] | list[str], what: str) -> str:
    for v in values:
        if _ITEM_SPLIT.search(v):
            raise ValueError(
                f"{what} item {v!r} contains a list separator (| , ;) and cannot be "
                "written in the flat CSV format; use JSON instead"
            )
    return LIST_SEPARATOR.join(values)


def _location_cells(loc: Any) -> dict[str, str]:
    if loc is None:
        return {"latitude": "", "longitude": "", "commune": "", "departement": "",
                "territory": ""}
    return {
        "latitude": _text(loc.latitude),
        "longitude": _text(loc.longitude),
        "commune": _text(loc.commune),
        "departement": _text(loc.departement),
        "territory": _text(loc.territory),
    }


def student_to_row(student: Student) -> dict[str, str]:
    """Flatten a student to the cells of one row (keys: :data:`STUDENT_COLUMNS` names).

    Raises
    ------
    ValueError
        When an item of a multi-valued field contains a list separator.
    """
    row = {
        "id": student.id,
        "level": student.level,
        "needs": _items(student.needs, "needs"),
        "availability": str(student.availability),
        **_location_cells(student.location),
        "modality": student.modality,
        "has_device": _bool(student.has_device),
        "has_connection": _bool(student.has_connection),
        "priority_tags": _items(student.priority_tags, "priority_tags"),
        "languages": _items(student.languages, "languages"),
        "mentor_gender": _text(student.mentor_gender),
        "mentor_gender_required": _bool(student.mentor_gender_required),
        "excluded_mentors": _items(student.excluded_mentors, "excluded_mentors"),
        "current_mentor": _text(student.current_mentor),
        "current_session": _text(student.current_session),
        "locked": _bool(student.locked),
        "waiting_since": student.waiting_since.isoformat() if student.waiting_since else "",
        "is_minor": _bool(student.is_minor),
        "association": _text(student.association),
    }
    return {c.name: row[c.name] for c in STUDENT_COLUMNS}


def mentor_to_row(mentor: Mentor) -> dict[str, str]:
    """Flatten a mentor to the cells of one row (keys: :data:`MENTOR_COLUMNS` names).

    Subjects are written ``subject:max_level`` (``maths:3e|orientation:Tle``).

    Raises
    ------
    ValueError
        When an item of a multi-valued field contains a list separator.
    """
    row = {
        "id": mentor.id,
        "role": mentor.role,
        "association": _text(mentor.association),
        "subjects": _items([f"{o.subject}:{o.max_level}" for o in mentor.subjects], "subjects"),
        "availability": str(mentor.availability),
        **_location_cells(mentor.location),
        "max_travel_km": _text(mentor.max_travel_km),
        "modality": mentor.modality,
        "capacity": str(mentor.capacity),
        "group_size": str(mentor.group_size),
        "languages": _items(mentor.languages, "languages"),
        "gender": _text(mentor.gender),
        "has_clearance": _bool(mentor.has_clearance),
        "excluded_students": _items(mentor.excluded_students, "excluded_students"),
        "profile": _text(mentor.profile),
    }
    return {c.name: row[c.name] for c in MENTOR_COLUMNS}


def rows_with_extra(people: Iterable[Student] | Iterable[Mentor],
                    columns: tuple[Column, ...]) -> tuple[list[dict[str, str]], list[str]]:
    """Rows of ``people`` in ``columns``, then their kept columns (``extra``), first seen first.

    What the writers put in a file, so that reading it back gives equal
    models, kept columns included. A kept column named like a column of the
    format is left out (it could not be read back as kept).
    """
    to_row: Any = student_to_row if columns is STUDENT_COLUMNS else mentor_to_row
    index = column_index(columns)
    rows: list[dict[str, str]] = []
    kept: dict[str, None] = {}
    for person in people:
        row = to_row(person)
        for name, value in person.extra.items():
            if header_key(name) not in index:
                row[name] = value
                kept.setdefault(name, None)
        rows.append(row)
    return rows, [c.name for c in columns] + list(kept)
