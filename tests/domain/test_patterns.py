"""The schema's patterns agree with the library (issue 19, item 4).

Over a corpus of valid and invalid levels, subjects, availability texts and
priority tags (hand-written forms plus seeded mutations of them): a value
matches the pattern exactly when the library accepts it. The patterns are
written in the syntax common to ECMA-262 and Python's ``re``, so ``re``
checks them here (no JSON Schema validator needed).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest

from mentormatch.domain import patterns
from mentormatch.domain.availability import _DAY_ALIASES, parse_availability
from mentormatch.domain.levels import _ALIASES, LEVELS, parse_level
from mentormatch.domain.people import _tag
from mentormatch.domain.policy import DEFAULT_PRIORITY_WEIGHTS
from mentormatch.domain.vocabulary import default_vocabulary


def _accepts(f: Callable[[str], object]) -> Callable[[str], bool]:
    def ok(value: str) -> bool:
        try:
            f(value)
        except Exception:
            return False
        return True
    return ok


def _subject(value: str) -> None:
    if default_vocabulary().lookup(value) is None:
        raise ValueError(value)


def _tag_known(value: str) -> None:
    if _tag(value) not in DEFAULT_PRIORITY_WEIGHTS:
        raise ValueError(value)


def _variants(values: list[str], seed: int) -> list[str]:
    """Case, accent, separator variants and seeded one-character mutations."""
    rng = random.Random(seed)
    alphabet = "aeéèiouèê -_.'xz0123459:h;,"
    out: list[str] = []
    for v in values:
        out += [v, v.upper(), v.title(), f" {v} ", v.replace(" ", "-"), v.replace("e", "é")]
        for _ in range(3):
            if not v:
                break
            i = rng.randrange(len(v))
            op = rng.randrange(3)
            if op == 0:
                out.append(v[:i] + v[i + 1:])
            elif op == 1:
                out.append(v[:i] + rng.choice(alphabet) + v[i:])
            else:
                out.append(v[:i] + rng.choice(alphabet) + v[i + 1:])
    return list(dict.fromkeys(out))


LEVEL_CORPUS = _variants([*LEVELS, *_ALIASES, "6ème", "Sixième", "Première", "Supérieur",
                          "post bac", "C.P.", "CM 1", "7e", "CE3", "sixth", "", "bac",
                          "terminal", "seconde générale", "le soir", "6e!"], seed=1)
SUBJECT_CORPUS = _variants([*sorted(default_vocabulary()._index)[::3], "Maths", "Français",
                            "histoire-géo", "cuisine", "maths avancées", "le soir", "6ème",
                            "SVT", "s.v.t", ""], seed=2)
TAG_CORPUS = _variants([*DEFAULT_PRIORITY_WEIGHTS, "No device", "no-device", "QPV",
                        "_qpv_", "[qpv]", "vip", "", "priorité"], seed=3)
AVAILABILITY_CORPUS = _variants([
    "lun 17:00-19:00; mer 14:00-18:00", "mon 17-19", "samedi 9h-12h", "mar, jeu 17h30-19h",
    "lun-ven 17-19", "mer 10-12, 14-16", "Lundi 17h-19h | Mercredi 14h-16h", "", "  ",
    "lun au ven 8-9", "mon to fri 8:30-9", "lun et mer 17-18", "sat 9 to 12",
    "dim 0-24", "jeu 23h30-24h", "le soir", "6ème", "lun 17-25", "lun 17:15-19",
    "lun 19-17", "lun 17-17", "ven-lun 10-12", "lun17-19", "lun 17", "xyz 10-12",
    "mer 10-12,", "mer. 10h-12h", *(f"{d} 10-11" for d in sorted(_DAY_ALIASES)[::4]),
], seed=4)

FAMILIES = {
    "level": (patterns.level_pattern, _accepts(parse_level), LEVEL_CORPUS),
    "subject": (patterns.subject_pattern, _accepts(_subject), SUBJECT_CORPUS),
    "tag": (patterns.tag_pattern, _accepts(_tag_known), TAG_CORPUS),
    "availability": (patterns.availability_pattern, _accepts(parse_availability),
                     AVAILABILITY_CORPUS),
}



def _beyond_pattern(value: str) -> bool:
    """What the availability pattern cannot express (patterns.LIMITS, in the schema too).

    The library rejects a window that ends before it starts (or is empty) and a
    range of days that runs backwards; the pattern accepts them.
    """
    try:
        parse_availability(value)
    except Exception as exc:
        code = getattr(exc, "type", "")
        return code in ("window_inverted", "window_empty") or "runs backwards" in str(exc)
    return False


def test_corpus_is_large_and_mixed() -> None:
    total = sum(len(c) for _, _, c in FAMILIES.values())
    assert total >= 200
    for name, (_, library, corpus) in FAMILIES.items():
        accepted = sum(library(v) for v in corpus)
        assert 0 < accepted < len(corpus), name  # both valid and invalid values


@pytest.mark.parametrize("family", list(FAMILIES))
def test_pattern_accepts_exactly_what_the_library_accepts(family: str) -> None:
    make, library, corpus = FAMILIES[family]
    regex = re.compile(make())
    disagree = [(v, bool(regex.search(v)), library(v)) for v in corpus
                if bool(regex.search(v)) != library(v)
                and not (family == "availability" and _beyond_pattern(v))]
    assert disagree == []
    if family == "availability":
        for v in ("lun 19-17", "lun 17-17", "ven-lun 10-12"):  # the limit, shown
            assert _beyond_pattern(v)
            assert regex.search(v)


def test_patterns_are_ecma_compatible() -> None:
    # no Python-only syntax: named groups, lookbehind, inline flags, \A \Z, possessive
    for make, _, _ in FAMILIES.values():
        text = make()
        for bad in ("(?P<", "(?<", "(?i", "\\A", "\\Z", "*+", "++"):
            assert bad not in text
