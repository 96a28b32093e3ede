"""The staff side and the public service on one real database, with a movable clock.

`Office` is what a test works with: it makes users, sends submissions through the
public forms as a citizen would, and gives logged-in browsers-in-miniature
(`StaffClient`, pages.py) that check every page they fetch.
"""

from __future__ import annotations

import datetime as dt

from form_service.core.clock import Clock as AppClock
from form_service.core.crypto import generate_keypair
from form_service.staff import create_staff_app
from form_service.staff.users import add_user
from form_service.storage.db import session_scope
from tests.support.databases import migrated
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)
from tests.support.pages import PASSWORD, PageClient, StaffClient

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
