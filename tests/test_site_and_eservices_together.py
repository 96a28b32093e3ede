"""The built site and the e-services served together, as `make run` serves them (and as
the web server does in production: the site's files, and the e-service prefix proxied):
the prefix itself is a page listing every e-service, and /favicon.ico is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.devserver import make_app
from site_builder.build import build_site
from site_builder.config import load_site_config
from tests.support.databases import migrated
from tests.support.page_tree import parse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_site_config(PROJECT_ROOT / "content")
ICO_HEADER = b"\x00\x00\x01\x00"  # reserved 0, type 1 (icon)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Client:
    folder = tmp_path_factory.mktemp("together")
    build_site(PROJECT_ROOT / "content", folder / "site", search=False)
    config = {
        "SECRET_KEY": "together",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": migrated(f"sqlite:///{folder / 'forms.sqlite3'}"),
    }
    return Client(make_app(folder / "site", config))


def test_the_e_service_prefix_lists_every_e_service(served: Client) -> None:
    response = served.get(CONFIG.eservice_prefix)
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    (title,) = page.find_all("title")
    assert title.text().startswith("E-tjänster – ")
    (main,) = page.find_all("main")
    assert [h1.text() for h1 in main.find_all("h1")] == ["E-tjänster"]
    links = {a.text(): a["href"] for a in main.find_all("a")}
    for service in CONFIG.eservices.values():
        assert links.get(service.titel) == service.url, service.titel
        start = served.get(service.url)
        assert start.status_code == 302, service.url
        assert start.headers["Location"].startswith(f"{service.url}steg/")
    assert page.find_all("link", rel="stylesheet"), "in the site's look"
    assert page.find_all("nav", **{"aria-label": "Huvudmeny"}), "with the site's menu"


def test_the_site_serves_favicon_ico(served: Client) -> None:
    response = served.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data.startswith(ICO_HEADER)
    assert response.data == (PROJECT_ROOT / "static" / "favicon.ico").read_bytes()
