"""The check page ("Granska och skicka") shows the saved answers, in the steps' order.

Shown again after a refused send (a POST), it must still show what was saved, not
what that POST carried. Its headings follow the steps (WCAG 1.3.2), never the
alphabet, and so do the answers under them (compared apart from their order here, so
each test covers one of the two).
"""

from __future__ import annotations

import re

import pytest

from form_service.core.clock import Clock
from tests.support.answers_in_words import answers_on_page, expected_rows
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MY_CHILD,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)
from tests.support.pages import PageClient

EVERY_E_SERVICE = [
    pytest.param(
        "intresse-kontaktperson",
        "/intresseanmalan/kontaktperson/",
        VOLUNTEER,
        ["Uppdrag", "Om dig", "Tid och intressen", "Referenser", "Samtycke"],
        id="intresse-kontaktperson",
    ),
    pytest.param(
        "intresse-kontaktfamilj",
        "/intresseanmalan/kontaktfamilj/",
        FAMILY,
        ["Uppdrag", "Om dig", "Hushållet", "Intressen och erfarenhet", "Referenser", "Samtycke"],
        id="intresse-kontaktfamilj",
    ),
    pytest.param(
        "ansokan-kontaktperson",
        "/ansokan/kontaktperson/",
        FOR_MYSELF,
        [
            "Skyddade personuppgifter",
            "Vem ansökan gäller",
            "Om dig",
            "Stöd",
            "Kontakt",
            "Intygande",
        ],
        id="ansokan-kontaktperson-mig",
    ),
    pytest.param(
        "ansokan-kontaktperson",
        "/ansokan/kontaktperson/",
        FOR_MY_CHILD,
        [
            "Skyddade personuppgifter",
            "Vem ansökan gäller",
            "Om dig",
            "Barnet",
            "Vårdnad",
            "Stöd",
            "Kontakt",
            "Intygande",
        ],
        id="ansokan-kontaktperson-barn",
    ),
    pytest.param(
        "ansokan-kontaktgruppen",
        "/ansokan/kontaktgruppen/",
        KONTAKTGRUPPEN,
        [
            "Skyddade personuppgifter",
            "Om dig som vårdnadshavare",
            "Vårdnad",
            "Barnet",
            "Varför Kontaktgruppen",
            "Kontakt",
            "Intygande",
        ],
        id="ansokan-kontaktgruppen",
    ),
    pytest.param(
        "intresse-familjehem",
        "/intresseanmalan/familjehem/",
        FOSTER_FAMILY,
        [
            "Om dig",
            "Din partner",
            "Hushållet",
            "Hemmet",
            "Arbete och tid",
            "Erfarenhet",
            "Vad ni kan tänka er",
            "Referenser",
            "Samtycke",
        ],
        id="intresse-familjehem",
    ),
]


def citizen_of(kind: str, tmp_path, key_pair) -> PageClient:
    """Kontaktgruppen on a day the example child is within its ages."""
    overrides = {"CLOCK": Clock.on_day(CHILD_DAY)} if kind == "ansokan-kontaktgruppen" else {}
    return PageClient(make_app(tmp_path, key_pair, **overrides).test_client())


def headings(check_page) -> list[str]:
    return re.findall(r'<h2>([^<]+)</h2>\s*<dl class="answers">', check_page.text)


@pytest.mark.parametrize(("kind", "path", "answers", "steps"), EVERY_E_SERVICE)
def test_the_check_page_lists_the_steps_in_the_order_they_were_asked(
    tmp_path, key_pair, kind, path, answers, steps
):
    check = fill_in(citizen_of(kind, tmp_path, key_pair), path, answers)
    assert check.title.startswith("Granska och skicka")
    assert headings(check) == steps
    assert answers_on_page(check.text) == expected_rows(kind, answers)


@pytest.mark.parametrize(("kind", "path", "answers", "steps"), EVERY_E_SERVICE)
def test_the_check_page_shown_again_after_a_refused_send_shows_the_saved_answers(
    tmp_path, key_pair, kind, path, answers, steps
):
    citizen = citizen_of(kind, tmp_path, key_pair)
    check = fill_in(citizen, path, answers)
    stale = {"csrf_token": check.csrf, "nyckel": "from an earlier check page"}
    refused = citizen.post(check.action, stale, status=200)
    assert refused.title.startswith("Granska och skicka")
    assert sorted(answers_on_page(refused.text)) == sorted(expected_rows(kind, answers))


def test_the_check_page_that_refuses_a_too_young_volunteer_shows_the_saved_answers(
    tmp_path, key_pair
):
    """Children chosen from the check page after the personnummer was given: the
    refusal on sending still shows what was saved."""
    import datetime as dt

    young = make_app(
        tmp_path, key_pair, CLOCK=Clock.on_day(dt.date(2002, 1, 1))
    )  # 811218-9876 is 20
    citizen = PageClient(young.test_client())
    form = "/intresseanmalan/kontaktperson/"
    fill_in(citizen, form, VOLUNTEER)
    change = citizen.get(f"{form}steg/uppdrag/?tillbaka=granska")
    chosen = {"csrf_token": change.csrf, "uppdrag": ["barn-och-unga"]}
    check = citizen.follow(citizen.post(change.action, chosen))
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    refused = citizen.post(check.action, data, status=200)
    assert "minst 23 år" in refused.text
    answers = {**VOLUNTEER, "uppdrag": {"uppdrag": ["barn-och-unga"]}}
    shown = sorted(answers_on_page(refused.text))
    assert shown == sorted(expected_rows("intresse-kontaktperson", answers))
