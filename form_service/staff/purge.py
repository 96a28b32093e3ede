"""Deleting what has passed its retention date: `form-service purge`, meant for cron.

A dry run lists what would go and changes nothing. A real run deletes each expired
submission and writes one audit entry per deletion, all in one transaction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from form_service.staff.casework import delete_submission
from form_service.storage.db import erase_deleted
from form_service.storage.models import Submission

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
    db: Session, today: dt.date, at: dt.datetime, *, dry_run: bool, actor: str = PURGE_ACTOR
) -> list[Submission]:
    """The expired submissions; deleted (and logged, by `actor`) unless `dry_run`."""
    rows = expired(db, today)
    if not dry_run:
        for row in rows:
            delete_submission(db, row, actor, at, action="gallrade")
        db.commit()
        erase_deleted(db)
    return rows
