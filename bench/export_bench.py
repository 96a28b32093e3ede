"""The staff side's CSV and JSON export of many submissions, timed through HTTP.

Seeds 1,000, 5,000 and 10,000 sealed submissions (each with its history event, like
one received through the forms) into a fresh SQLite file, and into a fresh PostgreSQL
database when the machine's server on 127.0.0.1:5432 answers; starts the staff side
under gunicorn (one sync worker, a fresh one per size, so its peak memory is the
export's own); logs in and downloads the whole selection as CSV and as JSON.

Printed per size and format: wall seconds of the whole download (the last byte
included), rows per second, the worker's peak resident memory (VmHWM), its CPU
seconds (user + system), and seconds per 1,000 rows, which stays flat when the time
grows linearly with the rows.

Run: `.venv/bin/python bench/export_bench.py [--sizes 1000,5000,10000] [--skip-postgres]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH.parent
WORK = BENCH / ".work"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(PROJECT_ROOT))

from request_cpu import Browser, Server, csrf_token  # noqa: E402
from sqlalchemy import create_engine, insert  # noqa: E402

from form_service.core.crypto import generate_keypair, key_id, seal  # noqa: E402
from form_service.storage.models import Submission, SubmissionEvent  # noqa: E402
from tests.support.journey_answers import VOLUNTEER as ANSWERS  # noqa: E402

PASSWORD = "bänk-lösenord-som-är-långt"  # noqa: S105 (a throwaway benchmark account)
BATCH = 1000


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    cpu_seconds: float
    size_bytes: int


def form_service_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "form-service"), *args]


def seed(url: str, count: int, public_key: str) -> None:
    """`count` sealed submissions of "Intresseanmälan kontaktperson", inserted in batches."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    start = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
    sealed = [seal(public_key, json.dumps(ANSWERS, ensure_ascii=False).encode())]
    with engine.begin() as connection:
        for first in range(0, count, BATCH):
            numbers = range(first, min(first + BATCH, count))
            rows = [
                {
                    "id": n + 1,
                    "reference": f"B{n:07d}",
                    "form_kind": "intresse-kontaktperson",
                    "created_at": start + dt.timedelta(minutes=n),
                    "updated_at": start + dt.timedelta(minutes=n),
                    "status": "ny",
                    "queue_position": None,
                    "retain_until": dt.date(2030, 1, 1),
                    "spam_suspected": False,
                    "idempotency_key": uuid.uuid4().hex,
                    "status_code_hash": "0" * 64,
                    # a fresh box per row: a real export opens every row, none alike
                    "sealed_answers": seal(public_key, json.dumps(ANSWERS).encode())
                    if n % 10
                    else sealed[0],
                    "key_id": key_id(public_key),
                }
                for n in numbers
            ]
            connection.execute(insert(Submission), rows)
            events = [
                {"submission_id": n + 1, "at": start, "kind": "mottagen", "actor": None}
                for n in numbers
            ]
            connection.execute(insert(SubmissionEvent), events)
    engine.dispose()


def export(port: int, fmt: str) -> tuple[float, int]:
    """Log in, then download the whole selection; seconds until the last byte."""
    browser = Browser(port)
    page = browser.expect("GET", "/logga-in/", 200)
    fields = {"csrf_token": csrf_token(page), "anvandarnamn": "bank", "losenord": PASSWORD}
    browser.expect("POST", "/logga-in/", 302, fields)
    token = csrf_token(browser.expect("GET", "/", 200))
    data = {"csrf_token": token, "format": fmt, "formular": "", "status": "", "fran": ""}
    body = urllib.parse.urlencode({**data, "till": "", "referens": "", "tilldelad": ""})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Cookie": browser.cookie, "Content-Type": "application/x-www-form-urlencoded"}
    started = time.perf_counter()
    connection.request("POST", "/export/", body=body, headers=headers)
    response = connection.getresponse()
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
    seconds = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"export: HTTP {response.status}")
    return seconds, size


def peak_mb(server: Server) -> float:
    status = Path(f"/proc/{server.worker()}/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def run_size(url: str, count: int, fmt: str) -> Measured:
    public, private = generate_keypair()
    environment = {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "SUBMISSION_PRIVATE_KEY": private,
        "ENV_NAME": "development",  # plain-HTTP cookies on 127.0.0.1
        "INSTANCE_PATH": str(WORK / f"instance-{uuid.uuid4().hex[:8]}"),
    }
    env = {**os.environ, **environment}
    subprocess.run(form_service_command("migrate"), check=True, env=env, capture_output=True)
    add = form_service_command("staff", "add", "bank", "--name", "Bänk", "--password-stdin")
    subprocess.run(add, input=PASSWORD, text=True, check=True, env=env, capture_output=True)
    seed(url, count, public)
    server = Server("form_service.staff:create_staff_app()", PROJECT_ROOT, environment)
    try:
        export(server.port, fmt)  # warm-up on the same data: templates, imports, caches
        before = server.cpu_seconds()
        seconds, size = export(server.port, fmt)
        return Measured(seconds, peak_mb(server), server.cpu_seconds() - before, size)
    finally:
        server.stop()


def databases(skip_postgres: bool) -> dict[str, object]:
    """SQLite files in bench/.work; a fresh PostgreSQL database per size when reachable."""
    found: dict[str, object] = {"SQLite": None}
    if not skip_postgres:
        try:
            import psycopg

            psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3)
            found["PostgreSQL"] = None
        except Exception as problem:  # any reason: leave PostgreSQL out
            print(f"(PostgreSQL utelämnas: {problem.__class__.__name__})")
    return found


def fresh_url(kind: str) -> tuple[str, object]:
    if kind == "SQLite":
        path = WORK / f"export-{uuid.uuid4().hex[:8]}.sqlite3"
        return f"sqlite:///{path}", path
    import psycopg

    name = f"bench_export_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}", name


def drop(kind: str, handle: object) -> None:
    if kind == "SQLite":
        for suffix in ("", "-wal", "-shm", "-writer.lock"):
            Path(f"{handle}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{handle}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--formats", default="csv,json")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    print("\nExport från handläggarstödet (gunicorn, en sync-arbetare, hela urvalet)")
    print(
        f"  {'databas':<11}{'format':<7}{'rader':>7}{'tid (s)':>9}{'rader/s':>9}"
        f"{'minne (MB)':>12}{'CPU (s)':>9}{'s per 1000':>12}{'MB ut':>8}"
    )
    for kind in databases(args.skip_postgres):
        for fmt in args.formats.split(","):
            for count in sizes:
                url, handle = fresh_url(kind)
                try:
                    m = run_size(url, count, fmt)
                finally:
                    drop(kind, handle)
                print(
                    f"  {kind:<11}{fmt:<7}{count:>7}{m.seconds:>9.2f}{count / m.seconds:>9.0f}"
                    f"{m.peak_mb:>12.0f}{m.cpu_seconds:>9.2f}{1000 * m.seconds / count:>12.3f}"
                    f"{m.size_bytes / 1e6:>8.1f}",
                    flush=True,
                )
    print(
        "tid = hela nedladdningen till sista byten; minne = arbetarens högsta RSS (VmHWM); "
        "s per 1000 = tid per tusen rader, jämn när tiden växer linjärt."
    )


if __name__ == "__main__":
    main()
