"""CPU per request of the e-services, against a minimal Flask page under the same gunicorn.

Starts two gunicorns with one sync worker each, side by side: one for `minimal_app.py`
(a minimal Flask app rendering a small Jinja template), one for the public e-services
on SQLite (migrated first with `form-service migrate`). Each kind of request is sent a
fixed number of times, one at a time after a warm-up, each followed by one request
for the minimal page, so both see the same load; each worker's CPU time (user +
system from /proc/<pid>/stat, all its threads) is read before and after. Printed per
kind: CPU and wall ms per request, of ours and of the minimal page, and the ratio.

CPU seconds per request hardly depend on what else the machine does; wall time does
(other processes on the same cores, the disk's fsync), so compare wall times only
between runs on an otherwise idle machine.

Run: `.venv/bin/python bench/request_cpu.py [--requests 300] [--profile]`. With
`--profile` the e-services' worker runs under cProfile (`profile_worker.py`) and a
summary by library follows the table; the CPU figures are then inflated by cProfile.
"""

from __future__ import annotations

import argparse
import http.client
import os
import pstats
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH = PROJECT_ROOT / "bench"
WORK = BENCH / ".work"
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(BENCH))
from forms_load import free_port  # noqa: E402

from form_service.core.crypto import generate_keypair, new_draft_key  # noqa: E402

FLOW = "/ansokan/kontaktperson"
ABOUT_YOU = {
    "fornamn": "Sven",
    "efternamn": "Ek",
    "personnummer": "640823-3234",
    "telefon": "070-174 06 40",
}
ANSWERS = [
    ("skyddade-uppgifter", {"skyddad": "nej"}),
    ("for-vem", {"for_vem": "mig"}),
    ("om-dig", ABOUT_YOU),
    ("stod", {"stod": "Någon att prata med."}),
    ("kontakt", {"kontaktsatt": "telefon", "tolk": "nej"}),
    ("intygande", {"intygande": "y"}),
]
GUNICORN = ["-w", "1", "--log-level", "error", "--no-control-socket"]


