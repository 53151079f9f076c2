"""Text normalisation shared by IDs, subjects, levels and day names."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"[\s_\-–—/.']+")


def normalize_id(value: str) -> str:
    """Return an identifier stripped and NFC-normalised (the form used for comparing IDs)."""
    return unicodedata.normalize("NFC", value).strip()


@functools.lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Return a lookup key: lower case, accents removed, separators collapsed to one space."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.lower()).strip()


def suggest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` names of ``choices`` closest to ``value`` (compared folded)."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(fold(choice), choice)
    keys = difflib.get_close_matches(fold(value), list(by_key), n=n, cutoff=0.5)
    out: list[str] = []
    for key in keys:
        name = by_key[key]
        if name not in out:
            out.append(name)
    return out
