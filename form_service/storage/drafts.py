"""Answers kept between a form's steps: server-side, encrypted, expiring.

Only the draft's random id travels in the session cookie; the answers stay here.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from form_service.core.crypto import CannotOpen, lock_draft, unlock_draft
from form_service.core.swedish_time import as_utc
from form_service.storage.db import begin_writing
from form_service.storage.models import Draft


def save_draft(
    session: Session,
    key: str,
    draft_id: str | None,
    form_kind: str,
    data: dict,
    lifetime: dt.timedelta,
) -> str:
    """Store the answers so far; a new id when there is none yet."""
    now = dt.datetime.now(dt.UTC)
    begin_writing(session)
    row = session.get(Draft, draft_id) if draft_id else None
    if row is None or row.form_kind != form_kind:
        row = Draft(id=secrets.token_urlsafe(32), form_kind=form_kind)
        session.add(row)
    row.sealed_data = lock_draft(key, json.dumps(data, ensure_ascii=False).encode())
    row.updated_at = now
    row.expires_at = now + lifetime
    session.commit()
    return row.id


def load_draft(session: Session, key: str, draft_id: str | None, form_kind: str) -> dict | None:
    """The answers so far, or None when missing, expired, of another form or unreadable."""
    row = session.get(Draft, draft_id) if draft_id else None
    if row is None or row.form_kind != form_kind or _expired(row):
        return None
    try:
        return json.loads(unlock_draft(key, row.sealed_data))
    except CannotOpen:
        return None


def delete_draft(session: Session, draft_id: str | None) -> None:
    if draft_id:
        begin_writing(session)
        session.execute(delete(Draft).where(Draft.id == draft_id))
        session.commit()


def purge_expired_drafts(session: Session) -> int:
    begin_writing(session)
    result = session.execute(delete(Draft).where(Draft.expires_at < dt.datetime.now(dt.UTC)))
    session.commit()
    return result.rowcount


def _expired(row: Draft) -> bool:
    return as_utc(row.expires_at) < dt.datetime.now(dt.UTC)
