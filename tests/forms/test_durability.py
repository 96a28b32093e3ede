"""No receipt without a stored submission: gunicorn workers are killed with SIGKILL
while many citizens send applications, and every receipt given is in the database
exactly once and opens with the private key."""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from databases import migrated
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from form_service.crypto import generate_keypair, new_draft_key
from form_service.storage.models import Submission
from form_service.storage.submissions import open_submission

pytestmark = pytest.mark.slow
CITIZENS, EACH = 10, 3
LETTERS = "abcdefghij"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Citizen:
    """A browser: cookies kept, and a request resent when the connection breaks."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict | None = None) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        for _attempt in range(60):
            try:
                with self.opener.open(self.base + path, data=body, timeout=10) as response:
                    return response.geturl().removeprefix(self.base), response.read().decode()
            except (
                urllib.error.URLError,
                ConnectionError,
                TimeoutError,
                http.client.HTTPException,
            ):
                time.sleep(0.1)
        raise AssertionError(f"gave up on {path}")

    def apply(self, name: str) -> str:
        """One whole application; returns the receipt's reference."""
        answers = [
            {"skyddad": "nej"},
            {"for_vem": "mig"},
            {
                "fornamn": name,
                "efternamn": "Ek",
                "personnummer": "640823-3234",
                "telefon": "070-174 06 30",
            },
            {"stod": f"Stöd till {name}"},
            {"kontaktsatt": "telefon", "tolk": "nej"},
            {"intygande": "y"},
        ]
        url, page = self.request("/ansokan/kontaktperson/")
        for values in answers:
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            url, page = self.request(url, {"csrf_token": csrf, **values})
        assert "/granska/" in url, url
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        key = re.search(r'name="nyckel" value="([^"]+)"', page).group(1)
        url, page = self.request(url, {"csrf_token": csrf, "nyckel": key})
        assert "/skickad/" in url, url
        return re.search(r'class="panel__reference">(\w{8})<', page).group(1)


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def test_every_receipt_survives_killed_workers(tmp_path):
    public, private = generate_keypair()
    port = free_port()
    database = tmp_path / "durable.sqlite3"
    environment = {
        **os.environ,
        "ENV_NAME": "development",
        "SECRET_KEY": "durability",
        "SUBMISSION_PUBLIC_KEY": public,
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": f"sqlite:///{database}",
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
    }
    migrated(environment["DATABASE_URL"])
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "3",
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "1",
            "--log-level",
            "warning",
            "form_service:create_app()",
        ],
        env=environment,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/ansokan/kontaktperson/steg/for-vem/", timeout=10)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        receipts: dict[str, str] = {}
        done = threading.Event()

        failures: list[str] = []

        def citizen(number: int) -> None:
            person = Citizen(base)
            for round_ in range(EACH):
                name = "Anna" + LETTERS[number] + LETTERS[round_]
                try:
                    receipts[person.apply(name)] = name
                except Exception as error:
                    failures.append(f"{name}: {error!r}")

        def killer() -> None:
            rng = random.Random(7)
            while not done.wait(0.4):
                pids = worker_pids(server.pid)
                if pids:
                    os.kill(rng.choice(pids), signal.SIGKILL)

        threads = [threading.Thread(target=citizen, args=(n,)) for n in range(CITIZENS)]
        chaos = threading.Thread(target=killer)
        chaos.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        chaos.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    assert failures == []
    assert len(receipts) == CITIZENS * EACH
    with Session(create_engine(f"sqlite:///{database}")) as session:
        rows = session.scalars(select(Submission)).all()
        stored = {row.reference: open_submission(row, private) for row in rows}
    for reference, name in receipts.items():
        assert stored[reference]["om-dig"]["fornamn"] == name
    assert len(rows) == len({row.idempotency_key for row in rows})
