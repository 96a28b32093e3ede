"""The real information site in a real browser: accessible, valid and usable without a mouse.

The site is built once per session from `content/` (with the search index, so the
search page works) and served from a folder by a plain static server, as in
production. Each page gets its own axe test, so a failure names the page; they all
share one browser context and one tab, since Chromium is slow to set up either and
navigating is cheap. Tests that need JavaScript off or a narrow screen open their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from site_builder.build import build_site
from site_builder.changes import scan_sources
from site_builder.config import load_site_config
from site_builder.errors import ContentError
from site_builder.reader import read_source
from site_builder.urls import url_for_source
from tests.support.browser_tools import (
    axe_violations,
    check_html,
    describe_violations,
    static_server,
)

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT_ROOT / "content"
SEARCH_URL = "/sok/"
MISSING_URL = "/finns-inte/"  # any path that is not built: the server answers with 404.html
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 Reflow: 320 CSS pixels wide


def content_urls() -> list[str]:
    """The URL of every page the build will publish, known without building.

    Parametrising needs the list when tests are collected, and building then would cost
    every test run a build, even with `-m "not browser"`; the builder's own URL rule
    gives the same list (`test_every_built_page_is_checked` proves it).
    """
    urls = []
    for source in sorted(scan_sources(CONTENT)):
        try:
            if read_source(CONTENT / source).front_matter.get("draft") is True:
                continue
        except ContentError:
            pass  # the build reports it, with the line to fix
        urls.append(url_for_source(source))
    return urls


def language_search_urls() -> list[str]:
    """Each language's own search page (lättläst searches with ordinary Swedish; a
    language whose pages are not written yet has none)."""
    variants = load_site_config(CONTENT).variants.values()
    return [
        lang.search_url
        for lang in variants
        if not lang.is_swedish_variant and (CONTENT / lang.key / "index.md").is_file()
    ]


PAGES = [*content_urls(), SEARCH_URL, *language_search_urls(), MISSING_URL]


def page_id(url: str) -> str:
    return {"/": "startsidan", MISSING_URL: "404", SEARCH_URL: "sok"}.get(url, url.strip("/"))


def built_html_files(site: Path) -> list[Path]:
    """Every page of the build; Pagefind's own files are its authors' to test."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind")


@pytest.fixture(scope="session")
def searchable_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-in-browser") / "site"
    build_site(CONTENT, out, search=True)
    return out


@pytest.fixture(scope="session")
def searchable_site_url(searchable_site: Path) -> Iterator[str]:
    with static_server(searchable_site) as url:
        yield url


@pytest.fixture(scope="module")
def narrow_context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(locale="sv-SE", viewport=NARROW)
    yield context
    context.close()


def test_every_built_page_is_checked(searchable_site: Path) -> None:
    """The parametrised list below covers every page the build writes, and no more."""
    built = {
        "/" + p.relative_to(searchable_site).as_posix().removesuffix("index.html")
        for p in built_html_files(searchable_site)
    }
    expected = {"/404.html" if url == MISSING_URL else url for url in PAGES}
    assert built == expected, (
        f"built but not checked: {sorted(built - expected)}; "
        f"checked but not built: {sorted(expected - built)}"
    )


