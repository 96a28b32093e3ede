"""Every page of the real site, in a real browser: accessible, valid, usable without a mouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_tools import axe_violations, describe_violations, html_errors, serve_folder

from site_builder.build import build_site

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT_ROOT / "content"


def built_pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return ["/" + p.removesuffix("index.html") for p in pages if not p.startswith("pagefind/")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(CONTENT, out, search=True)
    return out


@pytest.fixture(scope="module")
def base_url(site):
    server = serve_folder(site)
    yield next(server)
    server.close()


def test_every_page_has_no_wcag_violations(site, base_url, browser_context):
    page = browser_context.new_page()
    failures = {}
    urls = [*built_pages(site), "/finns-inte/"]
    for url in urls:
        response = page.goto(base_url + url)
        assert response is not None
        expected = 404 if url == "/finns-inte/" else 200
        assert response.status == expected, url
        violations = axe_violations(page)
        if violations:
            failures[url] = describe_violations(violations)
    page.close()
    assert len(urls) > 20
    assert failures == {}


def test_every_page_is_valid_html(site):
    files = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert html_errors(files) == []


def test_search_finds_pages_with_javascript(base_url, browser_context):
    page = browser_context.new_page()
    page.goto(base_url + "/sok/")
    page.get_by_label("Vad vill du hitta?").fill("kontaktfamilj")
    page.get_by_role("button", name="Sök").click()
    results = page.locator("#sokresultat a")
    results.first.wait_for()
    assert results.count() > 0
    assert "träffar" in page.locator("#sokstatus").inner_text()
    assert axe_violations(page) == []
    page.close()


def test_search_page_explains_itself_without_javascript(base_url, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/sok/")
    assert "Sökningen fungerar bara med JavaScript" in page.locator("main").inner_text()
    assert not page.locator("#sokformular").is_visible()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Kontaktgruppen"
    ).click()
    assert page.locator("h1").inner_text() == "Kontaktgruppen"
    context.close()


def test_start_page_fits_a_320_pixel_screen(base_url, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in ("/", "/kontaktperson/ersattning/", "/kontakt/"):
        page.goto(base_url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    context.close()


def test_skip_link_is_first_and_moves_focus_to_the_content(base_url, browser_context):
    page = browser_context.new_page()
    page.goto(base_url + "/kontaktperson/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"
    page.close()


def test_expandable_section_opens_with_the_keyboard(base_url, browser_context):
    page = browser_context.new_page()
    page.goto(base_url + "/kontaktperson/")
    summary = page.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details").first.get_attribute("open") is not None
    page.close()
