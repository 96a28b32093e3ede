"""Case officers working at once on SQLite (the default): no page fails.

Four officers browse the inbox and submissions in real gunicorn workers while
citizens send applications through the public service, on one SQLite file. Every
staff page reads its session and then writes it (the last request) and the audit
log: those writes take the write lock before reading, so none fails because another
writer committed in between. And an error page never needs the database, so even
an error with the session broken is the Swedish page, never Flask's English one.
"""

from __future__ import annotations

import collections
import threading
import time

import pytest

from form_service.core.crypto import new_draft_key
from form_service.staff.views import cases
from form_service.storage.models import AuditEntry
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import PUBLIC_APP, STAFF_APP, Gunicorn, Visitor
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office

OFFICERS = 4
CITIZENS = 2
SECONDS = 10
MOST_PAGES_EACH = 400  # the count bounds the run too, should the machine be fast


def log_in(base: str, username: str) -> Visitor:
    officer = Visitor(base)
    page = officer.get("/logga-in/")
    data = {"csrf_token": page.field("csrf_token"), "anvandarnamn": username}
    reply = officer.post("/logga-in/", {**data, "losenord": PASSWORD})
    assert reply.status == 302, reply.text[:500]
    return officer


class Statuses:
    """Every answer's status, counted from several threads."""

    def __init__(self) -> None:
        self.counts: collections.Counter = collections.Counter()
        self._lock = threading.Lock()

    def add(self, status: int) -> int:
        with self._lock:
            self.counts[status] += 1
        return status


def apply(citizen: Visitor, statuses: Statuses) -> None:
    """One application for oneself, every answer's status counted; stops at an error."""
    reply = citizen.get("/ansokan/kontaktperson/")
    statuses.add(reply.status)
    step = reply.location
    for _ in range(len(FOR_MYSELF) + 2):
        page = citizen.get(step)
        if statuses.add(page.status) != 200 or "/skickad/" in step:
            return
        slug = step.rstrip("/").rsplit("/", 1)[-1]
        data = {"csrf_token": page.field("csrf_token")}
        if slug == "granska":
            data["nyckel"] = page.field("nyckel")
        else:
            data.update(FOR_MYSELF[slug])
        reply = citizen.post(step, data)
        if statuses.add(reply.status) != 302:
            return
        step = reply.location


@pytest.mark.slow
def test_four_officers_browse_while_citizens_send_and_no_page_fails(tmp_path):
    office = Office(tmp_path)
    usernames = [office.user(f"handlaggare{number}") for number in range(OFFICERS)]
    references = [office.submit() for _ in range(3)]
    office.close()
    staff_environment = {
        "ENV_NAME": "development",
        "SECRET_KEY": "concurrent-staff",
        "DATABASE_URL": office.database_url,
        "SUBMISSION_PRIVATE_KEY": office.keys[1],
        "STAFF_PASSWORD_HASHING": "fast",
    }
    public_environment = {
        "ENV_NAME": "development",
        "SECRET_KEY": "concurrent-public",
        "DATABASE_URL": office.database_url,
        "SUBMISSION_PUBLIC_KEY": office.keys[0],
        "DRAFT_KEY": new_draft_key(),
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
    }
    statuses = Statuses()
    with (
        Gunicorn(STAFF_APP, staff_environment, tmp_path / "staff.log", workers=4) as staff,
        Gunicorn(PUBLIC_APP, public_environment, tmp_path / "public.log", workers=2) as public,
    ):
        officers = [log_in(staff.base, username) for username in usernames]
        deadline = time.monotonic() + SECONDS

        def browse(officer: Visitor) -> None:
            paths = ["/", *(f"/arenden/{reference}/" for reference in references), "/ko/"]
            for number in range(MOST_PAGES_EACH):
                if time.monotonic() > deadline:
                    return
                statuses.add(officer.get(paths[number % len(paths)]).status)

        def send() -> None:
            citizen = Visitor(public.base)
            for _ in range(MOST_PAGES_EACH // 10):
                if time.monotonic() > deadline:
                    return
                apply(citizen, statuses)

        threads = [threading.Thread(target=browse, args=(officer,)) for officer in officers]
        threads += [threading.Thread(target=send) for _ in range(CITIZENS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    failed = {status: count for status, count in statuses.counts.items() if status >= 500}
    assert failed == {}, statuses.counts
    assert statuses.counts[200] > OFFICERS
    for server in (staff, public):
        assert "Traceback" not in server.log_text()
        assert "Internal Server Error" not in server.log_text()


def test_an_error_with_the_database_session_broken_gets_the_swedish_page(tmp_path, monkeypatch):
    """As in production (exceptions not propagated): a failed write leaves the session
    unusable and every row it had loaded expired; the error page must not touch it."""
    office = Office(tmp_path, TESTING=False, ENV_NAME="development")
    office.user("karin", name="Karin Berg")
    officer = office.client("karin")

    def breaks_the_session(db, *_args, **_kwargs):
        db.add(AuditEntry())  # every column missing: the flush fails, the session is spent
        db.flush()

    monkeypatch.setattr(cases, "page_of", breaks_the_session)
    page = officer.get("/", status=500)
    assert "Något gick fel" in page.text and "Internal Server Error" not in page.text
    assert "Karin Berg" in page.text  # the layout still knows who is logged in
    office.close()
