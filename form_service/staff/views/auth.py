"""Logging in and out. Guessing is slowed down and then locked out per address (see
`login_guard.py`), never for an account's owner; every attempt is in the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from form_service.core.clock import now
from form_service.staff import audit
from form_service.staff.access import (
    complete_second_factor,
    current_user,
    end_session,
    staff_only,
    start_session,
)
from form_service.staff.forms import CodeForm, LoginForm
from form_service.staff.login_guard import LoginGuard
from form_service.staff.next_page import safe_next_page
from form_service.staff.passwords import password_matches
from form_service.staff.settings import keyring, staff_settings
from form_service.staff.users import find_user, totp_matches
from form_service.storage.db import get_session
from form_service.storage.models import StaffUser
from form_service.web.open_views import open_to_all

bp = Blueprint("auth", __name__)

ENDED = {
    "inaktiv": "Du loggades ut eftersom du inte hade gjort något på en stund. Logga in igen.",
    "for-lange": "Du har varit inloggad länge och loggades ut. Logga in igen.",
    "utloggad": "Du är utloggad.",
}
WRONG = "Fel användarnamn eller lösenord."
WAIT = "För många misslyckade försök. Vänta en stund innan du försöker igen."
LOCKED = (
    "För många misslyckade försök: inloggningen är spärrad en stund. "
    "Kontakta en administratör om du har glömt ditt lösenord."
)

UNDER_ATTACK = (
    "Ditt konto har fått många felaktiga inloggningsförsök, kanske från någon som gissar "
    "lösenordet. Därför behövs koden från din app för tvåstegsinloggning den här gången."
)


@bp.route("/logga-in/", methods=["GET", "POST"])
@open_to_all
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if request.method == "GET" and current_user():
        return redirect(url_for("cases.inbox"))
    message = ENDED.get(request.args.get("orsak", ""))
    if not form.validate_on_submit():
        return _login_page(form, message, 400 if form.errors else 200)
    db, moment = get_session(), now()
    username = form.anvandarnamn.data.strip().lower()
    user = find_user(db, username)
    guard = _guard(username, user)
    wait = guard.wait(db, moment)
    if wait:
        error = LOCKED if wait.total_seconds() > 60 else WAIT
        return _login_page(form, None, 429, error=error)
    if not password_matches(user.password_hash if user else None, form.losenord.data):
        return _failed(form, user, guard)
    if not user.active:
        return _failed(form, user, guard)
    under_attack = guard.under_attack(db)
    needs_code = staff_settings().STAFF_TOTP or (under_attack and user.totp_sealed is not None)
    start_session(user, second_factor_done=not needs_code)
    if needs_code:
        db.commit()
        return redirect(url_for(".code", nasta=_safe_next()))
    guard.note_logged_in(db)
    user.last_login_at = moment
    detail = "kontot hade många misslyckade försök" if under_attack else None
    audit.record(db, "inloggning", actor=user.username, at=moment, detail=detail)
    db.commit()
    return redirect(_safe_next() or url_for("cases.inbox"))


@bp.route("/logga-in/kod/", methods=["GET", "POST"])
@open_to_all
def code() -> Response | str | tuple[str, int]:
    """The second step when two-factor log-in (`STAFF_TOTP`) is on, or the account is
    under attack and has a second factor (see `login_guard.py`)."""
    user = current_user(second_factor_pending_ok=True)
    if user is None:
        return redirect(url_for(".login"))
    form = CodeForm()
    if not form.validate_on_submit():
        # Without STAFF_TOTP the code is asked for only because the account is under attack.
        why = None if staff_settings().STAFF_TOTP else UNDER_ATTACK
        page = render_template("staff/code.html", form=form, message=why)
        return page, 400 if form.errors else 200
    db, moment = get_session(), now()
    guard = _guard(user.username, user)
    if not totp_matches(user, keyring(), form.kod.data):
        _note_failure(guard, user, detail="kod")
        db.commit()
        end_session()
        return redirect(url_for(".login"))
    complete_second_factor()
    guard.note_logged_in(db)
    user.last_login_at = moment
    audit.record(db, "inloggning", actor=user.username, at=moment, detail="med kod")
    db.commit()
    return redirect(_safe_next() or url_for("cases.inbox"))


@bp.post("/logga-ut/")
@staff_only()
def logout() -> Response:
    user = current_user()
    db = get_session()
    audit.record(db, "utloggning", actor=user.username if user else None, at=now())
    db.commit()
    end_session()
    return redirect(url_for(".login", orsak="utloggad"))


def _failed(form: LoginForm, user: StaffUser | None, guard: LoginGuard) -> tuple[str, int]:
    """Count the failure for the address and the account; say as little as possible."""
    _note_failure(guard, user)
    get_session().commit()
    current_app.logger.warning("failed staff log-in")
    return _login_page(form, None, 401, error=WRONG)


def _note_failure(guard: LoginGuard, user: StaffUser | None, detail: str | None = None) -> None:
    """Into the audit log; the first failure that puts an account under attack also
    gets a line of its own there, so the administrators see it."""
    db, moment = get_session(), now()
    actor = user.username if user else None
    audit.record(db, "inloggning-misslyckad", actor=actor, at=moment, detail=detail)
    if guard.note_failure(db, moment) and user is not None:
        audit.record(db, "konto-under-angrepp", actor=actor, at=moment)
        current_app.logger.warning("a staff account is under attack: see the audit log")


def _login_page(form: LoginForm, message: str | None, status: int, error: str | None = None):
    return render_template("staff/login.html", form=form, message=message, error=error), status


def _guard(username: str, user: StaffUser | None) -> LoginGuard:
    password_hash = user.password_hash if user else ""
    address = request.remote_addr or ""
    return LoginGuard.for_attempt(staff_settings(), username, address, password_hash)


def _safe_next() -> str | None:
    """The page asked for, if it is a page of this app: never elsewhere (open redirect)."""
    routes = current_app.url_map.bind_to_environ(request.environ)
    return safe_next_page(request.args.get("nasta", ""), routes)
