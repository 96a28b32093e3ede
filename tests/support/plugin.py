"""The suite's fixtures, loaded as a pytest plugin by tests/conftest.py so that every
folder shares them, and each name means one thing everywhere:

- `key_pair`: a new (public, private) submission key pair.
- `app` and `citizen`: the public service on its own SQLite file, and a citizen's
  page-checking client on it. `stored` reads what the service stored.
- `office`: the staff side and the public forms on one database (`Office`).
- `engine`, `sessions`, `submission_keys`: the storage layer on SQLite and PostgreSQL.
- `smtp`: a real SMTP server on loopback and its inbox.
- `content_dir`, `write_page`: a private copy of the fixture content; `preview`: the
  editor's preview on it. `project_site`: the project's own content, built.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from form_service.core.crypto import generate_keypair
from form_service.storage.db import make_engine, session_scope
from form_service.storage.models import Submission
from form_service.storage.submissions import Keys, open_submission
from form_service.web.json_logs import StderrHandler
from site_builder import create_app as create_preview_app
from site_builder.build import build_site
from tests.support.databases import migrated
from tests.support.form_pages import make_app
from tests.support.live_server import free_port
from tests.support.local_services import postgres_database
from tests.support.mail_catcher import Inbox
from tests.support.pages import PageClient
from tests.support.staff_pages import Office

# Property tests judge answers, never speed: no deadline and no "too slow" health
# check, which a loaded machine would fail; a fixed number of examples each.
settings.register_profile(
    "suite", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("suite")

# The test SMTP servers (aiosmtpd) give up after 5 s if their thread has not started,
# which a loaded machine can exceed: wait longer (it only ends a hang).
os.environ.setdefault("AIOSMTPD_CONTROLLER_TIMEOUT", "60")

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = PROJECT_ROOT / "tests" / "fixtures" / "content"


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """An app with `LOG_FORMAT=json` puts its handler on the root logger, which outlives
    the test: take it off again, so no later test writes JSON lines."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def write_page(content_dir: Path) -> Callable[..., Path]:
    """Write a page into `content_dir` from its front matter lines and body."""

    def write(relative: str, front_matter: str, body: str = "Text.") -> Path:
        path = content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front_matter.strip()}\n---\n{body}\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def content_build(content_dir: Path, tmp_path: Path) -> Path:
    """`content_dir` built (without a search index), for a test to read or rebuild."""
    out = tmp_path / "site"
    build_site(content_dir, out, search=False)
    return out


@pytest.fixture
def preview(content_dir: Path) -> FlaskClient:
    """The editor's preview of `content_dir`, drafts shown."""
    app = create_preview_app({"CONTENT_DIR": str(content_dir), "TESTING": True})
    return app.test_client()


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own `content/` built (without a search index), once per module."""
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(PROJECT_ROOT / "content", out, search=False)
    return out


@pytest.fixture
def key_pair() -> tuple[str, str]:
    """A new submission key pair: (public, private)."""
    return generate_keypair()


@pytest.fixture
def app(tmp_path: Path, key_pair: tuple[str, str]) -> Flask:
    """The public service, migrated, on its own SQLite file."""
    return make_app(tmp_path, key_pair)


@pytest.fixture
def citizen(app: Flask) -> PageClient:
    """A citizen's browser on the public service: every page it fetches is checked."""
    return PageClient(app.test_client())


@pytest.fixture
def stored(app: Flask, key_pair: tuple[str, str]) -> Callable[[], list[tuple[Submission, dict]]]:
    """The submissions in the database, opened with the private key."""

    def read() -> list[tuple[Submission, dict]]:
        with session_scope(app) as session:
            rows = session.scalars(select(Submission).order_by(Submission.id)).all()
            return [(row, open_submission(row, key_pair[1])) for row in rows]

    return read


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """One installation in miniature: the public forms and the staff side."""
    office = Office(tmp_path)
    yield office
    office.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database for the storage layer: an SQLite file, then PostgreSQL
    (which must run in CI; elsewhere a missing server skips with the reason)."""
    if request.param == "sqlite":
        engine = make_engine(migrated(f"sqlite:///{tmp_path / 'test.sqlite3'}"))
        yield engine
        engine.dispose()
        return
    databases = postgres_database()
    engine = make_engine(migrated(next(databases)))
    yield engine
    engine.dispose()
    databases.close()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def submission_keys(key_pair: tuple[str, str]) -> Keys:
    """What the storage layer seals and signs submissions with."""
    return Keys(public_key=key_pair[0], status_secret="test-secret")


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox, Controller]]:
    """A real SMTP server on a free loopback port: (port, inbox, controller)."""
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox, controller
    controller.stop()
