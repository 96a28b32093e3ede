"""The form service with a real SQLite database, real CSRF, and a page-checking client.

Every page the client fetches is checked the way a person's browser would need it:
the expected status, a <title>, no duplicate ids, and forms that post somewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

import pytest
from databases import migrated
from sqlalchemy import select

from form_service import create_app
from form_service.core.clock import Clock
from form_service.core.crypto import generate_keypair
from form_service.storage.db import session_scope
from form_service.storage.models import Submission
from form_service.storage.submissions import open_submission

TODAY = dt.date(2026, 11, 23)


@dataclass
class Page:
    """A fetched page, parsed: what a test (and a person) would look at."""

    status: int
    text: str
    location: str | None = None
    title: str = ""
    ids: list[str] = field(default_factory=list)
    forms: list[dict] = field(default_factory=list)
    error_links: list[str] = field(default_factory=list)

    @property
    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.text)
        return match.group(1) if match else ""

    @property
    def action(self) -> str:
        return self.forms[0]["action"]

    def field_value(self, name: str) -> str | None:
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', self.text)
        return match.group(1) if match else None


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page, self.in_title, self.in_summary = page, False, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if tag == "form":
            self.page.forms.append(attributes)
        if attributes.get("class") == "error-summary":
            self.in_summary = True
        if tag == "a" and self.in_summary:
            self.page.error_links.append(attributes["href"])
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        self.in_title = False
        if tag == "ul":
            self.in_summary = False

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data


def error_summary_links(html: str) -> list[str] | None:
    """The links in the page's error summary (the focused one, not the components page's
    example), unescaped; None when the page has no summary."""
    match = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S)
    if match is None:
        return None
    summary = match.group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary, "the summary takes focus"
    assert '<h2 id="felsammanfattning">' in summary, "the summary has its heading"
    return [unescape(href) for href in re.findall(r'<a href="([^"]*)"', summary)]


class PageClient:
    """Flask's test client, with every response checked and parsed."""

    def __init__(self, client) -> None:
        self.client = client

    def get(self, url: str, status: int = 200) -> Page:
        return self._checked(self.client.get(url), status)

    def post(self, url: str, data: dict, status: int = 302) -> Page:
        return self._checked(self.client.post(url, data=data), status)

    def follow(self, page: Page) -> Page:
        assert page.location, "expected a redirect"
        return self.get(page.location)

    def _checked(self, response, status: int) -> Page:
        response.close()  # as a WSGI server does: runs what waits until after the response
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
        page = Page(
            response.status_code, response.get_data(as_text=True), response.headers.get("Location")
        )
        if response.mimetype == "text/html":
            _Parser(page).feed(page.text)
            assert page.title.strip(), "every page needs a <title>"
            duplicates = {i for i in page.ids if page.ids.count(i) > 1}
            assert not duplicates, f"duplicate ids: {duplicates}"
            for form in page.forms:
                assert form.get("method") == "post" and form.get("action"), form
                assert "novalidate" in form
        return page


@pytest.fixture
def keys():
    return generate_keypair()


def make_app(tmp_path, keys, *, migrate: bool = True, **overrides):
    """The public service on its own SQLite file (or `DATABASE_URL`), migrated first
    unless `migrate=False` (a test of a database that is away or behind)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'forms.sqlite3'}",
        "SUBMISSION_PUBLIC_KEY": keys[0],
        "DRAFT_KEY": "A" * 43 + "=",
        "CLOCK": Clock.on_day(TODAY),
        "MIN_FILL_SECONDS": 0,
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    if migrate:
        migrated(config["DATABASE_URL"])
    return create_app(config)


@pytest.fixture
def app(tmp_path, keys):
    return make_app(tmp_path, keys)


@pytest.fixture
def pages(app) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def stored(app, keys):
    """The submissions in the database, opened with the private key."""

    def read() -> list[tuple[Submission, dict]]:
        with session_scope(app) as session:
            rows = session.scalars(select(Submission).order_by(Submission.id)).all()
            return [(row, open_submission(row, keys[1])) for row in rows]

    return read


def fill_in(pages, path: str, answers: dict):
    """Follow the form from its start, answering each step; return the check page."""
    page = pages.follow(pages.get(path, status=302))
    for _ in range(len(answers)):
        slug = page.action.rstrip("/").rsplit("/", 1)[-1]
        data = {"csrf_token": page.csrf, **answers[slug]}
        page = pages.follow(pages.post(page.action, data))
        if "/granska/" in page.action:
            return page
    return page


def send(pages, check_page):
    data = {"csrf_token": check_page.csrf, "nyckel": check_page.field_value("nyckel")}
    return pages.follow(pages.post(check_page.action, data))
