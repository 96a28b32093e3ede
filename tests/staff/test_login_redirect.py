"""After log-in the officer goes back to the page asked for, and never to another site.

`?nasta=` is in the log-in link, so anyone can craft one and mail it to a case
officer. Each bypass below is written as it would be typed into the address bar (the
query is percent-decoded once by the app); known ways browsers turn a harmless-looking
path into another host: control characters they strip, backslashes they read as
slashes, encoded and double-encoded slashes, extra slashes, schemes and user names.
"""

from __future__ import annotations

import pyotp
import pytest

from form_service.staff.settings import keyring
from form_service.staff.users import new_totp_secret
from form_service.storage.db import session_scope
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office

INBOX = "/"
BYPASSES = [
    "//evil.example/",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d/evil.example",
    "/%0d%0a/evil.example",
    "/%00/evil.example",
    "%09//evil.example",
    "%20//evil.example",
    "%01//evil.example",
    "/%0d%0aLocation:%20//evil.example",
    "/%5Cevil.example",
    "/%5C/evil.example",
    "%5C%5Cevil.example",
    "/%09%5Cevil.example",
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%252F/evil.example",
    "/%255Cevil.example",
    "/%25252F%25252Fevil.example",
    "///evil.example",
    "////evil.example/",
    "/.//evil.example",
    "/%2e%2e//evil.example",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "http:evil.example",
    "http:/evil.example",
    "https:/%5Cevil.example",
    "ftp://evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "%20javascript:alert(1)",
    "java%09script:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://localhost@evil.example/",
    "//localhost@evil.example/",
    "/@evil.example",
    "/%40evil.example",
    "/arenden/../%5C%5Cevil.example",
    "/%E3%80%82evil.example",
    "/%EF%BC%8F%EF%BC%8Fevil.example",
    "evil.example",
]
# Harmless but not pages one can be sent to: these fall back to the inbox too.
NOT_PAGES = ["/finns-inte/", "/logga-ut/", "/arenden/ABCD1234"]


def log_in_with_next(visitor, raw_next: str, password: str = PASSWORD) -> str:
    """Open the log-in page from a crafted link, log in; the Location sent back."""
    url = f"/logga-in/?nasta={raw_next}"
    page = visitor.get(url)
    data = {"csrf_token": page.csrf, "anvandarnamn": "karin", "losenord": password}
    response = visitor.client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


@pytest.mark.parametrize("raw_next", BYPASSES + NOT_PAGES)
def test_a_crafted_next_page_leads_to_the_inbox(office, raw_next):
    office.user("karin")
    assert log_in_with_next(office.client(), raw_next) == INBOX


@pytest.mark.parametrize(
    "raw_next", ["/%09/evil.example", "%2F%2Fevil.example", "/%5Cevil.example"]
)
def test_a_crafted_next_page_leads_to_the_inbox_after_the_code_too(tmp_path, raw_next):
    office = Office(tmp_path, STAFF_TOTP=True)
    office.user("karin")
    with office.staff.app_context(), session_scope(office.staff) as db:
        _user, secret = new_totp_secret(db, "karin", keyring(office.staff))
    officer = office.client()
    code_url = log_in_with_next(officer, raw_next)
    officer.get(code_url)
    done = officer.client.post(
        code_url, data={"csrf_token": officer.token, "kod": pyotp.TOTP(secret).now()}
    )
    office.close()
    assert done.headers["Location"] == INBOX


def test_a_link_to_a_case_still_leads_to_the_case(office):
    office.user("karin")
    reference = office.submit()
    officer = office.client()
    asked_for = officer.get(f"/arenden/{reference}/", 302).location
    assert asked_for.startswith("/logga-in/?nasta=")
    location = log_in_with_next(officer, asked_for.split("nasta=", 1)[1])
    assert location == f"/arenden/{reference}/"
    assert reference in officer.get(location).text


def test_a_filtered_inbox_is_kept_through_the_log_in(office):
    office.user("karin")
    officer = office.client()
    filtered = "/?formular=intresse-kontaktperson&status=ny"
    asked_for = officer.get(filtered, 302).location
    location = log_in_with_next(officer, asked_for.split("nasta=", 1)[1])
    assert location == filtered
    officer.get(location)
