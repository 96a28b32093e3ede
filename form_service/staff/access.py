"""Who may see a staff page: one decorator on every route, server-side sessions.

Every view in the staff app is wrapped by `staff_only(role)` or explicitly marked
`open_to_all` (`form_service.web.open_views`: only the log-in pages and the health
checks, which show no data); a test walks the URL map to prove no route slipped
through. The browser's cookie
holds only a random token; the session itself is a database row, so log-out, a
disabled account and expiry end it everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy import delete
from sqlalchemy.orm import Session

from form_service.core.clock import now
from form_service.core.swedish_time import as_utc
from form_service.staff.settings import staff_settings
from form_service.storage.db import begin_writing, get_session
from form_service.storage.models import StaffSession, StaffUser

CASE_OFFICER = "handlaggare"
ADMINISTRATOR = "administrator"
ROLES = {CASE_OFFICER: "Handläggare", ADMINISTRATOR: "Administratör"}


@dataclass(frozen=True)
class ShownUser:
    """What the layout shows of the logged-in user: copied when the session is checked,
    so no page, not even an error page after the database failed, reads it again."""

    display_name: str
    role: str


def staff_only(role: str = CASE_OFFICER) -> Callable:
    """Logged in, with a completed log-in, and (for administrators' pages) the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("auth.login", **_login_reason()))
            if role == ADMINISTRATOR and user.role != ADMINISTRATOR:
                abort(403)
            return view(*args, **kwargs)

        guarded.staff_access = role  # type: ignore[attr-defined]
        return guarded

    return decorate


def current_user(*, second_factor_pending_ok: bool = False) -> StaffUser | None:
    """The logged-in user, or None; ends a session that has expired or lost its user."""
    cached = g.get("staff_user_checked")
    if cached is not None and not second_factor_pending_ok:
        return cached or None
    user = _user_of_session(second_factor_pending_ok)
    if not second_factor_pending_ok:
        g.staff_user_checked = user or False
        g.staff_user_shown = ShownUser(user.display_name, user.role) if user else None
    return user


def shown_user() -> ShownUser | None:
    """The logged-in user as the layout shows them, if `current_user` found one."""
    return g.get("staff_user_shown")


def _user_of_session(second_factor_pending_ok: bool) -> StaffUser | None:
    token = session.get("staff")
    if not token:
        return None
    db = get_session()
    # The session row is read and then written (its last request, or its end): with
    # the write lock taken first, another writer cannot make that write fail.
    begin_writing(db)
    user = _checked_and_noted(db, token, second_factor_pending_ok)
    db.commit()
    return user


def _checked_and_noted(db: Session, token: str, second_factor_pending_ok: bool) -> StaffUser | None:
    """The session's user with this request noted; None if the session has ended."""
    row = db.get(StaffSession, _hash(token))
    user = db.get(StaffUser, row.user_id) if row else None
    if row is None or user is None or not user.active:
        session.pop("staff", None)
        return None
    moment = now()
    settings = staff_settings()
    idle = moment - as_utc(row.last_seen_at) > dt.timedelta(minutes=settings.STAFF_IDLE_MINUTES)
    old = moment - as_utc(row.created_at) > dt.timedelta(hours=settings.STAFF_SESSION_HOURS)
    if idle or old:
        g.session_ended = "inaktiv" if idle else "for-lange"
        end_session()
        return None
    if not row.second_factor_done and not second_factor_pending_ok:
        return None
    row.last_seen_at = moment
    return user


def start_session(user: StaffUser, *, second_factor_done: bool) -> None:
    """A new session id at every log-in, so a planted cookie is worth nothing."""
    session.clear()
    token = secrets.token_urlsafe(32)
    moment = now()
    db = get_session()
    db.add(
        StaffSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=moment,
            last_seen_at=moment,
            second_factor_done=second_factor_done,
        )
    )
    session["staff"] = token
    g.pop("staff_user_checked", None)
    g.pop("staff_user_shown", None)


def complete_second_factor() -> None:
    row = get_session().get(StaffSession, _hash(session.get("staff", "")))
    if row is not None:
        row.second_factor_done = True
        row.last_seen_at = now()


def end_session() -> None:
    """Log-out: the row goes, so the old cookie no longer opens anything."""
    token = session.pop("staff", None)
    session.clear()
    if token:
        db = get_session()
        db.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))
        db.commit()
    g.staff_user_checked = False
    g.staff_user_shown = None


def end_sessions_of(db: Session, user: StaffUser) -> None:
    """A disabled user or a reset password: every session of theirs ends at once."""
    db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def _login_reason() -> dict[str, str]:
    reason = {"nasta": request.full_path.rstrip("?")} if request.method == "GET" else {}
    if g.get("session_ended"):
        reason["orsak"] = g.session_ended
    return reason


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