@pytest.fixture(scope="module")
def audit_page(browser_context: BrowserContext) -> Iterator[Page]:
    """One tab for every page's audit: each test navigates it afresh, and reusing it
    saves Chromium a new renderer per page (about half the cost of an axe run)."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("url", PAGES, ids=page_id)
def test_page_has_no_wcag_a_or_aa_violations(
    url: str, searchable_site_url: str, audit_page: Page
) -> None:
    response = audit_page.goto(searchable_site_url + url)
    assert response is not None
    assert response.status == (404 if url == MISSING_URL else 200), url
    violations = axe_violations(audit_page)
    assert not violations, f"{url}:\n{describe_violations(violations)}"


def test_missing_page_answers_404_with_a_swedish_page(
    searchable_site_url: str, browser_context: BrowserContext
) -> None:
    page = browser_context.new_page()
    response = page.goto(searchable_site_url + "/kontaktperson/finns-inte/")
    assert response is not None
    assert response.status == 404
    assert page.get_attribute("html", "lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
    # The page is served at any depth, so its links must still lead somewhere.
    page.get_by_role("main").get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.url.startswith(searchable_site_url)
    page.close()


def test_every_built_page_is_valid_html(searchable_site: Path) -> None:
    """One run of the Nu Html Checker for every page (the JVM costs a second to start)."""
    files = built_html_files(searchable_site)
    errors = check_html(files)
    assert len(files) == len(PAGES)
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(errors)


def test_search_finds_pages_with_javascript(
    searchable_site_url: str, searchable_site: Path, browser_context: BrowserContext
) -> None:
    page = browser_context.new_page()
    page.goto(searchable_site_url + SEARCH_URL)
    results = page.get_by_role("main").get_by_role("link")
    assert results.count() == 0
    page.get_by_role("searchbox").fill("kontaktperson")
    page.keyboard.press("Enter")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("träffar")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    missing = [h for h in hrefs if not (searchable_site / h.lstrip("/") / "index.html").is_file()]
    assert not missing, f"search results that lead nowhere: {missing}"
    violations = axe_violations(page)  # the results are drawn by script: check them too
    assert not violations, describe_violations(violations)
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.close()


def test_each_language_searches_only_its_own_pages(
    searchable_site_url: str, browser_context: BrowserContext
) -> None:
    """Pagefind keeps one index per <html lang>; a search page searches its own language."""
    page = browser_context.new_page()
    page.goto(searchable_site_url + "/en/sok/?q=volunteer")
    results = page.get_by_role("main").get_by_role("link")
    expect(page.get_by_role("status")).to_contain_text("results for")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert hrefs and all(href.startswith("/en/") for href in hrefs), hrefs
    assert page.get_attribute("html", "lang") == "en"

    page.goto(searchable_site_url + SEARCH_URL + "?q=volunteer")
    expect(page.get_by_role("status")).to_contain_text("Inga träffar")
    page.goto(searchable_site_url + SEARCH_URL + "?q=kontaktperson")
    expect(page.get_by_role("status")).to_contain_text("träffar på")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert hrefs and not [href for href in hrefs if href.startswith("/en/")], hrefs

    page.goto(searchable_site_url + "/ar/sok/?q=" + quote("الاتصال"))
    expect(page.get_by_role("status")).to_contain_text("نتيجة")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert hrefs and all(href.startswith("/ar/") for href in hrefs), hrefs
    page.goto(searchable_site_url + SEARCH_URL + "?q=" + quote("الاتصال"))
    expect(page.get_by_role("status")).to_contain_text("Inga träffar")

    # "interpreter" in Somali and in Tigrinya (Ethiopic script): each found on its own
    # language's pages only, and nowhere from the Swedish search page.
    for folder, word, found in (("so", "turjubaan", "loo helay"), ("ti", "ተርጓሚ", "ተረኺቡ")):
        page.goto(f"{searchable_site_url}/{folder}/sok/?q={quote(word)}")
        expect(page.get_by_role("status")).to_contain_text(found)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert hrefs and all(href.startswith(f"/{folder}/") for href in hrefs), (folder, hrefs)
        page.goto(searchable_site_url + SEARCH_URL + "?q=" + quote(word))
        expect(page.get_by_role("status")).to_contain_text("Inga träffar")
    page.close()


def test_the_ethiopic_font_loads_on_tigrinya_pages_only(
    searchable_site_url: str, chromium: Browser
) -> None:
    """Tigrinya is drawn with the shipped Noto Sans Ethiopic; a Somali page (Latin script)
    and a Swedish one ask for no font at all."""
    requested: list[str] = []
    page = chromium.new_page()
    page.on("request", lambda request: requested.append(request.url))
    for url in ("/so/", "/so/kontaktgruppen/ansok/", "/kontaktgruppen/"):
        page.goto(searchable_site_url + url)
    assert not [url for url in requested if "/fonts/" in url]
    page.goto(searchable_site_url + "/ti/kontaktgruppen/ansok/")
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    page.close()
    assert '"Noto Sans Ethiopic"' in loaded or "Noto Sans Ethiopic" in loaded
    assert [
        url for url in requested if url.endswith("noto-sans-ethiopic-ethiopic-400-normal.woff2")
    ]
    assert not [url for url in requested if "arabic" in url]


def test_search_page_explains_itself_without_javascript(
    searchable_site_url: str, chromium: Browser
) -> None:
    context = chromium.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.goto(searchable_site_url + SEARCH_URL)
    seen = page.get_by_role("main").inner_text()
    assert "fungerar bara med JavaScript" in seen, seen
    assert not page.get_by_role("searchbox").is_visible(), "a search box that cannot search"
    menu_link = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link").first
    target = menu_link.get_attribute("href")
    menu_link.click()
    assert page.url == searchable_site_url + str(target)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    context.close()


def test_start_page_fits_a_320_pixel_screen(
    searchable_site_url: str, narrow_context: BrowserContext
) -> None:
    page = narrow_context.new_page()
    page.goto(searchable_site_url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert width <= NARROW["width"], f"the start page is {width} px wide at 320 px"


def test_no_page_scrolls_sideways_at_320_pixels(
    searchable_site_url: str, narrow_context: BrowserContext
) -> None:
    """Wide tables and long Swedish compound words are the usual culprits."""
    page = narrow_context.new_page()
    too_wide = {}
    for url in PAGES:
        page.goto(searchable_site_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[url] = width
    page.close()
    assert not too_wide, f"pages wider than 320 px (px): {too_wide}"


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(
    searchable_site_url: str, browser_context: BrowserContext
) -> None:
    page = browser_context.new_page()
    page.goto(searchable_site_url + "/kontaktperson/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim()})"
    )
    assert focused == {"tag": "A", "href": "#innehall", "text": "Till innehållet"}
    skip_link = page.locator(":focus")
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, "skip link off-screen on focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    page.close()


TAB_STOPS = """() => [...document.querySelectorAll(
  "a[href], button, input, select, textarea, summary, [tabindex='0']"
)].filter((el) => el.checkVisibility()).length"""
FOCUS_SHOWN = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {element: el.outerHTML.slice(0, 80), shown: outline || style.boxShadow !== "none"};
}"""


