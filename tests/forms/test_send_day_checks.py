"""Rules that are checked again on the day the form is sent, and answers that were
never offered. Ages are worked out from the birth date in the published test numbers."""

from __future__ import annotations

import datetime as dt

from form_service.core.clock import Clock
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import CHILD_DAY, FAMILY, KONTAKTGRUPPEN
from tests.support.pages import PageClient


def born(digits: str) -> dt.date:
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def age(digits: str, day: dt.date) -> int:
    birth = born(digits)
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def test_a_child_who_turns_18_before_sending_is_stopped_on_the_check_page(
    tmp_path, key_pair, stored
):
    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(CHILD_DAY))
    pages = PageClient(app.test_client())
    check = fill_in(pages, "/ansokan/kontaktgruppen/", KONTAKTGRUPPEN)
    birth = born("19811218")  # the journey's child, 811218-9876
    eighteenth = birth.replace(year=birth.year + 18)
    app.extensions["clock"] = Clock.on_day(eighteenth)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    page = pages.post(check.action, data, status=200)
    assert page.title.startswith("Fel: Granska och skicka")
    assert "Barnet ska vara mellan 6 och 17 år när du ansöker" in page.text
    assert page.error_links == ["/ansokan/kontaktgruppen/steg/barnet/?tillbaka=granska"]
    assert stored() == []


def test_a_kontaktfamilj_must_still_be_old_enough_for_children_when_sending(
    tmp_path, key_pair, stored
):
    """Checked again on sending, the age limit for children links to the step with the
    personnummer (test_age_limit_for_children.py: where it stops a person first). The
    clock is set back after the steps, which is as if the limit had been raised meanwhile."""
    minimum = 23  # alder.volontar_barn_minst in site.yaml
    birthday = born("19811218").replace(year=1981 + minimum)  # the applicant's 23rd
    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(birthday))
    assert app.extensions["site_config"].ages["volontar_barn_minst"] == minimum
    pages = PageClient(app.test_client())
    check = fill_in(pages, "/intresseanmalan/kontaktfamilj/", FAMILY)
    assert not check.title.startswith("Fel: ")
    app.extensions["clock"] = Clock.on_day(birthday - dt.timedelta(days=1))
    check = pages.get(check.action)
    assert check.title.startswith("Fel: ")
    assert f"Du måste vara minst {minimum} år för att bli kontaktfamilj" in check.text
    assert check.error_links == ["/intresseanmalan/kontaktfamilj/steg/om-dig/?tillbaka=granska"]
    pages.post(
        check.action, {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}, status=200
    )
    assert stored() == []


def test_a_kontaktfamilj_chooses_kontaktfamilj_or_stodfamilj(citizen):
    page = citizen.follow(citizen.get("/intresseanmalan/kontaktfamilj/", status=302))
    assert "Kontaktfamilj" in page.text and "Stödfamilj" in page.text
    page = citizen.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert "Välj minst ett alternativ" in page.text


def test_an_answer_that_was_never_offered_gets_a_swedish_message(citizen, stored):
    page = citizen.follow(citizen.get("/ansokan/kontaktperson/", status=302))
    page = citizen.post(
        page.action, {"csrf_token": page.csrf, "skyddad": "<b>kanske</b>"}, status=200
    )
    assert page.title.startswith("Fel: ")
    assert "Välj om det finns skyddade personuppgifter" in page.text
    assert "Not a valid choice" not in page.text and "kanske" not in page.text
    assert stored() == []
