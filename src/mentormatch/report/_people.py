"""How the report names a person and words a pupil's or a pair's facts.

Names come from the person's ``extra`` columns (kept, never used by the
engine) when they hold a first name and a last name, matched without regard
to case or accents: ``Prénom`` + ``Nom`` gives ``"Prénom Nom"``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from mentormatch.i18n import t

__all__ = ["display_name", "person_label", "tag_label"]

_FIRST = ("prenom", "first name", "firstname", "first_name", "given name", "prenoms")
_LAST = ("nom", "nom de famille", "last name", "lastname", "last_name", "surname",
         "family name")
_FULL = ("nom complet", "full name", "name", "nom et prenom", "prenom nom")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", " ")


def display_name(extra: Mapping[str, Any] | None) -> str | None:
    """Return ``"First Last"`` from a person's extra columns, or None when they have none."""
    if not extra:
        return None
    folded = {_fold(str(k)): str(v).strip() for k, v in extra.items()
              if v is not None and str(v).strip()}
    first = next((folded[k] for k in map(_fold, _FIRST) if k in folded), "")
    last = next((folded[k] for k in map(_fold, _LAST) if k in folded), "")
    if first or last:
        return " ".join(p for p in (first, last) if p)
    return next((folded[k] for k in map(_fold, _FULL) if k in folded), None)


def person_label(pid: str, person: object | None) -> str:
    """The ID of a person followed by their name when known: ``E042 — Inès Martin``."""
    name = display_name(getattr(person, "extra", None) or {}) if person is not None else None
    return f"{pid} — {name}" if name else pid


def tag_label(tag: str, lang: str) -> str:
    """The words of a priority tag (``no_device`` → « sans équipement »), else the tag."""
    key = f"tag.{tag}"
    text = t(key, lang)
    return tag if text == key else text
