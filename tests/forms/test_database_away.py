"""When the database goes away the service stays up: pages that need it answer 503 in
Swedish with `Retry-After`, the rest keep working, a worker restarted meanwhile boots,
and everything answers normally again once the database is back, without a restart.
Migrations are a step of their own (`form-service migrate`); a service whose database
is behind the code refuses to start, with one line that says what to run."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import make_url

from form_service.cli import main
from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.storage.db import make_engine
from form_service.storage.schema import alembic_config
from tests.support.databases import migrated
from tests.support.form_pages import make_app
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import PUBLIC_APP, STAFF_APP, Gunicorn, Visitor
from tests.support.local_services import postgres_database
from tests.support.pages import PageClient
from tests.support.staff_pages import Office
from tests.support.tcp_proxy import CuttableProxy

START = "/ansokan/kontaktperson/"
AWAY = "E-tjänsten går inte att använda just nu"
STAFF_AWAY = "Handläggarstödet går inte att använda just nu"
BACK_WITHIN_SECONDS = 60  # generous: the service is back within seconds of the database


def public_environment(database_url: str) -> dict[str, str]:
    return {
        "ENV_NAME": "development",
        "SECRET_KEY": "database-away",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": database_url,
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
    }


def through(proxy: CuttableProxy, url: str) -> str:
    """The same database, reached through the proxy."""
    return (
        make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    )


def first_step_answered(citizen: Visitor) -> str:
    """Start the application and answer its first step; return the second step's path."""
    step = citizen.get(START).location
    page = citizen.get(step).checked(200)
    data = {"csrf_token": page.csrf, **FOR_MYSELF["skyddade-uppgifter"]}
    answered = citizen.post(step, data)
    assert answered.status == 302, answered.text[:500]
    return answered.location


def send_the_rest(citizen: Visitor, step: str) -> str:
    """Answer the remaining steps from `step` and send; return the receipt page."""
    for _ in range(len(FOR_MYSELF)):
        page = citizen.get(step).checked(200)
        slug = step.rstrip("/").rsplit("/", 1)[-1]
        data = {"csrf_token": page.csrf}
        if slug == "granska":
            data["nyckel"] = page.field_value("nyckel")
        else:
            data.update(FOR_MYSELF[slug])
        answered = citizen.post(step, data)
        assert answered.status == 302, answered.text[:500]
        step = answered.location
        if "/skickad/" in step:
            return citizen.get(step).text
    raise AssertionError("the application did not end in a receipt")


def assert_away(reply) -> None:
    assert reply.status == 503, reply.text[:500]
    assert int(reply.headers["Retry-After"]) > 0
    assert AWAY in reply.text and "Traceback" not in reply.text


def wait_until_back(request: Callable[[], Any], status: Callable[[Any], int]) -> Any:
    """Ask again until the answer is not 503: the database has just come back."""
    deadline = time.monotonic() + BACK_WITHIN_SECONDS
    while True:
        reply = request()
        if status(reply) != 503 or time.monotonic() > deadline:
            return reply
        time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.slow
def test_gunicorn_stays_up_without_postgresql_and_recovers_when_it_is_back(tmp_path):
    databases = postgres_database()
    url = migrated(next(databases))
    try:
        with (
            CuttableProxy(("127.0.0.1", make_url(url).port or 5432)) as proxy,
            Gunicorn(
                PUBLIC_APP, public_environment(through(proxy, url)), tmp_path / "log", workers=1
            ) as server,
        ):
            citizen = Visitor(server.base)
            second_step = first_step_answered(citizen)
            token = citizen.get(second_step).field("csrf_token")

            proxy.cut()
            assert_away(citizen.get(second_step))
            assert_away(citizen.post(second_step, {"csrf_token": token, "for_vem": "mig"}))
            assert Visitor(server.base).get("/static/site.css").status == 200
            assert Visitor(server.base).get("/status/").status == 200
            assert Visitor(server.base).get(START).status == 302  # no draft yet: no database

            server.kill_a_worker()  # the only one: what answers now booted without the database
            assert_away(citizen.get(second_step))
            assert server.running()

            proxy.restore()
            back = wait_until_back(lambda: citizen.get(second_step), lambda r: r.status)
            assert back.status == 200, back.text[:500]
            assert "Ansökan är skickad" in send_the_rest(citizen, second_step)
            assert server.running()
        assert "Worker failed to boot" not in server.log_text()
        assert "Traceback" not in server.log_text()
    finally:
        databases.close()


