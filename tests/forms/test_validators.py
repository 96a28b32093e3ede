"""Each validator, through a real WTForms form, with the message a person would see."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from form_service.core.validators import (
    AgeBetween,
    AtLeastAge,
    EmailAddress,
    MayBeEmpty,
    PersonName,
    PlainText,
    Postcode,
    Required,
    ShorterThan,
    SwedishPhone,
    ValidPersonnummer,
)

TODAY = dt.date(2026, 11, 23)


def check(value: str, *validators) -> tuple[list[str], object]:
    class OneField(Form):
        answer = StringField(validators=list(validators))

    form = OneField(MultiDict({"answer": value}))
    form.validate()
    return form.answer.errors, form.answer.data


def test_required_says_what_to_enter():
    assert check("   ", Required("Ange ditt telefonnummer"))[0] == ["Ange ditt telefonnummer"]


def test_required_can_ask_to_choose():
    assert check("", Required("Välj ett alternativ"))[0] == ["Välj ett alternativ"]


def test_may_be_empty_skips_other_checks():
    assert check("", MayBeEmpty(), SwedishPhone())[0] == []


def test_shorter_than_names_the_limit():
    too_long = ["Texten är för lång. Skriv högst 100 tecken"]
    assert check("x" * 101, ShorterThan(100))[0] == too_long
    assert check("x" * 100, ShorterThan(100))[0] == []


@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "rad\nrad"])
def test_plain_text_rejects_control_characters_and_nul(bad):
    assert check(bad, PlainText())[0] == [
        "Texten innehåller otillåtna tecken. Skriv den igen utan specialtecken"
    ]


def test_plain_text_allows_line_breaks_in_free_text():
    assert check("rad ett\r\nrad två\tslut", PlainText(multiline=True))[0] == []


@settings(max_examples=300)
@given(text=st.text(), multiline=st.booleans())
def test_plain_text_refuses_exactly_the_unicode_control_characters(text, multiline):
    """Category Cc, as Unicode defines it; line breaks and tabs allowed in free text."""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    control = any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)
    assert bool(check(text, PlainText(multiline=multiline))[0]) == control


def test_valid_personnummer_stores_the_12_digit_form():
    errors, data = check("811218-9876", ValidPersonnummer(lambda: TODAY))
    assert (errors, data) == ([], "19811218-9876")


def test_rejects_personnummer_with_bad_check_digit():
    errors, _ = check("811218-9875", ValidPersonnummer(lambda: TODAY))
    assert errors == ["Personnumret stämmer inte. Kontrollera de fyra sista siffrorna"]


def test_age_rule_uses_the_date_in_the_personnummer():
    adult = AtLeastAge(18, "Du måste vara minst 18 år", lambda: TODAY)
    assert check("811218-9876", adult)[0] == []
    child_day = lambda: dt.date(1990, 1, 1)  # noqa: E731 - the person is 8 years old that day
    assert check("811218-9876", AtLeastAge(18, "Du måste vara minst 18 år", child_day))[0] == [
        "Du måste vara minst 18 år"
    ]


def test_age_between_accepts_6_to_17_on_the_day_of_applying():
    rule = lambda day: AgeBetween(6, 17, "Barnet ska vara 6–17 år", lambda: day)  # noqa: E731
    assert check("811218-9876", rule(dt.date(1987, 12, 18)))[0] == []  # turns 6 that day
    assert check("811218-9876", rule(dt.date(1987, 12, 17)))[0] == ["Barnet ska vara 6–17 år"]
    assert check("811218-9876", rule(dt.date(1999, 12, 17)))[0] == []  # still 17
    assert check("811218-9876", rule(dt.date(1999, 12, 18)))[0] == ["Barnet ska vara 6–17 år"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("070-123 45 67", "0701234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("08-123 456", "08123456"),
        ("+46 (0)70-123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "0046701234567"),
    ],
)
def test_swedish_phone_numbers_in_common_formats(typed, stored):
    assert check(typed, SwedishPhone()) == ([], stored)


@pytest.mark.parametrize("bad", ["12345", "+47 912 34 567", "070-ABC", "0000000000"])
def test_rejects_phone_numbers_that_are_not_swedish(bad):
    assert check(bad, SwedishPhone())[0] == [
        "Skriv ett svenskt telefonnummer, till exempel 070-123 45 67"
    ]


def test_postcode_is_stored_as_three_and_two_digits():
    assert check("12345", Postcode()) == ([], "123 45")
    assert check("123 4", Postcode())[0] == [
        "Skriv postnumret med fem siffror, till exempel 123 45"
    ]


@pytest.mark.parametrize("good", ["namn@exempel.se", "förnamn.efternamn+tag@kommun.example"])
def test_email_syntax_is_checked_without_network(good):
    assert check(good, EmailAddress())[0] == []


@pytest.mark.parametrize("bad", ["namn", "namn@", "@exempel.se", "namn@exempel", "a b@exempel.se"])
def test_rejects_malformed_email(bad):
    assert check(bad, EmailAddress())[0] == [
        "Skriv e-postadressen i rätt format, till exempel namn@exempel.se"
    ]


@pytest.mark.parametrize(
    "name", ["Åsa Öberg", "Anna-Lena D'Souza", "محمد علي", "ሰላም ተስፋይ", "Zoë Ñúñez"]
)
def test_names_in_any_script_are_accepted(name):
    assert check(name, PersonName())[0] == []


@pytest.mark.parametrize("bad", ["", "12345", "<script>", "Robert'); DROP TABLE"])
def test_names_without_letters_or_with_symbols_are_rejected(bad):
    assert check(bad, PersonName())[0] == ["Skriv namnet med bokstäver"]
