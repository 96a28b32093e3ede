"""Logging in and out: sessions that end, guessing that is slowed and locked out."""

from __future__ import annotations

import pyotp

from form_service.staff.settings import keyring
from form_service.staff.users import new_totp_secret
from form_service.storage.db import session_scope
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office


def session_cookie(client) -> str:
    cookie = client.client.get_cookie("handlaggning")
    return cookie.value if cookie else ""


def test_a_case_officer_logs_in_and_sees_the_inbox(office):
    office.user("karin", name="Karin Berg")
    officer = office.client()
    page = officer.login("karin")
    assert page.location == "/"
    inbox = officer.get("/")
    assert inbox.title.startswith("Inkorg") and "Karin Berg" in inbox.text


def test_a_wrong_password_gets_one_message_that_reveals_nothing(office):
    office.user("karin")
    wrong_password = office.client().login("karin", "fel lösenord igen", status=401)
    no_such_user = office.client().login("nobody", "fel lösenord igen", status=401)
    for page in (wrong_password, no_such_user):
        assert page.title.startswith("Fel:")
        assert "Fel användarnamn eller lösenord." in page.text


def test_repeated_failures_are_slowed_down_then_locked_out(office):
    office.user("karin")
    visitor = office.client()
    for _ in range(3):
        visitor.login("karin", "fel lösenord igen", status=401)
    page = visitor.login("karin", PASSWORD, status=429)
    assert "Vänta en stund" in page.text
    for _ in range(7):
        office.clock.advance(seconds=61)
        visitor.login("karin", "fel lösenord igen", status=401)
    office.clock.advance(seconds=61)
    page = visitor.login("karin", PASSWORD, status=429)
    assert "spärrad en stund" in page.text
    office.clock.advance(minutes=15)
    assert visitor.login("karin", PASSWORD).location == "/"


def test_failures_from_one_address_lock_it_out_for_every_account(tmp_path):
    office = Office(tmp_path, STAFF_ADDRESS_LOCK_AFTER=4)
    office.user("karin")
    visitor = office.client()
    for name in ("a1", "a2", "a3", "a4"):
        visitor.login(name, "fel lösenord igen", status=401)
        office.clock.advance(seconds=61)
    page = visitor.login("karin", PASSWORD, status=429)
    assert "spärrad" in page.text


def test_a_new_session_id_at_login_so_a_planted_cookie_is_worthless(office):
    office.user("karin")
    officer = office.client()
    officer.get("/logga-in/")
    before = session_cookie(officer)
    officer.login("karin")
    assert session_cookie(officer) != before
    attacker = office.client()
    attacker.client.set_cookie("handlaggning", before)
    assert attacker.get("/", 302).location.startswith("/logga-in/")


def test_logging_out_ends_the_session_on_the_server(office):
    office.user("karin")
    officer = office.client("karin")
    stolen = session_cookie(officer)
    officer.get("/")
    page = officer.post("/logga-ut/")
    assert "orsak=utloggad" in page.location
    thief = office.client()
    thief.client.set_cookie("handlaggning", stolen)
    assert thief.get("/", 302).location.startswith("/logga-in/")


def test_a_session_ends_after_fifteen_idle_minutes(office):
    office.user("karin")
    officer = office.client("karin")
    office.clock.advance(minutes=14)
    officer.get("/")
    office.clock.advance(minutes=14)
    officer.get("/")
    office.clock.advance(minutes=16)
    page = officer.get("/", 302)
    assert "orsak=inaktiv" in page.location
    login = officer.get(page.location)
    assert "inte hade gjort något på en stund" in login.text


def test_a_session_ends_after_eight_hours_however_busy(office):
    office.user("karin")
    officer = office.client("karin")
    for _ in range(8 * 6):
        office.clock.advance(minutes=10)
        officer.get("/")
    office.clock.advance(minutes=10)
    assert "orsak=for-lange" in officer.get("/", 302).location


def test_after_login_the_officer_returns_to_the_page_asked_for(office):
    office.user("karin")
    reference = office.submit()
    officer = office.client()
    page = officer.get(f"/arenden/{reference}/", 302)
    login = officer.get(page.location)
    data = {"csrf_token": login.csrf, "anvandarnamn": "karin", "losenord": PASSWORD}
    response = officer.client.post(page.location, data=data)
    assert response.headers["Location"] == f"/arenden/{reference}/"


def test_two_factor_login_asks_for_the_code_when_switched_on(tmp_path):
    office = Office(tmp_path, STAFF_TOTP=True)
    office.user("karin")
    with office.staff.app_context(), session_scope(office.staff) as db:
        _user, secret = new_totp_secret(db, "karin", keyring(office.staff))
    officer = office.client()
    page = officer.login("karin")
    assert page.location.startswith("/logga-in/kod/")
    assert officer.get("/", 302).location.startswith("/logga-in/")  # not in yet
    code_page = officer.get(page.location)
    assert "Engångskod" in code_page.title
    wrong = officer.post(page.location, {"kod": "000000"})
    assert wrong.location.startswith("/logga-in/")
    officer.get(officer.login("karin").location)
    done = officer.post("/logga-in/kod/", {"kod": pyotp.TOTP(secret).now()})
    assert done.location == "/"
    officer.get("/")
