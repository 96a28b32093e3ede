"""Health checks for whoever runs the service: is the process alive, is it ready.

`/healthz` answers from the process alone, touching no database, so a supervisor can
tell a hung or dead worker from a database that is away. `/readyz` says whether this
app can do its work: the database answers and has every migration this code needs,
the keys this app needs are loaded (and, on the staff side, the private key opens
what the public key seals), and how long the oldest unsent e-mail has waited.

Both apps register the same blueprint, each saying which keys it must hold (`keys=`).
The answers are JSON with check names only, never an error text, a key, a reference
or anything a citizen sent. Neither endpoint is rate-limited (a monitor polls them)
nor touches the session, so no cookie is ever set. Because they are not limited and
`/readyz` queries the database, the deploy kit does not expose them on the internet:
nginx answers 404 for them, and the machine's own monitoring asks gunicorn on
loopback (docs/drift.md, "Övervakning").
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from flask.blueprints import BlueprintSetupState
from sqlalchemy import Engine, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from form_service.core.crypto import key_id
from form_service.core.keyring import Keyring
from form_service.core.security import limiter
from form_service.core.swedish_time import as_utc
from form_service.storage.models import OutboxMessage, Submission
from form_service.storage.outbox import RECEIPT
from form_service.storage.schema import missing_migrations
from form_service.web.open_views import open_to_all

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
limiter.exempt(bp)

KEY_BYTES = 32
OK, FAIL, UNKNOWN = "ok", "fail", "unknown"


def public_keys_loaded(settings: Any) -> bool:
    """The public service seals with the public key and locks drafts with its own."""
    return _usable(settings.SUBMISSION_PUBLIC_KEY, settings.DRAFT_KEY)


def staff_keys_loaded(settings: Any) -> bool:
    """The staff side opens with its keyring (the current private key and any older
    ones); given the public key as well, its private half must be in the keyring, or
    nothing the public service seals now would open."""
    ring = Keyring.from_settings(
        settings.SUBMISSION_PRIVATE_KEY, settings.SUBMISSION_OLD_PRIVATE_KEYS
    )
    if ring.faults:
        return False
    public = settings.SUBMISSION_PUBLIC_KEY
    return not public or (_usable(public) and key_id(public) in ring.ids())


@bp.record
def _remember_key_check(state: BlueprintSetupState) -> None:
    """`app.register_blueprint(health.bp, keys=...)`: which keys this app must hold."""
    state.app.extensions["health_keys"] = state.options["keys"]


@bp.route("/healthz")
@open_to_all
def alive() -> Response:
    """The process answers: nothing else is looked at."""
    return _answer({"status": OK}, 200)


@bp.route("/readyz")
@open_to_all
def ready() -> Response:
    """200 when every check passes, else 503 naming the checks that failed."""
    checks, oldest = _database_checks(current_app.extensions["db_engine"])
    checks["keys"] = (
        OK if current_app.extensions["health_keys"](current_app.extensions["settings"]) else FAIL
    )
    all_ok = all(result == OK for result in checks.values())
    body = {
        "status": OK if all_ok else FAIL,
        # a check that could not be made (the schema without a database) is UNKNOWN in
        # `checks`, and not named here: the one that failed is
        "failing": [name for name, result in checks.items() if result == FAIL],
        "checks": checks,
        "oldest_unsent_mail_seconds": oldest,
    }
    return _answer(body, 200 if all_ok else 503)


def _database_checks(engine: Engine) -> tuple[dict[str, str], int | None]:
    """The database's and the schema's checks, and the oldest unsent mail's age."""
    try:
        if missing_migrations(engine):
            return {"database": OK, "migrations": FAIL}, None  # the outbox may not be there
        return {"database": OK, "migrations": OK}, _oldest_unsent_mail_age(engine)
    except SQLAlchemyError as error:
        log.warning("readyz: the database cannot be reached (%s)", error.__class__.__name__)
        return {"database": FAIL, "migrations": UNKNOWN}, None


def _oldest_unsent_mail_age(engine: Engine) -> int | None:
    """Seconds since the oldest e-mail still to be sent was stored, or None if none is.

    An outbox message is written in the same transaction as its submission, so the
    submission's arrival is the message's age. A receipt given up (its address erased)
    will never go and is not waiting.
    """
    query = (
        select(func.min(Submission.created_at))
        .join(OutboxMessage, OutboxMessage.reference == Submission.reference)
        .where(
            OutboxMessage.sent_at.is_(None),
            or_(OutboxMessage.kind != RECEIPT, OutboxMessage.recipient_sealed.is_not(None)),
        )
    )
    with engine.connect() as connection:
        stored = connection.execute(query).scalar()
    if stored is None:
        return None
    return max(0, int((dt.datetime.now(dt.UTC) - as_utc(stored)).total_seconds()))


def _usable(*keys: str | None) -> bool:
    """Each key is given and is one: 32 bytes in base64 (any 32 bytes are a key)."""
    return all(key and _decoded_length(key) == KEY_BYTES for key in keys)


def _decoded_length(key: str) -> int:
    try:
        return len(base64.b64decode(key, validate=True))
    except (binascii.Error, ValueError):
        return 0


def _answer(body: dict[str, Any], status: int) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
