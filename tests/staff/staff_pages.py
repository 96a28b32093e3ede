"""The staff side and the public service on one real database, with a movable clock.

`Office` is what a test works with: it makes users, sends submissions through the
public forms as a citizen would, and gives logged-in browsers-in-miniature
(`StaffClient`) that check every page they fetch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from databases import migrated
from form_pages import PageClient, fill_in, make_app, send
from journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)

from form_service.core.clock import Clock as AppClock
from form_service.core.crypto import generate_keypair
from form_service.staff import create_staff_app
from form_service.staff.users import add_user
from form_service.storage.db import session_scope

PASSWORD = "korrekt häst batteri"
START = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
FORMS = {
    "intresse-kontaktperson": ("/intresseanmalan/kontaktperson/", VOLUNTEER),
    "intresse-kontaktfamilj": ("/intresseanmalan/kontaktfamilj/", FAMILY),
    "ansokan-kontaktperson": ("/ansokan/kontaktperson/", FOR_MYSELF),
    "ansokan-kontaktgruppen": ("/ansokan/kontaktgruppen/", KONTAKTGRUPPEN),
    "intresse-familjehem": ("/intresseanmalan/familjehem/", FOSTER_FAMILY),
}


class Clock:
    """The staff side's now(); tests move it forward instead of sleeping."""

    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@dataclass
class StaffPage:
    status: int
    text: str
    location: str | None
    title: str = ""
    ids: list[str] = field(default_factory=list)

    @property
    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.text)
        return match.group(1) if match else ""


class _Parser(HTMLParser):
    def __init__(self, page: StaffPage) -> None:
        super().__init__()
        self.page, self.in_title = page, False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data


class StaffClient:
    """A case officer's browser: remembers the last CSRF token, checks every page."""

    def __init__(self, client) -> None:
        self.client = client
        self.token = ""

    def login(self, username: str, password: str = PASSWORD, status: int = 302) -> StaffPage:
        page = self.get("/logga-in/")
        data = {"csrf_token": page.csrf, "anvandarnamn": username, "losenord": password}
        return self.post("/logga-in/", data, status=status)

    def get(self, url: str, status: int = 200, **kwargs) -> StaffPage:
        return self._checked(self.client.get(url, **kwargs), status)

    def post(self, url: str, data: dict | None = None, status: int = 302) -> StaffPage:
        data = {"csrf_token": self.token, **(data or {})}
        return self._checked(self.client.post(url, data=data), status)

    def _checked(self, response, status: int) -> StaffPage:
        body = response.get_data(as_text=True)
        assert response.status_code == status, body[:2000]
        page = StaffPage(response.status_code, body, response.headers.get("Location"))
        if response.mimetype == "text/html":
            _Parser(page).feed(body)
            assert page.title.strip(), "every page needs a <title>"
            duplicates = {i for i in page.ids if page.ids.count(i) > 1}
            assert not duplicates, f"duplicate ids: {duplicates}"
            assert response.headers["Cache-Control"] == "no-store"
            self.token = page.csrf or self.token
        return page


class Office:
    """One municipality's installation in miniature: public forms and staff side."""

    def __init__(
        self,
        tmp_path,
        database_url: str | None = None,
        keys: tuple[str, str] | None = None,
        **staff_config,
    ) -> None:
        """`keys`: the pair of an installation restored from a backup; else a new one."""
        self.tmp_path = tmp_path
        self.keys = keys or generate_keypair()
        self.database_url = database_url or f"sqlite:///{tmp_path / 'forms.sqlite3'}"
        self.clock = Clock()
        migrated(self.database_url)
        self.staff = create_staff_app(
            {
                "TESTING": True,
                "SECRET_KEY": "staff-test-secret",
                "DATABASE_URL": self.database_url,
                "SUBMISSION_PRIVATE_KEY": self.keys[1],
                "CLOCK": AppClock(moment=self.clock),
                "STAFF_PASSWORD_HASHING": "fast",
                **staff_config,
            }
        )
        self._public: dict[dt.date | None, PageClient] = {}
        self._apps: list = []

    def user(self, username: str, role: str = "handlaggare", name: str = "") -> str:
        with self.staff.app_context(), session_scope(self.staff) as db:
            add_user(
                db,
                username=username,
                display_name=name or username.title(),
                role=role,
                password=PASSWORD,
                at=self.clock(),
            )
        return username

    def client(self, username: str | None = None) -> StaffClient:
        client = StaffClient(self.staff.test_client())
        if username:
            client.login(username)
        return client

    def submit(self, kind: str = "intresse-kontaktperson", answers: dict | None = None) -> str:
        """Send a form as a citizen would; return the receipt's reference."""
        path, default = FORMS[kind]
        pages = self._citizen(CHILD_DAY if kind == "ansokan-kontaktgruppen" else None)
        receipt = send(pages, fill_in(pages, path, answers or default))
        return receipt.text.split('class="panel__reference">')[1][:8]

    def citizen(self) -> PageClient:
        """A citizen's browser on the public forms, for a journey `submit` cannot walk."""
        return self._citizen(None)

    def close(self) -> None:
        """Release every database connection (PostgreSQL drops the database after)."""
        self.staff.extensions["db_engine"].dispose()
        for app in self._apps:
            app.extensions["db_engine"].dispose()

    def _citizen(self, today: dt.date | None) -> PageClient:
        if today not in self._public:
            overrides = {"DATABASE_URL": self.database_url}
            if today:
                overrides["CLOCK"] = AppClock.on_day(today)
            app = make_app(self.tmp_path, self.keys, **overrides)
            self._apps.append(app)
            self._public[today] = PageClient(app.test_client())
        return self._public[today]


@pytest.fixture
def office(tmp_path):
    office = Office(tmp_path)
    yield office
    office.close()
