"""The staff side's settings, declared once: its own process, its own secrets.

Read in the same layers as the public service (defaults, instance file, environment,
test overrides), but from its own instance file, `handlaggarstod.cfg`: nothing meant
for the staff side is ever in the public service's file. Only this process is given
`SUBMISSION_PRIVATE_KEY` and, during a key rotation, `SUBMISSION_OLD_PRIVATE_KEYS`
(together its keyring, `keyring()`). The README's "Staff settings" table is written
from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from form_service.core.configuration import InstanceFile, load, setting
from form_service.core.keyring import Keyring
from form_service.core.settings import PROJECT_ROOT

SETTINGS_FILE = InstanceFile("handlaggarstod.cfg")


@dataclass(frozen=True)
class StaffSettings:
    """What the staff side can be told; the README's "Staff settings" table."""

    ENV_NAME: str = setting(
        "production", "`development` allows plain-HTTP cookies and generates keys"
    )
    INSTANCE_PATH: str | None = setting(
        None,
        "the folder with `handlaggarstod.cfg`, the development keys and the default SQLite "
        "database (environment only)",
        shown_default="`instance/`",
        environment_only=True,
    )
    SECRET_KEY: str | None = setting(
        None,
        "signs the staff session cookie and CSRF tokens, keys the log-in counters; not the "
        "public service's",
        required=True,
    )
    DATABASE_URL: str | None = setting(
        None, "the same database as the public service", shown_default="SQLite in `instance/`"
    )
    SUBMISSION_PRIVATE_KEY: str | None = setting(
        None,
        "the current private key: opens the sealed answers and seals notes and what "
        "`form-service keys rewrap` re-seals; only ever in this process's environment or "
        "`handlaggarstod.cfg`",
        required=True,
    )
    SUBMISSION_OLD_PRIVATE_KEYS: str = setting(
        "",
        "during a key rotation: the previous private keys (separated by spaces), which "
        "still open rows sealed with them; take a key out when `form-service keys status` "
        "says no row needs it",
        shown_default="empty",
    )
    SUBMISSION_PUBLIC_KEY: str | None = setting(
        None,
        "optional: the public service's public key; `/readyz` then checks that its private "
        "half is in the keyring",
    )
    CONTENT_DIR: str = setting(
        str(PROJECT_ROOT / "content"),
        "where `site.yaml` is (form titles, retention)",
        shown_default="`content/`",
    )
    LOG_FORMAT: str = setting(
        "text",
        "`json`: one JSON line per request (request id, URL rule, status, duration) and per "
        "event on stderr; `text`: plain log lines",
    )
    PROXY_COUNT: int = setting(
        0, "reverse proxies in front whose X-Forwarded-For/-Proto are trusted"
    )
    MAX_CONTENT_LENGTH: int = setting(64 * 1024, "largest request in bytes")
    STAFF_IDLE_MINUTES: int = setting(15, "a session ends after this long without a request")
    STAFF_SESSION_HOURS: int = setting(8, "a session ends this long after log-in, however busy")
    STAFF_SLOW_AFTER: int = setting(
        3,
        "failed log-ins for an account from one address before each new try from there "
        "must wait (2, 4 … 60 s)",
    )
    STAFF_LOCK_AFTER: int = setting(
        10,
        "failed log-ins for an account that lock that one address out of it; from all "
        "addresses together, they put the account under attack (it asks for its TOTP code "
        "if it has one; never locked)",
    )
    STAFF_ADDRESS_LOCK_AFTER: int = setting(
        30, "failed log-ins that lock an address (slowed from half of it)"
    )
    STAFF_LOCK_MINUTES: int = setting(15, "how long a lock of an address lasts")
    STAFF_TOTP: bool = setting(
        False,
        "ask for a TOTP code after the password (`form-service staff totp` sets one up)",
    )
    STAFF_PAGE_SIZE: int = setting(25, "submissions per page in the lists")
    AUDIT_RETENTION_YEARS: int | None = setting(
        None,
        "years the audit log is kept, as the municipality's dokumenthanteringsplan decides; "
        "`form-service audit purge` deletes older entries (unset: never)",
    )
    STAFF_PASSWORD_HASHING: str = setting(
        "standard", "`fast` only for test suites: Argon2's cheapest parameters"
    )


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load the declaration into the app, with the session cookie that follows from it."""
    settings = load(app, StaffSettings, SETTINGS_FILE, test_config)
    development = settings.ENV_NAME == "development" or app.testing
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=not development,
        SESSION_COOKIE_NAME="handlaggning",
        WTF_CSRF_TIME_LIMIT=settings.STAFF_SESSION_HOURS * 3600,
    )


def keyring(app: Flask | None = None) -> Keyring:
    """The private keys this process holds, worked out once per app."""
    app = app or current_app
    ring = app.extensions.get("keyring")
    if ring is None:
        settings = staff_settings(app)
        ring = Keyring.from_settings(
            settings.SUBMISSION_PRIVATE_KEY, settings.SUBMISSION_OLD_PRIVATE_KEYS
        )
        app.extensions["keyring"] = ring
    return ring


def staff_settings(app: Flask | None = None) -> StaffSettings:
    """The staff side's settings, read by attribute (`staff_settings().STAFF_TOTP`)."""
    return (app or current_app).extensions["settings"]
