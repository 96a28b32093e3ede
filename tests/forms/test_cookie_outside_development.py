"""Outside development the session cookie is sent only over HTTPS; in development (plain
HTTP on 127.0.0.1) it must not be, or no form could be filled in."""

from __future__ import annotations

import pytest

from tests.support.form_pages import make_app

STEP = "/ansokan/kontaktperson/steg/skyddade-uppgifter/"


def cookie_after_a_step(app) -> str:
    client = app.test_client()
    return client.get(STEP, base_url="https://e.example").headers["Set-Cookie"]


def test_production_cookie_is_secure_http_only_and_same_site(tmp_path, key_pair):
    cookie = cookie_after_a_step(make_app(tmp_path, key_pair, TESTING=False))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_development_cookie_works_over_plain_http(tmp_path, key_pair):
    app = make_app(tmp_path, key_pair, TESTING=False, ENV_NAME="development")
    assert "Secure" not in cookie_after_a_step(app)


def test_production_refuses_to_start_without_its_keys(tmp_path, key_pair):
    with pytest.raises(RuntimeError, match="SUBMISSION_PUBLIC_KEY"):
        make_app(tmp_path, key_pair, TESTING=False, SUBMISSION_PUBLIC_KEY=None)
