"""Someone who knows a case officer's user name must not be able to lock them out.

Guessing is stopped per address (and per account from one address); failures for
one account from many addresses never lock it: they make it ask for its second
factor, when it has one, and put a line in the audit log for the administrators.
The app sees the address in REMOTE_ADDR here (no proxy in front: `PROXY_COUNT=0`).
"""

from __future__ import annotations

import pyotp

from form_service.staff.settings import keyring
from form_service.staff.users import new_totp_secret
from form_service.storage.db import session_scope
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office

ATTACKERS = [f"203.0.113.{n}" for n in range(1, 7)]
OWN_DESK = "198.51.100.7"
WRONG = "fel lösenord igen"
ALERT = "Många misslyckade inloggningar på kontot"


def from_address(office: Office, address: str):
    """A browser whose requests come from `address`."""
    visitor = office.client()
    visitor.client.environ_base["REMOTE_ADDR"] = address
    return visitor


def attempt(visitor, username: str, password: str) -> int:
    """One try at the log-in form; the status it gets (401, 429 or 302)."""
    page = visitor.get("/logga-in/")
    data = {"csrf_token": page.csrf, "anvandarnamn": username, "losenord": password}
    return visitor.client.post("/logga-in/", data=data).status_code


def hammer(office: Office, username: str, minutes: int = 5) -> set[int]:
    """Every attacking address guesses every ten seconds for `minutes`."""
    attackers = [from_address(office, address) for address in ATTACKERS]
    statuses = set()
    for _ in range(minutes * 6):
        for attacker in attackers:
            statuses.add(attempt(attacker, username, WRONG))
        office.clock.advance(seconds=10)
    return statuses


def with_second_factor(office: Office, username: str) -> pyotp.TOTP:
    with office.staff.app_context(), session_scope(office.staff) as db:
        _user, secret = new_totp_secret(db, username, keyring(office.staff))
    return pyotp.TOTP(secret)


def test_the_owner_still_logs_in_with_the_right_password_during_an_attack(office):
    office.user("karin")
    statuses = hammer(office, "karin")
    assert statuses == {401, 429}, "the attackers were slowed down, then stopped"
    officer = from_address(office, OWN_DESK)
    assert officer.login("karin").location == "/"
    assert "Inkorg" in officer.get("/").title


def test_the_attacking_addresses_stay_stopped_even_with_the_right_password(office):
    office.user("karin")
    hammer(office, "karin")
    for address in ATTACKERS:
        assert attempt(from_address(office, address), "karin", PASSWORD) == 429


def test_a_strict_address_limit_stops_the_attackers_for_every_account(tmp_path):
    office = Office(tmp_path, STAFF_ADDRESS_LOCK_AFTER=6)
    office.user("karin")
    office.user("olle")
    hammer(office, "karin")
    for address in ATTACKERS:
        assert attempt(from_address(office, address), "olle", PASSWORD) == 429
    assert from_address(office, OWN_DESK).login("karin").location == "/"
    office.close()


def test_one_address_guessing_is_still_locked_out_of_the_account(office):
    office.user("karin")
    attacker = from_address(office, ATTACKERS[0])
    for _ in range(10):
        assert attempt(attacker, "karin", WRONG) == 401
        office.clock.advance(seconds=61)
    page = attacker.login("karin", PASSWORD, status=429)
    assert "spärrad en stund" in page.text
    assert from_address(office, OWN_DESK).login("karin").location == "/"


def test_an_account_under_attack_asks_for_its_second_factor(office):
    office.user("karin")
    totp = with_second_factor(office, "karin")
    assert office.client().login("karin").location == "/", "no code asked for normally"
    hammer(office, "karin")
    officer = from_address(office, OWN_DESK)
    page = officer.login("karin")
    assert page.location.startswith("/logga-in/kod/")
    assert officer.get("/", 302).location.startswith("/logga-in/"), "not in without the code"
    assert "många felaktiga inloggningsförsök" in officer.get(page.location).text
    assert officer.post("/logga-in/kod/", {"kod": totp.now()}).location == "/"
    assert "Inkorg" in officer.get("/").title


def test_with_two_factor_switched_on_the_owner_gets_in_during_an_attack(tmp_path):
    office = Office(tmp_path, STAFF_TOTP=True)
    office.user("karin")
    totp = with_second_factor(office, "karin")
    hammer(office, "karin")
    officer = from_address(office, OWN_DESK)
    page = officer.login("karin")
    officer.get(page.location)
    done = officer.post("/logga-in/kod/", {"kod": totp.now()})
    office.close()
    assert done.location == "/"


def test_wrong_codes_from_one_address_stop_that_address(tmp_path):
    office = Office(tmp_path, STAFF_TOTP=True, STAFF_ADDRESS_LOCK_AFTER=30)
    office.user("karin")
    with_second_factor(office, "karin")
    thief = from_address(office, ATTACKERS[0])  # knows the password, not the code
    for _ in range(10):
        page = thief.login("karin")
        thief.get(page.location)
        assert thief.post("/logga-in/kod/", {"kod": "000000"}).location.startswith("/logga-in/")
        office.clock.advance(seconds=61)
    assert attempt(thief, "karin", PASSWORD) == 429
    office.close()


def test_the_administrators_see_the_attack_in_the_audit_log(office):
    office.user("karin")
    office.user("admin", role="administrator")
    hammer(office, "karin")
    administrator = from_address(office, OWN_DESK)
    administrator.login("admin")
    alerts = []
    for number in range(1, 10):
        log = administrator.get(f"/admin/logg/?sida={number}")
        alerts += [row for row in log.text.split("<tr>") if ALERT in row]
        if 'rel="next"' not in log.text:
            break
    assert len(alerts) == 1, "one alert per attack"
    assert "<td>karin</td>" in alerts[0]
