"""Configuration: defaults, then the instance folder's file, then the environment.

Every setting can be given as an environment variable of the same name; the README
lists them all (a test checks that). Development (no keys configured) generates
throwaway keys into the instance folder so `make run` works on a fresh checkout.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask

from form_service.crypto import generate_keypair, new_draft_key

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = "form_service.cfg"


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed, so the service must not start.

    Its message is one Swedish line for the operator: what is wrong and where to set
    it. The `form-service` commands print it instead of a traceback.
    """


DEFAULTS: dict[str, Any] = {
    "ENV_NAME": "production",
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "SUBMISSION_PUBLIC_KEY": None,
    "DRAFT_KEY": None,
    "DRAFT_LIFETIME_HOURS": 24,
    "MIN_FILL_SECONDS": 3,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_SUBMIT": "20 per hour;5 per minute",
    "RATELIMIT_STATUS": "10 per minute;50 per hour",
    "RATELIMIT_DEFAULT": "300 per minute",
    "CONTENT_DIR": str(PROJECT_ROOT / "content"),
    "SITE_URL": "",
    "PROXY_COUNT": 0,
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_FROM": "noreply@exempelkommun.example",
    "MAIL_TIMEOUT_SECONDS": 20,
    "PATTERN_PAGE": False,
}
INTEGER_SETTINGS = {
    "DRAFT_LIFETIME_HOURS",
    "MIN_FILL_SECONDS",
    "MAX_CONTENT_LENGTH",
    "MAIL_PORT",
    "MAIL_TIMEOUT_SECONDS",
    "PROXY_COUNT",
}
BOOLEAN_SETTINGS = {"MAIL_USE_TLS", "PATTERN_PAGE"}


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    required = ("SECRET_KEY", "SUBMISSION_PUBLIC_KEY", "DRAFT_KEY")
    development = load_layers(
        app, DEFAULTS, INTEGER_SETTINGS, BOOLEAN_SETTINGS, test_config, required
    )
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not development,
        SESSION_COOKIE_NAME="e_tjanst",
        WTF_CSRF_TIME_LIMIT=app.config["DRAFT_LIFETIME_HOURS"] * 3600,
    )


def load_layers(
    app: Flask,
    defaults: dict[str, Any],
    integers: set[str],
    booleans: set[str],
    test_config: dict[str, Any] | None,
    required: tuple[str, ...],
) -> bool:
    """Defaults, then the instance folder's `form_service.cfg`, then the environment,
    then `test_config`: the same order for the public service and the staff side.

    Refuses to go on without the `required` secrets, except in development, where
    missing ones come from throwaway keys. Returns whether this is development.
    """
    app.config.from_mapping(defaults)
    _read_settings_file(app)
    app.config.update(_from_environment(defaults, integers, booleans))
    if test_config:
        app.config.from_mapping(test_config)
    development = app.config["ENV_NAME"] == "development" or app.testing
    if development:
        _fill_development_keys(app, required)
    missing = [name for name in required if not app.config[name]]
    if missing:
        raise ConfigurationError(
            f"Inställningar saknas: {', '.join(missing)}. Sätt dem som miljövariabler "
            f"eller i {_settings_path(app)} (se README, Settings); på en utvecklardator "
            "räcker ENV_NAME=development, som skapar nycklar för utveckling."
        )
    return development


def _settings_path(app: Flask) -> Path:
    return Path(app.instance_path) / SETTINGS_FILE


def _read_settings_file(app: Flask) -> None:
    """The instance folder's settings file, if there is one: Python assignments."""
    try:
        app.config.from_pyfile(SETTINGS_FILE, silent=True)
    except Exception as fault:  # the file is Python: any error in it is the operator's
        line = f" på rad {fault.lineno}" if isinstance(fault, SyntaxError) else ""
        raise ConfigurationError(
            f"Inställningsfilen {_settings_path(app)} går inte att läsa{line} "
            f"({type(fault).__name__}); rätta den (se README, Settings)."
        ) from fault


def _from_environment(
    defaults: dict[str, Any], integers: set[str], booleans: set[str]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in defaults:
        if name not in os.environ:
            continue
        value: Any = os.environ[name]
        if name in integers:
            value = _integer(name, value)
        elif name in booleans:
            value = value.lower() in ("1", "true", "yes", "ja")
        found[name] = value
    return found


def _integer(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(
            f"Inställningen {name} ska vara ett heltal, men miljövariabeln är {value!r}; "
            "rätta den (se README, Settings)."
        ) from None


def _fill_development_keys(app: Flask, required: tuple[str, ...]) -> None:
    """Throwaway keys for development, kept in the instance folder between restarts."""
    if all(app.config.get(name) for name in required):
        return
    path = Path(app.instance_path) / "dev-keys.json"
    if not path.exists():
        public, private = generate_keypair()
        keys = {
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SUBMISSION_PUBLIC_KEY": public,
            "SUBMISSION_PRIVATE_KEY": private,
            "DRAFT_KEY": new_draft_key(),
        }
        _write_once(path, json.dumps(keys))
    for name, value in json.loads(path.read_text()).items():
        if not app.config.get(name):
            app.config[name] = value


def _write_once(path: Path, text: str) -> None:
    """Write a private file whole, unless another process has just written it.

    Two processes starting together (the public service and the staff side, or test
    workers) must end up with the same keys, and neither may read a half-written file:
    the text goes to a temporary file that is then linked into place, which fails if
    the file is already there.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as draft:
        draft.write(text)  # mkstemp: readable by the owner only
    try:
        os.link(draft.name, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft.name)
