"""Backup and restore, run with exactly the commands docs/drift.md shows.

For PostgreSQL and for SQLite: citizens send submissions through the forms (two places
in Kontaktgruppen's queue, and a receipt e-mail left waiting in the outbox); the guide's
backup commands copy the database while the service runs; its restore commands read
the copy into a new database; `form-service migrate` runs against it; the staff side,
with the same private key, opens every submission; and the restored service takes new
submissions with fresh references and the next queue place, and sends the waiting mail
once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import make_url

from form_service.mail import deliver_notifications
from tests.forms.test_receipt_email import (
    ADDRESS,
    WITH_ADDRESS,
    reference_on,
    send_asking_for_receipt,
)
from tests.forms.test_status_lookup import NO_MATCH, look_up
from tests.staff.test_exports import export
from tests.support.form_pages import fill_in, make_app
from tests.support.local_services import POSTGRES_ADMIN_URL, postgres_database
from tests.support.staff_pages import FORMS, Office

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "drift.md"
FORM_SERVICE = Path(sys.executable).parent / "form-service"
QUEUED = "ansokan-kontaktgruppen"
SENT_BEFORE = ["intresse-kontaktperson", "intresse-kontaktfamilj", QUEUED, QUEUED]


def guide_commands(name: str) -> str:
    """The shell block the guide marks `<!-- prövas: name -->`, as an operator copies it."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- prövas: {name} -->\n```sh\n(.*?)```", text, re.S)
    assert found, f"docs/drift.md has no block marked 'prövas: {name}'"
    return found.group(1)


def run_guide(name: str, variables: dict[str, str]) -> str:
    """Run the guide's block with its variables set as the guide tells the operator to."""
    environment = {**os.environ, **variables}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", guide_commands(name)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class Postgres:
    """The guide's PostgreSQL commands, against the test server as user postgres."""

    def __init__(self, tmp_path: Path) -> None:
        self.databases = postgres_database()
        self.source = next(self.databases)
        self.restored_name = f"kontaktstod_test_{uuid.uuid4().hex[:12]}"
        server = make_url(POSTGRES_ADMIN_URL)
        self.connection = {
            "PGHOST": server.host or "127.0.0.1",
            "PGPORT": str(server.port or 5432),
            "PGUSER": server.username or "postgres",
        }
        self.copy = tmp_path / "kontaktstod.dump"

    def back_up(self) -> None:
        database = make_url(self.source).database
        run_guide(
            "postgresql-kopiera", {**self.connection, "DATABAS": database, "KOPIA": str(self.copy)}
        )

    def lose_the_original(self) -> None:
        next(self.databases, None)  # drops it

    def restore(self) -> str:
        variables = {
            **self.connection,
            "KOPIA": str(self.copy),
            "NY_DATABAS": self.restored_name,
            "AGARE": self.connection["PGUSER"],
        }
        run_guide("postgresql-lasa-tillbaka", variables)
        return make_url(self.source).set(database=self.restored_name).render_as_string(False)

    def close(self) -> None:
        import psycopg

        admin = POSTGRES_ADMIN_URL.replace("+psycopg", "")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.restored_name}" WITH (FORCE)')
        next(self.databases, None)


class Sqlite:
    """The guide's SQLite commands, on files in the test's folder."""

    def __init__(self, tmp_path: Path) -> None:
        (tmp_path / "drift").mkdir()
        self.file = tmp_path / "drift" / "form_service.sqlite3"
        self.source = f"sqlite:///{self.file}"
        self.copy = tmp_path / "kontaktstod-kopia.sqlite3"
        self.restored = tmp_path / "aterlast" / "form_service.sqlite3"

    def back_up(self) -> None:
        variables = {"DATABASFIL": str(self.file), "KOPIA": str(self.copy)}
        assert run_guide("sqlite-kopiera", variables).strip() == "ok"

    def lose_the_original(self) -> None:
        for path in self.file.parent.iterdir():
            path.unlink()

    def restore(self) -> str:
        self.restored.parent.mkdir()
        variables = {"NY_DATABASFIL": str(self.restored), "KOPIA": str(self.copy)}
        run_guide("sqlite-lasa-tillbaka", variables)
        return f"sqlite:///{self.restored}"

    def close(self) -> None:
        pass


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"])
def database(request, tmp_path):
    if request.param == "postgresql":
        if not shutil.which("pg_dump"):
            pytest.skip("pg_dump is not installed")
        target = Postgres(tmp_path)
    else:
        if not shutil.which("sqlite3"):
            pytest.skip("the sqlite3 program is not installed")
        target = Sqlite(tmp_path)
    yield target
    target.close()


