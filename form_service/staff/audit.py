"""The audit log: every view, export, change, deletion and log-in, for accountability.

Entries name the staff member and a submission's reference, never the people in it.
The table is append-only (database triggers refuse updates and deletes), so not even
an administrator can tidy away what they did; only `form-service audit purge` removes
entries past the log's own retention, and logs that it did (`audit_retention.py`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from form_service.storage.models import AuditEntry

ACTIONS = {
    "inloggning": "Loggade in",
    "inloggning-misslyckad": "Misslyckad inloggning",
    "konto-under-angrepp": "Många misslyckade inloggningar på kontot",
    "utloggning": "Loggade ut",
    "visade": "Visade",
    "visade-lista": "Visade en lista",
    "skrev-ut": "Skrev ut",
    "exporterade": "Exporterade",
    "andrade-status": "Ändrade status",
    "anteckning": "Skrev anteckning",
    "tilldelade": "Tilldelade",
    "inte-skrap": "Markerade som inte skräp",
    "raderade": "Raderade",
    "gallrade": "Gallrade",
    "gallrade-logg": "Gallrade loggen",
    "personsokning": "Sökte på personnummer",
    "visade-logg": "Visade loggen",
    "omforseglade": "Förseglade om med ny nyckel",
}


def record(
    session: Session,
    action: str,
    *,
    actor: str | None,
    at: dt.datetime,
    reference: str | None = None,
    detail: str | None = None,
) -> None:
    """Add an entry to the caller's transaction: it commits with the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action=action,
            reference=reference,
            detail=(detail or None) and detail[:200],
        )
    )


def record_many(
    session: Session,
    action: str,
    *,
    actor: str | None,
    at: dt.datetime,
    references: list[str],
    detail: str | None = None,
) -> None:
    """One entry per reference, in one statement on the caller's transaction: an
    export logs each submission it sends, a batch at a time."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not references:
        return
    detail = (detail or None) and detail[:200]
    session.execute(
        insert(AuditEntry),
        [
            {"at": at, "actor": actor, "action": action, "reference": ref, "detail": detail}
            for ref in references
        ],
    )


def record_access(action: str, *, reference: str | None = None, detail: str | None = None) -> None:
    """In a request, by the logged-in user, now: committed at once, so a page that only
    reads still leaves its entry. The page has read before it writes the entry, so the
    write lock is taken first (on SQLite a reading transaction cannot otherwise write
    once another writer has committed)."""
    from form_service.core.clock import now
    from form_service.staff.access import current_user
    from form_service.storage.db import get_session, write_after_reading

    db, user = get_session(), current_user()
    actor = user.username if user else None
    write_after_reading(db)
    record(db, action, actor=actor, at=now(), reference=reference, detail=detail)
    db.commit()


def record_list_view(name: str, shown: int) -> None:
    """Lists show names and birth dates too: which list, and how many, is logged."""
    record_access("visade-lista", detail=f"{name}, {shown} st")


def entries(session: Session, *, page: int, per_page: int) -> tuple[list[AuditEntry], int]:
    """One page of the log, newest first, and the total number of entries."""
    total = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    rows = session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), total
