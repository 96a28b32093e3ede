"""The database connection: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.

The schema is brought up to date with the Alembic migrations when the app starts,
so a fresh checkout needs no manual step.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = "form_service:migrations"


def database_url(app: Flask) -> str:
    """DATABASE_URL, or an SQLite file in the instance folder."""
    url = app.config.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'form_service.sqlite3'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        writers = WriterQueue(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.end)
        event.listen(engine, "rollback", writers.end)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_pragmas(connection, _record) -> None:
    """WAL for concurrent readers, real deletion, and durable commits.

    The driver's own transaction handling is switched off so `WriterQueue.begin`
    decides how each transaction starts.
    """
    connection.isolation_level = None
    cursor = connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "secure_delete=ON",
        "busy_timeout=30000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


class WriterQueue:
    """Writers to one SQLite file take turns through an operating-system file lock.

    `BEGIN IMMEDIATE` when asked (`write_first=True`) takes SQLite's write lock before
    reading, so a read-then-write (the next place in a queue) cannot race. But a
    writer that finds SQLite's lock taken sleeps in steps of up to 100 ms before it
    looks again, so under load a write could wait a second or more although the lock
    was free most of that time. Waiting first on `flock` on a file beside the
    database wakes the next writer, in any worker process, the moment the lock is
    released; SQLite's own lock is then free when it asks.
    """

    def __init__(self, database: str | None) -> None:
        in_memory = not database or database == ":memory:"
        self.path = None if in_memory else f"{database}-writer.lock"

    def begin(self, connection) -> None:
        immediate = connection.get_execution_options().get("write_first", False)
        if immediate and self.path:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            connection.info["writer_lock"] = descriptor
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def end(self, connection) -> None:
        descriptor = connection.info.pop("writer_lock", None)
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


def begin_writing(session: Session, lock: str | None = None) -> None:
    """Start a transaction that will write: take the write lock before reading.

    SQLite: a transaction that reads and then writes fails at once ("database is
    locked") if another writer committed in between; taking the lock first makes it
    wait its turn instead. PostgreSQL: with `lock`, an advisory lock of that name is
    held until commit, for read-then-write sequences such as a queue's next place.
    """
    session.rollback()
    connection = session.connection(execution_options={"write_first": True})
    if lock and connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": lock})


def upgrade(engine: Engine) -> None:
    """Run every Alembic migration not yet applied.

    Several workers start at once: the migration runs under the database's write lock
    (SQLite) or an advisory lock (PostgreSQL), so the first one migrates and the others
    find nothing left to do.
    """
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with engine.connect() as connection:
        connection = connection.execution_options(write_first=True)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(7249)"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def erase_deleted(session: Session) -> None:
    """After a deletion, make it real on disk as well.

    SQLite's secure_delete zeroes freed pages in the database file, but the write-ahead
    log still holds earlier copies of them until a checkpoint: this one copies the log
    back and truncates it. PostgreSQL's deleted rows are reclaimed by (auto)vacuum.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def init_app(app: Flask) -> None:
    """Connect, migrate, and give each request its own session."""
    engine = make_engine(database_url(app))
    upgrade(engine)
    app.extensions["db_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["db_engine"] = engine
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The current request's session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessions"]()
    return g.db_session


def _close_session(_error: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app: Flask) -> Iterator[Session]:
    """A session outside a request (commands, tests), committed when the block ends."""
    session = app.extensions["db_sessions"]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
