"""The deployment kit in deploy/, run for real: Debian's nginx with the kit's configuration
(rendered by deploy/render.py into a temporary folder) in front of two gunicorn instances
of the e-services and one of the staff side, started with the commands and environment
files of the kit's systemd units, on one PostgreSQL database and Redis.

nginx runs as a plain process on free loopback ports, never as the system service.
Missing nginx, PostgreSQL or Redis skips with the reason; in CI (CI=true) it fails.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import uuid
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.core.security_headers import security_headers as the_sites_headers
from form_service.storage.models import Submission
from form_service.storage.submissions import open_submission
from site_builder.build import build_site
from site_builder.config import load_site_config
from tests.support.form_pages import fill_in, send
from tests.support.journey_answers import FOR_MYSELF
from tests.support.kit_services import (
    NGINX,
    PROJECT_ROOT,
    VENV,
    Citizen,
    render_kit,
    self_signed_certificate,
    start_unit,
    stop,
    wait_for_port,
)
from tests.support.live_server import free_port
from tests.support.local_services import postgres_database, redis_url, unavailable
from tests.support.pages import PageClient

pytestmark = [pytest.mark.nginx, pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

CONTENT = PROJECT_ROOT / "content"
SERVER_NAME = "kontaktstod.test"
STAFF_SERVER_NAME = "handlaggarstod.test"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Strict-Transport-Security",
)
# Headers the e-services may come to send as well; nginx must then send them too.
POSSIBLE_HEADERS = (
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Cross-Origin-Embedder-Policy",
)
SUBMIT_LIMIT = 3
MAIN_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/logs/error.log;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {root}/temp/body;
    proxy_temp_path {root}/temp/proxy;
    fastcgi_temp_path {root}/temp/fastcgi;
    uwsgi_temp_path {root}/temp/uwsgi;
    scgi_temp_path {root}/temp/scgi;
    access_log {root}/logs/access.log;
    # As in Debian's nginx.conf: the kit must turn it off where it matters.
    gzip on;
    gzip_types text/html text/css application/javascript;
    include {root}/kit/nginx/kontaktstod.conf;
}}
"""


class Deployment:
    """What the kit brought up, and where its logs and files are."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.https = free_port()
        self.http = free_port()
        self.staff_https = free_port()
        self.instances = (free_port(), free_port())
        self.staff_port = free_port()
        self.processes: list = []
        self.certificate = self.staff_certificate = Path()
        self.private_key = self.database_url = ""
        self.syntax_check: subprocess.CompletedProcess | None = None

    def citizen(self, https: bool = True) -> Citizen:
        """A new visitor, on an address of its own."""
        octets = uuid.uuid4().bytes[:3]
        address = "127." + ".".join(str(max(octet, 2)) for octet in octets)
        port = self.https if https else self.http
        return Citizen(port, address, SERVER_NAME, self.certificate if https else None)

    def staff_visitor(self, address: str = "127.0.0.1") -> Citizen:
        return Citizen(self.staff_https, address, STAFF_SERVER_NAME, self.staff_certificate)

    def upstreams_of(self, address: str) -> list[str]:
        """Which e-service instance served each of this address's requests, in order."""
        log = (self.root / "logs" / "kontaktstod-access.log").read_text(encoding="utf-8")
        return re.findall(rf"^{re.escape(address)} .* upstream=(\S+)$", log, re.MULTILINE)

    def nginx(self, *arguments: str) -> list[str]:
        main = str(self.root / "nginx.conf")
        error_log = str(self.root / "logs" / "error.log")
        return [NGINX, "-p", str(self.root), "-c", main, "-e", error_log, *arguments]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if not Path(NGINX).is_file():
        unavailable(f"{NGINX} is not installed: scripts/install-test-tools installs it")
    redis_url()  # the environment file's RATELIMIT_STORAGE_URI names this Redis
    databases = postgres_database()
    database_url = next(databases)
    kit = Deployment(tmp_path_factory.mktemp("nginx-kit"))
    try:
        _bring_up(kit, database_url)
        yield kit
    finally:
        for process in reversed(kit.processes):
            stop(process)
        next(databases, None)


