"""Weekly recurring availability: parsing, the 30-minute grid, and slot masks.

Text forms accepted (French and English day names, full or abbreviated)::

    lun 17:00-19:00; mer 14:00-18:00
    mon 17-19
    samedi 9h-12h
    mar, jeu 17h30-19h          (several days share the times)
    lun-ven 17-19               (a range of days)
    mer 10-12, 14-16            (several windows on one day)

Groups are separated by ``;`` or ``|``. Times are ``HH``, ``HH:MM``, ``HHhMM``
or ``HHh``, on a fixed grid of :data:`GRID_MINUTES` minutes, from 00:00 to
24:00. Overlapping or touching windows of a day are merged. A window that ends
before it starts, an empty window, a time off the grid or out of the day, and
an unknown day are errors (never silently fixed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pydantic_core import PydanticCustomError

from mentormatch.domain._text import fold, suggest

__all__ = [
    "DAYS",
    "DAY_NAMES_FR",
    "GRID_MINUTES",
    "SLOTS_PER_DAY",
    "SLOTS_PER_WEEK",
    "Availability",
    "Window",
    "format_minutes",
    "parse_availability",
]

#: Width of the time grid, in minutes.
GRID_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // GRID_MINUTES
SLOTS_PER_WEEK = 7 * SLOTS_PER_DAY

#: Canonical short day names (French), Monday first.
DAY_NAMES_FR: tuple[str, ...] = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
DAYS = DAY_NAMES_FR

_DAY_ALIASES: dict[str, int] = {}
for _i, _names in enumerate([
    ("lun", "lundi", "lu", "mon", "monday", "mo"),
    ("mar", "mardi", "ma", "tue", "tues", "tuesday", "tu"),
    ("mer", "mercredi", "me", "wed", "wednesday", "we"),
    ("jeu", "jeudi", "je", "thu", "thur", "thurs", "thursday", "th"),
    ("ven", "vendredi", "ve", "fri", "friday", "fr"),
    ("sam", "samedi", "sa", "sat", "saturday"),
    ("dim", "dimanche", "di", "sun", "sunday", "su"),
]):
    for _n in _names:
        _DAY_ALIASES[_n] = _i

_TIME = r"(\d{1,2})(?:\s*[:hH]\s*(\d{2})?)?"
_RANGE_RE = re.compile(rf"^\s*{_TIME}\s*(?:-|–|à|a|to)\s*{_TIME}\s*$")
_DIGIT_RE = re.compile(r"\d")


def _split_days(group: str) -> tuple[str, str] | None:
    r"""Split ``"lun, mer 17-19"`` into the days and the times, in linear time.

    The days are the text before the first digit, which must be followed by
    whitespace; ``None`` when there is no such split. (A regex with a lazy
    group before ``\s+`` was quadratic in the number of spaces.)
    """
    found = _DIGIT_RE.search(group)
    if found is None:
        return None
    head = group[: found.start()]
    days = head.rstrip()
    if not days or len(days) == len(head):
        return None
    return days, group[found.start():]


@dataclass(frozen=True, slots=True, order=True)
class Window:
    """One weekly window: ``day`` (0 = Monday) from ``start`` to ``end`` minutes after midnight."""

    day: int
    start: int
    end: int

    def __str__(self) -> str:
        return f"{DAY_NAMES_FR[self.day]} {format_minutes(self.start)}-{format_minutes(self.end)}"


def format_minutes(minutes: int) -> str:
    """Format minutes after midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _err(code: str, message: str, value: str) -> PydanticCustomError:
    return PydanticCustomError(code, "{msg}", {"msg": message, "input_text": value})


def _parse_time(hours: str, minutes: str | None, text: str) -> int:
    h = int(hours)
    m = int(minutes) if minutes else 0
    total = h * 60 + m
    if m >= 60 or total > 24 * 60:
        raise _err("time_out_of_day", f"time {text!r} is outside the day (00:00 to 24:00)", text)
    if total % GRID_MINUTES:
        raise _err(
            "time_off_grid",
            f"time {text!r} is not on the {GRID_MINUTES}-minute grid "
            f"(use :00 or :30)",
            text,
        )
    return total


def _parse_day(token: str, text: str) -> int:
    key = fold(token).rstrip(".")
    if key in _DAY_ALIASES:
        return _DAY_ALIASES[key]
    hints = suggest(token, _DAY_ALIASES, n=2)
    hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
    raise _err("unknown_day", f"unknown day {token.strip()!r} in {text!r}{hint}", text)


