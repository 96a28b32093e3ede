"""A real gunicorn on loopback, and a visitor's browser that talks to it over HTTP.

For what only a real server shows: workers that are killed and started again, and
several processes on one database. `Gunicorn` starts one of the apps with the given
environment and writes its log to a file; `Visitor` keeps cookies, follows no
redirect by itself and never raises on an error status, so a test sees each answer.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from tests.support.pages import Page, checked_page

PUBLIC_APP = "form_service:create_app()"
STAFF_APP = "form_service.staff:create_staff_app()"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`app` under gunicorn with `workers` sync workers, its log in `log`."""

    def __init__(
        self,
        app: str,
        environment: dict[str, str],
        log: Path,
        workers: int = 2,
        *,
        python: str = sys.executable,
        cwd: Path = PROJECT_ROOT,
    ) -> None:
        """`python` and `cwd`: another installation's interpreter, run from elsewhere
        (an installed wheel, outside the checkout)."""
        self.app, self.log, self.workers = app, log, workers
        self.python, self.cwd = python, cwd
        self.environment = {**os.environ, **environment}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        command = [
            self.python, "-m", "gunicorn", "-w", str(self.workers),
            "-b", f"127.0.0.1:{self.port}", "--graceful-timeout", "1",
            "--log-level", "info", "--no-control-socket", self.app,
        ]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=self.environment, cwd=self.cwd, stdout=log, stderr=log
            )
        self.wait_until_serving()
        return self

    def wait_until_serving(self, seconds: float = 60) -> None:
        """Until a request gets an answer (any status); fails if gunicorn has exited."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.running(), f"gunicorn exited:\n{self.log_text()}"
            try:
                Visitor(self.base).get("/static/site.css")
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer within {seconds} s:\n{self.log_text()}")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(child) for child in children.read_text().split()] if children.exists() else []

    def kill_a_worker(self, seconds: float = 60) -> int:
        """SIGKILL one worker and wait until gunicorn has started its replacement."""
        before = self.worker_pids()
        assert before, "no worker to kill"
        os.kill(before[0], signal.SIGKILL)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.running():
            now = self.worker_pids()
            if len(now) == self.workers and set(now) - set(before):
                return before[0]
            time.sleep(0.05)
        raise AssertionError(f"no new worker came up:\n{self.log_text()}")

    def stop(self) -> None:
        if self.running():
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self) -> Gunicorn:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path

    def checked(self, status: int = 200) -> Page:
        """The reply as the page-checking client sees a page (tests.support.pages): the
        status asserted, and an HTML page parsed and checked."""
        assert self.status == status, self.text[:500]
        html = self.headers.get_content_type() == "text/html"
        return checked_page(self.status, self.text, self.headers.get("Location"), html=html)

    def field(self, name: str) -> str:
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', self.text)
        assert match, f"no field {name} in the page"
        return match.group(1)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


class Visitor:
    """One person's browser on a live server: cookies kept; every answer returned,
    redirects included (`Reply.checked` reads one as the page-checking client does)."""

    def __init__(self, base: str, timeout: float = 60) -> None:
        self.base, self.timeout = base, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def get(self, path: str) -> Reply:
        return self._open(path, None)

    def post(self, path: str, data: dict[str, str]) -> Reply:
        return self._open(path, urllib.parse.urlencode(data).encode())

    def _open(self, path: str, body: bytes | None) -> Reply:
        try:
            with self.opener.open(self.base + path, data=body, timeout=self.timeout) as response:
                return Reply(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read().decode(errors="replace"))
