"""Incremental builds: which URLs a change touches.

Each URL gets a render key: a digest of everything its HTML is made from (the
page file, the titles around it, the templates, the configuration, the builder's
code). A URL is rendered again exactly when its key changed, so an incremental
build writes the same files a clean build would.

When the changed pages keep their interface (URL, front matter and heading
anchors), nothing another page shows or links to has changed: then only those
pages and the few pages around them are read back from the build state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.pages import ParsedPage
from site_builder.site import Site
from site_builder.state_store import StateStore
from site_builder.urls import INDEX_NAME, parent_index, resolve_relative
from site_builder.views import FAVICON


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def url_keys(
    site: Site, render_stamp: str, static_files: list[Path], static_dir: Path
) -> dict[str, str]:
    """The render key of every URL the site has."""
    keys = page_keys(site, site.pages, render_stamp)
    base = _base_key(site, render_stamp)
    keys["/sitemap.xml"] = _digest(
        base,
        [
            (page.url, page.meta.updated, _urls(site.hreflang_alternates(page)))
            for page in site.pages
        ],
    )
    for url in ("/sok/", "/404.html", "/robots.txt"):
        keys[url] = _digest(base, url)
    for language in site.search_languages().values():
        if language.key:
            menu = [(item.title, item.url) for item in site.menu_for(language)]
            keys[language.search_url] = _digest(base, language, menu, site.footer_links(language))
    for path in static_files:
        url = "/static/" + path.relative_to(static_dir).as_posix()
        keys[url] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    keys["/favicon.ico"] = keys[f"/static/{FAVICON}"]  # the same file, at the root
    return keys


def page_keys(site: Site, pages: Iterable[ParsedPage], render_stamp: str) -> dict[str, str]:
    """Render keys of some pages: their own file, trail, section list and related pages."""
    base = _base_key(site, render_stamp)
    trail_keys: dict[str, str] = {}
    keys = {}
    for page in pages:
        # Pages under one index share a trail; a language's start page has none.
        parent = page.source if page.source in site.variant_starts else parent_index(page.source)
        parent = parent or ""
        if parent not in trail_keys:
            trail = [(crumb.title, crumb.url) for crumb in site.breadcrumbs(page)]
            trail_keys[parent] = _digest(base, trail)
        keys[page.url] = _page_key(site, page, trail_keys[parent])
    return keys


def _base_key(site: Site, render_stamp: str) -> str:
    return _digest(render_stamp, [(page.title, page.url) for page in site.main_menu])


def _urls(entries: Iterable[tuple[object, ParsedPage]]) -> list[str]:
    return [page.url for _, page in entries]


def _language_key(site: Site, page: ParsedPage) -> str:
    """What a page shows of its other languages: versions, language menu, its own menu."""
    language = site.language(page)
    if not language.key and not site.config.variants:
        return ""
    plain = site.easy_read_version(page)
    return _digest(
        language,
        _urls(site.alternates(page)),
        _urls(site.language_menu(page)),
        plain[1].url if plain else None,
        [(item.title, item.url) for item in site.menu_for(language)],
        site.footer_links(language),
    )


def _page_key(site: Site, page: ParsedPage, trail_key: str) -> str:
    children = site.children(page)
    related = site.related(page) if page.meta.related else []
    languages = _language_key(site, page)
    if not children and not related and not languages:
        return _digest(trail_key, page.digest)
    around = (
        [(child.title, child.description, child.url) for child in children],
        [(other.title, other.description, other.url) for other in related],
    )
    return _digest(trail_key, page.digest, around, languages)


def changed_urls(previous: Mapping[str, str], current: Mapping[str, str]) -> set[str]:
    return {url for url, key in current.items() if previous.get(url) != key}


def same_interface(page: ParsedPage, before: ParsedPage | None) -> bool:
    """True when other pages cannot see the change: same URL, front matter and anchors."""
    if before is None:
        return False
    return (page.url, page.meta, page.anchors) == (before.url, before.meta, before.anchors)


def context_pages(
    pages: list[ParsedPage], lookup: Mapping[str, ParsedPage], store: StateStore, config: SiteConfig
) -> list[ParsedPage]:
    """The published pages that `pages` show: trails, section lists, related and the menu."""
    wanted = {f"{section}/{INDEX_NAME}" for section in config.menu}
    for page in pages:
        parent = parent_index(page.source)
        while parent is not None:
            wanted.add(parent)
            parent = parent_index(parent)
        wanted.update(resolve_relative(page.source, item) or "" for item in page.meta.related)
    own = {page.source for page in pages}
    found = {source: lookup[source] for source in wanted - own if source in lookup}
    for page in pages:
        if page.is_index:
            found.update(
                (c.source, c) for c in store.children_of(page.source) if c.source not in own
            )
    return [page for page in found.values() if not page.meta.draft]


def language_context(
    pages: list[ParsedPage], lookup: Mapping[str, ParsedPage], config: SiteConfig
) -> list[ParsedPage]:
    """Every page in a language folder, and the Swedish pages they translate.

    A page shows its versions in other languages and links its lättläst version, but
    which pages translate a Swedish page is written only in the translations. The
    folders say which files those can be, so only they are read, never every page.
    """
    if not config.variants:
        return []
    own = {page.source for page in pages}
    folders = tuple(f"{key}/" for key in config.variants)
    wanted = [source for source in lookup if source.startswith(folders) and source not in own]
    found = {source: lookup[source] for source in wanted}
    for page in [*pages, *found.values()]:
        original = page.meta.translation_of
        if original and original not in own and original in lookup:
            found.setdefault(original, lookup[original])
    return [page for page in found.values() if not page.meta.draft]
