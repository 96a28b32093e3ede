"""No receipt without a stored submission: gunicorn workers are killed with SIGKILL
while many citizens send applications, and every receipt given is in the database
exactly once and opens, with the private key, to what the citizen sent.

Each citizen's second application loses its first receipt: the worker dies after
storing it and before answering, so the resend must find what was stored. Beside
that, serving workers are killed at random in the middle of everything.

Deterministic whatever the machine's load: only a worker that has booted and
answered is ever killed (each answer names its worker, see `worker_pid_app.py`),
kills come after a fixed number of answers rather than on a clock, and a citizen
resends a request a fixed number of times, only when its connection broke.
"""

from __future__ import annotations

import copy
import http.client
import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.storage.models import Submission
from form_service.storage.submissions import open_submission
from tests.forms.worker_pid_app import DIE_HEADER, WORKER_PID_HEADER
from tests.support.form_pages import fill_in, send
from tests.support.journey_answers import FOR_MYSELF

pytestmark = pytest.mark.slow
CITIZENS, EACH = 10, 3
LETTERS = "abcdefghij"
REFERENCE_NAME = "Annaxx"
WORKERS = 3
KILL_EVERY, KILLS = 15, 12  # a serving worker dies after every 15th answer, 12 times
ATTEMPTS = KILLS + 2  # a request fails only if its worker dies, so this always suffices
HANG = 600  # seconds: only to end a hang, never reached by a slow machine's normal pace
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@dataclass
class Server:
    """gunicorn serving the public service, with what the test needs to check it."""

    process: subprocess.Popen
    base: str
    database_url: str
    private_key: str


def start_server(tmp_path: Path) -> Server:
    """The service under gunicorn on a fresh SQLite database, migrated first.

    The test opens the listening socket and hands it to gunicorn, so a request made
    before the master or any worker is ready waits in the queue instead of failing.
    """
    public, private = generate_keypair()
    database_url = f"sqlite:///{tmp_path / 'durable.sqlite3'}"
    environment = {
        **os.environ,
        "ENV_NAME": "development",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "durability",
        "SUBMISSION_PUBLIC_KEY": public,
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": database_url,
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
    }
    form_service = Path(sys.executable).parent / "form-service"
    migrate = subprocess.run([form_service, "migrate"], env=environment, capture_output=True)
    assert migrate.returncode == 0, migrate.stderr.decode()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", str(WORKERS)),
                *("--bind", f"fd://{listener.fileno()}", "--pythonpath", str(PROJECT_ROOT)),
                *("--timeout", str(HANG), "--graceful-timeout", "1", "--log-level", "warning"),
                "tests.forms.worker_pid_app:create_app()",
            ],
            env=environment,
            pass_fds=(listener.fileno(),),
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    return Server(process, base, database_url, private)


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=HANG)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


@dataclass
class Chaos:
    """After every KILL_EVERY-th answer, SIGKILL a worker that has answered, KILLS times.

    A worker still starting is never chosen, so the service always gets to serve
    between kills, however slowly the machine boots workers.
    """

    master: int
    kills: int = 0
    answers: int = 0
    served: set[int] = field(default_factory=set)
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answered(self, pid: int) -> None:
        with self.lock:
            self.served.add(pid)
            self.answers += 1
            if self.answers % KILL_EVERY or self.kills == KILLS:
                return
            serving = sorted(self.served & worker_pids(self.master))
            if serving:
                victim = self.rng.choice(serving)
                os.kill(victim, signal.SIGKILL)
                self.served.discard(victim)
                self.kills += 1


def broken_connection(error: Exception) -> bool:
    """Whether the request died with its worker (resend it), rather than got an answer."""
    if isinstance(error, urllib.error.HTTPError):
        return False
    if isinstance(error, urllib.error.URLError):
        return isinstance(error.reason, ConnectionError)
    return isinstance(error, ConnectionError | http.client.HTTPException)


