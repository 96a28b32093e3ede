"""A development administrator for `make run`, so a fresh checkout can log in.

Only ever made with `ENV_NAME=development`; the password is random per checkout and
kept in the instance folder (which git ignores), never a known default.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from form_service.core.clock import clock
from form_service.staff.settings import staff_settings
from form_service.staff.users import add_user, find_user, reset_password
from form_service.storage.db import session_scope

USERNAME = "utvecklare"


def ensure_development_account(app: Flask) -> tuple[str, str]:
    if staff_settings(app).ENV_NAME != "development":
        raise RuntimeError("a development account only in development")
    path = Path(app.instance_path) / "dev-staff-password.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    password = path.read_text().strip()
    with app.app_context(), session_scope(app) as db:
        if find_user(db, USERNAME) is None:
            add_user(
                db,
                username=USERNAME,
                display_name="Utvecklare (bara lokalt)",
                role="administrator",
                password=password,
                at=clock(app).now(),
            )
        else:
            reset_password(db, USERNAME, password, staff_settings(app).SECRET_KEY)
    return USERNAME, password
