"""The rules the shared base adds to fields: Swedish messages for answers that were never
offered, age limits read from site.yaml, questions that only apply after an answer, and
whitespace stripped from everything."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from form_service.core.personnummer import parse_personnummer
from form_service.core.validators import ConfiguredAge, OnlyWhen, Required
from form_service.forms.base import YES_NO, StepForm, choice, choices, only_when, text
from tests.support.form_pages import TODAY


class Example(StepForm):
    svar = choice("Har du körkort?", "Välj om du har körkort", YES_NO)
    sprak = choices("Vilka språk?", "Välj minst ett språk", [("sv", "Svenska"), ("ar", "Arabiska")])
    namn = text("Namn", "Ange ditt namn", optional=True)


def errors_for(app, data: dict) -> dict[str, list[str]]:
    with app.test_request_context():
        form = Example(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form.errors


@pytest.mark.parametrize("sent", ["kanske", "<b>ja</b>", "ja\x00", "x" * 5000])
def test_a_radio_answer_that_was_never_offered_gets_the_swedish_message(app, sent):
    errors = errors_for(app, {"svar": sent, "sprak": "sv"})
    assert errors == {"svar": ["Välj om du har körkort"]}


def test_a_checkbox_answer_that_was_never_offered_is_not_repeated_back(app):
    errors = errors_for(app, {"svar": "ja", "sprak": ["sv", "<script>"]})
    assert errors == {"sprak": ["Välj minst ett språk"]}


def test_a_checkbox_value_sent_many_times_is_kept_once(app):
    with app.test_request_context():
        data = MultiDict([("svar", "ja"), *[("sprak", "sv")] * 1000, ("sprak", "ar")])
        form = Example(formdata=data, meta={"csrf": False})
        assert form.validate() and form.sprak.data == ["sv", "ar"]


def test_offered_answers_pass(app):
    assert errors_for(app, {"svar": "nej", "sprak": ["sv", "ar"]}) == {}


def test_every_text_value_arrives_without_surrounding_whitespace(app):
    with app.test_request_context():
        form = Example(formdata=MultiDict({"namn": "  Åsa Öberg \t"}), meta={"csrf": False})
        assert form.namn.data == "Åsa Öberg"


def age_on(day: dt.date, digits: str) -> int:
    """The expected age, worked out from the birth date in the number."""
    born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ChildForm(Form):
    barn = StringField(
        validators=[
            ConfiguredAge("kontaktgruppen_minst", "kontaktgruppen_hogst", "%(youngest)s–%(oldest)s")
        ]
    )


@pytest.mark.parametrize("digits", ["198112189876", "196408233234"])
def test_configured_age_reads_the_limits_from_site_yaml(app, digits):
    ages = app.extensions["site_config"].ages
    expected_ok = (
        ages["kontaktgruppen_minst"] <= age_on(TODAY, digits) <= ages["kontaktgruppen_hogst"]
    )
    with app.app_context():
        form = ChildForm(MultiDict({"barn": digits}))
        form.validate()
    assert parse_personnummer(digits, TODAY).age_on(TODAY) == age_on(TODAY, digits)
    expected = (
        [] if expected_ok else [f"{ages['kontaktgruppen_minst']}–{ages['kontaktgruppen_hogst']}"]
    )
    assert form.barn.errors == expected


class Guardian(Form):
    vardnad = StringField()
    annan = StringField(validators=[OnlyWhen("vardnad", "gemensam"), Required("Ange namnet")])


def test_only_when_asks_the_question_after_the_given_answer():
    form = Guardian(MultiDict({"vardnad": "gemensam", "annan": ""}))
    assert not form.validate() and form.annan.errors == ["Ange namnet"]


def test_only_when_drops_an_answer_to_a_question_that_no_longer_applies():
    form = Guardian(MultiDict({"vardnad": "ensam", "annan": "Kvar från förut"}))
    assert form.validate() and form.annan.data is None


def test_only_when_helper_puts_the_condition_first():
    field = only_when("svar", "ja", text("Vilket?", "vilket"))
    assert isinstance(field.kwargs["validators"][0], OnlyWhen)


def test_a_rejected_control_character_is_never_put_back_into_the_page(citizen):
    page = citizen.get("/intresseanmalan/kontaktperson/steg/om-dig/")
    data = {"csrf_token": page.csrf, "fornamn": "Åsa\x00", "ort": "Orten\x1b[31m"}
    page = citizen.post(page.action, data, status=200)
    assert "\x00" not in page.text and "\x1b" not in page.text
    assert 'value="Åsa\ufffd"' in page.text
    assert "Texten innehåller otillåtna tecken" in page.text
