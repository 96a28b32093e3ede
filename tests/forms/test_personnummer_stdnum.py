"""Our parser against python-stdnum's `stdnum.se.personnummer`, which it builds on.

Only published test numbers are used, and the "wrong" ones differ from them in the
check digit alone, so none of them can be a real person's number. The published
numbers: 811218-9876 and 640823-3234 (Skatteverket's personnummer leaflet) and
701063-2391 (its samordningsnummer leaflet).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.se import personnummer as stdnum_personnummer

from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer

TODAY = dt.date(2026, 11, 23)
PERSONNUMMER = ["198112189876", "196408233234"]
SAMORDNINGSNUMMER = "197010632391"


def typed(digits: str, *, short: bool, separator: str) -> str:
    date_part = digits[2:8] if short else digits[:8]
    return f"{date_part}{separator}{digits[8:]}"


def ours(text: str) -> str | None:
    try:
        return parse_personnummer(text, TODAY).digits
    except InvalidPersonnummer:
        return None


def theirs(text: str) -> str | None:
    """stdnum's verdict, as 12 digits (its 10-digit form has no century)."""
    if not stdnum_personnummer.is_valid(text):
        return None
    born = stdnum_personnummer.get_birth_date(text)
    return f"{born.year:04d}{born.month:02d}{born.day:02d}{text[-4:]}"


@pytest.mark.parametrize("digits", PERSONNUMMER)
def test_published_numbers_are_valid_for_stdnum_too(digits):
    assert stdnum_personnummer.is_valid(digits)


@given(
    digits=st.sampled_from(PERSONNUMMER),
    last=st.integers(0, 9),
    short=st.booleans(),
    separator=st.sampled_from(["", "-"]),
)
def test_we_agree_with_stdnum_on_personnummer_and_on_every_wrong_check_digit(
    digits, last, short, separator
):
    number = typed(digits[:-1] + str(last), short=short, separator=separator)
    assert ours(number) == theirs(number)
    assert (ours(number) is not None) == (last == int(digits[-1]))


@pytest.mark.parametrize("separator", ["-", "+"])
def test_the_plus_sign_means_a_century_earlier_in_both(separator):
    number = typed("198112189876", short=True, separator=separator)
    assert ours(number) == theirs(number)
    assert ours(number)[:2] == ("19" if separator == "-" else "18")


def test_stdnum_does_not_know_samordningsnummer_so_we_add_them():
    assert not stdnum_personnummer.is_valid(SAMORDNINGSNUMMER)
    number = parse_personnummer(SAMORDNINGSNUMMER, TODAY)
    assert number.is_coordination_number
    assert number.birth_date == dt.date(1970, 10, 3)
    assert number.digits == SAMORDNINGSNUMMER


def test_a_10_digit_number_is_never_someone_not_yet_born():
    """stdnum picks the century by year only; a 10-digit number is someone aged 0–99.

    On 1 June 2081, 811218-9876 would be a birthday later that year: it is 1981's.
    """
    number = parse_personnummer("811218-9876", dt.date(2081, 6, 1))
    assert number.digits == "198112189876"


def test_29_february_outside_a_leap_year_is_not_a_date():
    """A published number with its date made impossible: it cannot be anyone's."""
    with pytest.raises(InvalidPersonnummer, match="födelsedatum"):
        parse_personnummer("19810229-9876", TODAY)
    assert theirs("19810229-9876") is None