def _bring_up(kit: Deployment, database_url: str) -> None:
    root = kit.root
    for folder in ("logs", "temp", "certs"):
        (root / folder).mkdir()
    build_site(CONTENT, root / "site", search=False)
    kit.certificate, key = self_signed_certificate(root / "certs", SERVER_NAME)
    kit.staff_certificate, staff_key = self_signed_certificate(root / "certs", STAFF_SERVER_NAME)
    prefix = load_site_config(CONTENT).eservice_prefix.rstrip("/")
    rendered = render_kit(
        root / "kit",
        {
            "SERVER_NAME": SERVER_NAME,
            "SITE_ROOT": str(root / "site"),
            "CONTENT_DIR": str(CONTENT),
            "HTTP_LISTEN": f"127.0.0.1:{kit.http}",
            "HTTPS_LISTEN": f"127.0.0.1:{kit.https}",
            "TLS_CERTIFICATE": str(kit.certificate),
            "TLS_CERTIFICATE_KEY": str(key),
            "STAFF_SERVER_NAME": STAFF_SERVER_NAME,
            "STAFF_LISTEN": f"127.0.0.1:{kit.staff_https}",
            "STAFF_ALLOW": "127.0.0.1",
            "STAFF_TLS_CERTIFICATE": str(kit.staff_certificate),
            "STAFF_TLS_CERTIFICATE_KEY": str(staff_key),
            "ESERVICE_PREFIX": prefix,
            "ETJANST_PORT_1": str(kit.instances[0]),
            "ETJANST_PORT_2": str(kit.instances[1]),
            "PUBLIC_WORKERS": "1",
            "STAFF_BIND": f"127.0.0.1:{kit.staff_port}",
            "STAFF_WORKERS": "1",
            "VENV": str(VENV),
            "ENV_DIR": str(root / "kit" / "env"),
            "NGINX_DIR": str(root / "kit" / "nginx"),
            "NGINX_LOG_DIR": str(root / "logs"),
        },
    )
    assert rendered.returncode == 0, rendered.stderr
    public, private = generate_keypair()
    kit.private_key, kit.database_url = private, database_url
    public_env = {
        "SECRET_KEY": "test-public-" + uuid.uuid4().hex,
        "DATABASE_URL": database_url,
        "SUBMISSION_PUBLIC_KEY": public,
        "DRAFT_KEY": new_draft_key(),
        "RATELIMIT_SUBMIT": f"{SUBMIT_LIMIT} per minute",
        "MIN_FILL_SECONDS": "0",
        "MAIL_SERVER": None,
    }
    staff_env = {
        "SECRET_KEY": "test-staff-" + uuid.uuid4().hex,
        "DATABASE_URL": database_url,
        "SUBMISSION_PRIVATE_KEY": private,
    }
    units, env = root / "kit" / "systemd", root / "kit" / "env"
    migrate = start_unit(
        units / "kontaktstod-migrate.service",
        env / "e-tjanst.env",
        public_env,
        root / "logs" / "migrate.log",
    )
    assert migrate.wait(timeout=120) == 0, (root / "logs" / "migrate.log").read_text()
    for port in kit.instances:
        log = root / "logs" / f"etjanst-{port}.log"
        process = start_unit(
            units / "kontaktstod-etjanst@.service", env / "e-tjanst.env", public_env, log, str(port)
        )
        kit.processes.append(process)
        wait_for_port(port, process, log)
    log = root / "logs" / "handlaggarstod.log"
    staff = start_unit(
        units / "kontaktstod-handlaggarstod.service", env / "handlaggarstod.env", staff_env, log
    )
    kit.processes.append(staff)
    wait_for_port(kit.staff_port, staff, log)
    user = "user root root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(MAIN_CONF.format(user=user, root=root), encoding="utf-8")
    kit.syntax_check = subprocess.run(kit.nginx("-t"), capture_output=True, text=True)
    nginx_log = root / "logs" / "nginx-stdout.log"
    with nginx_log.open("ab") as output:
        nginx = subprocess.Popen(kit.nginx(), stdout=output, stderr=subprocess.STDOUT)
    kit.processes.append(nginx)
    wait_for_port(kit.https, nginx, root / "logs" / "error.log")