def _parse_days(spec: str, text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"[,+&]|\bet\b|\band\b", spec):
        part = part.strip()
        if not part:
            continue
        if "-" in part or "–" in part or " au " in f" {part} " or " to " in f" {part} ":
            ends = [e for e in re.split(r"\s*(?:-|–|\bau\b|\bto\b)\s*", part) if e]
            if len(ends) != 2:
                raise _err("availability_syntax",
                           f"cannot read the days {part!r} in {text!r}", text)
            a, b = _parse_day(ends[0], text), _parse_day(ends[1], text)
            if b < a:
                raise _err("availability_syntax", f"day range {part!r} runs backwards", text)
            days.extend(range(a, b + 1))
        else:
            days.append(_parse_day(part, text))
    if not days:
        raise _err("availability_syntax", f"no day given in {text!r}", text)
    return days


def parse_availability(text: str) -> tuple[Window, ...]:
    """Parse an availability text into merged, sorted windows.

    Parameters
    ----------
    text : str
        For example ``"lun 17:00-19:00; mer 14:00-18:00"``. An empty text means
        "never available" (allowed; such a person simply has no session).

    Returns
    -------
    tuple of Window
        Sorted by day and time, overlapping or touching windows merged.

    Raises
    ------
    pydantic_core.PydanticCustomError
        With the code (``error.type``) ``availability_syntax``, ``unknown_day``,
        ``window_inverted``, ``window_empty``, ``time_off_grid`` or
        ``time_out_of_day`` and a message quoting the offending text.
    """
    windows: list[Window] = []
    for group in re.split(r"[;|\n]", text):
        group = group.strip()
        if not group:
            continue
        split = _split_days(group)
        if split is None:
            raise _err(
                "availability_syntax",
                f"cannot read {group!r}: expected a day then times, e.g. 'lun 17:00-19:00'",
                group,
            )
        days = _parse_days(split[0], group)
        for rng in split[1].split(","):
            rng = rng.strip()
            if not rng:
                continue
            found = _RANGE_RE.match(rng)
            if not found:
                raise _err(
                    "availability_syntax",
                    f"cannot read the times {rng!r} in {group!r}: expected e.g. 17:00-19:00",
                    group,
                )
            start = _parse_time(found.group(1), found.group(2), rng)
            end = _parse_time(found.group(3), found.group(4), rng)
            if end < start:
                raise _err("window_inverted", f"window {rng!r} ends before it starts", group)
            if end == start:
                raise _err("window_empty", f"window {rng!r} is empty", group)
            windows.extend(Window(d, start, end) for d in days)
    return merge_windows(windows)


def merge_windows(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Sort windows and merge those of a day that overlap or touch."""
    out: list[Window] = []
    for w in sorted(windows):
        if out and out[-1].day == w.day and w.start <= out[-1].end:
            last = out[-1]
            out[-1] = Window(last.day, last.start, max(last.end, w.end))
        else:
            out.append(w)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Availability:
    """Weekly recurring availability: merged windows on the 30-minute grid.

    Build it with :meth:`parse` (``Availability.parse("lun 17-19")``); models
    accept the text directly. ``str(availability)`` gives the canonical text,
    which parses back to the same windows.
    """

    windows: tuple[Window, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Availability:
        """Parse availability text (see the module documentation)."""
        return cls(parse_availability(text))

    def __str__(self) -> str:
        by_day: dict[int, list[Window]] = {}
        for w in self.windows:
            by_day.setdefault(w.day, []).append(w)
        return "; ".join(
            DAY_NAMES_FR[d] + " "
            + ", ".join(f"{format_minutes(w.start)}-{format_minutes(w.end)}" for w in ws)
            for d, ws in sorted(by_day.items())
        )

    def __bool__(self) -> bool:
        return bool(self.windows)

    @property
    def minutes(self) -> int:
        """Total available minutes per week."""
        return sum(w.end - w.start for w in self.windows)

    def slot_mask(self) -> NDArray[np.bool_]:
        """Return a boolean array of :data:`SLOTS_PER_WEEK` grid slots, True where available."""
        mask = np.zeros(SLOTS_PER_WEEK, dtype=bool)
        for w in self.windows:
            base = w.day * SLOTS_PER_DAY
            mask[base + w.start // GRID_MINUTES: base + w.end // GRID_MINUTES] = True
        return mask
