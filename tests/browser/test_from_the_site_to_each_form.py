"""A citizen starts on the information site and follows its links to each e-service,
then fills it in and gets a receipt — the site and the service served together, as
`make run` does."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from form_service.core.clock import Clock
from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.devserver import make_app
from site_builder.build import build_site
from tests.browser.test_forms_in_a_browser import walk
from tests.support.databases import migrated
from tests.support.journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)

pytestmark = pytest.mark.browser
PROJECT_ROOT = Path(__file__).resolve().parents[2]

TODAY = dt.date(2026, 11, 23)
JOURNEYS = [
    # (links to follow from the start page, answers, the day: ages depend on it)
    (["Bli kontaktperson", "Bli kontaktperson för vuxna och äldre"], VOLUNTEER, TODAY),
    (["Bli kontaktfamilj eller stödfamilj"], FAMILY, TODAY),
    (["Ansök om kontaktperson"], FOR_MYSELF, TODAY),
    (["Kontaktgruppen", "Ansök till Kontaktgruppen"], KONTAKTGRUPPEN, CHILD_DAY),
    (["Bli familjehem", "Anmäl intresse för att bli familjehem"], FOSTER_FAMILY, TODAY),
]


@pytest.fixture(scope="module")
def project_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("together")
    build_site(PROJECT_ROOT / "content", folder / "site", search=False)
    return folder


@pytest.fixture(scope="module")
def site_and_forms(project_folder):
    """Serve the site with the e-services, their clock on a given day."""
    servers, addresses = [], {}

    def serve(day: dt.date) -> str:
        if day in addresses:
            return addresses[day]
        config = {
            "SECRET_KEY": "together",
            "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
            "DRAFT_KEY": new_draft_key(),
            "DATABASE_URL": migrated(f"sqlite:///{project_folder / f'forms-{day}.sqlite3'}"),
            "MIN_FILL_SECONDS": 0,
            "CLOCK": Clock.on_day(day),
        }
        server = make_server(
            "127.0.0.1", 0, make_app(project_folder / "site", config), threaded=True
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        addresses[day] = f"http://127.0.0.1:{server.server_port}"
        return addresses[day]

    yield serve
    for server in servers:
        server.shutdown()


@pytest.mark.parametrize(
    ("links", "answers", "day"),
    JOURNEYS,
    ids=["kontaktperson", "kontaktfamilj", "ansokan", "kontaktgruppen", "familjehem"],
)
def test_citizen_follows_links_from_the_start_page_to_a_receipt(
    site_and_forms, chromium, links, answers, day
):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_and_forms(day) + "/")
    for name in links:
        page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click()
    if "/steg/" not in page.url:  # the page's button, unless a link in its text led there
        page.locator(".call-to-action a").click()
    walk(page, "", page.url, answers)
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert "skickad" in page.locator("h1").inner_text()
    assert len(page.locator(".panel__reference").inner_text()) == 8
    context.close()
