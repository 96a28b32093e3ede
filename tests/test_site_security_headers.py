"""`make run` serves the built site with the same security headers as the e-services,
as the production web server does: asked of the development server's WSGI app over
HTTP, for a page, the 404 page and an asset."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.devserver import make_app
from site_builder.build import build_site
from tests.support.databases import migrated

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
E_SERVICE_PAGE = "/e-tjanst/status/"
SITE_URLS = {"/": 200, "/finns-inte/": 404, "/static/site.css": 200}
SHARED = ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


@pytest.fixture(scope="module")
def development_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("devserver")
    build_site(FIXTURE_CONTENT, folder / "site", search=False)
    config = {
        "SECRET_KEY": "headers",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": migrated(f"sqlite:///{folder / 'forms.sqlite3'}"),
    }
    app = make_app(folder / "site", config)
    yield app
    app.mounts["/e-tjanst"].extensions["db_engine"].dispose()


def policy(header: str) -> dict[str, set[str]]:
    """A Content-Security-Policy as {directive: its sources}."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(sources) for name, *sources in directives}


def get(app, url: str, **kwargs):
    return Client(app).get(url, **kwargs)


@pytest.mark.parametrize("url", SITE_URLS)
def test_site_files_send_the_e_services_security_headers(development_server, url):
    e_service = get(development_server, E_SERVICE_PAGE)
    response = get(development_server, url)
    assert response.status_code == SITE_URLS[url]
    headers = response.headers
    assert "Content-Security-Policy" in headers, f"{url} has no Content-Security-Policy"
    for name in SHARED:
        assert headers.get(name) == e_service.headers[name], name
    site = policy(headers["Content-Security-Policy"])
    service = policy(e_service.headers["Content-Security-Policy"])
    assert site["frame-ancestors"] == {"'none'"}
    assert site["default-src"] == {"'self'"}
    # The one difference: the site's search runs Pagefind's WebAssembly.
    assert site.pop("script-src") == service.pop("script-src") | {"'wasm-unsafe-eval'"}
    assert site == service


def test_the_site_over_https_asks_browsers_to_stay_on_https(development_server):
    response = get(development_server, "/", base_url="https://localhost/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
