"""Counters of failed log-ins that slow down and lock out guessing from one place.

A key (see `login_guard.py` for which) that has failed `slow_after` times in a row
must wait longer before each new attempt (2, 4, 8 … up to 60 seconds); after
`lock_after` it is locked for `lock_minutes`. A plain counter (`count_failure`) only
counts. Counters live in the database so every worker sees them, keyed by a keyed
hash so the table holds neither user names nor addresses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy.orm import Session

from form_service.core.swedish_time import as_utc
from form_service.storage.models import LoginFailures


@dataclass(frozen=True)
class Limits:
    """For one kind of key (account or address)."""

    slow_after: int
    lock_after: int
    lock_minutes: int


def key_for(secret: str, kind: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def wait_before_next(
    session: Session, key: str, limits: Limits, now: dt.datetime
) -> dt.timedelta | None:
    """How long this account or address must still wait, or None when it may try."""
    row = session.get(LoginFailures, key)
    if row is None:
        return None
    if row.locked_until and as_utc(row.locked_until) > now:
        return as_utc(row.locked_until) - now
    if row.failures >= limits.lock_after:
        return None  # a lock that has run out: the next failure starts a new one
    if row.failures < limits.slow_after:
        return None
    delay = dt.timedelta(seconds=min(2 ** (row.failures - limits.slow_after + 1), 60))
    ready = as_utc(row.last_failure_at) + delay
    return ready - now if ready > now else None


def note_failure(session: Session, key: str, limits: Limits, now: dt.datetime) -> None:
    row = session.get(LoginFailures, key)
    if row is None:
        row = LoginFailures(key_hash=key, failures=0, last_failure_at=now)
        session.add(row)
    if row.locked_until and as_utc(row.locked_until) <= now:
        row.failures, row.locked_until = 0, None
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= limits.lock_after:
        row.locked_until = now + dt.timedelta(minutes=limits.lock_minutes)


def count_failure(session: Session, key: str, now: dt.datetime) -> int:
    """Count one more failure and say how many there are; this never locks anything."""
    row = session.get(LoginFailures, key)
    if row is None:
        row = LoginFailures(key_hash=key, failures=0, last_failure_at=now)
        session.add(row)
    row.failures += 1
    row.last_failure_at = now
    return row.failures


def failures(session: Session, key: str) -> int:
    row = session.get(LoginFailures, key)
    return row.failures if row is not None else 0


def forget(session: Session, key: str) -> None:
    """A successful log-in (or a password reset) clears the key's counter."""
    row = session.get(LoginFailures, key)
    if row is not None:
        session.delete(row)
