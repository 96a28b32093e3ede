"""Deleting what has passed its retention date: `form-service purge`, meant for cron.

A dry run lists what would go and changes nothing. A real run deletes each expired
submission and writes one audit entry per deletion, all in one transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from form_service.staff.casework import delete_submission
from form_service.storage.db import begin_writing, erase_deleted
from form_service.storage.models import LoginFailures, StaffSession, Submission
from site_builder.progress import Progress, plural

PURGE_ACTOR = "gallring"


def expired(db: Session, today: dt.date) -> list[Submission]:
    return list(
        db.scalars(
            select(Submission)
            .where(Submission.retain_until.is_not(None), Submission.retain_until < today)
            .order_by(Submission.retain_until, Submission.id)
        )
    )


def purge(
    db: Session,
    today: dt.date,
    at: dt.datetime,
    *,
    dry_run: bool,
    actor: str = PURGE_ACTOR,
    progress: Progress | None = None,
) -> list[Submission]:
    """The expired submissions; deleted (and logged, by `actor`) unless `dry_run`,
    under the write lock taken before they are looked up. `progress` reports each
    stage with its count (`form-service purge`)."""
    progress = progress or Progress.silent()
    if not dry_run:
        begin_writing(db)
    rows = expired(db, today)  # no stage yet: a database fault stays one line of its own
    if not dry_run:
        label = f"Gallrar {plural(len(rows), 'ärende', 'ärenden')}"
        with progress.stage(label, total=len(rows)) as stage:
            for row in rows:
                delete_submission(db, row, actor, at, action="gallrade")
                stage.advance()
            db.commit()
            erase_deleted(db)
    return rows


def forget_stale_logins(db: Session, at: dt.datetime, session_hours: int) -> None:
    """Sessions past their absolute lifetime and failure counters a day old: a session
    is otherwise only removed when its browser comes back, which it may never do."""
    db.execute(
        delete(StaffSession).where(StaffSession.created_at < at - dt.timedelta(hours=session_hours))
    )
    day_ago = at - dt.timedelta(days=1)
    db.execute(
        delete(LoginFailures).where(
            LoginFailures.last_failure_at < day_ago,
            or_(LoginFailures.locked_until.is_(None), LoginFailures.locked_until < at),
        )
    )
    db.commit()
