"""`make run PORT=… STAFF_PORT=…`: the development server on other ports, its start-up
banner (with the development log-in) readable at once when its output is a pipe.

The command is taken from `make -n run …`, so the test follows the Makefile, and run
with its output to a pipe and without PYTHONUNBUFFERED, as under a log collector. Its
instance folder is a temporary one, so the project's `instance/` is left alone.
"""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import shlex
import signal
import subprocess
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.support.live_server import free_port

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BANNER_END = "Avsluta med Ctrl+C."
START_TIMEOUT = 180  # seconds; only to end a hang, starting normally takes a few


def make_run(site: Path, port: int, staff_port: int) -> tuple[list[str], list[str]]:
    """The dev server's command line as `make run` would run it, and the
    `form-service` steps (such as migrations) it runs first."""
    dry_run = subprocess.run(
        ["make", "-n", "run", f"OUT={site}", f"PORT={port}", f"STAFF_PORT={staff_port}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = dry_run.stdout.splitlines()
    server = next(line for line in lines if "form_service.devserver" in line)
    steps = [line for line in lines if "form-service" in line]
    return shlex.split(server), steps


def banner_lines(stdout, lines: queue.Queue) -> None:
    for line in stdout:
        lines.put(line.rstrip("\n"))


@pytest.fixture
def dev_server(tmp_path):
    """The dev server on two free ports; yields (site port, staff port, banner lines)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Startsidan</title><h1>Start</h1>")
    (site / "404.html").write_text("<!doctype html><title>Sidan finns inte</title>")
    port, staff_port = free_port(), free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    environment["INSTANCE_PATH"] = str(tmp_path / "instance")
    command, steps = make_run(site, port, staff_port)
    for step in steps:
        subprocess.run(["sh", "-c", step], cwd=PROJECT_ROOT, env=environment, check=True)
    server = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=banner_lines, args=(server.stdout, lines), daemon=True)
    reader.start()
    banner = []
    try:
        while BANNER_END not in banner:
            banner.append(lines.get(timeout=START_TIMEOUT))
        yield port, staff_port, banner
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        reader.join()
        server.stdout.close()


def test_the_dev_server_runs_on_the_ports_given_to_make_run(dev_server):
    port, staff_port, banner = dev_server
    assert f"Webbplatsen och e-tjänsterna: http://127.0.0.1:{port}/" in banner
    assert f"Handläggarstödet: http://127.0.0.1:{staff_port}/" in banner
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as response:
        assert "<h1>Start</h1>" in response.read().decode()
    form = f"http://127.0.0.1:{port}/e-tjanst/ansokan/kontaktperson/"
    with urllib.request.urlopen(form, timeout=60) as response:
        assert "/e-tjanst/ansokan/kontaktperson/steg/" in response.geturl()
        assert '<html lang="sv">' in response.read().decode()


def test_the_banners_development_log_in_works(dev_server):
    _port, staff_port, banner = dev_server
    login = re.search(r"logga in som (\S+) med lösenordet (\S+)", "\n".join(banner))
    assert login, banner
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    base = f"http://127.0.0.1:{staff_port}"
    with browser.open(f"{base}/logga-in/", timeout=60) as response:
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    fields = {"csrf_token": csrf, "anvandarnamn": login.group(1), "losenord": login.group(2)}
    body = urllib.parse.urlencode(fields).encode()
    with browser.open(f"{base}/logga-in/", data=body, timeout=60) as response:
        assert response.geturl() == f"{base}/"
        assert "Logga ut" in response.read().decode()