def security_headers(reply) -> dict[str, str | None]:
    """The security headers a response carries; each must be there exactly once."""
    found = {}
    for name in SECURITY_HEADERS + POSSIBLE_HEADERS:
        values = reply.headers.get_all(name) or []
        assert len(values) <= 1, f"{name} sent {len(values)} times"
        found[name] = values[0] if values else None
    return found


@pytest.fixture(scope="module")
def app_headers(deployment):
    """What the e-services themselves send over HTTPS: asked directly, past nginx."""
    direct = Citizen(deployment.instances[0], "127.0.0.1", SERVER_NAME)
    reply = direct.get("/e-tjanst/status/", headers={"X-Forwarded-Proto": "https"})
    assert reply.status_code == 200
    headers = security_headers(reply)
    assert all(headers[name] for name in SECURITY_HEADERS), headers
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    return headers


def test_nginx_accepts_the_kits_configuration(deployment):
    check = deployment.syntax_check
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr


def test_a_citizens_steps_alternate_between_instances_and_arrive_once(deployment):
    citizen = deployment.citizen()
    pages = PageClient(citizen)
    receipt = send(pages, fill_in(pages, "/e-tjanst/ansokan/kontaktperson/", FOR_MYSELF))
    assert "Ansökan är skickad" in receipt.text

    served_by = deployment.upstreams_of(citizen.address)
    instances = {f"127.0.0.1:{port}" for port in deployment.instances}
    assert len(served_by) > 10 and set(served_by) == instances, served_by
    assert all(one != other for one, other in pairwise(served_by))

    engine = create_engine(deployment.database_url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(Submission)).all()
            assert len(rows) == 1
            answers = open_submission(rows[0], deployment.private_key)
    finally:
        engine.dispose()
    assert "Sven" in str(answers)


def test_the_submit_limit_is_shared_by_both_instances(deployment, app_headers):
    citizen = deployment.citizen()
    pages = PageClient(citizen)
    step = pages.follow(pages.get("/e-tjanst/ansokan/kontaktperson/", status=302))
    check = "/e-tjanst/ansokan/kontaktperson/granska/"
    statuses = []
    for attempt in range(SUBMIT_LIMIT + 1):
        # A forged X-Forwarded-For does not make a new citizen: nginx appends the real one.
        forged = {"X-Forwarded-For": f"192.0.2.{attempt + 1}"}
        reply = citizen.post(check, {"csrf_token": step.csrf, "nyckel": "x"}, headers=forged)
        statuses.append(reply.status_code)
    assert 429 not in statuses[:SUBMIT_LIMIT] and statuses[-1] == 429, statuses
    assert security_headers(reply) == app_headers
    posts = deployment.upstreams_of(citizen.address)[-(SUBMIT_LIMIT + 1) :]
    assert len(set(posts)) == 2, posts

    # Counted per citizen (PROXY_COUNT=1), not for nginx's address as a whole.
    neighbour = deployment.citizen()
    pages = PageClient(neighbour)
    step = pages.follow(pages.get("/e-tjanst/ansokan/kontaktperson/", status=302))
    reply = neighbour.post(check, {"csrf_token": step.csrf, "nyckel": "x"})
    assert reply.status_code != 429


