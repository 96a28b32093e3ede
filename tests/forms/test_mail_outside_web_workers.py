"""A hung mail server cannot take the e-services down: web workers never talk to it.

Real gunicorn on loopback, with MAIL_SERVER pointing at a server that accepts
connections and never says a word. Citizens send while others open steps; the proof
that does not depend on how loaded the machine is: the hung server sees no
connection at all until `form-service send-mail` runs, which gives up within its
timeout and leaves the mail in the outbox, to go exactly once when a working server
answers. And `make run`'s development server still sends (to the log) on its own.
"""

from __future__ import annotations

import fcntl
import http.client
import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text
from werkzeug.test import Client

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.devserver import make_app as make_dev_app
from form_service.mail import deliver_notifications
from tests.support.databases import migrated
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import free_port
from tests.support.mail_catcher import Inbox
from tests.support.pages import PageClient

CITIZENS, READERS = 20, 4
MAIL_TIMEOUT = 5  # also the window in which the locks are looked at, so not shorter
START = "/ansokan/kontaktperson/"
FORM_SERVICE = str(Path(sys.executable).with_name("form-service"))


class HungSmtpServer:
    """Accepts every connection and never answers, as a hung mail server does.

    `on_connect` runs as each connection is accepted: the client is then waiting
    for a greeting that never comes, until its own timeout."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=200)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.on_connect = lambda: None
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)
            self.on_connect()

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


class Browser:
    """One citizen's browser: cookies kept, every failure recorded, no retries."""

    def __init__(self, base: str, failures: list[str]) -> None:
        self.base, self.failures = base, failures
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, data: dict | None = None) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            # gunicorn's own worker timeout: a page slower than this is a hung page
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.geturl().removeprefix(self.base), response.read().decode()
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            self.failures.append(f"{path}: {error!r}")
            raise

    def apply(self) -> str:
        """One whole application; returns the receipt's reference."""
        url, page = self.open(START)
        for _ in FOR_MYSELF:
            slug = url.rstrip("/").rsplit("/", 1)[-1]
            url, page = self.open(url, {"csrf_token": csrf_on(page), **FOR_MYSELF[slug]})
            if "/granska/" in url:
                break
        key = re.search(r'name="nyckel" value="([^"]+)"', page).group(1)
        url, page = self.open(url, {"csrf_token": csrf_on(page), "nyckel": key})
        assert "/skickad/" in url, url
        return re.search(r'class="panel__reference">(\w{8})<', page).group(1)


def csrf_on(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def environment(database: Path, mail_port: int) -> dict[str, str]:
    public, _private = generate_keypair()
    return {
        **os.environ,
        "ENV_NAME": "development",  # plain-HTTP cookies on loopback
        "SECRET_KEY": "hung-mail-server",
        "SUBMISSION_PUBLIC_KEY": public,
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": f"sqlite:///{database}",
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "100000 per minute",
        "RATELIMIT_SUBMIT": "100000 per minute",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "MAIL_TIMEOUT_SECONDS": str(MAIL_TIMEOUT),
    }


def send_mail(env: dict[str, str], **changes: str) -> subprocess.CompletedProcess:
    """`form-service send-mail` as the timer runs it; a hang fails the test."""
    return subprocess.run(
        [FORM_SERVICE, "send-mail"],
        env={**env, **changes},
        capture_output=True,
        text=True,
        timeout=20 * MAIL_TIMEOUT + 60,
        check=False,
    )


def nobody_is_writing(database: Path) -> bool:
    """This instant, another writer could start: the writers' queue lock beside the
    file and SQLite's own write lock are both free (asked without waiting)."""
    with open(f"{database}-writer.lock", "a+") as queue:
        try:
            fcntl.flock(queue, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(queue, fcntl.LOCK_UN)
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


def outbox(database: Path) -> list:
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT reference, attempts, sent_at, last_error FROM outbox ORDER BY id")
            ).all()
    finally:
        engine.dispose()


def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        assert server.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(base + START, timeout=10).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def citizens_send_while_others_read(base: str) -> tuple[dict[str, int], list[str]]:
    """CITIZENS send an application each while READERS open steps until they are done."""
    failures: list[str] = []
    references: dict[str, int] = {}
    done = threading.Event()

    def citizen(number: int) -> None:
        try:
            references[Browser(base, failures).apply()] = number
        except Exception as error:
            failures.append(f"citizen {number}: {error!r}")

    def reader() -> None:
        browser = Browser(base, failures)
        while not done.is_set():
            try:
                browser.open(START)
            except Exception:
                return

    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    senders = [threading.Thread(target=citizen, args=(n,)) for n in range(CITIZENS)]
    for thread in readers + senders:
        thread.start()
    for thread in senders:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    return references, failures


@pytest.mark.slow
def test_a_hung_mail_server_never_holds_a_web_worker(tmp_path):
    database = tmp_path / "forms.sqlite3"
    hung = HungSmtpServer()
    env = environment(database, hung.port)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    subprocess.run([FORM_SERVICE, "migrate"], env=env, check=True, capture_output=True)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "--no-control-socket",
        "-w",
        "4",
        "-b",
        f"127.0.0.1:{port}",
    ]
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [*gunicorn, "--log-level", "warning", "form_service:create_app()"],
            env=env,
            stderr=log_file,
        )
    try:
        wait_until_serving(base, server)
        references, failures = citizens_send_while_others_read(base)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    try:
        assert failures == []
        assert len(references) == CITIZENS
        assert "WORKER TIMEOUT" not in log.read_text()
        assert hung.accepted == [], "a web worker talked to the mail server"
        pending = outbox(database)
        assert {row.reference for row in pending} == set(references)
        assert all(row.sent_at is None and row.attempts == 0 for row in pending)

        # the timer's run: one message waits out the timeout, then the round stops;
        # while it waits on the mail server, it holds no database lock
        unlocked: list[bool] = []
        hung.on_connect = lambda: unlocked.append(nobody_is_writing(database))
        hung_run = send_mail(env)
        assert hung_run.returncode == 1, hung_run.stderr
        assert f"0 skickade, {CITIZENS} misslyckades" in hung_run.stdout
        assert len(hung.accepted) == 1
        assert unlocked == [True], "the sender held a database lock while talking SMTP"
        rows = outbox(database)
        assert all(row.sent_at is None and row.attempts == 1 for row in rows)
        assert {row.last_error for row in rows} == {"SmtpTooSlow"}
    finally:
        hung.close()

    inbox = Inbox()
    working = Controller(inbox, hostname="127.0.0.1", port=free_port())
    working.start()
    try:
        engine = create_engine(f"sqlite:///{database}")
        with engine.begin() as connection:  # the back-off has passed
            connection.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))
        engine.dispose()
        answered = send_mail(env, MAIL_PORT=str(working.port))
        again = send_mail(env, MAIL_PORT=str(working.port))
    finally:
        working.stop()
    assert answered.returncode == 0, answered.stderr
    assert f"{CITIZENS} skickade, 0 misslyckades" in answered.stdout
    assert "0 skickade, 0 misslyckades" in again.stdout
    sent = [re.search(r"\((\w{8})\)", content).group(1) for _, content in inbox.messages]
    assert sorted(sent) == sorted(references)
    assert all(row.sent_at is not None for row in outbox(database))


