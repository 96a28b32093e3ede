"""Answers kept between a form's steps: server-side, encrypted, expiring.

Only the draft's random id travels in the session cookie; the answers stay here.
Every form page reads its draft and every step sent writes it, so both are single
Core statements on the drafts table: no ORM object to load, track and flush.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from form_service.core.crypto import CannotOpen, lock_draft, unlock_draft
from form_service.core.swedish_time import as_utc
from form_service.storage.db import begin_writing, driver_writing, read_row
from form_service.storage.models import Draft

DRAFTS = Draft.__table__
# Built once: constructing a statement costs more than SQLAlchemy's cached compile.
READ = select(DRAFTS.c.form_kind, DRAFTS.c.sealed_data, DRAFTS.c.expires_at).where(
    DRAFTS.c.id == bindparam("draft_id")
)
REPLACE = (
    update(DRAFTS)
    .where((DRAFTS.c.id == bindparam("draft_id")) & (DRAFTS.c.form_kind == bindparam("kind")))
    .values(
        sealed_data=bindparam("sealed_data"),
        updated_at=bindparam("updated_at"),
        expires_at=bindparam("expires_at"),
    )
)

ADD = insert(DRAFTS).values(
    id=bindparam("draft_id"),
    form_kind=bindparam("kind"),
    sealed_data=bindparam("sealed_data"),
    updated_at=bindparam("updated_at"),
    expires_at=bindparam("expires_at"),
)


def save_draft(
    session: Session | Connection,
    key: str,
    draft_id: str | None,
    form_kind: str,
    data: dict,
    lifetime: dt.timedelta,
) -> str:
    """Store the answers so far; a new id when there is none yet (or it is of another form)."""
    values = _sealed(key, data, lifetime)
    begin_writing(session)
    if draft_id and _update(session, draft_id, form_kind, values):
        session.commit()
        return draft_id
    new_id = secrets.token_urlsafe(32)
    session.execute(insert(DRAFTS).values(id=new_id, form_kind=form_kind, **values))
    session.commit()
    return new_id


def write_draft(
    key: str, draft_id: str | None, form_kind: str, data: dict, lifetime: dt.timedelta
) -> str:
    """`save_draft` for a step sent: the same statements and transaction on a pooled
    connection of the driver (`db.driver_writing`), with no SQLAlchemy connection."""
    values = _sealed(key, data, lifetime)
    with driver_writing() as run:
        if draft_id and run(REPLACE, {"draft_id": draft_id, "kind": form_kind, **values}) == 1:
            return draft_id
        new_id = secrets.token_urlsafe(32)
        run(ADD, {"draft_id": new_id, "kind": form_kind, **values})
        return new_id


def _sealed(key: str, data: dict, lifetime: dt.timedelta) -> dict:
    now = dt.datetime.now(dt.UTC)
    return {
        "sealed_data": lock_draft(key, json.dumps(data, ensure_ascii=False).encode()),
        "updated_at": now,
        "expires_at": now + lifetime,
    }


def _update(session: Session | Connection, draft_id: str, form_kind: str, values: dict) -> bool:
    """Replace the row's answers if it is there and of this form; whether it was."""
    parameters = {"draft_id": draft_id, "kind": form_kind, **values}
    return session.execute(REPLACE, parameters).rowcount == 1


def load_draft(
    reader: Session | Connection, key: str, draft_id: str | None, form_kind: str
) -> dict | None:
    """The answers so far, or None when missing, expired, of another form or unreadable.

    `reader`: a session or a connection (the form pages use `read_draft`)."""
    if not draft_id:
        return None
    return _opened(reader.execute(READ, {"draft_id": draft_id}).first(), key, form_kind)


def read_draft(key: str, draft_id: str | None, form_kind: str) -> dict | None:
    """`load_draft` for a form page: one SELECT on a pooled connection of the driver
    (`db.read_row`), with no SQLAlchemy connection or session around it."""
    if not draft_id:
        return None
    return _opened(read_row(READ, {"draft_id": draft_id}), key, form_kind)


def _opened(row: tuple | None, key: str, form_kind: str) -> dict | None:
    """The answers in a row of READ, unless it is missing, expired, of another form
    or cannot be opened with this key."""
    if row is None:
        return None
    kind, sealed_data, expires_at = row
    if kind != form_kind or _expired(expires_at):
        return None
    try:
        return json.loads(unlock_draft(key, sealed_data))
    except CannotOpen:
        return None


def delete_draft(session: Session, draft_id: str | None) -> None:
    if draft_id:
        begin_writing(session)
        session.execute(delete(Draft).where(Draft.id == draft_id))
        session.commit()


def expired_draft_count(session: Session) -> int:
    """How many drafts have expired, for a purge's progress line."""
    now = dt.datetime.now(dt.UTC)
    return session.scalar(select(func.count()).where(Draft.expires_at < now)) or 0


def purge_expired_drafts(session: Session) -> int:
    begin_writing(session)
    result = session.execute(delete(Draft).where(Draft.expires_at < dt.datetime.now(dt.UTC)))
    session.commit()
    return result.rowcount


def _expired(expires_at: dt.datetime) -> bool:
    return as_utc(expires_at) < dt.datetime.now(dt.UTC)
