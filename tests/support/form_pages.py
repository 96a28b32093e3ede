"""The form service with a real SQLite database and real CSRF, and a citizen's way
through its forms (`fill_in`, `send`) with the page-checking client of pages.py."""

from __future__ import annotations

import datetime as dt

from form_service import create_app
from form_service.core.clock import Clock
from tests.support.databases import migrated

TODAY = dt.date(2026, 11, 23)


def make_app(tmp_path, key_pair, *, migrate: bool = True, **overrides):
    """The public service on its own SQLite file (or `DATABASE_URL`), migrated first
    unless `migrate=False` (a test of a database that is away or behind)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'forms.sqlite3'}",
        "SUBMISSION_PUBLIC_KEY": key_pair[0],
        "DRAFT_KEY": "A" * 43 + "=",
        "CLOCK": Clock.on_day(TODAY),
        "MIN_FILL_SECONDS": 0,
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    if migrate:
        migrated(config["DATABASE_URL"])
    return create_app(config)


def fill_in(citizen, path: str, answers: dict):
    """Follow the form from its start, answering each step; return the check page."""
    page = citizen.follow(citizen.get(path, status=302))
    for _ in range(len(answers)):
        slug = page.action.rstrip("/").rsplit("/", 1)[-1]
        data = {"csrf_token": page.csrf, **answers[slug]}
        page = citizen.follow(citizen.post(page.action, data))
        if "/granska/" in page.action:
            return page
    return page


def send(citizen, check_page):
    data = {"csrf_token": check_page.csrf, "nyckel": check_page.field_value("nyckel")}
    return citizen.follow(citizen.post(check_page.action, data))
