"""The staff side's configuration: its own process, its own secrets.

Read in the same layers as the public service (defaults, instance file, environment,
test overrides). Only this process is given `SUBMISSION_PRIVATE_KEY`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from form_service.settings import PROJECT_ROOT, load_layers

STAFF_DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "production",
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "SUBMISSION_PRIVATE_KEY": None,
    "CONTENT_DIR": str(PROJECT_ROOT / "content"),
    "PROXY_COUNT": 0,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "STAFF_IDLE_MINUTES": 15,
    "STAFF_SESSION_HOURS": 8,
    "STAFF_SLOW_AFTER": 3,
    "STAFF_LOCK_AFTER": 10,
    "STAFF_LOCK_MINUTES": 15,
    "STAFF_ADDRESS_LOCK_AFTER": 30,
    "STAFF_TOTP": False,
    "STAFF_PAGE_SIZE": 25,
    "STAFF_PASSWORD_HASHING": "standard",
}
STAFF_INTEGERS = {
    "PROXY_COUNT",
    "MAX_CONTENT_LENGTH",
    "STAFF_IDLE_MINUTES",
    "STAFF_SESSION_HOURS",
    "STAFF_SLOW_AFTER",
    "STAFF_LOCK_AFTER",
    "STAFF_LOCK_MINUTES",
    "STAFF_ADDRESS_LOCK_AFTER",
    "STAFF_PAGE_SIZE",
}
STAFF_BOOLEANS = {"STAFF_TOTP"}


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    required = ("SECRET_KEY", "SUBMISSION_PRIVATE_KEY")
    development = load_layers(
        app, STAFF_DEFAULTS, STAFF_INTEGERS, STAFF_BOOLEANS, test_config, required
    )
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=not development,
        SESSION_COOKIE_NAME="handlaggning",
        WTF_CSRF_TIME_LIMIT=app.config["STAFF_SESSION_HOURS"] * 3600,
    )