def test_every_response_carries_the_same_security_headers_as_the_e_services(
    deployment, app_headers
):
    """The site's own files get the site's variant (`security_headers(site=True)`, which
    lets the search run WebAssembly); the e-services' pages what the e-services send."""
    site_headers = {name: None for name in SECURITY_HEADERS + POSSIBLE_HEADERS}
    site_headers.update(the_sites_headers(secure=True, site=True))
    citizen = deployment.citizen()
    replies = {
        "page": citizen.get("/"),
        "asset": citizen.get("/static/site.css"),
        "missing page": citizen.get("/finns-inte/"),
        "e-service step": citizen.get("/e-tjanst/status/"),
        "missing e-service page": citizen.get("/e-tjanst/finns-inte/"),
        "plain HTTP": deployment.citizen(https=False).get("/"),
    }
    expected_status = {"missing page": 404, "missing e-service page": 404, "plain HTTP": 301}
    for what, reply in replies.items():
        assert reply.status_code == expected_status.get(what, 200), what
        expected = (
            app_headers if what.endswith(("e-service step", "e-service page")) else site_headers
        )
        assert security_headers(reply) == expected, what


def test_pages_are_sent_precompressed_and_assets_cached(deployment):
    citizen = deployment.citizen()
    page = citizen.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    built = (deployment.root / "site" / "index.html").read_bytes()
    assert page.body == (deployment.root / "site" / "index.html.gz").read_bytes()
    assert gzip.decompress(page.body) == built
    assert page.headers["Cache-Control"] == "no-cache"
    asset = citizen.get("/static/site.css")
    assert asset.headers["Cache-Control"] == "public, max-age=3600"
    assert asset.headers["Content-Type"].startswith("text/css")


def test_e_service_pages_are_never_compressed_or_cached(deployment):
    """Compressing pages with CSRF tokens and reflected answers would open BREACH."""
    step = deployment.citizen().get("/e-tjanst/status/", headers={"Accept-Encoding": "gzip"})
    assert step.status_code == 200
    assert "Content-Encoding" not in step.headers
    assert step.headers.get_all("Cache-Control") == ["no-store"]


def test_plain_http_only_redirects_to_https_on_the_sites_own_name(deployment):
    citizen = deployment.citizen(https=False)
    citizen.host = "annan.example"
    reply = citizen.get("/kontakt/")
    assert reply.headers["Location"] == f"https://{SERVER_NAME}/kontakt/"


def test_the_staff_side_is_only_on_its_own_internal_server(deployment):
    staff = deployment.staff_visitor().get("/logga-in/")
    assert staff.status_code == 200 and 'name="losenord"' in staff.get_data(as_text=True)

    public = deployment.citizen()
    for host in (SERVER_NAME, STAFF_SERVER_NAME):
        public.host = host
        reply = public.get("/logga-in/")
        assert reply.status_code == 404
        assert 'name="losenord"' not in reply.get_data(as_text=True)

    outsider = deployment.staff_visitor(address=deployment.citizen().address).get("/logga-in/")
    assert outsider.status_code == 403


def test_the_health_checks_answer_on_loopback_and_not_through_nginx(deployment):
    """Not rate-limited, and /readyz asks the database each time: for the server's own
    monitoring, which asks gunicorn on 127.0.0.1 as docs/drift.md shows, not the internet."""
    staff = Citizen(deployment.staff_port, "127.0.0.1", STAFF_SERVER_NAME)
    direct = [Citizen(port, "127.0.0.1", SERVER_NAME) for port in deployment.instances]
    for client, prefix in [(one, "/e-tjanst") for one in direct] + [(staff, "")]:
        assert client.get(f"{prefix}/healthz").status_code == 200
        ready = client.get(f"{prefix}/readyz")
        assert ready.status_code == 200, ready.body
        assert b'"failing":[]' in ready.body.replace(b" ", b"")

    public, internal = deployment.citizen(), deployment.staff_visitor()
    for client, prefix in ((public, "/e-tjanst"), (internal, "")):
        for path in (f"{prefix}/healthz", f"{prefix}/readyz"):
            reply = client.get(path)
            assert reply.status_code == 404, path
            assert b"failing" not in reply.body and b'"status"' not in reply.body
