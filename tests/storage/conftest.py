"""Real databases for the storage tests: an SQLite file, and the machine's PostgreSQL.

PostgreSQL must run in CI (CI=true); elsewhere a missing server skips those tests
with the reason.
"""

from __future__ import annotations

import pytest
from databases import migrated
from local_services import postgres_database
from sqlalchemy.orm import sessionmaker

from form_service.core.crypto import generate_keypair
from form_service.storage.db import make_engine
from form_service.storage.submissions import Keys


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        engine = make_engine(migrated(url))
        yield engine
        engine.dispose()
        return
    databases = postgres_database()
    url = next(databases)
    engine = make_engine(migrated(url))
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
