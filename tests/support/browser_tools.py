"""Tools for every browser test: axe-core, the Nu Html Checker and a static file server.

The fixtures (`chromium`, `browser_context`) are in browser_fixtures.py, a pytest
plugin; the plain helpers live here, imported as `tests.support.browser_tools`.

Debian's Chromium is driven by Playwright through `executable_path` (browser
downloads are not possible on these machines); the checker is the jar from the npm
package vnu-jar, run on the machine's Java. A missing tool skips the tests that need
it with the reason, except in CI (`CI=true`), where it fails them: there the tools
must be installed, by `scripts/install-test-tools`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
VNU_JAR = PROJECT_ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "run scripts/install-test-tools"

# Without the networking switches Chromium keeps trying to reach Google's services,
# which these machines cannot reach, and stalls; QUIC would try UDP the same way.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the law (DOS-lagen, EN 301 549) asks.
# axe's best-practice rules are left out so that a failure always names a WCAG criterion.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require(available: bool, what: str) -> None:
    """Skip the test when a tool is missing; fail it in CI, where the tools must be there."""
    if available:
        return
    reason = f"{what} not installed: {INSTALL_HINT}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def chromium_available() -> bool:
    return CHROMIUM.exists()


def html_checker_available() -> bool:
    return shutil.which("java") is not None and VNU_JAR.is_file()


# --- axe-core -------------------------------------------------------------------------


def fill_step(page: Page, values: dict) -> None:
    """Answer one step's fields as a person would: tick the boxes and radio buttons,
    type into the rest (an empty answer is left empty)."""
    for name, value in values.items():
        if isinstance(value, list):
            for item in value:
                page.check(f"input[name='{name}'][value='{item}']")
        elif page.locator(f"input[type=radio][name='{name}']").count():
            page.check(f"input[name='{name}'][value='{value}']")
        elif page.locator(f"input[type=checkbox][name='{name}']").count():
            page.check(f"input[name='{name}']")
        elif value:
            page.fill(f"[name='{name}']", value)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0–2.2 A and AA violations on the page as it is now.

    Only violations come back (not the passes), which keeps each run quick. Use
    `describe_violations` for the assertion message.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations: list[dict[str, Any]], *, nodes: int = 5) -> str:
    """One line per violation: rule, impact, what is wrong and where (CSS selectors)."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        where = "; ".join(targets[:nodes])
        if len(targets) > nodes:
            where += f"; … {len(targets) - nodes} more"
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation.get('helpUrl', '')}] at {where}"
        )
    return "\n".join(lines)


# --- The Nu Html Checker ----------------------------------------------------------------


def check_html(documents: Iterable[Path | str]) -> list[str]:
    """Nu Html Checker errors for many documents in ONE run of the checker.

    Each item is a file (a `Path`) or a whole HTML document (a `str`, shown in the
    errors as `document N`, counting items from 0). The Java machine takes about a
    second to start, so check everything at once, not file by file.

    Returns one line per error, `where:line:column: message`, files named relative
    to the folder they share. Warnings and info messages are left out: the bar is
    zero errors. A file that does not exist is an error too (the checker itself
    passes it over in silence).
    """
    require(html_checker_available(), "The Nu Html Checker (java, vnu-jar)")
    with tempfile.TemporaryDirectory(prefix="vnu-") as scratch:
        shown: dict[Path, str] = {}
        files: list[Path] = []
        for index, document in enumerate(documents):
            if isinstance(document, str):
                path = Path(scratch).resolve() / f"document-{index}.html"
                path.write_text(document, encoding="utf-8")
                shown[path] = f"document {index}"
            else:
                files.append(Path(document).resolve())
        if files:
            root = Path(os.path.commonpath([file.parent for file in files]))
            shown |= {file: file.relative_to(root).as_posix() for file in files}
        errors = [f"{shown[file]}: no such file" for file in files if not file.is_file()]
        present = [path for path in shown if path.is_file()]
        if not present:
            return errors
        command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        result = subprocess.run(
            [*command, *map(str, present)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"the Nu Html Checker did not run: {result.stderr[-2000:]}")
        messages = json.loads(result.stderr or result.stdout)["messages"]
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        where = shown.get(Path(unquote(url.removeprefix("file:"))), url)
        line, column = message.get("lastLine", "?"), message.get("lastColumn", "?")
        errors.append(f"{where}:{line}:{column}: {message.get('message', '')}")
    return errors


def snapshot_html_errors(snapshots: Iterable[tuple[str, str, Any]], folder: Path) -> list[str]:
    """The checker's errors in pages captured as (name, html, …) during a browser test."""
    files = []
    for index, (_name, html, *_rest) in enumerate(snapshots):
        files.append(folder / f"snapshot-{index}.html")
        files[-1].write_text(html, encoding="utf-8")
    return check_html(files)


def html_errors(paths: list[Path]) -> list[str]:
    """The earlier name of `check_html`, still used by the e-service browser tests."""
    return check_html(paths)


# --- A static web server ------------------------------------------------------------------


class _StaticSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as the production web server does: its own 404 page for a
    missing path, no directory listings, and no log lines in the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        # A folder without index.html is a page that was not built: 404, not a listing.
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    # Do not wait for open browser connections when the test is done with the server.
    block_on_close = False


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) from a thread; yields the base URL.

    Only loopback addresses can be reached on these machines, and a port of 0 lets
    several test runs share one machine.
    """
    handler = functools.partial(_StaticSiteHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
