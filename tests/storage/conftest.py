"""Real databases for the storage tests: an SQLite file, and the machine's PostgreSQL.

PostgreSQL must run in CI (CI=true); elsewhere a missing server skips those tests
with the reason.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy.orm import sessionmaker

from form_service.crypto import generate_keypair
from form_service.storage.db import make_engine, upgrade
from form_service.storage.submissions import Keys

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def postgres_database():
    """Create a throwaway database on the local server; yield its URL; drop it."""
    import psycopg

    admin = POSTGRES_ADMIN_URL.replace("+psycopg", "")
    name = f"kontaktstod_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL on 127.0.0.1:5432 is not reachable ({error.__class__.__name__})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    databases = postgres_database()
    url = next(databases)
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()
    databases.close()


@pytest.fixture
def sessions(engine):
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture(scope="session")
def key_pair() -> tuple[str, str]:
    return generate_keypair()


@pytest.fixture
def keys(key_pair) -> Keys:
    return Keys(public_key=key_pair[0], status_secret="test-secret")