def exported(office: Office) -> dict[str, dict]:
    """Every submission as the staff side exports it, opened with the private key."""
    officer = office.client("karin")
    document = json.loads(export(officer, "json").get_data(as_text=True))
    return {item["reference"]: item for item in document["submissions"]}


def migrate_with_the_command(url: str, instance: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(instance)}
    done = subprocess.run(
        [str(FORM_SERVICE), "migrate"], env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def typed_words(answers: dict) -> dict[tuple[str, str], str]:
    """The answers a citizen typed or chose as words, which are stored as given (numbers
    and dates are stored normalised, and a ticked box's "y" as true)."""
    return {
        (step, name): value
        for step, fields in answers.items()
        for name, value in fields.items()
        if isinstance(value, str) and len(value) > 1 and not any(c.isdigit() for c in value)
    }


def mail_to_the_applicant(inbox) -> list[str]:
    return [content for recipients, content in inbox.messages if recipients == [ADDRESS]]


def test_a_backup_restored_into_a_new_database_opens_and_carries_on(database, tmp_path, smtp):
    port, inbox, _ = smtp
    before = Office(tmp_path / "fore", database_url=database.source)
    before.user("karin")
    references = [before.submit(kind) for kind in SENT_BEFORE]
    citizen = before.citizen()
    check = fill_in(citizen, "/ansokan/kontaktperson/", WITH_ADDRESS)
    receipt = send_asking_for_receipt(citizen, check)
    receipt_reference = reference_on(receipt)
    status_code = re.search(r'<strong class="code">([^<]+)</strong>', receipt.text).group(1)
    sent = exported(before)
    assert set(sent) == {*references, receipt_reference}
    assert sorted(sent[ref]["queue_position"] for ref in references[2:]) == [1, 2]

    database.back_up()
    before.close()
    database.lose_the_original()
    restored_url = database.restore()
    migrate_with_the_command(restored_url, tmp_path / "instance")

    after = Office(tmp_path / "efter", database_url=restored_url, keys=before.keys)
    opened = exported(after)
    assert opened.keys() == sent.keys()
    what_was_sent = dict(zip(references, [FORMS[kind][1] for kind in SENT_BEFORE], strict=True))
    what_was_sent[receipt_reference] = WITH_ADDRESS
    for reference, item in sent.items():
        assert opened[reference]["answers"] == item["answers"], reference
        stored = typed_words(opened[reference]["answers"])
        assert typed_words(what_was_sent[reference]).items() <= stored.items(), reference
        assert opened[reference]["queue_position"] == item["queue_position"]
    officer = after.client("karin")
    for reference in sent:
        assert officer.get(f"/arenden/{reference}/").status == 200

    # the public service's SECRET_KEY, kept with its environment file, still checks the code
    looked_up = look_up(after.citizen(), receipt_reference, status_code)
    assert NO_MATCH not in looked_up.text and receipt_reference in looked_up.text

    newcomers = [after.submit(QUEUED), after.submit("intresse-kontaktperson")]
    now_there = exported(after)
    assert not set(newcomers) & set(sent) and len(now_there) == len(sent) + len(newcomers)
    assert now_there[newcomers[0]]["queue_position"] == 3

    mailer = make_app(
        tmp_path / "efter",
        before.keys,
        migrate=False,
        DATABASE_URL=restored_url,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
    )
    with mailer.app_context():
        assert deliver_notifications(mailer) == (len(sent) + len(newcomers) + 1, 0)
        assert deliver_notifications(mailer) == (0, 0)
    receipts = mail_to_the_applicant(inbox)
    assert len(receipts) == 1 and receipt_reference in receipts[0]
    mailer.extensions["db_engine"].dispose()
    after.close()
