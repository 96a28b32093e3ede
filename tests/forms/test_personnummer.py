"""Personnummer as people type them. Only Skatteverket's published example numbers are
used (811218-9876 and 640823-3234 from its personnummer leaflet, 701063-2391 from its
samordningsnummer leaflet); numbers that must fail use impossible dates or a wrong
check digit, so no real person's number is ever made up."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "typed",
    [
        "811218-9876",
        "8112189876",
        "198112189876",
        "19811218-9876",
        " 811218 - 9876 ",
        "19811218 9876",
    ],
)
def test_accepts_10_or_12_digits_with_or_without_separators(typed):
    number = parse_personnummer(typed, TODAY)
    assert number.digits == "198112189876"
    assert str(number) == "19811218-9876"


def test_rejects_personnummer_with_bad_check_digit():
    with pytest.raises(InvalidPersonnummer, match="Kontrollera de fyra sista siffrorna"):
        parse_personnummer("811218-9875", TODAY)


@pytest.mark.parametrize(
    "typed", ["", "abc", "81121-9876", "8112189876123", "811218/9876", "811218-98x6"]
)
def test_rejects_text_that_is_not_a_personnummer(typed):
    with pytest.raises(InvalidPersonnummer, match="10 eller 12 siffror"):
        parse_personnummer(typed, TODAY)


def test_plus_sign_means_a_hundred_years_earlier():
    assert parse_personnummer("811218+9876", TODAY).birth_date == dt.date(1881, 12, 18)


def test_ten_digits_take_the_latest_century_that_is_not_in_the_future():
    assert parse_personnummer("640823-3234", TODAY).birth_date == dt.date(1964, 8, 23)
    assert parse_personnummer("640823-3234", dt.date(2064, 8, 22)).birth_date == dt.date(
        1964, 8, 23
    )


def test_accepts_samordningsnummer_with_day_plus_60():
    number = parse_personnummer("701063-2391", TODAY)
    assert number.is_coordination_number
    assert number.birth_date == dt.date(1970, 10, 3)
    assert number.digits == "197010632391"


def test_leap_day_exists_in_2000_but_not_in_1900():
    with pytest.raises(InvalidPersonnummer, match="stämmer inte"):
        parse_personnummer("000229-0000", TODAY)  # date accepted, check digit not
    with pytest.raises(InvalidPersonnummer, match="giltigt födelsedatum"):
        parse_personnummer("000229+0000", TODAY)


@pytest.mark.parametrize(
    "typed", ["19811318-0000", "19811232-0000", "19810000-0000", "20991231-0000"]
)
def test_rejects_impossible_or_future_birth_dates(typed):
    with pytest.raises(InvalidPersonnummer, match="giltigt födelsedatum"):
        parse_personnummer(typed, TODAY)


def test_age_counts_whole_years_on_the_day():
    number = parse_personnummer("811218-9876", TODAY)
    assert number.age_on(dt.date(1999, 12, 17)) == 17
    assert number.age_on(dt.date(1999, 12, 18)) == 18


def test_masked_form_hides_the_last_four_digits():
    assert parse_personnummer("811218-9876", TODAY).masked == "19811218-****"


PUBLISHED_EXAMPLES = ["198112189876", "196408233234", "197010632391"]


@given(
    digits=st.sampled_from(PUBLISHED_EXAMPLES),
    short=st.booleans(),
    separator=st.sampled_from(["", "-"]),
    spaces=st.sampled_from(["", " ", "  "]),
)
def test_every_way_of_typing_a_number_normalises_to_the_same_12_digits(
    digits, short, separator, spaces
):
    date_part = digits[2:8] if short else digits[:8]
    typed = f"{spaces}{date_part}{spaces}{separator}{spaces}{digits[8:]}{spaces}"
    assert parse_personnummer(typed, TODAY).digits == digits


def test_accepts_digits_typed_on_an_arabic_keyboard():
    assert parse_personnummer("٨١١٢١٨-٩٨٧٦", TODAY).digits == "198112189876"


@given(st.text(max_size=30).filter(lambda text: sum(c.isdigit() for c in text) < 10))
def test_any_text_either_parses_or_gives_a_swedish_reason(text):
    try:
        number = parse_personnummer(text, TODAY)
    except InvalidPersonnummer as error:
        assert error.reason
    else:
        assert len(number.digits) == 12
