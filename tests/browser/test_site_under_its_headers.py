"""The real site works in a browser under its Content-Security-Policy.

Served by the development server (`make run`), which sends the headers the production
web server sends. Every page is opened and must load without a policy violation or
console error; the search page must find pages, since Pagefind runs a WebAssembly
module in a worker, which a strict `script-src` forbids unless it says otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from werkzeug.serving import make_server

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.devserver import make_app
from site_builder.build import build_site
from tests.browser.test_site_accessibility import CONTENT, MISSING_URL, PAGES, SEARCH_URL
from tests.support.databases import migrated

pytestmark = pytest.mark.browser

# Every violation the page sees, also those reported from its workers' console.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def site_under_headers_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site-under-headers")
    build_site(CONTENT, folder / "site", search=True)
    config = {
        "SECRET_KEY": "headers",
        "SUBMISSION_PUBLIC_KEY": generate_keypair()[0],
        "DRAFT_KEY": new_draft_key(),
        "DATABASE_URL": migrated(f"sqlite:///{folder / 'forms.sqlite3'}"),
    }
    app = make_app(folder / "site", config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.mounts["/e-tjanst"].extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def watched_page(chromium: Browser) -> Iterator[tuple[Page, list[str]]]:
    """One tab that records policy violations and console errors, for every test here."""
    context = chromium.new_context(locale="sv-SE")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.extend(console_error(page, message)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


def console_error(page: Page, message: ConsoleMessage) -> list[str]:
    """An error the console shows, but not the 404 page's own status: that is its job."""
    if message.type != "error":
        return []
    own_status = message.location.get("url") == page.url and MISSING_URL in page.url
    return [] if own_status and "status of 404" in message.text else [message.text]


def problems(page: Page, errors: list[str]) -> list[str]:
    found = [*page.evaluate("window.cspViolations"), *errors]
    errors.clear()
    return found


def open_under_policy(page: Page, url: str) -> int:
    """Open `url`; it must come with the policy. Its status."""
    response = page.goto(url)
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy, f"{url} was served without the policy"
    return response.status


@pytest.mark.parametrize("url", PAGES)
def test_page_loads_without_a_policy_violation(site_under_headers_url, watched_page, url):
    page, errors = watched_page
    status = open_under_policy(page, site_under_headers_url + url)
    assert status == (404 if url == MISSING_URL else 200)
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    found = problems(page, errors)
    assert not found, f"{url}: {found}"


def test_search_finds_pages_under_the_policy(site_under_headers_url, watched_page):
    page, errors = watched_page
    open_under_policy(page, site_under_headers_url + SEARCH_URL)
    page.get_by_role("searchbox").fill("kontaktperson")
    page.keyboard.press("Enter")
    results = page.get_by_role("main").get_by_role("link")
    expect(page.get_by_role("status")).to_contain_text("träffar")
    expect(results.first).to_be_visible()
    page.wait_for_load_state("networkidle")
    found = problems(page, errors)
    assert not found, f"the search under the policy: {found}"
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
