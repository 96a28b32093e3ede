"""The receipt's one-time status code is shown once and never kept in the cookie.

The session cookie is signed, not encrypted: whoever has the browser can read it.
It must hold neither the code nor the check page's sending key (from which the code
is derived, and with which a resend shows the receipt), and a reload of the receipt
shows the reference without the code.
"""

from __future__ import annotations

import json
import re

from tests.support.form_pages import fill_in
from tests.support.journey_answers import FOR_MYSELF
from tests.support.pages import PageClient

PATH = "/ansokan/kontaktperson/"
ONLY_ONCE = "Koden för att se status för ärendet visas bara en gång"


def cookie_session(app, client) -> dict:
    """What anyone with the browser can read of the session: decoded, no key needed."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def code_on(page) -> str | None:
    match = re.search(r'<strong class="code">([^<]+)</strong>', page.text)
    return match.group(1) if match else None


def test_neither_the_code_nor_the_sending_key_is_in_the_cookie(app):
    pages = PageClient(app.test_client())
    check = fill_in(pages, PATH, FOR_MYSELF)
    key = check.field_value("nyckel")
    pages.post(check.action, {"csrf_token": check.csrf, "nyckel": key})
    before_the_receipt = json.dumps(cookie_session(app, pages.client), default=repr)
    receipt = pages.get(f"{PATH}skickad/")
    code = code_on(receipt)
    assert code and len(code) == 10
    after_the_receipt = json.dumps(cookie_session(app, pages.client), default=repr)
    for readable in (before_the_receipt, after_the_receipt):
        assert code not in readable and key not in readable


def test_a_reload_shows_the_reference_but_not_the_code(app):
    pages = PageClient(app.test_client())
    check = fill_in(pages, PATH, FOR_MYSELF)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
    first = pages.follow(pages.post(check.action, data))
    code = code_on(first)
    reference = first.text.split('class="panel__reference">')[1][:8]
    assert code and ONLY_ONCE not in first.text
    reloaded = pages.get(f"{PATH}skickad/")
    assert reference in reloaded.text
    assert code_on(reloaded) is None and code not in reloaded.text
    assert ONLY_ONCE in reloaded.text and "uppge referensnumret" in reloaded.text
    sent_again = pages.follow(pages.post(check.action, data))  # the same browser sends again
    assert reference in sent_again.text and code not in sent_again.text
