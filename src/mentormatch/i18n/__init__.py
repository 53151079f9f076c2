"""One message catalogue for every word a user reads, in English and French.

Every sentence the command line prints, every heading of the report, every
column header of the spreadsheets and every error a coordinator sees is a key
of one catalogue, ``{"key": {"en": "...", "fr": "..."}}``; :func:`t` looks a
key up in a language and fills its ``{placeholders}``. The catalogue is plain
Python (no gettext, no compiled ``.mo`` files, no new dependency): a key and
its two translations sit side by side, a test checks that every key has both
languages and the same placeholders, and adding words is adding one dict
(see ``docs/architecture.md``, "Words a user reads").

The language is chosen, in this order, by the caller (``lang=``, the
command line's ``--lang``), by the environment variable ``MENTORMATCH_LANG``,
by the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``fr_*`` gives French),
and is English otherwise (:func:`resolve_lang`). :func:`use_lang` sets the
language of a block (the command line sets it once per run), read by
:func:`t` when no language is given.

Numbers are written the way each language writes them: ``1,533`` and
``76.6 %`` in English, ``1 533`` and ``76,6 %`` in French (with narrow
no-break spaces, U+202F), by :func:`fmt_int`, :func:`fmt_num` and
:func:`fmt_pct`.
"""

from __future__ import annotations

import contextlib
import contextvars
import locale
import os
import string
from collections.abc import Iterator, Mapping
from typing import Any, Literal, get_args

from mentormatch.i18n import _areas, _cli, _errors, _report, _template, _words

__all__ = [
    "CATALOGUE",
    "LANGS",
    "Lang",
    "add",
    "current_lang",
    "fmt_int",
    "fmt_num",
    "fmt_pct",
    "has",
    "normalize_lang",
    "resolve_lang",
    "t",
    "use_lang",
]

#: The languages of the catalogue.
Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = get_args(Lang)
#: The environment variable that chooses the language when ``--lang`` is not given.
ENV_VAR = "MENTORMATCH_LANG"

#: Narrow no-break space: the French thousands separator and the space before ``%``.
NNBSP = "\u202f"

Messages = dict[str, dict[str, str]]


def _merge(*parts: Mapping[str, Mapping[str, str]]) -> Messages:
    out: Messages = {}
    for part in parts:
        for key, words in part.items():
            if key in out:
                raise ValueError(f"message key {key!r} is defined twice")
            out[key] = dict(words)
    return out


#: Every message: ``{key: {"en": text, "fr": text}}``. Extend with :func:`add`.
CATALOGUE: Messages = _merge(_words.MESSAGES, _errors.MESSAGES, _report.MESSAGES,
                             _cli.MESSAGES, _areas.MESSAGES, _template.MESSAGES)

_current: contextvars.ContextVar[str] = contextvars.ContextVar("mentormatch_lang",
                                                               default="en")


def add(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages to the catalogue (a key already there with other words is refused).

    Parameters
    ----------
    messages : mapping
        ``{key: {"en": text, "fr": text}}``, the shape of every catalogue part.

    Raises
    ------
    ValueError
        A key already in the catalogue with different words, or a message
        without both languages.
    """
    for key, words in messages.items():
        if set(words) != set(LANGS):
            raise ValueError(f"message {key!r} needs exactly the languages {LANGS}")
        if key in CATALOGUE and CATALOGUE[key] != dict(words):
            raise ValueError(f"message key {key!r} is already defined with other words")
        CATALOGUE[key] = dict(words)


def normalize_lang(value: str | None) -> Lang | None:
    """Return ``"fr"`` or ``"en"`` for a language or locale name (``fr_FR.UTF-8``), or None."""
    if not value:
        return None
    v = value.strip().lower().replace("-", "_")
    if v in ("c", "posix"):
        return "en"
    head = v.split("_")[0].split(".")[0]
    if head == "fr":
        return "fr"
    if head:
        return "en"
    return None


def _locale_lang() -> Lang | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_lang(value)
    with contextlib.suppress(ValueError, TypeError):
        return normalize_lang(locale.getlocale()[0])
    return None


def resolve_lang(explicit: str | None = None) -> Lang:
    """Return the language to use: ``explicit``, else ``MENTORMATCH_LANG``, else the locale.

    Parameters
    ----------
    explicit : str, optional
        The language asked for (``--lang``); wins when given.

    Returns
    -------
    {"en", "fr"}
        French when the first source that says something names French
        (``fr``, ``fr_FR.UTF-8``, ``fr_BE``...), English otherwise.
    """
    for candidate in (explicit, os.environ.get(ENV_VAR)):
        lang = normalize_lang(candidate)
        if lang is not None:
            return lang
    return _locale_lang() or "en"


def current_lang() -> Lang:
    """The language set by :func:`use_lang` (English outside any)."""
    lang = _current.get()
    return "fr" if lang == "fr" else "en"


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[None]:
    """Make ``lang`` the language of :func:`t` calls without ``lang`` in the block."""
    token = _current.set(normalize_lang(lang) or "en")
    try:
        yield
    finally:
        _current.reset(token)


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in CATALOGUE


def _fill(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return fmt_int(value, lang)
    return value


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Return the message ``key`` in ``lang`` with its ``{placeholders}`` filled.

    Parameters
    ----------
    key : str
        Catalogue key, for example ``"report.pairs.title"``.
    lang : {"en", "fr"}, optional
        Language (default: :func:`current_lang`).
    **params
        Values of the placeholders. Integers are written with the language's
        thousands separator (:func:`fmt_int`); other values as given.

    Returns
    -------
    str
        The message; the English one when the language lacks it; the key
        itself when the catalogue lacks it (an unknown key never breaks a
        report).
    """
    lang = normalize_lang(lang) if lang is not None else current_lang()
    words = CATALOGUE.get(key)
    if words is None:
        return key
    text = words.get(lang or "en") or words["en"]
    if not params:
        return text
    return text.format(**{k: _fill(v, lang or "en") for k, v in params.items()})


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` of a message (for the catalogue's tests)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def fmt_int(n: int | float | None, lang: str | None = None) -> str:
    """Write a whole number: ``1,533`` in English, ``1 533`` in French (``—`` for None)."""
    if n is None:
        return "—"
    text = f"{int(n):,}"
    if (normalize_lang(lang) if lang is not None else current_lang()) == "fr":
        return text.replace(",", NNBSP)
    return text


def fmt_num(x: float | int | None, lang: str | None = None, digits: int = 2) -> str:
    """Write a decimal number with ``digits`` decimals (``2.35`` / ``2,35``; ``—`` for None)."""
    if x is None:
        return "—"
    text = f"{x:,.{digits}f}"
    if (normalize_lang(lang) if lang is not None else current_lang()) == "fr":
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def fmt_pct(share: float | None, lang: str | None = None, digits: int = 1) -> str:
    """Write a share as a percentage: ``76.6 %`` in English, ``76,6 %`` in French."""
    if share is None:
        return "—"
    text = f"{100 * share:.{digits}f}"
    if (normalize_lang(lang) if lang is not None else current_lang()) == "fr":
        return text.replace(".", ",") + NNBSP + "%"
    return text + " %"
