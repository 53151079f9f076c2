"""Availability: text forms, the 30-minute grid, merging and errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from pydantic_core import PydanticCustomError

from mentormatch.domain import Availability, Window, parse_availability
from mentormatch.domain.availability import SLOTS_PER_WEEK
from strategies import availabilities


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("lun 17:00-19:00; mer 14:00-18:00", "lun 17:00-19:00; mer 14:00-18:00"),
        ("mon 17-19", "lun 17:00-19:00"),
        ("samedi 9h-12h", "sam 09:00-12:00"),
        ("Mardi 17h30-19h", "mar 17:30-19:00"),
        ("mar, jeu 17-19", "mar 17:00-19:00; jeu 17:00-19:00"),
        ("lun-mer 17-18", "lun 17:00-18:00; mar 17:00-18:00; mer 17:00-18:00"),
        ("mer 10-12, 14-16", "mer 10:00-12:00, 14:00-16:00"),
        ("lun 17-19 | mer 14-18", "lun 17:00-19:00; mer 14:00-18:00"),
        ("wednesday 14 to 16", "mer 14:00-16:00"),
        ("dim 0-24", "dim 00:00-24:00"),
        ("lun 17-19; lun 18-20", "lun 17:00-20:00"),
        ("lun 17-18; lun 18-19", "lun 17:00-19:00"),
        ("", ""),
    ],
)
def test_forms(text: str, canonical: str) -> None:
    assert str(Availability.parse(text)) == canonical


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("lun 19-17", "window_inverted"),
        ("lun 17-17", "window_empty"),
        ("lun 17:15-19", "time_off_grid"),
        ("lun 17-25", "time_out_of_day"),
        ("lun 17:75-19", "time_out_of_day"),
        ("lundo 17-19", "unknown_day"),
        ("17-19", "availability_syntax"),
        ("lun soir", "availability_syntax"),
        ("ven-lun 17-19", "availability_syntax"),
    ],
)
def test_errors(text: str, code: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        parse_availability(text)
    assert info.value.type == code


def test_unknown_day_suggests() -> None:
    with pytest.raises(PydanticCustomError) as info:
        parse_availability("mercredy 14-16")
    assert "mercredi" in info.value.message()


def test_slot_mask_and_minutes() -> None:
    a = Availability.parse("lun 17-19; mer 14:30-15")
    mask = a.slot_mask()
    assert mask.shape == (SLOTS_PER_WEEK,)
    assert mask.sum() == 5
    assert a.minutes == 150
    assert a.windows == (Window(0, 1020, 1140), Window(2, 870, 900))
    assert not Availability.parse("")


@given(availabilities(allow_empty=True))
def test_canonical_text_round_trips(text: str) -> None:
    a = Availability.parse(text)
    assert Availability.parse(str(a)) == a
    assert a.minutes == int(a.slot_mask().sum()) * 30
