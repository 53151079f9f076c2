"""Empty input files to fill in: ``mentormatch template --lang fr -o modele.xlsx``.

The template has a students sheet and a mentors sheet, each with every column
(headers in the chosen language: :data:`~mentormatch.io.columns.FRENCH_HEADERS`
in French, the canonical names in English), one example row, and a few
example contact columns that are kept as they are (``Nom``, ``Prénom``,
``Téléphone``...), plus a sheet explaining each column (its words: ``template.column.*`` and
``template.sheet.*`` in :mod:`mentormatch.i18n`). As XLSX (the ``xlsx``
extra) it is one workbook whose sheets the readers find by name
(:data:`mentormatch.io.xlsx.SHEET_NAMES`); as CSV it is two files,
``<stem>_eleves.csv`` and ``<stem>_benevoles.csv`` (``_students`` and
``_mentors`` in English), French ones with ``;``, a UTF-8 BOM and decimal
commas. Either reads back through ``mentormatch validate`` without a problem.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Literal

from mentormatch.i18n import t
from mentormatch.io.columns import FRENCH_HEADERS, columns_of
from mentormatch.io.csv_format import Column
from mentormatch.io.writers import atomic_write_bytes, render_csv

__all__ = ["EXAMPLES", "SHEETS", "template_paths", "write_template"]

Lang = Literal["en", "fr"]
Kind = Literal["students", "mentors"]
_KINDS: tuple[Kind, Kind] = ("students", "mentors")

#: Sheet (and CSV file suffix) names, by language and kind; the third is the explanations.
SHEETS: dict[str, dict[str, str]] = {
    "fr": {"students": "Élèves", "mentors": "Bénévoles", "help": "Colonnes",
           "students_file": "eleves", "mentors_file": "benevoles"},
    "en": {"students": "Students", "mentors": "Mentors", "help": "Columns",
           "students_file": "students", "mentors_file": "mentors"},
}

#: Example cell of each column, by language and kind (text as a coordinator types it).
EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "fr": {
        "students": {
            "id": "E-001", "level": "6e", "needs": "Mathématiques, Français",
            "availability": "lundi 17h-19h; mercredi 14h-18h", "latitude": 48.9102,
            "longitude": 2.55323, "commune": "Clichy-sous-Bois", "departement": "93",
            "territory": "", "modality": "les deux", "has_device": "oui",
            "has_connection": "oui", "priority_tags": "qpv", "languages": "français",
            "mentor_gender": "", "mentor_gender_required": "non", "excluded_mentors": "",
            "current_mentor": "", "current_session": "", "locked": "",
            "waiting_since": "01/09/2024", "is_minor": "",
            "association": "AFEV",
        },
        "mentors": {
            "id": "B-001", "role": "tutrice", "association": "AFEV",
            "subjects": "Maths:3e, Français:3e", "availability": "lundi 17h-19h",
            "latitude": 48.9031, "longitude": 2.5512, "commune": "Clichy-sous-Bois",
            "departement": "93", "territory": "", "max_travel_km": 5, "modality": "présentiel",
            "capacity": 2, "group_size": 1, "languages": "français", "gender": "f",
            "has_clearance": "oui", "excluded_students": "", "profile": "étudiant",
        },
    },
    "en": {
        "students": {
            "id": "S-001", "level": "6e", "needs": "maths|français",
            "availability": "mon 17:00-19:00; wed 14:00-18:00", "latitude": 48.9102,
            "longitude": 2.55323, "commune": "Clichy-sous-Bois", "departement": "93",
            "territory": "", "modality": "either", "has_device": "yes",
            "has_connection": "yes", "priority_tags": "qpv", "languages": "fr",
            "mentor_gender": "", "mentor_gender_required": "no", "excluded_mentors": "",
            "current_mentor": "", "current_session": "", "locked": "",
            "waiting_since": "2024-09-01", "is_minor": "",
            "association": "AFEV",
        },
        "mentors": {
            "id": "M-001", "role": "tutor", "association": "AFEV",
            "subjects": "maths:3e|français:3e", "availability": "mon 17:00-19:00",
            "latitude": 48.9031, "longitude": 2.5512, "commune": "Clichy-sous-Bois",
            "departement": "93", "territory": "", "max_travel_km": 5, "modality": "in_person",
            "capacity": 2, "group_size": 1, "languages": "fr", "gender": "f",
            "has_clearance": "yes", "excluded_students": "", "profile": "etudiant",
        },
    },
}

#: Example kept columns (header → example value per kind), by language.
_EXTRA_EXAMPLES: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "students": {"Nom": "Exemple", "Prénom": "Lina", "Téléphone": "06 00 00 00 01",
                     "Email": "famille.exemple@example.org", "Remarques": "joignable après 18h"},
        "mentors": {"Nom": "Modèle", "Prénom": "Claire", "Téléphone": "06 00 00 00 02",
                    "Email": "claire.modele@example.org", "Remarques": ""},
    },
    "en": {
        "students": {"Last name": "Example", "First name": "Lina", "Phone": "06 00 00 00 01",
                     "Email": "family.example@example.org", "Notes": "call after 6 pm"},
        "mentors": {"Last name": "Sample", "First name": "Claire", "Phone": "06 00 00 00 02",
                    "Email": "claire.sample@example.org", "Notes": ""},
    },
}

#: The columns of the explanation sheet (``template.sheet.<key>`` in the message catalogue).
_HELP_COLUMNS = ("sheet", "column", "required", "description", "example", "aliases")


def _header(col: Column, kind: Kind, lang: Lang) -> str:
    return FRENCH_HEADERS[kind][col.name] if lang == "fr" else col.name


def _sheet(kind: Kind, lang: Lang) -> tuple[list[str], dict[str, Any]]:
    """Headers and the example row (header → value) of one kind."""
    headers: list[str] = []
    row: dict[str, Any] = {}
    extras = list(_EXTRA_EXAMPLES[lang][kind].items())
    for col in columns_of(kind):
        name = _header(col, kind, lang)
        headers.append(name)
        row[name] = EXAMPLES[lang][kind][col.name]
        if col.name == "id":  # contact columns right after the ID, as in an export
            for h, v in extras:
                headers.append(h)
                row[h] = v
    return headers, row


def _help_rows(lang: Lang) -> list[list[Any]]:
    yes, no, kept = (t(f"template.sheet.{k}", lang) for k in ("yes", "no", "kept"))
    rows: list[list[Any]] = []
    for kind in _KINDS:
        sheet = SHEETS[lang][kind]
        for col in columns_of(kind):
            desc = t(f"template.column.{col.name}", lang)
            rows.append([sheet, _header(col, kind, lang), yes if col.required else no, desc,
                         EXAMPLES[lang][kind][col.name], ", ".join(col.aliases)])
        for h, v in _EXTRA_EXAMPLES[lang][kind].items():
            rows.append([sheet, h, kept, t("template.column.extra", lang), v, ""])
    return rows


def template_paths(path: str | os.PathLike[str], lang: Lang = "fr") -> list[Path]:
    """The files :func:`write_template` writes for ``path`` (one ``.xlsx`` or two ``.csv``)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return [p.with_name(f"{p.stem}_{SHEETS[lang][k + '_file']}.csv")
                for k in ("students", "mentors")]
    return [p]


