"""A key rotation while citizens are sending, in the order docs/drift.md gives.

The public service runs under gunicorn with key A and citizens send forms to it over
HTTP the whole time. 1) `form-service keys new` makes key B; 2) the staff side's
keyring gets B as current and keeps A; 3) a public instance with B starts, citizens
are served by both for a while, then the one with A stops (a rolling restart);
4) `form-service keys rewrap` re-seals while citizens keep sending; 5) A is retired:
`keys status` says no row needs it, and the staff side with B alone opens every
submission, on its case pages and in the export. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from form_service.core.crypto import generate_keypair, key_id, new_draft_key
from tests.staff.test_exports import export
from tests.staff.test_key_rotation import MISSING, database_url, offices  # noqa: F401 - fixtures
from tests.support.form_pages import fill_in, send
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import PUBLIC_APP, Gunicorn, Visitor
from tests.support.staff_pages import FORMS

FORM_SERVICE = Path(sys.executable).parent / "form-service"
HANG = 300  # seconds: only ends a test that hangs; nothing here is timed


class LiveCitizen:
    """`fill_in` and `send` (tests.support.form_pages) over HTTP to a live server."""

    def __init__(self, base: str) -> None:
        self.visitor = Visitor(base)

    def get(self, url: str, status: int = 200):
        return self.visitor.get(url).checked(status)

    def post(self, url: str, data: dict, status: int = 302):
        return self.visitor.post(url, data).checked(status)

    def follow(self, page):
        location = urlsplit(page.location)
        return self.get(location.path + (f"?{location.query}" if location.query else ""))


class Citizens(threading.Thread):
    """Citizens sending one application after another, each to the next server that is
    up (as a load balancer would), until told to stop."""

    def __init__(self, bases: list[str]) -> None:
        super().__init__(daemon=True)
        self.bases = list(bases)
        self.references: list[str] = []
        self.errors: list[BaseException] = []
        self.sent = threading.Condition()
        self.stopping = threading.Event()

    def run(self) -> None:
        turn = 0
        while not self.stopping.is_set():
            base = self.bases[turn % len(self.bases)]
            turn += 1
            try:
                citizen = LiveCitizen(base)
                receipt = send(citizen, fill_in(citizen, "/ansokan/kontaktperson/", FOR_MYSELF))
                reference = receipt.text.split('class="panel__reference">')[1][:8]
            except BaseException as error:
                self.errors.append(error)
                self.stopping.set()
                reference = ""
            with self.sent:
                if reference:
                    self.references.append(reference)
                self.sent.notify_all()

    def send_to(self, bases: list[str]) -> None:
        """From the next application on, only to these servers."""
        self.bases = list(bases)

    def wait_for(self, more: int) -> None:
        """Until `more` further applications have been sent (or one failed)."""
        with self.sent:
            target = len(self.references) + more
            done = self.sent.wait_for(
                lambda: len(self.references) >= target or bool(self.errors), timeout=HANG
            )
        assert done and not self.errors, self.errors

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=HANG)


def public_environment(url: str, public_key: str, draft_key: str, instance: Path) -> dict:
    return {
        "ENV_NAME": "development",  # plain-HTTP cookies for the test's visitors
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "rotation-public",
        "DATABASE_URL": url,
        "SUBMISSION_PUBLIC_KEY": public_key,
        "DRAFT_KEY": draft_key,
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
    }


def command(environment: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(FORM_SERVICE), *args],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_keys_rotated_while_citizens_send_and_every_submission_opens_with_the_new_key(
    database_url,  # noqa: F811 - the fixture
    offices,  # noqa: F811 - the fixture
    tmp_path,
):
    old = generate_keypair()  # the installation's pair, from `form-service keygen`
    before = offices(tmp_path / "fore", database_url=database_url, keys=old)
    before.user("karin")
    earlier = [before.submit(kind) for kind in FORMS]
    draft_key = new_draft_key()
    instance = tmp_path / "instance"

    old_public = Gunicorn(
        PUBLIC_APP, public_environment(database_url, old[0], draft_key, instance),
        tmp_path / "public-a.log", workers=2,
    )  # fmt: skip
    with old_public:
        citizens = Citizens([old_public.base])
        citizens.start()
        try:
            citizens.wait_for(2)

            # 1) a new pair; the private half only in its file
            made = command({"INSTANCE_PATH": str(instance)}, "keys", "new",
                           "--private-key-file", str(tmp_path / "ny.key"))  # fmt: skip
            public = re.search(r"^SUBMISSION_PUBLIC_KEY=(\S+)$", made.stdout, re.M).group(1)
            private = re.search(
                r"^SUBMISSION_PRIVATE_KEY=(\S+)$", (tmp_path / "ny.key").read_text(), re.M
            ).group(1)
            assert private not in made.stdout + made.stderr

            # 2) the staff side's keyring: the new key current, the old one kept
            staff = {
                "INSTANCE_PATH": str(instance),
                "DATABASE_URL": database_url,
                "SECRET_KEY": "rotation-staff",
                "SUBMISSION_PRIVATE_KEY": private,
                "SUBMISSION_OLD_PRIVATE_KEYS": old[1],
            }

            # 3) the public service switches, one instance after the other
            new_environment = public_environment(database_url, public, draft_key, instance)
            with Gunicorn(PUBLIC_APP, new_environment, tmp_path / "public-b.log") as new_public:
                citizens.send_to([old_public.base, new_public.base])
                citizens.wait_for(2)
                citizens.send_to([new_public.base])
                citizens.wait_for(2)  # the last one sent to the old instance has finished
                old_public.stop()

                # 4) rewrap, with citizens sending all the while
                rewrapped = command(staff, "keys", "rewrap", "--batch-size", "2")
                assert "Förseglar om" in rewrapped.stderr  # a line per stage, no bar: not a TTY
                assert "\r" not in rewrapped.stderr
                citizens.wait_for(2)
                citizens.stop()  # the last one finishes while its server is up
        finally:
            citizens.stop()
    assert not citizens.errors, citizens.errors

    # 5) nothing needs the old key any more: retire it
    status = command(staff, "keys", "status")
    assert f"Ingen rad behöver en gammal nyckel: {key_id(old[0])} kan tas bort" in status.stdout
    after = offices(tmp_path / "efter", database_url=database_url, keys=(public, private))
    officer = after.client("karin")
    sent = [*earlier, *citizens.references]
    assert len(citizens.references) >= 8
    for reference in sent:
        page = officer.get(f"/arenden/{reference}/")
        assert MISSING not in page.text, reference
    for reference in citizens.references:
        assert "Sven" in officer.get(f"/arenden/{reference}/").text
    document = json.loads(export(officer, "json").get_data(as_text=True))
    exported = {item["reference"]: item for item in document["submissions"]}
    assert set(exported) == set(sent)
    assert all(item["answers"] and "unreadable" not in item for item in exported.values())
