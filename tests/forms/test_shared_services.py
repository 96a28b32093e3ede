"""The production set-up: PostgreSQL for storage and Redis for rate limits shared by
several processes. In CI both must be there; elsewhere their absence skips with a reason."""

from __future__ import annotations

import uuid

import pytest

from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOR_MYSELF
from tests.support.local_services import postgres_database, redis_url
from tests.support.pages import PageClient


@pytest.mark.postgres
def test_a_whole_application_is_stored_in_postgresql(tmp_path, key_pair):
    databases = postgres_database()
    url = next(databases)
    try:
        app = make_app(tmp_path, key_pair, DATABASE_URL=url)
        pages = PageClient(app.test_client())
        receipt = send(pages, fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF))
        assert "Ansökan är skickad" in receipt.text
        app.extensions["db_engine"].dispose()
    finally:
        databases.close()


@pytest.mark.redis
def test_rate_limits_are_shared_through_redis(tmp_path, key_pair):
    storage = redis_url()
    limit = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_SUBMIT": "3 per minute",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "WTF_CSRF_ENABLED": False,
    }
    first = make_app(tmp_path, key_pair, **limit).test_client()
    second = make_app(tmp_path, key_pair, **limit).test_client()
    url = "/ansokan/kontaktperson/granska/"
    statuses = [client.post(url).status_code for client in (first, second, first, second)]
    assert statuses[:3] != [429, 429, 429] and statuses[-1] == 429
