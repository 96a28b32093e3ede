"""The machine's PostgreSQL and Redis for tests: used when there, required in CI.

Outside CI a missing server skips the test with the reason; in CI (CI=true) the
test fails, because there they must run.
"""

from __future__ import annotations

import os
import socket
import uuid

import pytest


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


# Seconds to wait for a server that is there but slow to answer (a loaded machine); a
# server that is not there refuses at once, so this never slows the skip.
PATIENCE = 60

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def postgres_database():
    """Create a throwaway database on the local server; yield its URL; drop it."""
    import psycopg

    admin = POSTGRES_ADMIN_URL.replace("+psycopg", "")
    name = f"kontaktstod_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=PATIENCE) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL on 127.0.0.1:5432 is not reachable ({error.__class__.__name__})")
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_url() -> str:
    """The local Redis, for rate limits shared between processes."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=PATIENCE):
            return "redis://127.0.0.1:6379"
    except OSError:
        unavailable("Redis on 127.0.0.1:6379 is not reachable")
        raise
