"""`/healthz` and `/readyz` on both apps, as a monitor meets them over HTTP.

Alive is the process alone; ready is the database (reachable, at the code's
migration), the keys the app needs, and the age of the oldest unsent e-mail. Neither
sets a cookie, neither is rate-limited, and neither says anything about a citizen.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import make_url, text

from form_service.core.crypto import generate_keypair
from form_service.storage.db import session_scope
from form_service.storage.schema import alembic_config
from tests.forms.test_database_away import through
from tests.forms.test_receipt_email import WITH_ADDRESS, reference_on, send_asking_for_receipt
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import FOR_MYSELF
from tests.support.local_services import postgres_database
from tests.support.pages import PageClient
from tests.support.staff_pages import Office
from tests.support.tcp_proxy import CuttableProxy

READY = {"database": "ok", "migrations": "ok", "keys": "ok"}
FIELDS = {"status", "failing", "checks", "oldest_unsent_mail_seconds"}
NO_DATABASE = "sqlite:////nonexistent-kontaktstod-folder/forms.sqlite3"
# The oldest mail is ten minutes old when the test asks; the margin is for a slow machine.
MARGIN_SECONDS = 300


def ask(client, path: str):
    """GET `path` as a monitor does: JSON, never cached, never a cookie."""
    response = client.get(path)
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers, response.headers["Set-Cookie"]
    return response


def assert_ready(client) -> dict:
    response = ask(client, "/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert set(body) == FIELDS and body["checks"] == READY and body["failing"] == []
    return body


def assert_not_ready(client, failing: list[str]) -> dict:
    response = ask(client, "/readyz")
    body = response.get_json()
    assert response.status_code == 503, body
    assert body["status"] == "fail" and body["failing"] == failing
    return body


def assert_alive(client) -> None:
    response = ask(client, "/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_a_healthy_public_service_is_alive_and_ready(tmp_path, key_pair):
    client = make_app(tmp_path, key_pair).test_client()
    assert_alive(client)
    assert assert_ready(client)["oldest_unsent_mail_seconds"] is None


def test_a_healthy_staff_side_is_alive_and_ready_without_logging_in(tmp_path):
    office = Office(tmp_path)
    client = office.staff.test_client()
    assert_alive(client)
    assert_ready(client)
    office.close()


@pytest.mark.parametrize("side", ["public", "staff"])
def test_without_its_database_an_app_is_alive_but_not_ready(tmp_path, key_pair, side):
    if side == "public":
        client = make_app(tmp_path, key_pair, migrate=False, DATABASE_URL=NO_DATABASE).test_client()
    else:
        client = _staff_without_migrating(tmp_path, NO_DATABASE).test_client()
    assert_alive(client)
    body = assert_not_ready(client, ["database"])
    assert body["checks"]["database"] == "fail" and body["oldest_unsent_mail_seconds"] is None


def test_a_database_put_back_behind_the_code_under_a_running_app_is_not_ready(tmp_path, key_pair):
    """A copy older than the program restored under it (docs/drift.md, step 13) before
    `form-service migrate` has run: a new app would refuse to start; a running one says so."""
    app = make_app(tmp_path, key_pair)
    client = app.test_client()
    assert_ready(client)
    config = alembic_config()
    with app.extensions["db_engine"].begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    body = assert_not_ready(client, ["migrations"])
    assert body["checks"]["database"] == "ok"


@pytest.mark.postgres
def test_postgresql_cut_and_back_turns_readiness_off_and_on(tmp_path, key_pair):
    databases = postgres_database()
    url = next(databases)
    try:
        with CuttableProxy(("127.0.0.1", make_url(url).port or 5432)) as proxy:
            office = Office(tmp_path, database_url=through(proxy, url))
            public = make_app(tmp_path, key_pair, DATABASE_URL=through(proxy, url))
            clients = [public.test_client(), office.staff.test_client()]
            for client in clients:
                assert_ready(client)
            proxy.cut()
            for client in clients:
                assert_alive(client)
                assert_not_ready(client, ["database"])
            proxy.restore()
            for client in clients:
                assert_ready(client)
            public.extensions["db_engine"].dispose()
            office.close()
    finally:
        databases.close()


def test_a_receipt_waiting_ten_minutes_shows_its_age_on_both_sides(tmp_path):
    office = Office(tmp_path)
    pages = office.citizen()
    receipt = send_asking_for_receipt(
        pages, fill_in(pages, "/ansokan/kontaktperson/", WITH_ADDRESS)
    )
    reference = reference_on(receipt)
    ten_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with session_scope(office.staff) as db:
        db.execute(
            text("UPDATE submissions SET created_at = :at WHERE reference = :reference"),
            {"at": ten_minutes_ago, "reference": reference},
        )
    for client in (pages.client, office.staff.test_client()):
        body = assert_ready(client)
        assert 600 <= body["oldest_unsent_mail_seconds"] < 600 + MARGIN_SECONDS
        assert reference not in str(body) and WITH_ADDRESS["om-dig"]["epost"] not in str(body)
    office.close()


def test_a_staff_side_whose_private_key_does_not_match_the_public_key_is_not_ready(tmp_path):
    office = Office(tmp_path, SUBMISSION_PUBLIC_KEY=generate_keypair()[0])
    assert_not_ready(office.staff.test_client(), ["keys"])
    office.close()


def test_a_staff_side_given_the_matching_public_key_is_ready(tmp_path):
    keys = generate_keypair()
    office = Office(tmp_path, keys=keys, SUBMISSION_PUBLIC_KEY=keys[0])
    assert_ready(office.staff.test_client())
    office.close()


def test_during_a_key_rotation_the_old_public_key_is_ready_while_in_the_keyring(tmp_path):
    """Between steps 2 and 3 of a rotation the public key is still the old one: the
    staff side is ready while the old private key is in its keyring, not after."""
    old, new = generate_keypair(), generate_keypair()
    during = Office(
        tmp_path, keys=new, SUBMISSION_PUBLIC_KEY=old[0], SUBMISSION_OLD_PRIVATE_KEYS=old[1]
    )
    assert_ready(during.staff.test_client())
    during.close()
    retired_too_early = Office(tmp_path, keys=new, SUBMISSION_PUBLIC_KEY=old[0])
    assert_not_ready(retired_too_early.staff.test_client(), ["keys"])
    retired_too_early.close()


def test_a_staff_side_with_a_malformed_old_key_is_not_ready(tmp_path):
    office = Office(tmp_path, SUBMISSION_OLD_PRIVATE_KEYS="inte-en-nyckel")
    assert_not_ready(office.staff.test_client(), ["keys"])
    office.close()


def test_a_public_service_with_a_malformed_public_key_is_not_ready(tmp_path, key_pair):
    client = make_app(tmp_path, key_pair, SUBMISSION_PUBLIC_KEY="ERSATT-MED-PUBLIK-NYCKEL")
    assert_not_ready(client.test_client(), ["keys"])


def test_the_checks_are_not_rate_limited(tmp_path, key_pair):
    app = make_app(tmp_path, key_pair, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    for _ in range(5):
        assert_alive(client)
        assert_ready(client)
    statuses = [client.get("/status/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the limit is on, for the pages


def test_a_submission_in_progress_gets_no_cookie_from_the_checks(tmp_path, key_pair):
    """A citizen's own session is neither read into nor renewed by a check."""
    client = make_app(tmp_path, key_pair).test_client()
    fill_in(PageClient(client), "/ansokan/kontaktperson/", FOR_MYSELF)
    assert_alive(client)
    assert_ready(client)


def _staff_without_migrating(tmp_path, url: str):
    from form_service.staff import create_staff_app

    return create_staff_app(
        {
            "TESTING": True,
            "SECRET_KEY": "staff-test-secret",
            "DATABASE_URL": url,
            "SUBMISSION_PRIVATE_KEY": generate_keypair()[1],
            "STAFF_PASSWORD_HASHING": "fast",
        }
    )