class Citizen:
    """A browser: cookies kept, and a request resent when its connection breaks."""

    def __init__(self, base: str, chaos: Chaos) -> None:
        self.base, self.chaos = base, chaos
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(
        self, path: str, data: dict | None = None, die_first: bool = False
    ) -> tuple[str, str]:
        """The page after any redirects; `die_first`: the first try's worker dies
        after doing the work and before answering."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        for attempt in range(ATTEMPTS):
            headers = {DIE_HEADER: "1"} if die_first and attempt == 0 else {}
            sent = urllib.request.Request(self.base + path, data=body, headers=headers)
            try:
                with self.opener.open(sent, timeout=HANG) as response:
                    page = response.read().decode()
                    self.chaos.answered(int(response.headers[WORKER_PID_HEADER]))
                    return response.geturl().removeprefix(self.base), page
            except Exception as error:
                if not broken_connection(error):
                    raise
        raise AssertionError(f"gave up on {path} after {ATTEMPTS} broken connections")

    def apply(self, name: str, lose_first_receipt: bool = False) -> str:
        """One whole application, step by step as the service leads; returns the
        receipt's reference. `lose_first_receipt`: the worker that stores it dies
        before answering."""
        answers = answers_of(name)
        url, page = self.request("/ansokan/kontaktperson/")
        for _step in answers:
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            url, page = self.request(url, {"csrf_token": csrf, **answers[slug]})
        assert "/granska/" in url, url
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        key = re.search(r'name="nyckel" value="([^"]+)"', page).group(1)
        url, page = self.request(url, {"csrf_token": csrf, "nyckel": key}, lose_first_receipt)
        assert "/skickad/" in url, url
        return re.search(r'class="panel__reference">(\w{8})<', page).group(1)


def answers_of(name: str) -> dict[str, dict]:
    """What one citizen types in each step; `name` makes each application unique."""
    answers = copy.deepcopy(FOR_MYSELF)
    answers["om-dig"]["fornamn"] = name
    answers["stod"]["stod"] = f"Stöd till {name}"
    return answers


def stored_without_faults(citizen, stored) -> dict:
    """The answers of one application sent in-process with no fault, as stored: what
    each application sent under chaos must open to, but for its name."""
    send(citizen, fill_in(citizen, "/ansokan/kontaktperson/", answers_of(REFERENCE_NAME)))
    [(_row, answers)] = stored()
    return answers


def with_name(answers: dict, name: str) -> dict:
    named = copy.deepcopy(answers)
    named["om-dig"]["fornamn"] = name
    named["stod"]["stod"] = f"Stöd till {name}"
    return named


def test_every_receipt_survives_killed_workers(tmp_path, citizen, stored):
    reference = stored_without_faults(citizen, stored)
    server = start_server(tmp_path)
    chaos = Chaos(server.process.pid)
    receipts: dict[str, str] = {}
    failures: list[str] = []

    def citizen(number: int) -> None:
        person = Citizen(server.base, chaos)
        for round_ in range(EACH):
            name = "Anna" + LETTERS[number] + LETTERS[round_]
            try:
                receipts[person.apply(name, lose_first_receipt=round_ == 1)] = name
            except Exception as error:
                failures.append(f"{name}: {error!r}")

    try:
        threads = [threading.Thread(target=citizen, args=(n,)) for n in range(CITIZENS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)

    assert failures == []
    assert chaos.kills == KILLS, "every planned kill happened while citizens were sending"
    assert len(receipts) == CITIZENS * EACH
    with Session(create_engine(server.database_url)) as session:
        rows = session.scalars(select(Submission)).all()
        opened = {row.reference: open_submission(row, server.private_key) for row in rows}
    assert sorted(row.reference for row in rows) == sorted(receipts), "each stored once"
    for receipt, name in receipts.items():
        assert opened[receipt] == with_name(reference, name)
