"""The editor preview's fault list and banner pass axe and the HTML checker.

The preview runs on a real loopback server, over a copy of the test content with one
faulty page, as `make serve` serves it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from site_builder import create_app
from tests.support.browser_tools import axe_violations, check_html, describe_violations


@pytest.fixture
def preview_url(content_dir: Path, write_page) -> Iterator[str]:
    write_page(
        "kontaktperson/resor.md",
        "title: Resor\ndescription: En ingress.\nupdated: 2026-13-45",
        "## Resor\n\n#### Bil",
    )
    server = make_server("127.0.0.1", 0, create_app({"CONTENT_DIR": str(content_dir)}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.mark.parametrize(
    ("url", "status"), [("/kontaktperson/resor/", 500), ("/kontaktperson/", 200)]
)
def test_fault_list_and_banner_are_accessible(preview_url, browser_context, url, status):
    page = browser_context.new_page()
    try:
        response = page.goto(preview_url + url)
        assert response is not None and response.status == status
        assert page.locator("text=2026-13-45").count() >= 1
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        assert check_html([page.content()]) == []
    finally:
        page.close()
