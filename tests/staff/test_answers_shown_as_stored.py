"""Every staff rendering of stored answers shows what is stored, whatever the request.

Exports and a refused note are POST requests: the answers must come from the
submission, never from the request body (a ticked consent once read as "Nej" and
chosen assignments as "–" in the CSV export).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from form_service.eservices import FLOWS
from form_service.staff.exports import FIXED_COLUMNS
from tests.staff.test_exports import export
from tests.support.answers_in_words import answers_on_page, expected_rows, stored_value
from tests.support.journey_answers import (
    FAMILY,
    FOR_MY_CHILD,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)

EVERY_E_SERVICE = [
    pytest.param("intresse-kontaktperson", VOLUNTEER, id="intresse-kontaktperson"),
    pytest.param("intresse-kontaktfamilj", FAMILY, id="intresse-kontaktfamilj"),
    pytest.param("ansokan-kontaktperson", FOR_MYSELF, id="ansokan-kontaktperson-mig"),
    pytest.param("ansokan-kontaktperson", FOR_MY_CHILD, id="ansokan-kontaktperson-barn"),
    pytest.param("ansokan-kontaktgruppen", KONTAKTGRUPPEN, id="ansokan-kontaktgruppen"),
    pytest.param("intresse-familjehem", FOSTER_FAMILY, id="intresse-familjehem"),
]


def in_csv(kind: str, answers: dict) -> dict[str, str]:
    """Column → cell; "+46…" gets the apostrophe that stops Excel reading a formula."""
    return {
        f"{step}: {question}": "'" + words if words.startswith("+") else words
        for step, question, words in expected_rows(kind, answers)
    }


def as_stored(answers: dict) -> dict:
    return {
        slug: {name: stored_value(name, typed) for name, typed in fields.items()}
        for slug, fields in answers.items()
    }


@pytest.mark.parametrize(("kind", "answers"), EVERY_E_SERVICE)
def test_the_csv_export_shows_every_answer_as_typed(office, kind, answers):
    office.submit(kind, answers)
    officer = office.client(office.user("karin"))
    text = export(officer, "csv").get_data().decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    shown = dict(zip(header, row, strict=True))
    for column in FIXED_COLUMNS:
        del shown[column]
    answered = in_csv(kind, answers)
    assert {column: shown[column] for column in answered} == answered
    unanswered = {column: cell for column, cell in shown.items() if column not in answered}
    assert set(unanswered.values()) <= {""}, "a question not asked is an empty cell"
    assert len(shown) == len(FLOWS[kind].columns()), "a column for every declared question"


@pytest.mark.parametrize(("kind", "answers"), EVERY_E_SERVICE)
def test_the_json_export_shows_every_answer_as_typed(office, kind, answers):
    office.submit(kind, answers)
    officer = office.client(office.user("karin"))
    (item,) = json.loads(export(officer, "json").get_data())["submissions"]
    stored = {
        slug: {name: value for name, value in fields.items() if value is not None}
        for slug, fields in item["answers"].items()
    }
    assert stored == as_stored(answers)
    in_words = [(r["step"], r["question"], r["answer"]) for r in item["answers_in_words"]]
    assert in_words == expected_rows(kind, answers)


def test_the_person_search_export_shows_the_stored_personnummer_not_the_searched_one(office):
    """The search form's own field is called `personnummer`, like the applicant's."""
    office.submit("ansokan-kontaktgruppen")  # the guardian 640823-3234, the child 811218-9876
    admin = office.client(office.user("anna", role="administrator"))
    admin.get("/admin/person/")
    response = admin.client.post(
        "/admin/person/",
        data={"csrf_token": admin.token, "personnummer": "811218-9876", "atgard": "json"},
    )
    (item,) = json.loads(response.get_data())["submissions"]
    in_words = [(r["step"], r["question"], r["answer"]) for r in item["answers_in_words"]]
    assert in_words == expected_rows("ansokan-kontaktgruppen", KONTAKTGRUPPEN)


@pytest.mark.parametrize(("kind", "answers"), EVERY_E_SERVICE)
def test_the_case_page_after_a_refused_note_shows_every_answer_as_typed(office, kind, answers):
    reference = office.submit(kind, answers)
    officer = office.client(office.user("karin"))
    shown = answers_on_page(officer.get(f"/arenden/{reference}/").text)
    assert shown == expected_rows(kind, answers)
    refused = officer.post(f"/arenden/{reference}/anteckning/", {"anteckning": ""}, status=400)
    assert refused.title.startswith("Fel")
    assert answers_on_page(refused.text) == expected_rows(kind, answers)
