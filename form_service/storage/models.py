"""The tables. Personal data is only ever in sealed (encrypted) columns.

Unencrypted columns hold just what the staff side needs to sort and route:
reference, form kind, times, status, queue order, retention date and spam flag.
Each column sealed with the submission key pair has a `key_id` beside it: which key
sealed it (`core/crypto.key_id`), or NULL for a row sealed before key ids were
recorded (migration 0003_key_ids), which the staff side's keyring tries every key on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One interest registration or application, its answers sealed for the staff side."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("form_kind", "queue_position", name="uq_queue_place"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    form_kind: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(30), default="ny")
    queue_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    retain_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    spam_suspected: Mapped[bool] = mapped_column(Boolean, default=False)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status_code_hash: Mapped[str] = mapped_column(String(64))
    sealed_answers: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    assigned_to: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)


class SubmissionEvent(Base):
    """The history of a submission (received, status changes …), without personal data."""

    __tablename__ = "submission_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str | None] = mapped_column(String(80), nullable=True)
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Draft(Base):
    """Answers kept between a form's steps, encrypted, until sent or expired."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_kind: Mapped[str] = mapped_column(String(40))
    sealed_data: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """An e-mail to send: stored with the submission, so a mail failure loses nothing."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str] = mapped_column(String(8))
    form_kind: Mapped[str] = mapped_column(String(40))
    recipient_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SubmissionNote(Base):
    """A case officer's internal note, sealed like the answers (it may name people)."""

    __tablename__ = "submission_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(80))
    sealed_text: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)


class StaffUser(Base):
    """A case officer or administrator of the staff side. Disabled, never deleted,
    so the audit log's names keep meaning something."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    totp_key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


class StaffSession(Base):
    """A logged-in session, kept server-side so log-out and expiry really end it.
    The browser's cookie holds only a random token; this table holds its hash."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    second_factor_done: Mapped[bool] = mapped_column(Boolean, default=False)


class LoginFailures(Base):
    """Failed log-ins per account or per address (a keyed hash of either), for slowing
    down and locking out password guessing."""

    __tablename__ = "login_failures"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuditEntry(Base):
    """Who did what to which submission, when (UTC). Append-only: database triggers
    refuse updates and deletes. Never personal data: a reference, not a name."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str | None] = mapped_column(String(80), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(8), nullable=True, index=True)
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)


class AuditPurgePermit(Base):
    """The cut-off of an audit-log purge under way: while this one row exists (only
    inside the purge's own transaction), the delete trigger lets entries older than
    it go. Never committed: `form-service audit purge` removes it before it commits."""

    __tablename__ = "audit_purge_permit"
    __table_args__ = (CheckConstraint("id = 1", name="one_permit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purge_before: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
