"""Regular expressions of the values the models accept, for the published JSON Schema.

Generated from the library's own tables (levels and their aliases, the
vocabulary, day names, the default priority tags), so the schema and the
library cannot drift apart: ``tests/domain/test_patterns.py`` checks on a
corpus of valid and invalid values that a value matches the pattern exactly
when the library accepts it.

The patterns use only the syntax common to ECMA-262 (JSON Schema's dialect)
and Python's :mod:`re`: character classes, groups, alternation, ``\\s``.
What a pattern cannot express is said in :data:`LIMITS`, and the schema
repeats it in its descriptions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from mentormatch.domain._text import fold
from mentormatch.domain.availability import _DAY_ALIASES
from mentormatch.domain.levels import _ALIASES as _LEVEL_ALIASES
from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS
from mentormatch.domain.vocabulary import default_vocabulary

__all__ = ["LIMITS", "availability_pattern", "level_pattern", "subject_pattern", "tag_pattern"]

#: What the patterns cannot express (the library decides; the schema's descriptions say it).
LIMITS: dict[str, str] = {
    "text": "Letters are matched with their Latin accented forms and either case; the "
            "library also accepts compatibility forms (full-width letters, ligatures, "
            "decomposed accents), which the pattern does not.",
    "availability": "The pattern checks the syntax, the day names and the 30-minute grid; "
                    "it cannot check that a window ends after it starts or that a range "
                    "of days runs forwards ('ven-lun'): the library rejects those.",
    "subject": "The pattern lists the default vocabulary; subjects added by "
               "policy.extra_subjects are accepted by the library but not by the pattern.",
    "tag": "The pattern lists the default priority tags; tags given a weight in "
           "policy.priority_weights are accepted by the library but not by the pattern.",
}

#: Separators :func:`~mentormatch.domain._text.fold` collapses (as a class body).
_SEP = r"\s_\-–—/.'"


@functools.cache
def _letter_classes() -> dict[str, str]:
    """Each folded character → a class of the Latin characters that fold to it."""
    found: dict[str, list[str]] = {}
    for code in range(0x20, 0x180):  # ASCII, Latin-1, Latin Extended-A
        ch = chr(code)
        key = fold(ch)
        if len(key) == 1 and ch != key:
            found.setdefault(key, []).append(ch)
    out = {}
    for key, chars in found.items():
        body = re.escape(key) + "".join(re.escape(c) for c in chars)
        out[key] = f"[{body}]"
    return out


def _char(c: str) -> str:
    return _letter_classes().get(c, re.escape(c))


def _word(key: str, *, loose: bool = False) -> str:
    """A folded key as a pattern: spaces are runs of separators; ``loose``: separators anywhere."""
    parts = key.split(" ")
    joint = f"[{_SEP}]*" if loose else ""
    return f"[{_SEP}]+".join(joint.join(_char(c) for c in part) for part in parts)


def _anchored(alternatives: Iterable[str]) -> str:
    return f"^[{_SEP}]*(?:{'|'.join(sorted(set(alternatives)))})[{_SEP}]*$"


def level_pattern() -> str:
    """School levels: every alias of :func:`~mentormatch.domain.levels.parse_level`."""
    alts = []
    for key in _LEVEL_ALIASES:
        alts.append(_word(key, loose=" " not in key))
    return _anchored(alts)


def subject_pattern() -> str:
    """Subjects and themes of the default vocabulary (names and aliases, folded)."""
    vocab = default_vocabulary()
    return _anchored(_word(key) for key in vocab._index)


def tag_pattern() -> str:
    """The default priority tags (``no_device`` also as ``No device``, ``no-device``)."""
    return _anchored(_word(fold(tag).replace("_", " ")) for tag in DEFAULT_PRIORITY_WEIGHTS)


def availability_pattern() -> str:
    """Weekly availability text (``lun 17:00-19:00; mer 14h-18h``), or empty."""
    affix = "[_./'—]*"  # fold() drops these around a day name ('-' and '–' make ranges)
    day = affix + "(?:" + "|".join(sorted(_word(k) for k in _DAY_ALIASES)) + ")" + affix
    days = rf"{day}(?:\s*(?:-|–)\s*{day}|\s+(?:au|to)\s+{day})?"
    sep = r"\s*(?:[,+&]|\bet\b|\band\b)\s*"
    day_list = rf"(?:{sep})*{days}(?:{sep}(?:{days})?)*"
    time = r"(?:(?:[01]?[0-9]|2[0-3])(?:\s*[:hH]\s*(?:[03]0)?)?|24(?:\s*[:hH]\s*(?:00)?)?)"
    rng = rf"\s*{time}\s*(?:-|–|à|a|to)\s*{time}\s*"
    group = rf"\s*{day_list}\s+{rng}(?:,(?:{rng}|\s*))*"
    return rf"^(?:{group}|\s*)(?:[;|\n](?:{group}|\s*))*$"
