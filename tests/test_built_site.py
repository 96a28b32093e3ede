"""The real site as built, read as files: links resolve, pages are light, self-contained
and described for search engines and link previews.

No browser is needed: these read the HTML the builder writes. The site is built once
for the module from `content/`, without the search index (Pagefind's files are not
ours to check, and the search page's script loads them itself, by no link).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT_ROOT / "content"
CONFIG = load_site_config(CONTENT)
BUDGET_BYTES = 30 * 1024
NOT_FOUND_PAGE = "/404.html"
SEARCH_PAGE = "/sok/"
# Links that are not requests for a file of this site.
OUTSIDE_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags whose href/src/data the browser follows by itself, as the page loads.
LOADED_BY_TAGS = {"script", "img", "link", "iframe", "source", "video", "audio", "embed", "object"}
# <link> relations that name a URL without loading it.
NOT_LOADED_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XLINK = "{http://www.w3.org/1999/xhtml}link"


@dataclass
class Link:
    tag: str
    attribute: str
    value: str
    rel: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return f'<{self.tag} {self.attribute}="{self.value}">'


class PageParts(HTMLParser):
    """What these tests look at in a page: links, ids, scripts, headings and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []  # each script's src, or "inline"
        self.event_handlers: list[str] = []  # onclick= and friends: scripts too
        self.h1_count = 0
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.lang: str | None = None
        self.hreflang: dict[str, str] = {}  # <link rel=alternate hreflang=…>: language → URL
        self.title = ""
        self._in_title = False

    @property
    def stylesheets(self) -> list[str]:
        return [link.value for link in self.links if "stylesheet" in link.rel]

    @property
    def indexable(self) -> bool:
        """False for a page that asks search engines not to index it."""
        return "noindex" not in self.meta.get("robots", "").lower()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        rel = frozenset(attributes.get("rel", "").lower().split())
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for name in ("href", "src", "action", "data", "poster"):
            if name in attributes:
                self.links.append(Link(tag, name, attributes[name], rel))
        self.event_handlers += [f"<{tag} {name}>" for name in attributes if name.startswith("on")]
        if tag == "script":
            self.scripts.append(attributes.get("src") or "inline")
        elif tag == "link" and "canonical" in rel:
            self.canonical = attributes.get("href")
        elif tag == "link" and "alternate" in rel and "hreflang" in attributes:
            self.hreflang[attributes["hreflang"]] = attributes.get("href", "")
        elif tag == "meta":
            key = attributes.get("name") or attributes.get("property") or ""
            if key:
                self.meta[key.lower()] = attributes.get("content", "")
        elif tag == "html":
            self.lang = attributes.get("lang")
        self.h1_count += tag == "h1"
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


@pytest.fixture(scope="module")
def page_parts(project_site: Path) -> dict[str, PageParts]:
    """Every built HTML file by the URL it is served at (`/a/` for `a/index.html`)."""
    parsed = {}
    for path in sorted(project_site.rglob("*.html")):
        parts = PageParts()
        parts.feed(path.read_text(encoding="utf-8"))
        parts.close()
        parsed["/" + path.relative_to(project_site).as_posix().removesuffix("index.html")] = parts
    return parsed


def file_for(project_site: Path, url_path: str) -> Path:
    """The file a static server answers `url_path` with (`/a/` → `a/index.html`)."""
    relative = unquote(url_path).lstrip("/")
    return project_site / (
        relative + "index.html" if relative.endswith("/") or not relative else relative
    )


def is_eservice(url: str) -> bool:
    return url.startswith(CONFIG.eservice_prefix)


