"""The public service's settings, declared once: name, type, default and meaning.

Every setting can be given as an environment variable of the same name or as a line in
the instance folder's `form_service.cfg` (this app's file only); the README's table is
written from this declaration (`make settings-tables`; a test checks it is current).
Development (no keys configured) takes throwaway keys from the instance folder so
`make run` works on a fresh checkout. The private keys (`SUBMISSION_PRIVATE_KEY`,
`SUBMISSION_OLD_PRIVATE_KEYS`) are refused by every route: they belong to the staff
side only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from form_service.core.configuration import ConfigurationError, InstanceFile, load, setting

__all__ = ["ConfigurationError", "PublicSettings", "configure", "public_settings"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = InstanceFile("form_service.cfg")
STAFF_ONLY = ("SUBMISSION_PRIVATE_KEY", "SUBMISSION_OLD_PRIVATE_KEYS")


def database_url_setting() -> Any:
    """The database's address: the same for the service and `form-service migrate`."""
    return setting(None, "e.g. `postgresql://user@host/db`", shown_default="SQLite in `instance/`")


@dataclass(frozen=True)
class PublicSettings:
    """What the public service can be told; the README's "Settings" table."""

    ENV_NAME: str = setting(
        "production", "`development` generates throwaway keys and allows plain-HTTP cookies"
    )
    INSTANCE_PATH: str | None = setting(
        None,
        "the folder with `form_service.cfg`, the development keys and the default SQLite "
        "database (environment only; the staff side reads it too)",
        shown_default="`instance/`",
        environment_only=True,
    )
    SECRET_KEY: str | None = setting(
        None,
        "signs the session cookie and CSRF tokens, and keys the status-code hashes",
        required=True,
    )
    DATABASE_URL: str | None = database_url_setting()
    SUBMISSION_PUBLIC_KEY: str | None = setting(
        None,
        "public half of the key pair that seals answers (`form-service keygen`, or `keys "
        "new` for a key rotation); each row records this key's id",
        required=True,
    )
    DRAFT_KEY: str | None = setting(None, "secret key for drafts between steps", required=True)
    DRAFT_LIFETIME_HOURS: int = setting(
        24, "how long an unfinished form is kept (Digg: at least 20 hours)"
    )
    MIN_FILL_SECONDS: int = setting(
        3, "sending faster than this marks the submission as suspected spam"
    )
    MAX_CONTENT_LENGTH: int = setting(
        256 * 1024, "largest request in bytes; larger gets a 413 page"
    )
    RATELIMIT_STORAGE_URI: str = setting(
        "memory://",
        "`redis://127.0.0.1:6379` when several processes serve; `memory://` counts in the "
        "worker's own memory (`rate_limit_memory.py`: limits' storage without its thread "
        "per hit)",
    )
    RATELIMIT_SUBMIT: str = setting(
        "20 per hour;5 per minute", "how often one address may send a form"
    )
    RATELIMIT_STATUS: str = setting(
        "10 per minute;50 per hour",
        "how often one address may try a reference and code on the status page `/status/`",
    )
    RATELIMIT_DEFAULT: str = setting("300 per minute", "requests per address to any page")
    CONTENT_DIR: str = setting(
        str(PROJECT_ROOT / "content"),
        "where `site.yaml` and the menu pages are",
        shown_default="`content/`",
    )
    SITE_URL: str = setting(
        "", "the information site's address, when it is on another host", shown_default="empty"
    )
    PROXY_COUNT: int = setting(
        0,
        "how many reverse proxies are in front (1 behind the web server): their "
        "X-Forwarded-For/-Proto are trusted, so limits count per citizen",
    )
    MAIL_SERVER: str | None = setting(
        None, "SMTP server for notifications (none: they are written to the log)"
    )
    MAIL_PORT: int = setting(25, "SMTP port")
    MAIL_USE_TLS: bool = setting(False, "STARTTLS")
    MAIL_USERNAME: str | None = setting(None, "SMTP user")
    MAIL_PASSWORD: str | None = setting(None, "SMTP password")
    MAIL_FROM: str = setting("noreply@exempelkommun.example", "sender address")
    MAIL_TIMEOUT_SECONDS: int = setting(
        20,
        "longest `form-service send-mail` waits for the SMTP server with one message, from "
        "connecting to the last reply; then the message waits for its next try",
    )
    LOG_FORMAT: str = setting(
        "text",
        "`json`: one JSON line per request (request id, URL rule, status, duration) and per "
        "event on stderr; `text`: plain log lines",
    )
    PATTERN_PAGE: bool = setting(
        False,
        "show the component page `/komponenter/` (every field, empty and with errors); also "
        "shown in debug mode; never in production",
    )


@dataclass(frozen=True)
class DatabaseSettings:
    """All `form-service migrate` needs: where the database is, and none of the secrets."""

    DATABASE_URL: str | None = database_url_setting()


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load the declaration into the app, with the session cookie that follows from it."""
    settings = load(app, PublicSettings, SETTINGS_FILE, test_config, forbidden=STAFF_ONLY)
    development = settings.ENV_NAME == "development" or app.testing
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not development,
        SESSION_COOKIE_NAME="e_tjanst",
        WTF_CSRF_TIME_LIMIT=settings.DRAFT_LIFETIME_HOURS * 3600,
    )


def public_settings(app: Flask | None = None) -> PublicSettings:
    """The public service's settings, read by attribute (`public_settings().DRAFT_KEY`)."""
    return (app or current_app).extensions["settings"]
