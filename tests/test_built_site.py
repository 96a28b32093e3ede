"""The real site as built: every link resolves, pages are light and self-contained.

Links into the e-services (under the configured prefix) are the form service's and
are checked by its own tests; external links are not followed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.build import build_site
from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT_ROOT / "content"
CONFIG = load_site_config(CONTENT)
BUDGET_BYTES = 30 * 1024


class PageParts(HTMLParser):
    """What these tests look at in a page: links, ids, scripts, headings and meta."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.h1_count = 0
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.lang = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src", "action"):
            if name in attributes and attributes.get("rel") != "canonical":
                self.links.append((tag, attributes[name]))
        if tag == "script":
            self.scripts.append(attributes.get("src", "inline"))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes["href"]
        if tag == "meta":
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.meta[key] = attributes.get("content", "")
        if tag == "html":
            self.lang = attributes.get("lang", "")
        self.h1_count += tag == "h1"
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(CONTENT, out, search=False)
    return out


@pytest.fixture(scope="module")
def pages(site) -> dict[str, PageParts]:
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        parts = PageParts()
        parts.feed(path.read_text(encoding="utf-8"))
        parsed["/" + path.relative_to(site).as_posix().removesuffix("index.html")] = parts
    return parsed


def target_file(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def test_every_internal_link_resolves(site, pages):
    broken = []
    for url, parts in pages.items():
        for tag, link in parts.links:
            split = urlsplit(link)
            if split.scheme or split.netloc or link.startswith(CONFIG.eservice_prefix):
                continue
            path = split.path or url
            if not target_file(site, path).is_file():
                broken.append(f"{url}: <{tag}> {link}")
            elif split.fragment and split.fragment not in pages.get(path, PageParts()).ids:
                broken.append(f"{url}: <{tag}> {link} (no such id)")
    assert broken == []


def test_every_e_service_link_names_a_configured_form(pages):
    form_urls = {service.url for service in CONFIG.eservices.values()}
    used = {
        link
        for parts in pages.values()
        for _, link in parts.links
        if link.startswith(CONFIG.eservice_prefix)
    }
    assert used, "the site should invite to the e-services"
    assert used <= form_urls
    assert used == form_urls, "every form should be reachable from the information site"


def test_typical_page_weighs_under_30_kb(site, pages):
    heavy = []
    for url, parts in pages.items():
        html = target_file(site, url).stat().st_size
        css = sum(target_file(site, sheet).stat().st_size for sheet in parts.stylesheets)
        if html + css > BUDGET_BYTES:
            heavy.append(f"{url}: {html + css} bytes")
    assert heavy == []


def test_nothing_is_loaded_from_elsewhere(pages):
    external = [
        f"{url}: {link}"
        for url, parts in pages.items()
        for tag, link in parts.links
        if tag in ("script", "img", "link", "iframe", "source") and urlsplit(link).netloc
    ]
    assert external == []


def test_only_the_search_page_runs_a_script_and_none_is_inline(pages):
    with_scripts = {url: parts.scripts for url, parts in pages.items() if parts.scripts}
    assert with_scripts == {"/sok/": ["/static/search.js"]}


def test_no_script_sets_cookies():
    scripts = (PROJECT_ROOT / "static").rglob("*.js")
    assert not [p.name for p in scripts if "document.cookie" in p.read_text(encoding="utf-8")]


def test_every_page_has_title_description_canonical_and_open_graph(pages):
    problems = []
    for url, parts in pages.items():
        if url == "/404.html":
            continue
        if parts.h1_count != 1:
            problems.append(f"{url}: {parts.h1_count} h1")
        if parts.lang != "sv" or not parts.title.strip() or not parts.meta.get("description"):
            problems.append(f"{url}: lang, title or description missing")
        if not parts.canonical.startswith(CONFIG.base_url):
            problems.append(f"{url}: canonical {parts.canonical!r}")
        if url != "/sok/" and not (parts.meta.get("og:title") and parts.meta.get("og:description")):
            problems.append(f"{url}: Open Graph missing")
    assert problems == []


def test_sitemap_lists_exactly_the_content_pages(site, pages):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site / "sitemap.xml")  # noqa: S314 - our own build output
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    content_pages = {url for url in pages if url not in ("/404.html", "/sok/")}
    assert listed == {CONFIG.base_url + url for url in content_pages}


def test_robots_txt_names_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {CONFIG.base_url}/sitemap.xml" in robots


def test_pages_show_the_swedish_update_date(pages, site):
    html = target_file(site, "/kontaktperson/").read_text(encoding="utf-8")
    assert re.search(
        r"Sidan uppdaterad <time datetime=\"\d{4}-\d{2}-\d{2}\">\d{1,2} \w+ \d{4}</time>", html
    )


def test_projekt_gro_pages_show_the_eu_cofunding_notice(site):
    html = target_file(site, "/projekt-gro/").read_text(encoding="utf-8")
    assert "Medfinansieras av Europeiska unionen" in html
    assert (site / "static" / "eu-emblem.svg").is_file()
