"""The e-services under load: complete submissions against gunicorn on this machine.

A complete submission is the whole "Ansökan om kontaktperson": every step (GET, POST,
follow the redirect), the check page, sending and the receipt – 17 requests. The load
comes from wrk (a C load generator, `bench/journey.lua`), so the client takes little
of the two cores from the server. Measured with SQLite and with PostgreSQL, beside
the same server's rate for a static file, after a warm-up; then, while one address
floods the service with wrk (`bench/flood.lua`), how other addresses' applications
fare (sent by this script, one address each).

Run: `.venv/bin/python bench/forms_load.py [--seconds 20] [--clients 8] [--skip-postgres]`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
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
BENCH = PROJECT_ROOT / "bench"
sys.path.insert(0, str(PROJECT_ROOT))
from form_service.core.crypto import generate_keypair, new_draft_key  # noqa: E402
from form_service.storage.schema import migrate  # noqa: E402

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
        "--no-control-socket",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "error",
        "form_service:create_app()",
    ]
    migrate({"DATABASE_URL": database_url})  # what `form-service migrate` does
    server = subprocess.Popen(command, env=environment, cwd=PROJECT_ROOT)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


def wrk(port: int, arguments: list[str], path: str = "/") -> str:
    command = ["wrk", *arguments, f"http://127.0.0.1:{port}{path}"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def journeys(port: int, clients: int, seconds: float) -> dict[str, float]:
    """wrk's RESULT line from journey.lua: completed, failed, requests, p50/p99 (ms)."""
    script = ["-s", str(BENCH / "journey.lua")]
    output = wrk(port, [f"-t{clients}", f"-c{clients}", f"-d{seconds:.0f}s", *script])
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    return {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}


def static_rate(port: int, seconds: float) -> float:
    output = wrk(port, ["-t2", "-c8", f"-d{seconds:.0f}s"], "/static/site.css")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def scenario(name: str, database_url: str, args) -> None:
    server, port = start_server(database_url, "1000000 per minute", args.workers)
    try:
        journeys(port, args.clients, 3)  # warm-up: every worker compiles its templates
        static = static_rate(port, args.seconds / 2)
        load = journeys(port, args.clients, args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    rate = load["completed"] / load["seconds"]
    print(f"\n{name}: {args.workers} gunicorn-arbetare, {args.clients} klienter (wrk), "
          f"{args.seconds:.0f} s")  # fmt: skip
    print(f"  statisk fil:              {static:8.0f} förfrågningar/s")
    print(f"  hela inlämningar:         {rate:8.1f} /s  "
          f"({load['requests'] / load['seconds']:.0f} förfrågningar/s)")  # fmt: skip
    print(f"  svarstid p50 / p99:       {load['p50_ms']:8.1f} / {load['p99_ms']:.1f} ms")
    print(f"  fel:                      {load['failed'] + load['errors']:8.0f}")


def flood_scenario(database_url: str, args) -> None:
    """wrk floods from 127.0.0.1 for the whole run; citizens send one application each
    from their own address (127.0.1.x), a few at a time, under the real limits."""
    server, port = start_server(database_url, "20 per hour;5 per minute", args.workers)
    citizens, flood_output = Tally(), {}
    script = ["-s", str(BENCH / "flood.lua")]
    arguments = ["-t1", "-c4", f"-d{args.seconds:.0f}s", *script]

    def flood() -> None:
        flood_output["text"] = wrk(port, arguments, "/ansokan/kontaktperson/granska/")

    flooder = threading.Thread(target=flood)
    try:
        journeys(port, 2, 2)  # warm-up from 127.0.0.1, before the flood
        flooder.start()
        time.sleep(1)
        deadline = time.perf_counter() + args.seconds - 2
        addresses = iter(range(1, 10_000))

        def citizen_line() -> None:
            while time.perf_counter() < deadline:
                number = next(addresses)
                browser = Browser(port, f"127.0.{1 + number // 250}.{1 + number % 250}", citizens)
                try:
                    browser.submit()
                    with citizens.lock:
                        citizens.completed += 1
                except Exception:
                    with citizens.lock:
                        citizens.errors += 1

        lines = [threading.Thread(target=citizen_line) for _ in range(4)]
        for line in lines:
            line.start()
        for line in lines:
            line.join()
    finally:
        flooder.join()
        server.send_signal(signal.SIGTERM)
        server.wait()
    flood_requests = re.search(r"(\d+) requests in", flood_output.get("text", "0 requests in"))
    total = citizens.completed + citizens.errors
    print(f"\nÖversvämning: en adress skickade {flood_requests.group(1)} förfrågningar (wrk, "
          f"4 anslutningar) medan {total} andra adresser skickade var sin ansökan")  # fmt: skip
    print(f"  lyckade ansökningar:      {100 * citizens.completed / max(total, 1):8.1f} %")
    print(f"  svarstid p50 / p99 (övriga): {percentile(citizens.latencies, 0.5):5.1f} / "
          f"{percentile(citizens.latencies, 0.99):.1f} ms")  # fmt: skip


def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("forms_load: wrk saknas (Debian: apt-get install wrk; make bench installerar det)")
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
