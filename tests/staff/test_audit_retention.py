"""The audit log's own retention: only `form-service audit purge` removes entries, only
those older than AUDIT_RETENTION_YEARS, and it logs that it did; anything else that
would change or delete an entry is refused by the database itself.

Runs on SQLite and on the machine's PostgreSQL (required in CI).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from form_service.core.crypto import new_draft_key
from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry
from tests.support.local_services import postgres_database
from tests.support.staff_pages import Office

LONG_AGO = dt.datetime(2001, 3, 14, 9, tzinfo=dt.UTC)
FORM_SERVICE = str(Path(sys.executable).parent / "form-service")


def form_service(office, *args: str, **settings: str | None) -> subprocess.CompletedProcess:
    """`form-service args…` as an operator (or a timer) runs it, with the staff side's
    environment and `settings` on top (None leaves a setting out)."""
    environment = {**os.environ, **office.environment}
    for name, value in settings.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [FORM_SERVICE, *args], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def retention_office(request, tmp_path):
    """An office whose database the `form-service` commands use (they run on today's
    real clock; the office's own clock writes the old entries)."""
    databases = postgres_database() if request.param == "postgresql" else None
    office = Office(tmp_path, database_url=next(databases) if databases else None)
    office.environment = {
        "DATABASE_URL": office.database_url,
        "SECRET_KEY": "cli-secret",
        "SUBMISSION_PRIVATE_KEY": office.keys[1],
        "AUDIT_RETENTION_YEARS": "5",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    yield office
    office.close()
    if databases:
        databases.close()


def entries(office) -> list[tuple[str | None, str, str | None]]:
    with session_scope(office.staff) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.actor, row.action, row.detail) for row in rows]


def old_and_recent_log_ins(office) -> None:
    """Karin logged in long ago (an entry far past any retention) and yesterday."""
    office.clock.moment = LONG_AGO
    office.user("karin")
    office.client("karin")
    office.clock.moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    office.client("karin")


def test_plain_sql_can_neither_change_nor_delete_an_entry(retention_office):
    office = retention_office
    old_and_recent_log_ins(office)
    statements = [
        "UPDATE audit_log SET actor = 'someone'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE at < '2002-01-01'",
    ]
    if office.database_url.startswith("postgresql"):
        statements.append("TRUNCATE audit_log")
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), session_scope(office.staff) as db:
            db.execute(text(statement))
    assert len(entries(office)) == 2


def test_the_purge_command_removes_only_what_is_older_and_logs_itself(retention_office):
    office = retention_office
    old_and_recent_log_ins(office)
    before = entries(office)

    dry_run = form_service(office, "audit", "purge", "--dry-run")
    assert dry_run.returncode == 0, dry_run.stderr
    assert "Skulle gallras (inget är raderat): 1 poster från 2001-03-14" in dry_run.stdout
    assert entries(office) == before

    output = form_service(office, "audit", "purge")
    assert output.returncode == 0, output.stderr
    assert "Loggen är gallrad: 1 poster från 2001-03-14 till 2001-03-14 (äldre än 5 år)." in (
        output.stdout
    )
    assert "Gallrar 1 loggpost … klart" in output.stderr  # its progress, not a terminal
    left = entries(office)
    assert left[0] == before[1]  # yesterday's log-in stays
    actor, action, detail = left[-1]
    assert (actor, action) == ("gallring", "gallrade-logg")
    assert detail.startswith("1 poster från 2001-03-14 till 2001-03-14; form-service audit purge")

    # the permit lived only inside the purge's transaction: a delete is refused again
    with pytest.raises(DBAPIError, match="append-only"), session_scope(office.staff) as db:
        db.execute(text("DELETE FROM audit_log"))
    with session_scope(office.staff) as db:
        assert db.scalar(text("SELECT count(*) FROM audit_purge_permit")) == 0


def test_the_nightly_purges_leave_the_audit_log_alone(retention_office):
    office = retention_office
    old_and_recent_log_ins(office)
    before = entries(office)
    assert form_service(office, "purge").returncode == 0
    public = {  # the public app's environment: never the private key
        "SUBMISSION_PUBLIC_KEY": office.keys[0],
        "DRAFT_KEY": new_draft_key(),
        "SUBMISSION_PRIVATE_KEY": None,
    }
    drafts = form_service(office, "purge-drafts", **public)
    assert drafts.returncode == 0, drafts.stderr
    assert entries(office) == before


def test_without_a_decided_retention_nothing_is_purged(retention_office):
    office = retention_office
    old_and_recent_log_ins(office)
    before = entries(office)
    result = form_service(office, "audit", "purge", AUDIT_RETENTION_YEARS=None)
    assert result.returncode == 0
    assert "AUDIT_RETENTION_YEARS är inte satt, så loggen gallras inte" in result.stdout
    assert entries(office) == before


def test_a_retention_below_one_year_is_refused_in_swedish(retention_office):
    result = form_service(retention_office, "audit", "purge", AUDIT_RETENTION_YEARS="0")
    assert result.returncode == 1
    assert "AUDIT_RETENTION_YEARS måste vara minst 1" in result.stderr
    assert "Traceback" not in result.stderr
