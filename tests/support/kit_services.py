"""The deployment kit brought up in a temporary folder: rendered files, processes, a client.

Everything here does what IT does on a server (render the kit, run the units'
commands with their environment files, start nginx with the kit's configuration),
only on free loopback ports and in a temporary folder, never as a system service.
"""

from __future__ import annotations

import gzip
import http.client
import os
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RENDER = PROJECT_ROOT / "deploy" / "render.py"
NGINX = "/usr/sbin/nginx"
VENV = Path(sys.executable).parent.parent


def render_kit(out_dir: Path, settings: dict[str, str]) -> subprocess.CompletedProcess:
    """deploy/render.py as IT runs it: the shipped settings, overridden with --set."""
    overrides = [f"--set={name}={value}" for name, value in settings.items()]
    return subprocess.run(
        [sys.executable, str(RENDER), "--out", str(out_dir), *overrides],
        capture_output=True,
        text=True,
        check=False,
    )


def read_env_file(path: Path) -> dict[str, str]:
    """A systemd EnvironmentFile: NAME=value lines, # comments, optional double quotes."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.removeprefix('"').removesuffix('"')
    return values


def unit_command(unit: Path, instance: str = "") -> tuple[list[str], dict[str, str]]:
    """A unit's ExecStart= and its Environment= (systemd's %i filled in)."""
    command: list[str] = []
    environment: dict[str, str] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        value = value.replace("%i", instance)
        if key == "ExecStart":
            command = shlex.split(value)
        elif key == "Environment":
            name, _, setting = value.partition("=")
            environment[name] = setting
    assert command, f"{unit.name} has no ExecStart="
    return command, environment


def start_unit(unit: Path, env_file: Path, overrides: dict[str, str], log: Path, instance=""):
    """Run a unit's command as systemd would: its environment file, then its Environment=.

    Its RuntimeDirectory (where gunicorn puts its control socket) and home are
    folders of its own beside the log, as systemd gives each service its own.
    """
    command, unit_environment = unit_command(unit, instance)
    own = log.with_suffix("")
    own.mkdir()
    environment = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "HOME": str(own)}
    environment |= read_env_file(env_file) | unit_environment | overrides
    if "XDG_RUNTIME_DIR" in environment:
        environment["XDG_RUNTIME_DIR"] = str(own)
    environment = {name: value for name, value in environment.items() if value is not None}
    with log.open("ab") as output:
        return subprocess.Popen(
            command, env=environment, cwd="/", stdout=output, stderr=subprocess.STDOUT
        )


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    """Until something accepts on the port; a process that exits fails at once, with its log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port} after {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def self_signed_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """A throwaway certificate in place of the municipality's."""
    certificate, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


@dataclass
class Reply:
    """An HTTP response, shaped like Flask's test response so `PageClient` can check it."""

    status_code: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def get_data(self, as_text: bool = False):
        data = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data.decode("utf-8") if as_text else data

    def close(self) -> None:
        """Nothing to do: the body is read in full."""


@dataclass
class Citizen:
    """A browser on its own loopback address (127.x.y.z), with cookies, over HTTPS or HTTP.

    Its own address keeps its rate-limit counters apart from every other test's.
    """

    port: int
    address: str
    host: str
    certificate: Path | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    last_page: str = "/"

    def get(self, url: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", url, headers=headers)

    def post(self, url: str, data: dict, headers: dict[str, str] | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True)
        # As a browser sends it: Flask-WTF checks the Referer of HTTPS posts.
        scheme = "http" if self.certificate is None else "https"
        form = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{scheme}://{self.host}{self.last_page}",
        }
        return self.request("POST", url, body, form | (headers or {}))

    def request(self, method: str, url: str, body: str | None = None, headers=None) -> Reply:
        if url.startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(url)
            url = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = self._connection()
        sent = {"Host": self.host, "Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, url, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        if method == "GET":
            self.last_page = url
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return reply

    def _connection(self) -> http.client.HTTPConnection:
        source = (self.address, 0)
        if self.certificate is None:
            return http.client.HTTPConnection("127.0.0.1", self.port, 30, source)
        context = ssl.create_default_context(cafile=str(self.certificate))
        context.check_hostname = False  # the certificate names the host; we dial 127.0.0.1
        return http.client.HTTPSConnection(
            "127.0.0.1", self.port, timeout=30, source_address=source, context=context
        )
