"""The e-services under load: complete submissions against gunicorn on this machine.

A complete submission is the whole "Ansökan om kontaktperson": every step (GET, POST,
follow the redirect), the check page, sending and the receipt – 17 requests. Measured
with SQLite and with PostgreSQL, beside the same server's rate for a static file, and
while one address floods the service, how the other addresses fare.

Run: `.venv/bin/python bench/forms_load.py [--seconds 20] [--clients 8] [--skip-postgres]`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
from form_service.crypto import generate_keypair, new_draft_key  # noqa: E402

STEPS = [
    {"skyddad": "nej"},
    {"for_vem": "mig"},
    {
        "fornamn": "Sven",
        "efternamn": "Ek",
        "personnummer": "640823-3234",
        "telefon": "070-174 06 40",
    },
    {"stod": "Någon att prata med."},
    {"kontaktsatt": "telefon", "tolk": "nej"},
    {"intygande": "y"},
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    completed: int = 0
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)


class Browser:
    """One keep-alive connection from one loopback address, with its own cookie."""

    def __init__(self, port: int, address: str, tally: Tally) -> None:
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(address, 0)
        )
        self.cookie = ""
        self.tally = tally

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data) if data is not None else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        self.tally.add(time.perf_counter() - started)
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def get(self, path: str) -> tuple[str, str]:
        """GET, following redirects; returns (final path, page)."""
        for _ in range(5):
            status, location, text = self.request("GET", path)
            if status in (301, 302, 303):
                path = location
                continue
            if status != 200:
                raise RuntimeError(f"{status} on {path}")
            return path, text
        raise RuntimeError("too many redirects")

    def submit(self) -> None:
        path, page = self.get("/ansokan/kontaktperson/")
        for values in [*STEPS, None]:
            data = {
                "csrf_token": _value(page, "csrf_token"),
                **(values or {"nyckel": _value(page, "nyckel")}),
            }
            status, location, _ = self.request("POST", path, data)
            if status != 302:
                raise RuntimeError(f"{status} on POST {path}")
            path, page = self.get(location)
        if "panel__reference" not in page:
            raise RuntimeError("no receipt")


def _value(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    database_url: str, submit_limit: str, workers: int
) -> tuple[subprocess.Popen, int]:
    port = free_port()
    environment = {
        **os.environ,
        "ENV_NAME": "development",
        "SECRET_KEY": "bench",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": database_url,
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_DEFAULT": "1000000 per minute",
        "RATELIMIT_SUBMIT": submit_limit,
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "error",
        "form_service:create_app()",
    ]
    server = subprocess.Popen(command, env=environment, cwd=PROJECT_ROOT)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def run_clients(
    port: int, clients: int, seconds: float, work: str, first_address: int = 10
) -> Tally:
    tally = Tally()
    stop = time.perf_counter() + seconds

    def client(number: int) -> None:
        browser = Browser(port, f"127.0.0.{first_address + number}", tally)
        while time.perf_counter() < stop:
            try:
                if work == "submit":
                    browser.submit()
                else:
                    browser.request("GET", "/static/site.css")
                with tally.lock:
                    tally.completed += 1
            except Exception:
                with tally.lock:
                    tally.errors += 1
                browser = Browser(port, f"127.0.0.{first_address + number}", tally)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def flood(port: int, stop: threading.Event, tally: Tally) -> None:
    """One address sending as fast as it can (it is soon answered with 429)."""
    browser = Browser(port, "127.0.0.2", tally)
    while not stop.is_set():
        try:
            browser.request("POST", "/ansokan/kontaktperson/granska/", {"nyckel": "x"})
        except Exception:
            browser = Browser(port, "127.0.0.2", tally)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def scenario(name: str, database_url: str, args) -> None:
    server, port = start_server(database_url, "1000000 per minute", args.workers)
    try:
        static = run_clients(port, args.clients, args.seconds / 2, "static")
        load = run_clients(port, args.clients, args.seconds, "submit")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    rate = load.completed / args.seconds
    print(
        f"\n{name}: {args.workers} gunicorn-arbetare, {args.clients} klienter, {args.seconds:.0f} s"
    )
    print(
        f"  statisk fil:              {static.completed / (args.seconds / 2):8.0f} förfrågningar/s"
    )
    print(f"  hela inlämningar:         {rate:8.1f} /s  ({rate * 17:.0f} förfrågningar/s)")
    p50, p99 = percentile(load.latencies, 0.5), percentile(load.latencies, 0.99)
    print(f"  svarstid p50 / p99:       {p50:8.1f} / {p99:.1f} ms")
    print(f"  fel:                      {load.errors:8d}")


def flood_scenario(database_url: str, args) -> None:
    server, port = start_server(database_url, "20 per hour;5 per minute", args.workers)
    stop, flood_tally = threading.Event(), Tally()
    flooder = threading.Thread(target=flood, args=(port, stop, flood_tally))
    try:
        flooder.start()
        citizens = Tally()
        threads = []
        for number in range(args.clients * 4):  # each address sends one application
            browser = Browser(port, f"127.0.1.{number + 1}", citizens)

            def one(browser: Browser = browser) -> None:
                try:
                    browser.submit()
                    with citizens.lock:
                        citizens.completed += 1
                except Exception:
                    with citizens.lock:
                        citizens.errors += 1

            threads.append(threading.Thread(target=one))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        flooder.join()
        server.send_signal(signal.SIGTERM)
        server.wait()
    total = citizens.completed + citizens.errors
    print(
        f"\nÖversvämning: en adress skickade {len(flood_tally.latencies)} förfrågningar medan "
        f"{total} andra adresser skickade var sin ansökan"
    )
    print(f"  lyckade ansökningar:      {100 * citizens.completed / total:8.1f} %")
    print(f"  svarstid p99 (övriga):    {percentile(citizens.latencies, 0.99):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    work = PROJECT_ROOT / "bench" / ".work"
    work.mkdir(parents=True, exist_ok=True)
    sqlite = work / f"load-{uuid.uuid4().hex[:8]}.sqlite3"
    scenario("SQLite", f"sqlite:///{sqlite}", args)
    flood_scenario(f"sqlite:///{sqlite}", args)
    if not args.skip_postgres:
        postgres(args)


def postgres(args) -> None:
    import psycopg

    name = f"kontaktstod_bench_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        scenario("PostgreSQL", f"postgresql://postgres@127.0.0.1:5432/{name}", args)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
