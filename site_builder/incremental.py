"""Incremental builds: which URLs a change touches.

Each URL gets a render key: a digest of everything its HTML is made from (the
page file, the titles around it, the templates, the configuration, the builder's
code). A URL is rendered again exactly when its key changed, so an incremental
build writes the same files a clean build would.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.changes import _write_atomically
from site_builder.front_matter import FrontMatter
from site_builder.markdown_body import Link
from site_builder.pages import ParsedPage
from site_builder.site import Site
from site_builder.urls import parent_index

STATE_VERSION = 3


@dataclass
class BuildState:
    """The parsed pages (without HTML) and render keys of the last build."""

    version: int = STATE_VERSION
    pages: dict[str, ParsedPage] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


def state_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.build-state"


def load_state(out_dir: Path) -> BuildState | None:
    """The previous build's state, or None when there is none we can trust."""
    try:
        with state_path(out_dir).open("rb") as handle:
            version, rows, keys = pickle.load(handle)  # noqa: S301 - our own file
        if version != STATE_VERSION:
            return None
        pages = {row[0]: _page_from_row(row) for row in rows}
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return BuildState(pages=pages, keys=keys)


def save_state(out_dir: Path, state: BuildState) -> None:
    """Saved as plain tuples: pickling those is many times faster than named ones."""
    rows = [_row_from_page(page) for page in state.pages.values()]
    _write_atomically(state_path(out_dir), (STATE_VERSION, rows, state.keys))


def _row_from_page(page: ParsedPage) -> tuple:
    links = tuple(tuple(link) for link in page.links)
    return (page.source, page.url, tuple(page.meta), links, page.anchors, page.digest)


def _page_from_row(row: tuple) -> ParsedPage:
    source, url, meta, links, anchors, digest = row
    links = tuple(Link._make(link) for link in links)
    return ParsedPage(source, url, FrontMatter._make(meta), links, anchors, digest, None)


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def url_keys(
    site: Site, render_stamp: str, static_files: list[Path], static_dir: Path
) -> dict[str, str]:
    """The render key of every URL the site has."""
    menu = tuple((page.title, page.url) for page in site.main_menu)
    base = _digest(render_stamp, menu)
    trail_keys: dict[str, str] = {}
    keys = {page.url: _page_key(site, page, base, trail_keys) for page in site.pages}
    keys["/sitemap.xml"] = _digest(base, [(page.url, page.meta.updated) for page in site.pages])
    for url in ("/sok/", "/404.html", "/robots.txt"):
        keys[url] = _digest(base, url)
    for path in static_files:
        url = "/static/" + path.relative_to(static_dir).as_posix()
        keys[url] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return keys


def _page_key(site: Site, page: ParsedPage, base: str, trail_keys: dict[str, str]) -> str:
    """Digest of what one page shows: itself, its trail, its list and related pages."""
    parent = parent_index(page.source) or ""
    if parent not in trail_keys:
        trail = [(crumb.title, crumb.url) for crumb in site.breadcrumbs(page)]
        trail_keys[parent] = _digest(base, trail)
    children = site.children(page)
    related = site.related(page) if page.meta.related else []
    if not children and not related:
        return _digest(trail_keys[parent], page.digest)
    around = (
        [(child.title, child.description, child.url) for child in children],
        [(other.title, other.description, other.url) for other in related],
    )
    return _digest(trail_keys[parent], page.digest, around)


def changed_urls(previous: dict[str, str], current: dict[str, str]) -> set[str]:
    return {url for url, key in current.items() if previous.get(url) != key}
