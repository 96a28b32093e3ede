"""A citizen fills in each e-service from the first step to the receipt.

Phone numbers come from the range Post- och telestyrelsen reserves for fiction;
the only personnummer are Skatteverket's published examples.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from form_service.core.clock import Clock
from form_service.storage.db import session_scope
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)


@pytest.mark.parametrize(
    ("path", "answers", "kind"),
    [
        ("/intresseanmalan/kontaktperson/", VOLUNTEER, "intresse-kontaktperson"),
        ("/intresseanmalan/kontaktfamilj/", FAMILY, "intresse-kontaktfamilj"),
        ("/ansokan/kontaktperson/", FOR_MYSELF, "ansokan-kontaktperson"),
        ("/intresseanmalan/familjehem/", FOSTER_FAMILY, "intresse-familjehem"),
    ],
)
def test_citizen_fills_in_checks_and_sends(citizen, stored, path, answers, kind):
    check = fill_in(citizen, path, answers)
    assert check.title.startswith("Granska och skicka")
    assert "Öberg" in check.text or "Ek" in check.text
    assert "Ändra" in check.text and "personuppgifter" in check.text
    receipt = send(citizen, check)
    reference = receipt.text.split('class="panel__reference">')[1][:8]
    assert "referensnummer" in receipt.text and "Vad händer nu?" in receipt.text
    ((row, opened),) = stored()
    assert (row.reference, row.form_kind, row.spam_suspected) == (reference, kind, False)
    assert opened[next(iter(answers))] is not None


def test_kontaktgruppen_application_puts_the_child_in_the_queue(tmp_path, key_pair, stored):
    from tests.support.pages import PageClient

    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(CHILD_DAY))
    pages = PageClient(app.test_client())
    receipt = send(pages, fill_in(pages, "/ansokan/kontaktgruppen/", KONTAKTGRUPPEN))
    assert "Barnet står nu i kö till Kontaktgruppen" in receipt.text
    with session_scope(app) as session:
        assert session.scalar(text("SELECT queue_position FROM submissions")) == 1


def test_child_outside_the_configured_ages_is_told_the_limits(citizen):
    answers = dict(KONTAKTGRUPPEN)
    page = fill_in(
        citizen,
        "/ansokan/kontaktgruppen/",
        {k: answers[k] for k in ("skyddade-uppgifter", "om-dig", "vardnad")},
    )
    data = {"csrf_token": page.csrf, **answers["barnet"]}
    page = citizen.post(page.action, data, status=200)
    assert page.title.startswith("Fel: ")
    assert "Barnet ska vara mellan 6 och 17 år när du ansöker" in page.text


def test_sending_twice_stores_one_submission(citizen, stored):
    check = fill_in(citizen, "/intresseanmalan/kontaktperson/", VOLUNTEER)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    first = citizen.post(check.action, data)
    again = citizen.post(check.action, data)
    assert first.location == again.location
    assert len(stored()) == 1


def test_protected_personal_data_stops_the_form_and_stores_nothing(citizen, stored, app):
    page = citizen.follow(citizen.get("/ansokan/kontaktperson/", status=302))
    stop = citizen.follow(citizen.post(page.action, {"csrf_token": page.csrf, "skyddad": "ja"}))
    assert "Ring oss i stället" in stop.title
    assert "070-174 06 05" in stop.text
    assert stored() == []
    with session_scope(app) as session:
        assert session.scalar(text("SELECT count(*) FROM drafts")) == 0


def test_filled_honeypot_is_stored_but_flagged(citizen, stored):
    fill_in(citizen, "/ansokan/kontaktperson/", FOR_MYSELF)
    page = citizen.get("/ansokan/kontaktperson/steg/stod/")
    citizen.post(page.action, {"csrf_token": page.csrf, "stod": "Stöd", "webbplats": "http://spam"})
    send(citizen, citizen.get("/ansokan/kontaktperson/granska/"))
    ((row, _),) = stored()
    assert row.spam_suspected


def test_too_fast_sending_is_stored_but_flagged(tmp_path, key_pair, stored):
    from tests.support.pages import PageClient

    app = make_app(tmp_path, key_pair, MIN_FILL_SECONDS=3600)
    pages = PageClient(app.test_client())
    send(pages, fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF))
    assert [row.spam_suspected for row, _ in stored()] == [True]


def test_resend_after_a_lost_response_shows_the_same_receipt_and_code(app, stored):
    from tests.support.pages import PageClient

    pages = PageClient(app.test_client())
    check = fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    first = pages.follow(pages.post(check.action, data))
    with pages.client.session_transaction() as cookie_session:
        del cookie_session["kvitto"]  # as if the first response never reached the browser
    receipt = pages.follow(pages.post(check.action, data))
    ((row, _),) = stored()
    assert row.reference in receipt.text
    code = first.text.split('class="code">')[1].split("<")[0]
    assert len(code) == 10 and f'class="code">{code}<' in receipt.text


def test_a_resend_never_shows_the_receipt_of_an_earlier_application(app, stored):
    from tests.support.pages import PageClient

    pages = PageClient(app.test_client())
    first = send(pages, fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF))
    with pages.client.session_transaction() as cookie_session:
        first_receipt = cookie_session["kvitto"]
    check = fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    pages.post(check.action, data)
    with pages.client.session_transaction() as cookie_session:
        cookie_session["kvitto"] = first_receipt  # the second response never arrived
    again = pages.follow(pages.post(check.action, data))
    second_reference = stored()[1][0].reference
    assert second_reference in again.text
    assert first.text.split('class="panel__reference">')[1][:8] not in again.text