def test_every_internal_link_resolves(project_site: Path, page_parts: dict[str, PageParts]) -> None:
    """Every href, src and form action that stays on the site leads to a built file,
    and a #fragment to an id on the page it leads to.

    Not followed: links under the e-service prefix (`CONFIG.eservice_prefix`), which
    the form service answers and its own tests check (see
    test_every_e_service_link_names_a_configured_form below), and links to other
    sites, e-mail addresses and phone numbers. Absolute links to this site's own
    base URL are checked like root-relative ones.
    """
    broken = []
    for url, parts in page_parts.items():
        for link in parts.links:
            if "canonical" in link.rel:
                continue  # an absolute URL by design; test_every_page_is_described checks it
            value = link.value.strip()
            if value.startswith(CONFIG.base_url + "/"):
                value = value.removeprefix(CONFIG.base_url)
            split = urlsplit(value)
            if split.scheme in OUTSIDE_SCHEMES or (split.netloc and not split.scheme):
                continue
            if split.scheme:
                broken.append(f"{url}: {link} (a {split.scheme}: link)")
                continue
            path = urlsplit(urljoin(url, value)).path
            if is_eservice(path):
                continue
            target = file_for(project_site, path)
            if not target.is_file():
                hint = " (add the trailing /)" if (target / "index.html").is_file() else ""
                broken.append(f"{url}: {link} leads nowhere{hint}")
            elif split.fragment:
                target_url = "/" + target.relative_to(project_site).as_posix().removesuffix(
                    "index.html"
                )
                if split.fragment not in page_parts.get(target_url, PageParts()).ids:
                    broken.append(f"{url}: {link}: no id {split.fragment!r} on {target_url}")
    assert not broken, "Broken internal links:\n" + "\n".join(broken)


def test_the_404_page_links_work_from_any_depth(page_parts: dict[str, PageParts]) -> None:
    """The 404 page is served at whatever address was asked for, so a relative link on it
    would lead somewhere else from every depth: only root-relative links will do."""
    relative = [
        str(link)
        for link in page_parts[NOT_FOUND_PAGE].links
        if not urlsplit(link.value).scheme
        and not link.value.startswith(("/", "#"))
        and "canonical" not in link.rel
    ]
    assert not relative, f"relative links on the 404 page: {relative}"


def test_every_e_service_link_names_a_configured_form(page_parts: dict[str, PageParts]) -> None:
    form_urls = {service.url for service in CONFIG.eservices.values()}
    links = {link.value for parts in page_parts.values() for link in parts.links}
    asked = {urlsplit(link).query for link in links if is_eservice(link)} - {""}
    languages = {f"sprak={key}" for key in CONFIG.variants}
    assert asked <= languages, f"e-service links ask for no configured language: {asked}"
    used = {urlsplit(link).path for link in links if is_eservice(link)}
    assert used, "the site should invite to the e-services"
    # A translated page may ask for the form in its language: ?sprak=<the language's key>.
    odd_query = [
        value
        for value in used
        if urlsplit(value).query
        and not re.fullmatch(rf"sprak=({'|'.join(CONFIG.variants)})", urlsplit(value).query)
    ]
    assert not odd_query, f"e-service links with another query than ?sprak=: {odd_query}"
    used = {urlsplit(value).path for value in used}
    assert used <= form_urls, f"links to no configured form: {sorted(used - form_urls)}"
    assert used == form_urls, f"forms no page links to: {sorted(form_urls - used)}"


