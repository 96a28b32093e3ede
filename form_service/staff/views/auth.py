"""Logging in and out. Failed attempts are slowed down and then locked out, per
account and per address, and every attempt is in the audit log."""

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

from form_service.staff import audit, throttle
from form_service.staff.access import (
    complete_second_factor,
    current_user,
    end_session,
    open_to_all,
    staff_only,
    start_session,
)
from form_service.staff.clock import now
from form_service.staff.forms import CodeForm, LoginForm
from form_service.staff.next_page import safe_next_page
from form_service.staff.passwords import password_matches
from form_service.staff.users import find_user, totp_matches
from form_service.storage.db import get_session

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


@bp.route("/logga-in/", methods=["GET", "POST"])
@open_to_all
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if request.method == "GET" and current_user():
        return redirect(url_for("cases.inbox"))
    message = ENDED.get(request.args.get("orsak", ""))
    if not form.validate_on_submit():
        return _login_page(form, message, 400 if form.errors else 200)
    db, moment, config = get_session(), now(), current_app.config
    username = form.anvandarnamn.data.strip().lower()
    keys = _throttle_keys(username)
    waits = [throttle.wait_before_next(db, key, limits, moment) for key, limits in keys]
    if any(waits):
        locked = any(w and w.total_seconds() > 60 for w in waits)
        return _login_page(form, None, 429, error=LOCKED if locked else WAIT)
    user = find_user(db, username)
    if not password_matches(user.password_hash if user else None, form.losenord.data):
        return _failed(form, user, keys)
    if not user.active:
        return _failed(form, user, keys)
    throttle.forget(db, keys[0][0])
    needs_code = bool(config["STAFF_TOTP"])
    start_session(user, second_factor_done=not needs_code)
    if needs_code:
        db.commit()
        return redirect(url_for(".code", nasta=_safe_next()))
    user.last_login_at = moment
    audit.record(db, "inloggning", actor=user.username, at=moment)
    db.commit()
    return redirect(_safe_next() or url_for("cases.inbox"))


@bp.route("/logga-in/kod/", methods=["GET", "POST"])
@open_to_all
def code() -> Response | str | tuple[str, int]:
    """The second step when two-factor log-in (`STAFF_TOTP`) is on."""
    user = current_user(second_factor_pending_ok=True)
    if user is None:
        return redirect(url_for(".login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("staff/code.html", form=form), 400 if form.errors else 200
    db, moment = get_session(), now()
    key = throttle.key_for(current_app.config["SECRET_KEY"], "konto", user.username)
    if not totp_matches(user, current_app.config["SUBMISSION_PRIVATE_KEY"], form.kod.data):
        throttle.note_failure(db, key, _account_limits(), moment)
        audit.record(db, "inloggning-misslyckad", actor=user.username, at=moment, detail="kod")
        db.commit()
        end_session()
        return redirect(url_for(".login"))
    complete_second_factor()
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


def _failed(form: LoginForm, user, keys) -> tuple[str, int]:
    """Count the failure for the account and the address; say as little as possible."""
    db, moment = get_session(), now()
    for key, limits in keys:
        throttle.note_failure(db, key, limits, moment)
    actor = user.username if user else None
    audit.record(db, "inloggning-misslyckad", actor=actor, at=moment, detail=None)
    db.commit()
    current_app.logger.warning("failed staff log-in")
    return _login_page(form, None, 401, error=WRONG)


def _login_page(form: LoginForm, message: str | None, status: int, error: str | None = None):
    return render_template("staff/login.html", form=form, message=message, error=error), status


def _throttle_keys(username: str) -> list[tuple[str, throttle.Limits]]:
    """The account's key first (a good log-in clears it), then the address's."""
    config = current_app.config
    secret = config["SECRET_KEY"]
    address_lock = config["STAFF_ADDRESS_LOCK_AFTER"]
    return [
        (throttle.key_for(secret, "konto", username), _account_limits()),
        (
            throttle.key_for(secret, "adress", request.remote_addr or ""),
            throttle.Limits(max(1, address_lock // 2), address_lock, config["STAFF_LOCK_MINUTES"]),
        ),
    ]


def _account_limits() -> throttle.Limits:
    config = current_app.config
    return throttle.Limits(
        config["STAFF_SLOW_AFTER"], config["STAFF_LOCK_AFTER"], config["STAFF_LOCK_MINUTES"]
    )


def _safe_next() -> str | None:
    """The page asked for, if it is a page of this app: never elsewhere (open redirect)."""
    routes = current_app.url_map.bind_to_environ(request.environ)
    return safe_next_page(request.args.get("nasta", ""), routes)