@pytest.mark.postgres
def test_the_staff_side_says_503_without_postgresql_and_recovers(tmp_path):
    databases = postgres_database()
    url = next(databases)
    try:
        with CuttableProxy(("127.0.0.1", make_url(url).port or 5432)) as proxy:
            office = Office(tmp_path, database_url=through(proxy, url))
            office.user("karin", name="Karin Berg")
            reference = office.submit()
            officer = office.client("karin")
            officer.get(f"/arenden/{reference}/")

            proxy.cut()
            response = officer.client.get(f"/arenden/{reference}/")
            text = response.get_data(as_text=True)
            assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
            assert STAFF_AWAY in text
            with officer.client.get("/static/staff/staff.css") as stylesheet:
                assert stylesheet.status_code == 200

            proxy.restore()
            back = wait_until_back(
                lambda: officer.client.get(f"/arenden/{reference}/"), lambda r: r.status_code
            )
            assert back.status_code == 200
            office.close()
    finally:
        databases.close()


def test_starting_with_an_unusable_sqlite_folder_serves_what_needs_no_database(tmp_path, key_pair):
    """The database's folder cannot be used: here a regular file stands where the folder
    should be, which stops root as well as anyone (file permissions do not stop root).
    When the folder is back, with the database in it, the same app answers normally."""
    folder = tmp_path / "instance"
    (tmp_path / "kept").mkdir()
    kept = migrated(f"sqlite:///{tmp_path / 'kept' / 'forms.sqlite3'}")
    folder.write_text("not a folder")
    url = f"sqlite:///{folder / 'forms.sqlite3'}"
    app = make_app(tmp_path, key_pair, migrate=False, DATABASE_URL=url)
    pages = PageClient(app.test_client())
    step = pages.follow(pages.get(START, status=302))  # a new visitor: no database needed
    data = {"csrf_token": step.csrf, **FOR_MYSELF["skyddade-uppgifter"]}

    refused = pages.client.post(step.action, data=data)
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
    assert AWAY in pages.post(step.action, data, status=503).text
    with app.test_client().get("/static/site.css") as stylesheet:
        assert stylesheet.status_code == 200
    assert pages.get("/status/").status == 200

    folder.unlink()
    (tmp_path / "kept").rename(folder)
    assert make_url(kept).database != make_url(url).database
    pages.follow(pages.post(step.action, data))


def test_a_database_behind_the_code_stops_the_service_with_one_line(tmp_path, key_pair, caplog):
    url = f"sqlite:///{tmp_path / 'forms.sqlite3'}"
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    with caplog.at_level(logging.INFO), pytest.raises(SystemExit) as stopped:
        make_app(tmp_path, key_pair, migrate=False, DATABASE_URL=url)
    assert stopped.value.code == 3
    refusals = [r for r in caplog.records if "form-service migrate" in r.getMessage()]
    assert len(refusals) == 1 and "0002" in refusals[0].getMessage()

    server = Gunicorn(PUBLIC_APP, public_environment(url), tmp_path / "log", workers=1)
    with pytest.raises(AssertionError, match="gunicorn exited"):
        server.start()
    server.process.wait(timeout=60)
    log = server.log_text()
    assert server.process.returncode == 3
    assert log.count("run `form-service migrate` before starting the service") == 1
    assert "Traceback" not in log


def test_form_service_migrate_brings_the_database_up_to_date(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'forms.sqlite3'}")
    assert main(["migrate"]) == 0
    every = ", ".join(reversed([r.revision for r in ScriptDirectory.from_config(
        alembic_config()).walk_revisions()]))  # fmt: skip
    assert every.startswith("0001, 0002, ")  # the code's migrations, oldest first
    assert f"Databasen är uppdaterad (körde {every})." in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "Databasen var redan uppdaterad." in capsys.readouterr().out
    Office(tmp_path, database_url=f"sqlite:///{tmp_path / 'forms.sqlite3'}").close()

    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'file' / 'forms.sqlite3'}")
    assert main(["migrate"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fel: databasen gick inte att uppdatera") and "Traceback" not in error


def test_the_staff_app_also_refuses_a_database_behind_the_code(tmp_path):
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    server = Gunicorn(
        STAFF_APP,
        {"SECRET_KEY": "x", "SUBMISSION_PRIVATE_KEY": generate_keypair()[1], "DATABASE_URL": url},
        tmp_path / "log",
        workers=1,
    )
    with pytest.raises(AssertionError, match="gunicorn exited"):
        server.start()
    server.process.wait(timeout=60)
    assert server.process.returncode == 3
    assert "Traceback" not in server.log_text()