def test_typical_page_weighs_under_30_kb(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """Every page, not just a typical one: HTML plus the stylesheets it links, uncompressed,
    under 30 KB, so a citizen on a weak phone connection gets the page at once."""
    weights = {}
    for url, parts in page_parts.items():
        html = file_for(project_site, url).stat().st_size
        css = sum(
            file_for(project_site, urljoin(url, sheet)).stat().st_size
            for sheet in parts.stylesheets
        )
        weights[url] = (html, css)
    heavy = [
        f"{url}: {html + css} bytes (HTML {html} + CSS {css})"
        for url, (html, css) in weights.items()
        if html + css >= BUDGET_BYTES
    ]
    assert not heavy, f"pages over the {BUDGET_BYTES}-byte budget:\n" + "\n".join(heavy)


def test_nothing_is_loaded_from_elsewhere(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """No request leaves the site: no third-party stylesheet, script, font, image or frame,
    so no one else learns who reads about social services, and nothing blocks rendering."""
    external = [
        f"{url}: {link}"
        for url, parts in page_parts.items()
        for link in parts.links
        if link.tag in LOADED_BY_TAGS
        and not (link.tag == "link" and link.rel & NOT_LOADED_RELS)
        and urlsplit(link.value).netloc
    ]
    outside = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)(?:https?:)?//""", re.IGNORECASE)
    for sheet in sorted(project_site.rglob("*.css")):
        if outside.search(sheet.read_text(encoding="utf-8")):
            external.append(
                f"{sheet.relative_to(project_site)}: url() or @import from another site"
            )
    for script in sorted(project_site.rglob("*.js")):
        if re.search(r"https?://", script.read_text(encoding="utf-8")):
            external.append(f"{script.relative_to(project_site)}: an address on another site")
    assert not external, "Requests to other sites:\n" + "\n".join(external)


def test_only_the_search_page_runs_a_script_of_its_own(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """Reading and navigating need no JavaScript; only search does, from a local file.
    Each language has its own search page (Pagefind searches the page's own language)."""
    search_pages = {SEARCH_PAGE} | {
        f"/{key}/sok/"
        for key, lang in CONFIG.variants.items()
        if not lang.is_swedish_variant and f"/{key}/" in page_parts  # a language with pages
    }
    with_scripts = {
        url: parts.scripts + parts.event_handlers
        for url, parts in page_parts.items()
        if parts.scripts or parts.event_handlers
    }
    assert set(with_scripts) <= search_pages, f"pages with scripts: {with_scripts}"
    for search_page in search_pages:
        search_scripts = with_scripts.get(search_page, [])
        assert search_scripts, f"the search page {search_page} needs its script"
        for src in search_scripts:
            assert src != "inline" and not src.startswith("<"), f"inline script on {search_page}"
            assert not urlsplit(src).netloc, f"script from another site: {src}"
            assert file_for(project_site, urljoin(search_page, src)).is_file(), (
                f"missing script: {src}"
            )


def test_no_page_or_script_sets_cookies(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """The cookie page says the site sets none. A static site can only set one from a
    script or a meta tag (the web server's headers are tested where it is configured)."""
    writers = [
        script.relative_to(project_site).as_posix()
        for script in sorted(project_site.rglob("*.js"))
        if re.search(r"document\.cookie|cookieStore", script.read_text(encoding="utf-8"))
    ]
    writers += [url for url, parts in page_parts.items() if "set-cookie" in parts.meta]
    assert not writers, f"these set cookies: {writers}"


def language_code(url: str) -> str:
    """The language a URL's page is in: its folder's, as site.yaml names it."""
    folder = url.strip("/").split("/")[0]
    variant = CONFIG.variants.get(folder)
    return variant.code if variant else "sv"


def test_every_page_is_described(page_parts: dict[str, PageParts]) -> None:
    """Every page has its language's code (Swedish outside the language folders), a title
    and exactly one h1. Pages meant to be found (not marked noindex) also have a
    description, a canonical URL that is their own address under the base URL, and Open
    Graph title and description for previews when someone shares a link."""
    problems = []
    for url, parts in page_parts.items():
        expected = language_code(url)
        if parts.lang != expected:
            problems.append(f"{url}: <html lang={parts.lang!r}>, expected {expected!r}")
        if not parts.title.strip():
            problems.append(f"{url}: no <title>")
        if parts.h1_count != 1:
            problems.append(f"{url}: {parts.h1_count} h1 elements, expected 1")
        if url == NOT_FOUND_PAGE and parts.indexable:
            problems.append(f"{url}: the 404 page should say noindex")
        if not parts.indexable:
            continue
        if not parts.meta.get("description", "").strip():
            problems.append(f'{url}: no <meta name="description">')
        if parts.canonical != CONFIG.base_url + url:
            problems.append(f"{url}: canonical {parts.canonical!r}, expected its own address")
        for key in ("og:title", "og:description"):
            if not parts.meta.get(key, "").strip():
                problems.append(f'{url}: no <meta property="{key}">')
        if "og:url" in parts.meta and parts.meta["og:url"] != parts.canonical:
            problems.append(f"{url}: og:url {parts.meta['og:url']!r} is not the canonical URL")
    assert not problems, "\n".join(problems)


def test_hreflang_alternates_name_each_other_over_the_whole_site(
    page_parts: dict[str, PageParts],
) -> None:
    """Each page's alternates include itself under its own language, and every page they
    name lists exactly the same alternates: search engines ignore one-sided links."""
    problems = []
    for url, parts in page_parts.items():
        if not parts.hreflang:
            continue
        if parts.hreflang.get(parts.lang or "") != CONFIG.base_url + url:
            problems.append(f"{url}: does not name itself as {parts.lang!r}")
        for other in parts.hreflang.values():
            other_parts = page_parts.get(other.removeprefix(CONFIG.base_url))
            if other_parts is None or other_parts.hreflang != parts.hreflang:
                problems.append(f"{url}: {other} does not name the same alternates")
    assert not problems, "\n".join(problems)
    assert sum(bool(parts.hreflang) for parts in page_parts.values()) >= 3 * len(CONFIG.variants)


def test_the_sitemap_names_the_same_alternates_as_each_page(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """Over the whole site, every language included: a sitemap entry's xhtml:link
    alternates are exactly the hreflang links of the page it lists."""
    tree = ET.parse(project_site / "sitemap.xml")  # noqa: S314 - our own build output
    differ = []
    for entry in tree.getroot().findall(f"{SITEMAP}url"):
        url = (entry.findtext(f"{SITEMAP}loc") or "").removeprefix(CONFIG.base_url)
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall(XLINK)}
        if alternates != page_parts[url].hreflang:
            differ.append(f"{url}: sitemap {alternates}, page {page_parts[url].hreflang}")
    assert not differ, "\n".join(differ)
    languages = {code for parts in page_parts.values() for code in parts.hreflang}
    assert languages == {lang.code for lang in CONFIG.languages if not lang.is_swedish_variant}


def font_files(project_site: Path) -> dict[str, tuple[Path, set[int]]]:
    """Each font stylesheet the site ships: its woff2 file and the code points its
    unicode-range sends to it (characters outside stay with the system font)."""
    fonts = {}
    for sheet in sorted((project_site / "static" / "fonts").glob("*.css")):
        css = sheet.read_text(encoding="utf-8")
        woff2 = sheet.parent / re.search(r"url\(([^)]+\.woff2)\)", css).group(1)
        ranges = re.search(r"unicode-range:\s*([^;]+);", css).group(1)
        points: set[int] = set()
        for item in ranges.split(","):
            first, _, last = item.strip().removeprefix("U+").partition("-")
            points.update(range(int(first, 16), int(last or first, 16) + 1))
        fonts["/static/fonts/" + sheet.name] = (woff2, points)
    return fonts


def test_a_script_font_is_linked_only_from_its_languages_pages(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """Noto Sans Ethiopic only on Tigrinya pages, Noto Sans Arabic only on Arabic and Dari
    pages (`languages.FONT_STYLESHEETS`): no other page pays for a font it cannot use."""
    expected = {"ti": "fonts/ethiopic.css", "ar": "fonts/arabic.css", "prs": "fonts/arabic.css"}
    wrong = []
    for url, parts in page_parts.items():
        linked = {sheet for sheet in parts.stylesheets if "/fonts/" in sheet}
        wanted = expected.get(parts.lang or "")
        if linked != ({f"/static/{wanted}"} if wanted else set()):
            wrong.append(f"{url} (lang {parts.lang}): {sorted(linked)}")
    assert not wrong, "font stylesheets on the wrong pages:\n" + "\n".join(wrong)
    assert {parts.lang for parts in page_parts.values()} >= {"ti", "ar", "prs", "so"}


def test_the_shipped_font_subsets_draw_every_character_their_pages_use(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """A character the stylesheet's unicode-range sends to the subset must be in the
    subset's character map (read with fontTools), or the browser draws a box: a new
    Tigrinya or Dari text with a character the subset lacks fails here."""
    from fontTools.ttLib import TTFont

    fonts = font_files(project_site)
    cmaps = {sheet: set(TTFont(woff2).getBestCmap()) for sheet, (woff2, _) in fonts.items()}
    missing = []
    for url, parts in page_parts.items():
        for sheet in parts.stylesheets:
            if sheet not in fonts:
                continue
            text = file_for(project_site, url).read_text(encoding="utf-8")
            used = {ord(char) for char in text} & fonts[sheet][1]
            missing += [f"{url}: U+{point:04X} {chr(point)}" for point in used - cmaps[sheet]]
    assert not missing, "characters the font subset lacks:\n" + "\n".join(sorted(set(missing)))


def test_sitemap_lists_exactly_the_pages_meant_to_be_found(
    project_site: Path, page_parts: dict[str, PageParts]
) -> None:
    """The sitemap and the pages' own robots meta tags agree: every page without noindex
    is listed, by its absolute URL under the base URL, and nothing else (not the 404
    page, not a noindex page)."""
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(project_site / "sitemap.xml")  # noqa: S314 - our own build output
    listed = [loc.text or "" for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    assert len(listed) == len(set(listed)), "a URL is listed twice"
    foreign = [loc for loc in listed if not loc.startswith(CONFIG.base_url + "/")]
    assert not foreign, f"not under the base URL {CONFIG.base_url}: {foreign}"
    listed_urls = {loc.removeprefix(CONFIG.base_url) for loc in listed}
    to_be_found = {url for url, parts in page_parts.items() if parts.indexable}
    assert listed_urls == to_be_found, (
        f"indexable but not in the sitemap (add them, or mark them noindex): "
        f"{sorted(to_be_found - listed_urls)}; "
        f"in the sitemap but not an indexable page: {sorted(listed_urls - to_be_found)}"
    )


def test_robots_txt_names_the_sitemap(project_site: Path) -> None:
    lines = (project_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {CONFIG.base_url}/sitemap.xml" in lines
    assert "Disallow: /" not in lines, "robots.txt hides the whole site"
    assert (project_site / "sitemap.xml").is_file()


def test_pages_show_the_swedish_update_date(project_site: Path) -> None:
    html = file_for(project_site, "/kontaktperson/").read_text(encoding="utf-8")
    assert re.search(
        r"Sidan uppdaterad <time datetime=\"\d{4}-\d{2}-\d{2}\">\d{1,2} \w+ \d{4}</time>", html
    )


def test_projekt_gro_pages_show_the_eu_cofunding_notice(project_site: Path) -> None:
    html = file_for(project_site, "/projekt-gro/").read_text(encoding="utf-8")
    assert "Medfinansieras av Europeiska unionen" in html
    assert (project_site / "static" / "eu-emblem.svg").is_file()


@pytest.mark.parametrize("key", ["lattlast", "en", "ar", "prs"])
def test_a_translated_how_to_apply_page_opens_the_e_service_in_its_language(
    page_parts: dict[str, PageParts], key: str
) -> None:
    """The e-services speak every language of the site: a page in a language folder
    links them with `?sprak=` and its language's key, kept through every step."""
    for page, form in (
        ("kontaktgruppen/ansok", "ansokan-kontaktgruppen"),
        ("kontaktperson/ansok-om-kontaktperson", "ansokan-kontaktperson"),
    ):
        links = {link.value for link in page_parts[f"/{key}/{page}/"].links}
        assert f"{CONFIG.eservices[form].url}?sprak={key}" in links, (key, page)
