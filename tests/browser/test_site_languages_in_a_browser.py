"""The fixture site's languages in a real browser: right-to-left Arabic, English, lättläst,
Tigrinya in Ethiopic script.

The fixture has an Arabic start page and search page (right to left), so the layout
is checked where it mirrors: axe and the Nu Html Checker find nothing, nothing
scrolls sideways at 320 px, text starts at the right edge, and phone numbers read left
to right. A screenshot of the Arabic page at 320 px is kept with the test's files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from site_builder.build import build_site
from tests.support.browser_tools import (
    axe_violations,
    check_html,
    describe_violations,
    static_server,
)
from tests.support.golden_site import FIXTURE_CONTENT

pytestmark = pytest.mark.browser

LANGUAGE_PAGES = ["/ar/", "/ar/sok/", "/en/", "/en/kontaktperson/", "/en/sok/", "/lattlast/",
                  "/lattlast/kontaktperson/", "/kontaktperson/", "/ti/", "/ti/sok/"]  # fmt: skip
NARROW = {"width": 320, "height": 640}
# Where the first and the last character of an element's text are drawn, left to right.
FIRST_AND_LAST_DIGIT_X = """(selector) => {
  const text = document.querySelector(selector).firstChild;
  const x = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                     return r.getBoundingClientRect().x; };
  return [x(0), x(text.length - 1)];
}"""


@pytest.fixture(scope="module")
def searchable_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    build_site(FIXTURE_CONTENT, out, search=True)
    return out


@pytest.fixture(scope="module")
def searchable_fixture_site_url(searchable_fixture_site: Path) -> Iterator[str]:
    with static_server(searchable_fixture_site) as url:
        yield url


@pytest.fixture(scope="module")
def narrow_page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=NARROW)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("url", LANGUAGE_PAGES)
def test_language_page_has_no_wcag_a_or_aa_violations(
    url: str, searchable_fixture_site_url: str, chromium
):
    page = chromium.new_page()
    page.goto(searchable_fixture_site_url + url)
    violations = axe_violations(page)
    page.close()
    assert not violations, f"{url}:\n{describe_violations(violations)}"


def test_language_pages_are_valid_html(searchable_fixture_site: Path):
    files = [searchable_fixture_site / url.strip("/") / "index.html" for url in LANGUAGE_PAGES]
    errors = check_html(files)
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("url", ["/ar/", "/ar/sok/"])
def test_arabic_page_fits_320_pixels_and_is_kept_as_a_screenshot(
    url: str, searchable_fixture_site_url: str, narrow_page: Page, tmp_path: Path
):
    narrow_page.goto(searchable_fixture_site_url + url)
    shot = tmp_path / f"{url.strip('/').replace('/', '-')}-320px.png"
    narrow_page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    width = narrow_page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{url} is {width} px wide at 320 px ({shot})"


def test_arabic_text_runs_right_to_left_and_numbers_left_to_right(
    searchable_fixture_site_url: str, chromium
):
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    page.goto(searchable_fixture_site_url + "/ar/")
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    heading = page.get_by_role("heading", level=1).bounding_box()
    main = page.locator("main").bounding_box()
    assert heading and main
    # The heading starts at the right edge of the content, not the left.
    assert abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 2
    number = page.locator("main bdi").first
    assert number.get_attribute("dir") == "ltr"
    assert number.inner_text() == "070-174 06 05"
    assert page.evaluate(FIRST_AND_LAST_DIGIT_X, "main bdi") == sorted(
        page.evaluate(FIRST_AND_LAST_DIGIT_X, "main bdi")
    ), "the number's groups are shown in reverse order"
    # The Swedish contact block keeps its own language and direction inside the page.
    contact = page.locator("aside.contact")
    assert contact.get_attribute("lang") == "sv"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('aside.contact')).direction")
        == "ltr"
    )
    page.close()


def test_the_skip_link_appears_at_the_start_edge_in_rtl(searchable_fixture_site_url: str, chromium):
    page = chromium.new_page(viewport={"width": 1024, "height": 768})
    page.goto(searchable_fixture_site_url + "/ar/")
    page.keyboard.press("Tab")
    box = page.locator(".skip-link").bounding_box()
    page.close()
    assert box and box["x"] + box["width"] > 1024 - 40, "the skip link is not on the right"


def test_the_arabic_font_is_shipped_and_loaded_only_on_arabic_pages(
    searchable_fixture_site_url: str, chromium
):
    """The page's own copy of Noto Sans Arabic draws the Arabic text; Swedish and English
    pages never ask for it."""
    requested: list[str] = []
    page = chromium.new_page()
    page.on("request", lambda request: requested.append(request.url))
    for url in ("/", "/en/kontaktperson/", "/lattlast/"):
        page.goto(searchable_fixture_site_url + url)
    assert not [url for url in requested if "/fonts/" in url]
    page.goto(searchable_fixture_site_url + "/ar/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    page.close()
    assert '"Noto Sans Arabic"' in loaded or "Noto Sans Arabic" in loaded
    assert [url for url in requested if url.endswith("noto-sans-arabic-arabic-400-normal.woff2")]
    assert not [url for url in requested if "ethiopic" in url]
