"""Deletion when the time comes, and an audit log nobody can rewrite.

Runs on SQLite and on the machine's PostgreSQL (required in CI).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from form_service.cli import main
from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, Submission
from tests.support.local_services import postgres_database
from tests.support.staff_pages import Office


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_office(request, tmp_path):
    if request.param == "sqlite":
        office = Office(tmp_path)
        yield office
        office.close()
        return
    databases = postgres_database()
    office = Office(tmp_path, database_url=next(databases))
    yield office
    office.close()
    databases.close()


def retain_until(office, reference) -> dt.date:
    with session_scope(office.staff) as db:
        row = db.scalars(select(Submission).where(Submission.reference == reference)).one()
        return row.retain_until


def audit_log(office) -> list[tuple[str | None, str, str | None]]:
    with session_scope(office.staff) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.actor, row.action, row.reference) for row in rows]


def test_a_change_moves_the_retention_date_to_months_after_it(any_office):
    office = any_office
    reference = office.submit()
    office.clock.moment = dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC)
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/status/", {"status": "kontaktad"})
    assert retain_until(office, reference) == dt.date(2028, 3, 31)  # 12 months in site.yaml


def test_purge_deletes_only_what_has_expired_and_logs_each(any_office, capsys):
    office = any_office
    old, young = office.submit(), office.submit()
    office.clock.moment = dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{young}/")
    officer.post(f"/arenden/{young}/status/", {"status": "kontaktad"})  # kept another 12 months
    office.clock.moment = dt.datetime(2028, 1, 10, 9, tzinfo=dt.UTC)
    with office.staff.app_context(), session_scope(office.staff) as db:
        from form_service.staff.purge import purge

        would_go = purge(db, office.clock().date(), office.clock(), dry_run=True)
        assert [row.reference for row in would_go] == [old]
        gone = purge(db, office.clock().date(), office.clock(), dry_run=False)
        assert [row.reference for row in gone] == [old]
    with session_scope(office.staff) as db:
        left = db.scalars(select(Submission.reference)).all()
    assert left == [young]
    assert ("gallring", "gallrade", old) in audit_log(office)


def test_the_audit_log_refuses_updates_and_deletes(any_office):
    office = any_office
    office.user("karin")
    office.client("karin")
    for statement in ("UPDATE audit_log SET actor = 'someone'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), session_scope(office.staff) as db:
            db.execute(text(statement))
    assert audit_log(office) == [("karin", "inloggning", None)]


def test_an_administrator_reads_the_audit_log(office):
    reference = office.submit()
    admin = office.client(office.user("anna", role="administrator"))
    admin.get(f"/arenden/{reference}/")
    page = admin.get("/admin/logg/")
    assert "Visade" in page.text and reference in page.text and "anna" in page.text


def test_the_purge_command_has_a_dry_run(tmp_path, monkeypatch, capsys):
    office = Office(tmp_path)
    reference = office.submit()
    for name, value in {
        "DATABASE_URL": office.database_url,
        "SECRET_KEY": "cli-secret",
        "SUBMISSION_PRIVATE_KEY": office.keys[1],
    }.items():
        monkeypatch.setenv(name, value)
    with session_scope(office.staff) as db:
        db.execute(text("UPDATE submissions SET retain_until = :day"), {"day": dt.date(2020, 1, 1)})
    assert main(["purge", "--dry-run"]) == 0
    output = capsys.readouterr().out
    assert reference in output and "skulle raderas (inget är raderat)" in output
    assert main(["purge"]) == 0
    assert "1 ärenden raderades." in capsys.readouterr().out
    with session_scope(office.staff) as db:
        assert db.scalars(select(Submission)).all() == []


def test_an_administrator_purges_from_the_retention_page(office):
    reference = office.submit()
    with session_scope(office.staff) as db:
        db.execute(text("UPDATE submissions SET retain_until = :day"), {"day": dt.date(2020, 1, 1)})
    admin = office.client(office.user("anna", role="administrator"))
    page = admin.get("/admin/gallring/")
    assert reference in page.text and "Månader efter senaste ändring" in page.text
    admin.post("/admin/gallring/", {"bekraftelse": "y"})
    page = admin.get("/admin/gallring/")
    assert "1 ärenden som passerat sitt gallringsdatum är raderade." in page.text
    assert ("anna", "gallrade", reference) in audit_log(office)


def test_purge_forgets_sessions_and_failed_logins_that_are_over(office):
    from form_service.staff.purge import forget_stale_logins

    office.user("karin")
    office.client("karin")
    office.client().login("karin", "fel lösenord igen", status=401)
    office.clock.advance(hours=9)
    with office.staff.app_context(), session_scope(office.staff) as db:
        forget_stale_logins(db, office.clock(), 8)
        sessions = db.scalar(text("SELECT count(*) FROM staff_sessions"))
        failures = db.scalar(text("SELECT count(*) FROM login_failures"))
    assert (sessions, failures) == (0, 3)  # hours old, not a day: address, account, both
    office.clock.advance(days=1)
    with office.staff.app_context(), session_scope(office.staff) as db:
        forget_stale_logins(db, office.clock(), 8)
        assert db.scalar(text("SELECT count(*) FROM login_failures")) == 0
