"""The higher age limit for assignments with children (`alder.volontar_barn_minst` in
site.yaml) stops a young volunteer on the step where they give their personnummer, with
a message that says the limit and why, not six steps later on the check page.

The applicant's number is Skatteverket's example 811218-9876; on `TWENTY` its owner is 20:
old enough to volunteer (`volontar_minst`), too young for assignments with children.
"""

from __future__ import annotations

import datetime as dt

import pytest

from form_service.core.clock import Clock
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import FAMILY, VOLUNTEER
from tests.support.pages import Page, PageClient

TWENTY = dt.date(2002, 6, 1)
FAMILY_FORM = "/intresseanmalan/kontaktfamilj/"
VOLUNTEER_FORM = "/intresseanmalan/kontaktperson/"
WHY = "eftersom barn behöver en vuxen med mer livserfarenhet"


@pytest.fixture
def twenty_year_old(tmp_path, key_pair):
    """The form service on a day the applicant is 20, and its configured age limits."""
    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(TWENTY))
    ages = app.extensions["site_config"].ages
    assert ages["volontar_minst"] <= 20 < ages["volontar_barn_minst"]
    return PageClient(app.test_client()), ages


def about_you_after(citizen: PageClient, form: str, assignments: list[str]) -> Page:
    """Choose assignments on the first step; return the step that asks for the personnummer."""
    page = citizen.follow(citizen.get(form, status=302))
    page = citizen.follow(
        citizen.post(page.action, {"csrf_token": page.csrf, "uppdrag": assignments})
    )
    assert page.action.endswith("/steg/om-dig/")
    return page


def test_a_20_year_old_kontaktfamilj_is_stopped_where_the_personnummer_is_given(
    twenty_year_old, stored
):
    pages, ages = twenty_year_old
    about = about_you_after(pages, FAMILY_FORM, FAMILY["uppdrag"]["uppdrag"])
    page = pages.post(about.action, {"csrf_token": about.csrf, **FAMILY["om-dig"]}, status=200)
    assert page.title.startswith("Fel: Om dig")
    assert page.error_links == ["#personnummer"]
    message = (
        f"Du måste vara minst {ages['volontar_barn_minst']} år för att bli kontaktfamilj "
        f"eller stödfamilj, {WHY}"
    )
    assert message in page.text
    assert 'id="personnummer-error"' in page.text  # under the field, tied to it
    assert 'aria-describedby="personnummer-hint personnummer-error"' in page.text
    start = pages.get(FAMILY_FORM, status=302)
    assert start.location.endswith("/steg/om-dig/"), "the step must not count as answered"
    assert stored() == []


def test_a_20_year_old_kontaktperson_for_children_is_told_on_the_same_step(twenty_year_old):
    pages, ages = twenty_year_old
    about = about_you_after(pages, VOLUNTEER_FORM, ["barn-och-unga", "vuxna-och-aldre"])
    page = pages.post(about.action, {"csrf_token": about.csrf, **VOLUNTEER["om-dig"]}, status=200)
    assert page.title.startswith("Fel: Om dig")
    assert page.error_links == ["#personnummer"]
    assert (
        f"För uppdrag med barn och unga måste du vara minst {ages['volontar_barn_minst']} år, "
        f"{WHY}. Gå tillbaka till Uppdrag och välj bara uppdrag med vuxna"
    ) in page.text


def test_a_20_year_old_may_volunteer_for_adults(twenty_year_old):
    pages, _ages = twenty_year_old
    about = about_you_after(pages, VOLUNTEER_FORM, ["vuxna-och-aldre"])
    after = pages.post(about.action, {"csrf_token": about.csrf, **VOLUNTEER["om-dig"]})
    assert after.location.endswith("/steg/tid-och-intressen/")


def test_choosing_children_after_the_personnummer_is_caught_when_sending(twenty_year_old, stored):
    """Changed from the check page to an assignment with children: the check on sending
    points to Uppdrag, where the person can choose again."""
    pages, ages = twenty_year_old
    check = fill_in(pages, VOLUNTEER_FORM, VOLUNTEER)
    assert not check.title.startswith("Fel: ")
    change = pages.get(f"{VOLUNTEER_FORM}steg/uppdrag/?tillbaka=granska")
    chosen = {"csrf_token": change.csrf, "uppdrag": ["barn-och-unga", "vuxna-och-aldre"]}
    check = pages.follow(pages.post(change.action, chosen))
    assert check.title.startswith("Fel: Granska och skicka")
    assert f"måste du vara minst {ages['volontar_barn_minst']} år" in check.text
    assert check.error_links == [f"{VOLUNTEER_FORM}steg/uppdrag/?tillbaka=granska"]
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    pages.post(check.action, data, status=200)
    assert stored() == []