class Server:
    """gunicorn with one sync worker, so one process does (and is charged for) all work."""

    def __init__(self, app: str, cwd: Path, environment: dict[str, str], extra=()) -> None:
        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", *GUNICORN, *extra,
            "-b", f"127.0.0.1:{self.port}", app,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **environment})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({app})")
            try:
                Browser(self.port).request("GET", "/favicon.ico")
                if self.worker():
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer ({app})")

    def worker(self) -> int | None:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return int(children[0]) if children else None

    def cpu_seconds(self) -> float:
        """User + system time of the worker, all its threads included."""
        fields = Path(f"/proc/{self.worker()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Browser:
    """A new connection per request (a sync worker closes it anyway); one cookie kept."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = urllib.parse.urlencode(data) if data is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def expect(self, method: str, path: str, status: int, data: dict | None = None) -> str:
        got, _, text = self.request(method, path, data)
        if got != status:
            raise RuntimeError(f"{method} {path}: {got}, expected {status}")
        return text

    def answer(self, slug: str, values: dict) -> None:
        path = f"{FLOW}/steg/{slug}/"
        page = self.expect("GET", path, 200)
        self.expect("POST", path, 302, {"csrf_token": csrf_token(page), **values})


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@dataclass
class Figures:
    cpu_ms: float
    wall_ms: float


@dataclass
class Row:
    """One kind of request and the minimal page, measured in the same stretch of time."""

    ours: Figures
    minimal: Figures

    @property
    def ratio(self) -> float:
        return self.ours.cpu_ms / self.minimal.cpu_ms


class Yardstick:
    """The minimal page's server: one request to it after each e-service request, so
    both are measured under the same load from whatever else the machine runs."""

    def __init__(self) -> None:
        self.server = Server("minimal_app:create_app()", BENCH, {})
        self.browser = Browser(self.server.port)

    def send(self) -> None:
        self.browser.expect("GET", "/", 200)


def measure(server: Server, yardstick: Yardstick, count: int, send: Callable[[], None]) -> Row:
    for _ in range(max(count // 10, 5)):  # warm-up: templates compiled, caches filled
        send()
        yardstick.send()
    ours_cpu, minimal_cpu = server.cpu_seconds(), yardstick.server.cpu_seconds()
    ours_wall = minimal_wall = 0.0
    for _ in range(count):
        started = time.perf_counter()
        send()
        between = time.perf_counter()
        yardstick.send()
        ours_wall += between - started
        minimal_wall += time.perf_counter() - between
    ours_cpu = server.cpu_seconds() - ours_cpu
    minimal_cpu = yardstick.server.cpu_seconds() - minimal_cpu
    return Row(
        Figures(1000 * ours_cpu / count, 1000 * ours_wall / count),
        Figures(1000 * minimal_cpu / count, 1000 * minimal_wall / count),
    )


def eservice_requests(count: int, profile: Path | None) -> dict[str, Row]:
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / f"request-cpu-{uuid.uuid4().hex[:8]}.sqlite3"
    environment = {
        "SECRET_KEY": "bench",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": f"sqlite:///{database}",
        "RATELIMIT_DEFAULT": "1000000 per minute",  # counted on every hit, never reached
    }
    migrate = [str(Path(sys.executable).parent / "form-service"), "migrate"]
    subprocess.run(migrate, check=True, cwd=PROJECT_ROOT, env={**os.environ, **environment})
    extra: tuple[str, ...] = ()
    if profile:
        environment["BENCH_PROFILE_OUT"] = str(profile)
        extra = ("-c", str(BENCH / "profile_worker.py"))
    yardstick = Yardstick()
    server = Server("form_service:create_app()", PROJECT_ROOT, environment, extra)
    try:
        return drive_eservice(server, yardstick, count)
    finally:
        server.stop()
        yardstick.server.stop()
        for suffix in ("", "-wal", "-shm", "-writer.lock"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)


def drive_eservice(server: Server, yardstick: Yardstick, count: int) -> dict[str, Row]:
    """A step GET and a step POST with a draft in the session, then the check page,
    then the step GET again in Arabic (right to left, the language menu and frame
    words from its catalog)."""
    browser = Browser(server.port)
    for slug, values in ANSWERS[:2]:
        browser.answer(slug, values)
    step = f"{FLOW}/steg/om-dig/"
    token = csrf_token(browser.expect("GET", step, 200))

    def send_step() -> None:
        browser.expect("POST", step, 302, {"csrf_token": token, **ABOUT_YOU})

    results = {
        "steg, GET": measure(server, yardstick, count, lambda: browser.expect("GET", step, 200)),
        "steg, POST (kontrolleras, sparas)": measure(server, yardstick, count, send_step),
    }
    for slug, values in ANSWERS[3:]:
        browser.answer(slug, values)
    check = f"{FLOW}/granska/"
    results["granska, GET"] = measure(
        server, yardstick, count, lambda: browser.expect("GET", check, 200)
    )
    browser.expect("GET", f"{FLOW}/?sprak=ar", 302)  # the language is kept in the session
    results["steg, GET på arabiska"] = measure(
        server, yardstick, count, lambda: browser.expect("GET", step, 200)
    )
    return results


def report(results: dict[str, Row], count: int) -> None:
    print(
        f"\nCPU per förfrågan: en gunicorn-arbetare (sync) per app, {count} förfrågningar per "
        "rad, varvade med lika många till den minimala sidan"
    )
    heading = f"{'CPU (ms)':>10}{'minimal':>9}{'kvot':>7}{'vägg (ms)':>11}{'minimal':>9}"
    print(f"  {'förfrågan':<36}{heading}")
    for name, row in results.items():
        print(
            f"  {name:<36}{row.ours.cpu_ms:>10.2f}{row.minimal.cpu_ms:>9.2f}{row.ratio:>6.2f}×"
            f"{row.ours.wall_ms:>11.2f}{row.minimal.wall_ms:>9.2f}"
        )
    print(
        "minimal = en minimal Flask-sida som renderar en liten Jinja-mall (bench/minimal_app.py) "
        "under samma gunicorn; kvot = CPU / den minimala sidans CPU i samma varv. Väggtiden "
        "beror på vad annat maskinen gör (och på diskens fsync vid POST), CPU-tiden knappt."
    )


AREAS = {
    "hastighetsbegränsning (core/rate_limits.py, limits)": ("core/rate_limits.py", "/limits/"),
    "trådar (threading)": ("threading.py",),
    "WTForms och Flask-WTF": ("wtforms/", "flask_wtf/", "form_service/forms/"),
    "Jinja (och mallarnas kod)": ("jinja2/", ".html"),
    "SQLAlchemy och sqlite3": ("sqlalchemy/", "sqlite3"),
    "kryptering (PyNaCl)": ("nacl/",),
    "Flask, Werkzeug, itsdangerous": ("flask/", "werkzeug/", "itsdangerous/"),
    "gunicorn": ("gunicorn/",),
    "vår övriga kod (form_service, site_builder)": ("form_service/", "site_builder/"),
}
Function = tuple[str, int, str]


def profile_summary(path: Path) -> None:
    """CPU time by library: each function's own time goes to its library; the time of
    a function of no listed library (a built-in, markupsafe, the standard library) goes
    to the libraries of its callers, in proportion to the calls from each."""
    entries = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    by_area: dict[str, float] = defaultdict(float)
    for function, (_, _, own, _, _) in entries.items():
        for area, share in _areas_of(function, entries, {}, ()).items():
            by_area[area] += own * share
    by_area.pop("gunicorn", None)  # mostly waiting for the next request
    total = sum(by_area.values())
    print("\nProfil (cProfile i arbetaren, e-tjänsternas förfrågningar utom gunicorn): andelar")
    for area, seconds in sorted(by_area.items(), key=lambda item: -item[1]):
        print(f"  {area:<48}{100 * seconds / total:>6.1f} %")
    print("  (cProfile gör många små anrop dyrare, och SQLite:s fsync räknas: ungefärligt)")


def _areas_of(function: Function, entries: dict, memo: dict, seen: tuple) -> dict[str, float]:
    if function in memo:
        return memo[function]
    where = f"{function[0]} {function[2]}"
    area = next((a for a, marks in AREAS.items() if any(m in where for m in marks)), None)
    callers = entries[function][4] if function in entries else {}
    if area or not callers or function in seen or len(seen) > 30:
        memo[function] = {area or "övrigt": 1.0}
        return memo[function]
    weights = {caller: calls[3] or calls[1] for caller, calls in callers.items()}
    total = sum(weights.values()) or 1.0
    shares: dict[str, float] = defaultdict(float)
    for caller, weight in weights.items():
        for caller_area, share in _areas_of(caller, entries, memo, (*seen, function)).items():
            shares[caller_area] += share * weight / total
    memo[function] = dict(shares)
    return memo[function]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="förfrågningar per slag")
    parser.add_argument("--profile", action="store_true", help="cProfile i arbetaren")
    args = parser.parse_args()
    profile = WORK / "request-cpu.prof" if args.profile else None
    results = eservice_requests(args.requests, profile)
    report(results, args.requests)
    if profile:
        profile_summary(profile)


if __name__ == "__main__":
    main()
