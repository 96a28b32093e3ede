"""The database connection: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.

The schema is brought up to date by `form-service migrate`, never by a starting app
(see `schema.py`). An app starts without its database and gets it back by itself:
nothing here connects before a request needs it, PostgreSQL's pool tests a connection
before lending it, and a connection that failed to open is never kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, Executable, Select, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

# How long a PostgreSQL connection attempt may take before the page gets a 503: a
# database host that does not answer at all must not hold the worker for minutes.
CONNECT_TIMEOUT_SECONDS = 5


def database_url(app: Flask) -> str:
    """DATABASE_URL, or an SQLite file in the instance folder."""
    url = app.extensions["settings"].DATABASE_URL
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    with contextlib.suppress(OSError):  # a read-only folder: the pages say 503, not this
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'form_service.sqlite3'}"


_writers: weakref.WeakKeyDictionary[Engine, WriterQueue] = weakref.WeakKeyDictionary()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        writers = WriterQueue(engine.url.database)
        _writers[engine] = writers
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", writers.begin)
        event.listen(engine, "commit", writers.end)
        event.listen(engine, "rollback", writers.end)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        connect_args=_connect_timeout(url),
    )


def _connect_timeout(url: str) -> dict[str, int]:
    """Ours, unless DATABASE_URL sets its own `connect_timeout`."""
    if "connect_timeout" in make_url(url).query:
        return {}
    return {"connect_timeout": CONNECT_TIMEOUT_SECONDS}


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
        if immediate:
            descriptor = self.wait()
            if descriptor is not None:
                connection.info["writer_lock"] = descriptor
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def wait(self) -> int | None:
        """Wait for the lock file and hold it; without one (a read-only folder, or a
        database in memory) SQLite's own lock still keeps writers apart, and the
        write itself then fails as it must."""
        if not self.path:
            return None
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return descriptor

    def end(self, connection) -> None:
        self.release(connection.info.pop("writer_lock", None))

    @staticmethod
    def release(descriptor: int | None) -> None:
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


def begin_writing(session: Session | Connection, lock: str | None = None) -> None:
    """Start a transaction that will write: take the write lock before reading.

    SQLite: a transaction that reads and then writes fails at once ("database is
    locked") if another writer committed in between; taking the lock first makes it
    wait its turn instead. PostgreSQL: with `lock`, an advisory lock of that name is
    held until commit, for read-then-write sequences such as a queue's next place.
    """
    if isinstance(session, Session):
        session.rollback()
        connection = session.connection(execution_options={"write_first": True})
    else:  # a plain connection: the next statement begins
        if session.in_transaction():
            session.rollback()
        connection = session.execution_options(write_first=True)
    if lock and connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": lock})


def write_after_reading(session: Session) -> None:
    """Go on from a transaction that has only read to writing, with the lock first.

    For a page that has read what it shows and then only adds rows or deletes by id
    (its audit entries, a confirmed deletion). Committing the reading transaction keeps
    what it loaded (`expire_on_commit=False`; a rollback would make the page read it
    all again), and nothing is pending to commit. A write that depends on what was read
    must instead start with `begin_writing` and read under the lock.
    """
    session.commit()
    begin_writing(session)


def erase_deleted(session: Session) -> None:
    """After a deletion, make it real on disk as well.

    SQLite's secure_delete zeroes freed pages in the database file, but the write-ahead
    log still holds earlier copies of them until a checkpoint: this one copies the log
    back and truncates it. PostgreSQL's deleted rows are reclaimed by (auto)vacuum.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def open_sessions(app: Flask, engine: Engine) -> None:
    """Give each of the app's requests its own session on `engine` (`schema.init_app`
    checks the schema first)."""
    app.extensions["db_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["db_engine"] = engine
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The current request's session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessions"]()
    return g.db_session


@dataclass(frozen=True)
class _Compiled:
    """A statement as the engine's driver takes it: the SQL, how its parameters are
    passed and converted, and the conversion of each column's value read (SQLite
    keeps dates as text)."""

    sql: str
    positional: tuple[str, ...] | None  # the parameter names in order, or None: by name
    convert: tuple[Callable[[Any], Any] | None, ...]
    bind: dict[str, Callable[[Any], Any]]  # how a parameter is passed (SQLite's dates)

    def values(self, parameters: dict[str, Any]) -> Any:
        given = {
            name: (self.bind[name](value) if name in self.bind else value)
            for name, value in parameters.items()
        }
        if self.positional is None:
            return given
        return tuple(given[name] for name in self.positional)


_compiled: dict[tuple[type, Executable], _Compiled] = {}
_BEGIN_IMMEDIATE = text("BEGIN IMMEDIATE")


def read_row(statement: Select, parameters: dict[str, Any]) -> tuple | None:
    """The first row of a one-statement read, on a pooled connection of the driver.

    For the read on every form page (the draft): a single SELECT needs no transaction
    of ours (SQLite runs it in its own; PostgreSQL's is rolled back when the pool takes
    the connection back, as for any connection), and SQLAlchemy's connection, its
    BEGIN and the rollback at the end cost more than the statement itself. The
    statement is compiled once per engine; a fault is raised as SQLAlchemy raises it,
    so a database that is away still gives its 503 page (`web/errors.py`).
    """
    engine = current_app.extensions["db_engine"]
    compiled = _compile(engine, statement)
    values = compiled.values(parameters)
    dbapi_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()
    except dbapi_error as fault:
        raise DBAPIError.instance(None, None, fault, dbapi_error) from fault
    try:
        cursor = connection.cursor()
        cursor.execute(compiled.sql, values)
        row = cursor.fetchone()
        cursor.close()
    except dbapi_error as fault:
        raise DBAPIError.instance(compiled.sql, values, fault, dbapi_error) from fault
    finally:
        connection.close()
    if row is None:
        return None
    pairs = zip(compiled.convert, row, strict=True)
    return tuple(value if to is None else to(value) for to, value in pairs)


@contextmanager
def driver_writing() -> Iterator[Callable[[Executable, dict[str, Any]], int]]:
    """A write transaction on a pooled connection of the driver, for the draft that
    every step sent saves: `run(statement, parameters)` gives the rows it changed.

    The same transaction as `begin_writing` gives, without SQLAlchemy's connection
    around it: on SQLite the writers' queue (`WriterQueue`) and `BEGIN IMMEDIATE`
    first; committed when the block ends, rolled back if it fails. Faults are raised
    as SQLAlchemy raises them (a database that is away gives the 503 page).
    """
    engine = current_app.extensions["db_engine"]
    dbapi_error = engine.dialect.loaded_dbapi.Error
    writers = _writers.get(engine)
    try:
        connection = engine.raw_connection()
    except dbapi_error as fault:
        raise DBAPIError.instance(None, None, fault, dbapi_error) from fault
    cursor = connection.cursor()

    def run(statement: Executable, parameters: dict[str, Any]) -> int:
        compiled = _compile(engine, statement)
        values = compiled.values(parameters)
        try:
            cursor.execute(compiled.sql, values)
        except dbapi_error as fault:
            raise DBAPIError.instance(compiled.sql, values, fault, dbapi_error) from fault
        return cursor.rowcount

    descriptor = writers.wait() if writers else None
    try:
        if writers:
            run(_BEGIN_IMMEDIATE, {})
        yield run
        try:
            connection.commit()
        except dbapi_error as fault:
            raise DBAPIError.instance("COMMIT", None, fault, dbapi_error) from fault
    except BaseException:
        with contextlib.suppress(dbapi_error):
            connection.rollback()
        raise
    finally:
        WriterQueue.release(descriptor)
        cursor.close()
        connection.close()


def _compile(engine: Engine, statement: Executable) -> _Compiled:
    key = (type(engine.dialect), statement)  # statements built once, at import
    if key not in _compiled:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        columns = getattr(statement, "selected_columns", ())
        _compiled[key] = _Compiled(
            str(compiled),
            tuple(compiled.positiontup or ()) if compiled.positional else None,
            tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in columns
            ),
            {
                name: process
                for name, bind in compiled.binds.items()
                if (process := bind.type.dialect_impl(dialect).bind_processor(dialect))
            },
        )
    return _compiled[key]


def discard_session() -> None:
    """End the request's session without committing anything, for an error page.

    Whatever failed may have left the session half-written or unusable ("this
    session's transaction has been rolled back"); the error page must neither save
    half a change nor use that session. A lost connection has nothing to undo.
    """
    session = g.pop("db_session", None)
    if session is not None:
        with contextlib.suppress(SQLAlchemyError):
            session.rollback()
        with contextlib.suppress(SQLAlchemyError):
            session.close()


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