def _csv_cell(value: Any, lang: Lang) -> Any:
    if isinstance(value, float) and lang == "fr":
        return repr(value).replace(".", ",")
    return value


def write_template(path: str | os.PathLike[str], *, lang: Lang = "fr") -> list[Path]:
    """Write the input template; return the files written.

    Parameters
    ----------
    path : str or path-like
        ``.xlsx``: one workbook (students, mentors and explanation sheets;
        needs the ``xlsx`` extra). ``.csv``: two files named by
        :func:`template_paths`.
    lang : {"fr", "en"}
        Language of the headers, the examples and the explanations.

    Raises
    ------
    MissingExtraError
        Writing XLSX without the ``xlsx`` extra (``pip install 'mentormatch[xlsx]'``).
    ValueError
        Another suffix.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        out = template_paths(p, lang)
        for kind, target in zip(_KINDS, out, strict=True):
            headers, row = _sheet(kind, lang)
            text = render_csv([{k: _csv_cell(v, lang) for k, v in row.items()}], headers,
                              delimiter=";" if lang == "fr" else ",")
            data = (("\ufeff" if lang == "fr" else "") + text).encode("utf-8")
            atomic_write_bytes(target, data)
        return out
    if suffix not in (".xlsx", ".xlsm"):
        raise ValueError(f"the template is written as .xlsx or .csv, not {suffix or 'no suffix'}")
    from mentormatch._extras import require

    openpyxl = require("openpyxl")
    book = openpyxl.Workbook()
    first = True
    for kind in _KINDS:
        headers, row = _sheet(kind, lang)
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = SHEETS[lang][kind]
        sheet.append(headers)
        sheet.append([row[h] for h in headers])
        sheet.freeze_panes = "A2"
        for j, h in enumerate(headers, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(j)].width = max(
                12, min(40, len(h) + 4))
    helper = book.create_sheet(SHEETS[lang]["help"])
    helper.append([t(f"template.sheet.{k}", lang) for k in _HELP_COLUMNS])
    for r in _help_rows(lang):
        helper.append(r)
    for letter, width in zip("ABCDEF", (12, 24, 12, 80, 34, 50), strict=True):
        helper.column_dimensions[letter].width = width
    buf = io.BytesIO()
    book.save(buf)
    atomic_write_bytes(p, buf.getvalue())
    return [p]