def test_the_development_server_sends_mail_by_itself(tmp_path, key_pair, caplog):
    """`make run` has no timer: a thread beside it sends, here to the log."""
    config = {
        "SECRET_KEY": "test",
        "SUBMISSION_PUBLIC_KEY": key_pair[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": migrated(f"sqlite:///{tmp_path / 'dev.sqlite3'}"),
        "MIN_FILL_SECONDS": 0,
    }
    site = make_dev_app(tmp_path, config, send_mail=True)
    forms = next(iter(site.mounts.values()))
    try:
        pages = PageClient(Client(site))
        check = fill_in(pages, "/e-tjanst" + START, FOR_MYSELF)
        receipt = pages.follow(
            pages.post(
                check.action, {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}
            )
        )
        reference = re.search(r'class="panel__reference">(\w{8})<', receipt.text).group(1)
        with forms.app_context():
            engine = forms.extensions["db_engine"]
            for _ in range(300):
                with engine.connect() as connection:
                    if connection.scalar(text("SELECT sent_at FROM outbox")) is not None:
                        break
                time.sleep(0.1)
            else:
                raise AssertionError("the development server did not send the notification")
    finally:
        forms.extensions["mail_sender_stop"].set()
    assert f"Ny inlämning: Ansökan om kontaktperson ({reference})" in caplog.text


def test_send_mail_in_a_loop_sends_as_mail_arrives_and_stops_on_sigterm(tmp_path, key_pair, smtp):
    """`form-service send-mail --loop`, the long-running sender: a notification
    stored after it started goes out, and SIGTERM ends it cleanly."""
    port, inbox, _ = smtp
    database = tmp_path / "forms.sqlite3"
    env = {**environment(database, port), "SUBMISSION_PUBLIC_KEY": key_pair[0]}
    app = make_app(
        tmp_path, key_pair, DATABASE_URL=f"sqlite:///{database}", DRAFT_KEY=env["DRAFT_KEY"]
    )
    sender = subprocess.Popen(
        [FORM_SERVICE, "send-mail", "--loop", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        pages = PageClient(app.test_client())
        receipt = send(pages, fill_in(pages, START, FOR_MYSELF))
        reference = re.search(r'class="panel__reference">(\w{8})<', receipt.text).group(1)
        for _ in range(600):
            if inbox.messages:
                break
            time.sleep(0.1)
        assert [f"({reference})" in content for _, content in inbox.messages] == [True]
    finally:
        sender.send_signal(signal.SIGTERM)
        _, errors = sender.communicate(timeout=60)
    assert sender.returncode == 0, errors
    assert "Traceback" not in errors


class TarpitSmtpServer:
    """A mail server that answers every command, each a little under the client's
    wait for one reply: only a deadline for the whole exchange stops it."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.messages = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection, connection.makefile("rb") as lines:
                self._talk(connection, lines)

    def _talk(self, connection: socket.socket, lines) -> None:
        try:
            self._reply(connection, b"220 tarpit")
            for line in lines:
                if line.upper().startswith(b"DATA"):
                    self._reply(connection, b"354 go on")
                    for body in lines:
                        if body == b".\r\n":
                            break
                    self.messages += 1
                self._reply(
                    connection, b"221 bye" if line.upper().startswith(b"QUIT") else b"250 ok"
                )
        except OSError:
            return

    def _reply(self, connection: socket.socket, reply: bytes) -> None:
        time.sleep(self.delay)
        connection.sendall(reply + b"\r\n")

    def close(self) -> None:
        self.listener.close()


def test_a_mail_server_answering_slowly_holds_a_message_at_most_the_timeout(tmp_path, key_pair):
    tarpit = TarpitSmtpServer(delay=1.5)
    try:
        app = make_app(
            tmp_path,
            key_pair,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=tarpit.port,
            MAIL_TIMEOUT_SECONDS=2,
        )
        pages = PageClient(app.test_client())
        send(pages, fill_in(pages, START, FOR_MYSELF))
        assert deliver_notifications(app) == (0, 1)
    finally:
        tarpit.close()
    assert tarpit.messages == 0
    with app.extensions["db_engine"].connect() as connection:
        assert connection.scalar(text("SELECT last_error FROM outbox")) == "SmtpTooSlow"
