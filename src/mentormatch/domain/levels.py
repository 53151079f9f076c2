"""French school levels, from CP to Terminale, and post-bac for older mentees.

Levels are ordered; a mentor who teaches a subject "up to 3e" can teach any
pupil from CP to 3e. The index of a level in :data:`LEVELS` is its rank.
"""

from __future__ import annotations

from mentormatch.domain._text import fold, suggest

__all__ = ["LEVELS", "LEVEL_AGE", "level_rank", "parse_level"]

#: Levels in increasing order (French names as written on school reports).
LEVELS: tuple[str, ...] = (
    "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e", "2de", "1re", "Tle", "post-bac",
)

#: Typical age reached during the calendar year of the rentrée
#: (source: ../shared/data/FACTS.md §6, background knowledge). Post-bac is 18+.
LEVEL_AGE: dict[str, int] = {
    "CP": 6, "CE1": 7, "CE2": 8, "CM1": 9, "CM2": 10, "6e": 11, "5e": 12, "4e": 13,
    "3e": 14, "2de": 15, "1re": 16, "Tle": 17, "post-bac": 18,
}

_ALIASES: dict[str, str] = {
    "cp": "CP", "ce1": "CE1", "ce2": "CE2", "cm1": "CM1", "cm2": "CM2",
    "6e": "6e", "6eme": "6e", "6ieme": "6e", "sixieme": "6e", "6": "6e",
    "5e": "5e", "5eme": "5e", "5ieme": "5e", "cinquieme": "5e", "5": "5e",
    "4e": "4e", "4eme": "4e", "4ieme": "4e", "quatrieme": "4e", "4": "4e",
    "3e": "3e", "3eme": "3e", "3ieme": "3e", "troisieme": "3e", "3": "3e",
    "2de": "2de", "2nde": "2de", "2e": "2de", "seconde": "2de",
    "1re": "1re", "1ere": "1re", "premiere": "1re", "1e": "1re",
    "tle": "Tle", "term": "Tle", "terminale": "Tle", "tale": "Tle",
    "post bac": "post-bac", "postbac": "post-bac", "superieur": "post-bac", "sup": "post-bac",
    "etudiant": "post-bac", "bac+": "post-bac", "higher education": "post-bac",
}

_RANK = {name: i for i, name in enumerate(LEVELS)}


def parse_level(value: str) -> str:
    """Return the canonical level for ``value``.

    Parameters
    ----------
    value : str
        A level as typed: ``"6e"``, ``"6ème"``, ``"sixième"``, ``"Terminale"``, ``"2nde"``...

    Returns
    -------
    str
        One of :data:`LEVELS`.

    Raises
    ------
    ValueError
        Unknown level; the message suggests the nearest known names.
    """
    key = fold(value)
    for candidate in (key, key.replace(" ", "")):  # "6 eme" is "6eme"
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    hints = suggest(value, [*LEVELS, *_ALIASES])
    hints = list(dict.fromkeys(_ALIASES.get(fold(h), h) for h in hints))
    hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
    raise ValueError(f"unknown school level {value!r}{hint} Known levels: {', '.join(LEVELS)}")


def level_rank(level: str) -> int:
    """Return the rank of a canonical level (CP is 0, post-bac is 12)."""
    return _RANK[level]
