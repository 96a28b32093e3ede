"""The audit log's own retention: `form-service audit purge`, the only way an entry
ever leaves the log.

The municipality decides in its dokumenthanteringsplan how many years the log is
kept (`AUDIT_RETENTION_YEARS`; unset, nothing is ever purged). Entries older than
that many years before today (Swedish date) are deleted in one transaction, which
also writes an entry saying how many went, their date range and who ran the command:
either the log is purged and says so, or nothing changed. The database refuses any
other deletion (migration 0004_audit_retention): the purge permits its own cut-off
inside its own transaction only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from form_service.core.swedish_time import LOCAL_TIME, local
from form_service.staff import audit
from form_service.storage.db import begin_writing, erase_deleted
from form_service.storage.models import AuditEntry, AuditPurgePermit
from site_builder.progress import Progress, plural

BATCH_SIZE = 5000
PURGE_ACTOR = "gallring"


@dataclass(frozen=True)
class Purged:
    """What a purge removed (or, in a dry run, would remove)."""

    count: int
    before: dt.datetime
    first: dt.datetime | None
    last: dt.datetime | None

    def describe(self) -> str:
        """One Swedish line, also the purge's own audit entry's detail."""
        if not self.count:
            return f"0 poster äldre än {_day(self.before)}"
        return f"{self.count} poster från {_day(self.first)} till {_day(self.last)}"


def cut_off(today: dt.date, years: int) -> dt.datetime:
    """The start of the same Swedish date `years` earlier (28 February for 29 February)."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME).astimezone(dt.UTC)


def purge_audit_log(
    db: Session,
    *,
    before: dt.datetime,
    at: dt.datetime,
    ran_by: str,
    dry_run: bool,
    progress: Progress | None = None,
) -> Purged:
    """Delete every entry older than `before` and log that, in one transaction;
    `progress` reports the deletion a batch at a time."""
    progress = progress or Progress.silent()
    begin_writing(db)
    older = AuditEntry.at < before
    count, first, last = db.execute(
        select(func.count(), func.min(AuditEntry.at), func.max(AuditEntry.at)).where(older)
    ).one()
    purged = Purged(count, before, first, last)
    if dry_run:
        db.rollback()
        return purged
    db.add(AuditPurgePermit(id=1, purge_before=before))
    db.flush()
    with progress.stage(f"Gallrar {plural(count, 'loggpost', 'loggposter')}", total=count) as stage:
        while True:
            ids = select(AuditEntry.id).where(older).order_by(AuditEntry.id).limit(BATCH_SIZE)
            gone = db.execute(delete(AuditEntry).where(AuditEntry.id.in_(ids))).rowcount
            if not gone:
                break
            stage.advance(gone)
    db.execute(delete(AuditPurgePermit))
    audit.record(
        db,
        "gallrade-logg",
        actor=PURGE_ACTOR,
        at=at,
        detail=f"{purged.describe()}; form-service audit purge av {ran_by}",
    )
    db.commit()
    erase_deleted(db)
    return purged


def _day(moment: dt.datetime | None) -> str:
    return "–" if moment is None else local(moment).date().isoformat()
