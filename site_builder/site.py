"""The whole site: every page, how they relate, and the checks across pages.

Every page is collected and validated before anything is rendered, so a build with
a fault stops before it writes, and `check` can list every fault at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.errors import ContentError, ContentErrors
from site_builder.pages import ParsedPage
from site_builder.urls import INDEX_NAME, parent_index, resolve_relative

RESERVED_URLS = {"/sok/": "sökningen", "/404.html": "sidan som inte finns"}


class Site:
    """The validated pages of a build (drafts included only in the editor preview)."""

    def __init__(self, config: SiteConfig, pages: list[ParsedPage], content_dir: Path) -> None:
        self.config = config
        self.content_dir = content_dir
        self.pages = sorted(pages, key=lambda page: page.url)
        self.by_source = {page.source: page for page in self.pages}
        self.by_url = {page.url: page for page in self.pages}
        self._trails: dict[str | None, list[ParsedPage]] = {}

    @cached_property
    def _children(self) -> dict[str, list[ParsedPage]]:
        grouped: dict[str, list[ParsedPage]] = defaultdict(list)
        for page in self.pages:
            parent = parent_index(page.source)
            if parent is not None:
                grouped[parent].append(page)
        for siblings in grouped.values():
            siblings.sort(key=lambda page: (page.meta.order, page.title))
        return grouped

    def children(self, page: ParsedPage) -> list[ParsedPage]:
        """The pages a section index lists, in their editor-given order."""
        return self._children.get(page.source, []) if page.is_index else []

    def breadcrumbs(self, page: ParsedPage) -> list[ParsedPage]:
        """The index pages above a page, from the start page down."""
        return self._trail_to(parent_index(page.source))

    def _trail_to(self, index: str | None) -> list[ParsedPage]:
        """The trail ending at an index page; remembered, since siblings share it."""
        if index not in self._trails:
            if index is None or index not in self.by_source:
                self._trails[index] = []
            else:
                above = self._trail_to(parent_index(index))
                self._trails[index] = [*above, self.by_source[index]]
        return self._trails[index]

    def related(self, page: ParsedPage) -> list[ParsedPage]:
        targets = (resolve_relative(page.source, item) for item in page.meta.related)
        return [self.by_source[target] for target in targets if target in self.by_source]

    @cached_property
    def main_menu(self) -> list[ParsedPage]:
        sources = (f"{section}/{INDEX_NAME}" for section in self.config.menu)
        return [self.by_source[source] for source in sources if source in self.by_source]

    @property
    def start_page(self) -> ParsedPage | None:
        return self.by_source.get(INDEX_NAME)


def cross_page_errors(
    config: SiteConfig, pages: list[ParsedPage], content_dir: Path, *, include_drafts: bool
) -> list[ContentError]:
    """Faults that only show when all pages are known: links, duplicates, the menu."""
    shown = Path(content_dir.name)
    by_source = {page.source: page for page in pages}
    errors = _duplicate_urls(pages, shown) + _menu_errors(config, by_source)
    published = {page.url for page in pages if include_drafts or not page.meta.draft}
    reported: set[str] = set()
    for page in pages:
        if page.meta.draft and not include_drafts:
            continue
        errors += page_errors(
            page, by_source, published.__contains__, config, shown, include_drafts
        )
        parent = parent_index(page.source)
        if parent is not None and parent not in by_source and parent not in reported:
            reported.add(parent)
            folder = parent.removesuffix(INDEX_NAME).rstrip("/")
            message = f"mappen '{folder}' saknar en index.md som presenterar avsnittet"
            errors.append(ContentError(shown / page.source, None, message))
    return errors


def page_errors(
    page: ParsedPage,
    by_source: Mapping[str, ParsedPage],
    is_published_url: Callable[[str], bool],
    config: SiteConfig,
    shown: Path,
    include_drafts: bool,
) -> list[ContentError]:
    """One page's links, related pages and form, checked against the other pages."""
    errors = _link_errors(page, by_source, is_published_url, config, shown, include_drafts)
    errors += _related_errors(page, by_source, shown, include_drafts)
    if page.meta.form and page.meta.form not in config.eservices:
        known = ", ".join(config.eservices)
        message = f"okänt formulär '{page.meta.form}' (formulär i site.yaml: {known})"
        errors.append(ContentError(shown / page.source, None, message))
    return errors


def _duplicate_urls(pages: list[ParsedPage], shown: Path) -> list[ContentError]:
    errors = []
    seen: dict[str, ParsedPage] = {}
    for page in sorted(pages, key=lambda p: p.source):
        if page.url in RESERVED_URLS:
            message = f"adressen {page.url} är upptagen av {RESERVED_URLS[page.url]}"
            errors.append(ContentError(shown / page.source, None, message))
        elif page.url in seen:
            other = seen[page.url].source
            message = f"två sidor får samma adress {page.url} (den andra är {other})"
            errors.append(ContentError(shown / page.source, None, message))
        seen.setdefault(page.url, page)
    return errors


def _menu_errors(config: SiteConfig, by_source: dict) -> list[ContentError]:
    return [
        ContentError(config.source, None, f"menyn nämner '{section}' som saknar {INDEX_NAME}")
        for section in config.menu
        if f"{section}/{INDEX_NAME}" not in by_source
    ]


def _link_errors(page, by_source, is_published_url, config, shown, include_drafts) -> list:
    problems = []
    for link in page.links:
        if link.target is None:
            if not (link.url.startswith(config.eservice_prefix) or is_published_url(link.url)):
                problems.append((link.line, f"länken går till '{link.url}' som inte finns"))
            continue
        target = by_source.get(link.target)
        if target is None:
            problems.append((link.line, f"länken går till '{link.target}' som inte finns"))
        elif target.meta.draft and not include_drafts:
            problems.append((link.line, f"länken går till ett utkast ('{link.target}')"))
        elif link.fragment and link.fragment not in target.anchors:
            missing = f"rubriken '#{link.fragment}' som inte finns på '{link.target}'"
            problems.append((link.line, f"länken går till {missing}"))
    return [ContentError(shown / page.source, line, message) for line, message in problems]


def _related_errors(page, by_source, shown, include_drafts) -> list[ContentError]:
    problems = []
    for item in page.meta.related:
        target = by_source.get(resolve_relative(page.source, item) or "")
        if target is None:
            problems.append(f"relaterad sida '{item}' finns inte")
        elif target.meta.draft and not include_drafts:
            problems.append(f"relaterad sida '{item}' är ett utkast")
    return [ContentError(shown / page.source, None, message) for message in problems]


def assemble_site(
    config: SiteConfig,
    pages: list[ParsedPage],
    errors: list[ContentError],
    content_dir: Path,
    *,
    include_drafts: bool,
) -> Site:
    """Validate across pages and return the Site, or raise every fault at once."""
    errors = errors + cross_page_errors(config, pages, content_dir, include_drafts=include_drafts)
    if errors:
        raise ContentErrors(errors)
    visible = [page for page in pages if include_drafts or not page.meta.draft]
    return Site(config, visible, content_dir)
