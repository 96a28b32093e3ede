"""Mistakes get helpful Swedish messages; bad and hostile requests get Swedish error
pages with the right status, never a 500, and nothing is stored."""

from __future__ import annotations

import random
import re

import pytest

from tests.support.form_pages import make_app
from tests.support.pages import PageClient

STEP = "/intresseanmalan/kontaktperson/steg/om-dig/"
ALL_URLS = [
    "/intresseanmalan/kontaktperson/",
    "/intresseanmalan/kontaktperson/steg/uppdrag/",
    STEP,
    "/intresseanmalan/kontaktperson/granska/",
    "/intresseanmalan/kontaktperson/skickad/",
    "/ansokan/kontaktgruppen/steg/barnet/",
    "/ansokan/kontaktperson/ring-oss/",
]


def test_empty_step_shows_error_summary_linking_to_each_field(citizen):
    page = citizen.get(STEP)
    page = citizen.post(STEP, {"csrf_token": page.csrf}, status=200)
    assert page.title.startswith("Fel: Om dig")
    assert "Det finns fel som du behöver rätta" in page.text
    assert "Ange ditt förnamn" in page.text and "Välj om du har körkort" in page.text
    for link in page.error_links:
        assert link.lstrip("#") in page.ids
    assert 'aria-describedby="fornamn-error"' in page.text


def test_entered_values_are_kept_when_there_are_errors(citizen):
    page = citizen.get(STEP)
    data = {
        "csrf_token": page.csrf,
        "fornamn": "Åsa",
        "personnummer": "811218-9875",
        "korkort": "ja",
    }
    page = citizen.post(STEP, data, status=200)
    assert 'value="Åsa"' in page.text
    assert 'value="811218-9875"' in page.text
    assert "Personnumret stämmer inte" in page.text
    assert re.search(r'<input checked[^>]*id="korkort-0"[^>]*value="ja"', page.text)


def test_fields_carry_autocomplete_for_personal_details(citizen):
    page = citizen.get(STEP)
    for token in ("given-name", "family-name", "address-line1", "postal-code", "tel", "email"):
        assert f'autocomplete="{token}"' in page.text


def test_missing_csrf_token_gets_the_swedish_400_page(citizen, stored):
    page = citizen.post(STEP, {"fornamn": "Åsa"}, status=400)
    assert "Något gick fel med det du skickade" in page.text
    assert stored() == []


def test_unknown_form_gets_the_swedish_404_page(citizen):
    assert "Sidan finns inte" in citizen.get("/ansokan/annat/", status=404).text
    assert "Sidan finns inte" in citizen.get("/ansokan/kontaktperson/steg/nej/", status=404).text


def test_wrong_method_gets_the_swedish_405_page(app):
    response = app.test_client().delete(STEP)
    assert response.status_code == 405
    assert "Det gick inte att göra så" in response.get_data(as_text=True)


def test_too_large_request_gets_the_swedish_413_page(citizen):
    page = citizen.get(STEP)
    page = citizen.post(STEP, {"csrf_token": page.csrf, "fornamn": "x" * 300_000}, status=413)
    assert "Det du skickade var för stort" in page.text


def test_security_headers_on_every_page(app):
    response = app.test_client().get(STEP)
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers
    secure = app.test_client().get(STEP, base_url="https://e.example")
    assert "max-age" in secure.headers["Strict-Transport-Security"]


def test_session_cookie_is_http_only_and_same_site_and_holds_no_answers(app):
    client = app.test_client()
    first = client.get(STEP)
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = PageClient(client).get(STEP)
    client.post(STEP, data={"csrf_token": page.csrf, "fornamn": "Åsa", "efternamn": "Öberg"})
    stored_cookie = client.get_cookie("e_tjanst").value
    contents = app.session_interface.get_signing_serializer(app).loads(stored_cookie)
    assert set(contents) <= {"csrf_token", "utkast", "kvitto"}
    assert "Öberg" not in str(contents) and "Åsa" not in str(contents)


def test_rate_limit_gets_the_swedish_429_page(tmp_path, key_pair):
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT="2 per minute",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    statuses = [client.post("/ansokan/kontaktperson/granska/").status_code for _ in range(4)]
    assert statuses[-1] == 429
    assert "För många försök" in client.post("/ansokan/kontaktperson/granska/").get_data(
        as_text=True
    )


HOSTILE = [
    "\x00",
    "a" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "Robert'); DROP TABLE submissions;--",
    "%00%0d%0a",
    "😀" * 100,
]


@pytest.mark.parametrize("url", ALL_URLS)
def test_hostile_payloads_never_cause_a_server_error(tmp_path, key_pair, url, stored):
    app = make_app(tmp_path, key_pair, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    rng = random.Random(url)
    names = ["fornamn", "personnummer", "uppdrag", "nyckel", "csrf_token", "skyddad", "webbplats"]
    for payload in HOSTILE:
        data = {name: rng.choice([*HOSTILE, payload]) for name in names}
        for method in (client.post, client.put, client.get):
            assert method(url, data=data).status_code < 500
    raw = client.post(
        url, data=b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"
    )
    assert raw.status_code < 500
    assert stored() == []


def test_behind_a_proxy_limits_count_per_citizen_not_per_proxy(tmp_path, key_pair):
    app = make_app(
        tmp_path,
        key_pair,
        PROXY_COUNT=1,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT="2 per minute",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    url = "/ansokan/kontaktperson/granska/"

    def post(citizen: str) -> int:
        return client.post(url, headers={"X-Forwarded-For": citizen}).status_code

    assert [post("203.0.113.1") for _ in range(3)][-1] == 429
    assert post("203.0.113.2") != 429
    secure = client.get(STEP, headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in secure.headers
