"""What a case officer does to a submission. Each change writes the submission's
history and the audit log in the same transaction, and moves its retention date."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.orm import Session

from form_service import eservices
from form_service.core.retention import retain_until
from form_service.staff import audit
from form_service.storage.models import Submission, SubmissionEvent


def change_status(db: Session, row: Submission, new: str, actor: str, at: dt.datetime) -> None:
    """Move the submission to `new`, which its e-service must allow after the current
    status (the view has refused anything else with a message; this is the backstop)."""
    old = row.status
    if new not in {status.key for status in eservices.next_statuses(row.form_kind, old)}:
        raise ValueError(f"{row.reference}: {old} → {new} is not an allowed transition")
    row.status = new
    labels = (eservices.status(row.form_kind, key).label for key in (old, new))
    _changed(db, row, actor, at, "status", " → ".join(labels))
    audit.record(db, "andrade-status", actor=actor, at=at, reference=row.reference, detail=new)


def assign(db: Session, row: Submission, username: str | None, actor: str, at: dt.datetime):
    if username == row.assigned_to:
        return
    row.assigned_to = username
    _changed(db, row, actor, at, "tilldelad", username or "ingen")
    audit.record(db, "tilldelade", actor=actor, at=at, reference=row.reference, detail=username)


def noted(db: Session, row: Submission, actor: str, at: dt.datetime) -> None:
    _changed(db, row, actor, at, "anteckning", None)
    audit.record(db, "anteckning", actor=actor, at=at, reference=row.reference)


def not_spam(db: Session, row: Submission, actor: str, at: dt.datetime) -> None:
    row.spam_suspected = False
    _changed(db, row, actor, at, "inte skräp", None)
    audit.record(db, "inte-skrap", actor=actor, at=at, reference=row.reference)


def offer_place(db: Session, row: Submission, actor: str, at: dt.datetime) -> None:
    """Move a submission waiting in its e-service's queue to the queue's offered status."""
    queue = eservices.FLOWS[row.form_kind].queue
    if queue is None:
        raise ValueError(f"{row.reference} is not in a queue")
    change_status(db, row, queue.offered, actor, at)


def delete_submission(
    db: Session, row: Submission, actor: str | None, at: dt.datetime, action: str = "raderade"
) -> None:
    """Real deletion: the row and its sealed answers, notes and history go (SQLite
    overwrites the freed pages, secure_delete; PostgreSQL's rows are vacuumed).
    What remains is the audit entry: a reference and a form kind, no personal data."""
    audit.record(db, action, actor=actor, at=at, reference=row.reference, detail=row.form_kind)
    db.execute(delete(Submission).where(Submission.id == row.id))


def _changed(
    db: Session, row: Submission, actor: str, at: dt.datetime, kind: str, detail: str | None
) -> None:
    row.updated_at = at
    row.retain_until = retain_until(current_app.extensions["site_config"], row.form_kind, at.date())
    db.add(SubmissionEvent(submission_id=row.id, at=at, kind=kind, actor=actor, detail=detail))
