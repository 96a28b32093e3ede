"""The database schema's version: brought up to date only by `form-service migrate`.

Migrating is a step of its own, run before the services start (`make run` does it,
and so must a deploy). A web worker that migrated as it started could not start at
all while the database was away, and gunicorn stops for good when a worker fails to
boot. So a service checks the schema when it starts instead: one whose database is
behind the code's migrations refuses to start with one line saying what to run; one
that cannot reach its database starts anyway and answers 503 until it is back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from form_service.storage.db import database_url, make_engine, open_sessions

MIGRATIONS = "form_service:migrations"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

# gunicorn's status for "worker failed to boot": its master stops instead of
# starting, again and again, workers that cannot work against this database.
BOOT_FAILED = 3


class SchemaBehind(SystemExit):
    """The database lacks migrations this code needs: the service exits instead of
    serving. A SystemExit, so no traceback hides the one line that says why."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(BOOT_FAILED)
        self.message, self.missing = message, missing

    def __str__(self) -> str:
        return self.message


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return config


def upgrade(engine: Engine) -> None:
    """Run every Alembic migration not yet applied.

    Two operators (or a deploy and a cron job) may migrate at once: the migration runs
    under the database's write lock (SQLite) or an advisory lock (PostgreSQL), so the
    first one migrates and the other finds nothing left to do.
    """
    config = alembic_config()
    with engine.connect() as connection:
        connection = connection.execution_options(write_first=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(7249)"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def missing_migrations(engine: Engine) -> list[str]:
    """The code's migrations the database has not had, oldest first.

    Empty when it is up to date, and also when it holds a revision this code does not
    know: a newer release migrated it, and that is not this release's to refuse.
    """
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        applied = MigrationContext.configure(connection).get_current_heads()
    known = [revision.revision for revision in script.walk_revisions()]
    if any(revision not in known for revision in applied):
        return []
    done = {
        revision.revision
        for head in applied
        for revision in script.iterate_revisions(head, "base", inclusive=True)
    }
    return [revision for revision in reversed(known) if revision not in done]


def init_app(app: Flask) -> None:
    """Check the schema (see `check_at_start`); give each request its own session."""
    engine = make_engine(database_url(app))
    check_at_start(app, engine)
    open_sessions(app, engine)


def check_at_start(app: Flask, engine: Engine) -> None:
    """Refuse to serve a database that is behind the code; start without one that is away."""
    try:
        missing = missing_migrations(engine)
    except SQLAlchemyError as error:
        app.logger.warning(
            "The database cannot be reached (%s): starting anyway; pages that need it "
            "answer 503 until it is back.",
            error.__class__.__name__,
        )
        return
    if missing:
        message = (
            f"The database is behind this code (missing migrations {', '.join(missing)}): "
            "run `form-service migrate` before starting the service."
        )
        app.logger.critical(message)
        raise SchemaBehind(message, missing)


def migrate(overrides: dict[str, Any] | None = None) -> list[str]:
    """`form-service migrate`: bring the configured database up to date; return what ran.

    Needs only the database's address (`DATABASE_URL`, or the SQLite file in the
    instance folder), read in the same layers as the services' settings, and none of
    their secrets. `overrides` are settings given directly (the tests' database).
    """
    from form_service.core.configuration import instance_folder, load
    from form_service.core.settings import SETTINGS_FILE, DatabaseSettings

    app = Flask("form_service", instance_path=str(instance_folder()))
    load(app, DatabaseSettings, SETTINGS_FILE, overrides)
    engine = make_engine(database_url(app))
    try:
        missing = missing_migrations(engine)
        upgrade(engine)
    finally:
        engine.dispose()
    return missing