@pytest.mark.parametrize(
    "url", ["/", "/kontaktperson/", "/kontaktperson/ersattning/", SEARCH_URL], ids=page_id
)
def test_keyboard_focus_is_always_visible(
    url: str, searchable_site_url: str, browser_context: BrowserContext
) -> None:
    """WCAG 2.4.7, which axe cannot see: Tab through the whole page (links, the menu,
    expandable sections, scrollable tables, the search form) and look at each stop."""
    page = browser_context.new_page()
    page.goto(searchable_site_url + url)
    stops = page.evaluate(TAB_STOPS)
    unseen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SHOWN)
        if not focus["shown"]:
            unseen.append(focus["element"])
    page.close()
    assert stops > 5
    assert not unseen, f"no visible focus on {url}: {unseen}"


def test_expandable_section_opens_with_the_keyboard(
    searchable_site_url: str, browser_context: BrowserContext
) -> None:
    page = browser_context.new_page()
    page.goto(searchable_site_url + "/kontaktperson/")
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("details").first.get_attribute("open") is not None
    page.close()


def test_no_page_sets_a_cookie_or_stores_anything(
    searchable_site_url: str, chromium: Browser
) -> None:
    """The cookie page promises no cookies (nor anything like them, which the law treats
    the same). The static server sends no Set-Cookie header, so only a script could
    store something, and the search page has the site's only scripts: run a search."""
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(searchable_site_url + "/")
    page.goto(searchable_site_url + SEARCH_URL + "?q=kontaktfamilj")
    expect(page.get_by_role("main").get_by_role("link").first).to_be_visible()
    stored = page.evaluate("localStorage.length + sessionStorage.length + document.cookie.length")
    cookies = context.cookies()
    context.close()
    assert cookies == []
    assert stored == 0, "something was written to localStorage, sessionStorage or a cookie"


def test_a_start_button_is_named_by_its_form_alone(
    searchable_site: Path, searchable_site_url: str, browser_context: BrowserContext
) -> None:
    """The arrow after a start button's text is decoration: a screen reader reads the
    e-service's title without "högerpil", and speech control users say just the title."""
    titles = {
        service.url: service.titel for service in load_site_config(CONTENT).eservices.values()
    }
    with_buttons = [
        "/" + path.relative_to(searchable_site).as_posix().removesuffix("index.html")
        for path in built_html_files(searchable_site)
        if "button--start" in path.read_text(encoding="utf-8")
    ]
    assert with_buttons, "the site invites to the e-services with start buttons"
    page = browser_context.new_page()
    for url in with_buttons:
        page.goto(searchable_site_url + url)
        for button in page.locator(".button--start").all():
            form_url = (button.get_attribute("href") or "").split("?")[0]  # ?sprak= kept
            expect(button).to_have_accessible_name(titles[form_url])
    page.close()
