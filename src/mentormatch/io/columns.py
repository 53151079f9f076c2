"""Column names in French and English, kept columns, and close-name warnings.

The one alias table is :data:`mentormatch.io.csv_format.STUDENT_COLUMNS` /
:data:`~mentormatch.io.csv_format.MENTOR_COLUMNS` (each column with its
French and English aliases, compared by
:func:`~mentormatch.io.csv_format.header_key`: case, accents, spaces,
underscores and punctuation ignored). This module adds:

* :data:`FRENCH_HEADERS` — the French header of every column (what
  ``mentormatch template --lang fr`` writes; each is one of the column's
  aliases, checked by the tests);
* :func:`kept_columns` — the columns a file had beyond the matching fields,
  kept as text in ``Student.extra`` / ``Mentor.extra``;
* :func:`close_column` — the matching field a kept column's name is close to
  (a typo such as ``Disponibilté``), with a threshold that keeps ordinary
  contact columns (``Nom``, ``Prénom``, ``Téléphone``) silent;

The words ``validate`` prints about kept columns are the ``columns.*`` keys of the
message catalogue (:mod:`mentormatch.i18n`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mentormatch.io.csv_format import MENTOR_COLUMNS, STUDENT_COLUMNS, Column, header_key

__all__ = [
    "CLOSE_RATIO",
    "FRENCH_HEADERS",
    "CloseColumn",
    "close_column",
    "columns_of",
    "kept_columns",
    "suggestions",
]

#: Similarity (``difflib`` ratio over :func:`header_key` forms, 0–1) from which a kept
#: column is reported as close to a matching field. Measured on typos of real headers
#: (``Disponibilté`` 0.96, ``Nivau`` 0.91, ``Besions`` 0.86) and on ordinary extra
#: columns (``Id interne``/``a internet`` 0.80, ``Date de naissance``/``date demande``
#: 0.69, ``Nom``/``minor`` 0.50): nothing of the second kind reaches it.
CLOSE_RATIO = 0.84

#: French header of each column, by kind (``students``/``mentors``) and column name.
FRENCH_HEADERS: dict[str, dict[str, str]] = {
    "students": {
        "id": "Identifiant", "level": "Niveau", "needs": "Besoins",
        "availability": "Disponibilités", "latitude": "Latitude", "longitude": "Longitude",
        "commune": "Commune", "departement": "Département", "territory": "Territoire",
        "modality": "Modalité", "has_device": "A un ordinateur",
        "has_connection": "A une connexion", "priority_tags": "Priorités",
        "languages": "Langues", "mentor_gender": "Genre souhaité",
        "mentor_gender_required": "Genre imposé", "excluded_mentors": "Bénévoles exclus",
        "current_mentor": "Bénévole actuel", "current_session": "Séance actuelle",
        "locked": "Verrouillé", "waiting_since": "En attente depuis",
        "is_minor": "Mineur", "association": "Association",
    },
    "mentors": {
        "id": "Identifiant", "role": "Fonction", "association": "Association",
        "subjects": "Matières", "availability": "Disponibilités", "latitude": "Latitude",
        "longitude": "Longitude", "commune": "Commune", "departement": "Département",
        "territory": "Territoire", "max_travel_km": "Rayon (km)", "modality": "Modalité",
        "capacity": "Capacité", "group_size": "Taille du groupe", "languages": "Langues",
        "gender": "Genre", "has_clearance": "Honorabilité",
        "excluded_students": "Élèves exclus", "profile": "Profil",
    },
}

def columns_of(kind: str) -> tuple[Column, ...]:
    """The columns of ``kind``: ``"students"`` or ``"mentors"``."""
    return STUDENT_COLUMNS if kind == "students" else MENTOR_COLUMNS


def kept_columns(people: Iterable[Any]) -> list[str]:
    """Return the names of the kept (``extra``) columns of ``people``, first seen first.

    Every person read from one CSV or XLSX file has the same kept columns (an
    empty cell is kept as ``""``), in the file's order.
    """
    names: dict[str, None] = {}
    for person in people:
        for name in person.extra:
            names.setdefault(name, None)
    return list(names)


@dataclass(frozen=True, slots=True)
class CloseColumn:
    """A kept column whose name is close to a matching field.

    Attributes
    ----------
    name : str
        The kept column, as written in the file.
    column : str
        The matching field it is close to (canonical English name).
    french : str
        That field's French header.
    ratio : float
        The similarity (at least :data:`CLOSE_RATIO`).
    """

    name: str
    column: str
    french: str
    ratio: float


def close_column(name: str, kind: str) -> CloseColumn | None:
    """Return the matching field ``name`` is close to, or ``None``.

    Names are compared in their :func:`~mentormatch.io.csv_format.header_key`
    form against every French and English name of the columns of ``kind``;
    a match needs a similarity of at least :data:`CLOSE_RATIO` and a name of
    at least 4 letters (so ``Nom`` or ``Age`` never match anything).
    """
    key = header_key(name)
    if len(key.replace(" ", "")) < 4:
        return None
    best: tuple[float, Column] | None = None
    for col in columns_of(kind):
        for alias in (col.name, col.field, *col.aliases):
            ratio = difflib.SequenceMatcher(None, key, header_key(alias)).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, col)
    if best is None or best[0] < CLOSE_RATIO:
        return None
    ratio, col = best
    return CloseColumn(name, col.name, FRENCH_HEADERS[kind].get(col.name, col.name), ratio)


def suggestions(name: str, kind: str) -> Sequence[str]:
    """The canonical names to suggest for an unknown column (empty when none is close)."""
    found = close_column(name, kind)
    return [found.column] if found is not None else []
