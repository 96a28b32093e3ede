"""Hostile and random requests to every URL of every e-service: never a 5xx, always a
Swedish page in the site's look, and nothing stored."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from form_service.core.crypto import generate_keypair
from form_service.eservices import FLOWS
from tests.support.form_pages import make_app

pytestmark = pytest.mark.slow

HOSTILE = [
    "\x00",
    "a\x00b\x1b[31m",
    "x" * 5000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "Robert'); DROP TABLE submissions;--",
    "%00%0d%0aSet-Cookie: x=y",
    "{{ 7*7 }}{% raw %}",
    "😀" * 200,
    "\u202e\ufeff\u200b",
]
NAMES = [
    "csrf_token", "nyckel", "webbplats", "skyddad", "for_vem", "uppdrag", "fornamn",
    "personnummer", "barn_personnummer", "telefon", "epost", "postnummer", "skal", "vardnad",
    "intygande", "samtycke", "referens", "kod",
]  # fmt: skip
FILE_UPLOAD = (
    b'--x\r\nContent-Disposition: form-data; name="f"; filename="a.exe"\r\n\r\nMZ\r\n--x--'
)
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def every_url(app) -> list[str]:
    """Each form's start, every step, the check page, the receipt and the stop page,
    and the status lookup."""
    urls = ["/", "/okand/", "/static/site.css", "/static/../../etc/passwd", "/status/"]
    for path, flow in app.extensions["flows_by_path"].items():
        base = f"/{path}/"
        urls += [base, f"{base}granska/", f"{base}skickad/", f"{base}ring-oss/", f"{base}steg/x/"]
        urls += [f"{base}steg/{step.slug}/" for step in flow.steps]
    return urls


@pytest.fixture(params=[True, False], ids=["csrf", "no-csrf"])
def hostile_app(request, tmp_path, key_pair):
    return make_app(tmp_path, key_pair, WTF_CSRF_ENABLED=request.param, PATTERN_PAGE=True)


def submissions(app) -> int:
    from sqlalchemy import text

    from form_service.storage.db import session_scope

    with session_scope(app) as session:
        return session.scalar(text("SELECT count(*) FROM submissions"))


def assert_swedish_page(response) -> int:
    """The status, after checking that an error is a Swedish page and not a traceback."""
    with response:
        assert response.status_code < 500, response.status_code
        if response.status_code >= 400:
            body = response.get_data(as_text=True)
            assert '<html lang="sv">' in body and "Traceback" not in body
        return response.status_code


def test_every_flow_is_fuzzed(hostile_app):
    assert set(hostile_app.extensions["flows_by_path"].values()) == set(FLOWS.values())


def test_hostile_fields_to_every_url_never_cause_a_server_error(hostile_app):
    """Every payload as form fields and as query parameters to every URL; the methods
    no route takes are refused before the body is read, so one payload each does."""
    client = hostile_app.test_client()
    for number, url in enumerate([*every_url(hostile_app), "/komponenter/"]):
        for payload in HOSTILE:
            data = {name: payload for name in NAMES[number % 5 :: 2]}
            assert_swedish_page(client.post(url, data=data))
            query = {**data, "tillbaka": payload}
            assert_swedish_page(client.get(url, query_string=query, data=data))
        for method in ("PUT", "DELETE", "PATCH"):
            assert_swedish_page(client.open(url, method=method, data=data))
    assert submissions(hostile_app) == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe\x00garbage=\xc3\x28", "application/x-www-form-urlencoded"),
        (b"fornamn=%ZZ%00%&&&==", "application/x-www-form-urlencoded"),
        (b"a=" + b"x" * 300_000, "application/x-www-form-urlencoded"),
        (b"&".join(b"f%d=1" for f in range(5000)), "application/x-www-form-urlencoded"),
        (json.dumps({"skyddad": "nej"}).encode(), "application/json"),
        (FILE_UPLOAD, "multipart/form-data; boundary=x"),
        (b"--broken", "multipart/form-data; boundary=nope"),
        (b"\x00" * 1000, "text/plain"),
    ],
    ids=["bad-utf8", "bad-escapes", "huge", "many-fields", "json", "file", "bad-multipart", "nul"],
)  # fmt: skip
def test_malformed_bodies_to_every_url_never_cause_a_server_error(hostile_app, body, content_type):
    client = hostile_app.test_client()
    for url in every_url(hostile_app):
        status = assert_swedish_page(client.post(url, data=body, content_type=content_type))
        too_big = len(body) > hostile_app.config["MAX_CONTENT_LENGTH"]
        if too_big and "/steg/" in url and hostile_app.config["WTF_CSRF_ENABLED"]:
            assert status == 413  # the CSRF check reads the body first
    assert submissions(hostile_app) == 0


@pytest.fixture(scope="module")
def random_app(tmp_path_factory):
    """One app for all of Hypothesis's examples (a new one each time would be slow)."""
    return make_app(tmp_path_factory.mktemp("fuzz"), generate_keypair(), WTF_CSRF_ENABLED=False)


@settings(max_examples=60, deadline=None)  # a fixed count, and no clock: load cannot fail it
@given(
    url_index=st.integers(min_value=0),
    method=st.sampled_from(METHODS),
    data=st.dictionaries(st.sampled_from(NAMES), st.text(max_size=300), max_size=8),
)
def test_random_answers_never_cause_a_server_error(random_app, url_index, method, data):
    urls = every_url(random_app)
    response = random_app.test_client().open(urls[url_index % len(urls)], method=method, data=data)
    assert_swedish_page(response)
    assert submissions(random_app) == 0
