"""The whole site: every page, how they relate, and the checks across pages.

Every page is collected and validated before anything is rendered, so a build with
a fault stops before it writes, and `check` can list every fault at once.
"""

from __future__ import annotations

import difflib
import posixpath
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from site_builder.config import SiteConfig
from site_builder.errors import ContentError, ContentErrors
from site_builder.languages import Language
from site_builder.pages import ParsedPage
from site_builder.translations import Translations, stale_translations, translation_errors
from site_builder.urls import (
    INDEX_NAME,
    parent_index,
    resolve_relative,
    section_of,
    url_for_source,
)

SIMILAR = 0.7  # how alike two names must be (difflib's ratio) to suggest one for the other
FOOTER_PAGES = {  # the footer's links, by their words in ui_text
    "contact": "kontakt/index.md",
    "accessibility": "om-webbplatsen/tillganglighetsredogorelse.md",
    "privacy": "om-webbplatsen/personuppgifter.md",
    "cookies": "om-webbplatsen/kakor.md",
}
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
        self.variant_starts = {f"{key}/{INDEX_NAME}" for key in config.variants}
        self.translations = Translations(self.pages, config.variants)
        self.warnings: list[ContentError] = []  # stale translations: reported, not fatal

    def language(self, page: ParsedPage) -> Language:
        return self.translations.language(page)

    def alternates(self, page: ParsedPage) -> list[tuple[Language, ParsedPage]]:
        """The page in every language that has it, in `site.yaml`'s order (itself included)."""
        versions = self.translations.versions(page)
        return [
            (lang, versions[lang.key]) for lang in self.config.languages if lang.key in versions
        ]

    def hreflang_alternates(self, page: ParsedPage) -> list[tuple[Language, ParsedPage]]:
        """The `hreflang` links of a page: every language's version, itself included.

        Empty on a page in no other language, and on lättläst pages: they share the code
        sv with ordinary Swedish, and hreflang links must name each other both ways.
        """
        if self.language(page).is_swedish_variant:
            return []
        versions = [entry for entry in self.alternates(page) if not entry[0].is_swedish_variant]
        return versions if len(versions) > 1 else []

    def language_menu(self, page: ParsedPage) -> list[tuple[Language, ParsedPage]]:
        """Other languages, each linking this page in it, else the language's start page.

        Lättläst is not here: it has its own link on the pages that have it.
        """
        versions = self.translations.versions(page)
        own = self.language(page)
        entries = []
        for lang in self.config.languages:
            if lang.key == own.key or lang.is_swedish_variant:
                continue
            target = versions.get(lang.key) or self.by_url.get(lang.start_url)
            if target is not None:
                entries.append((lang, target))
        return entries

    def easy_read_version(self, page: ParsedPage) -> tuple[Language, ParsedPage] | None:
        """The lättläst version of an ordinary Swedish page, when there is one.

        The way back is the language menu's "Svenska" on the lättläst page.
        """
        if self.language(page).key:
            return None
        versions = self.translations.versions(page)
        easy = (lang for lang in self.config.languages if lang.is_swedish_variant)
        return next(((lang, versions[lang.key]) for lang in easy if lang.key in versions), None)

    def search_languages(self) -> dict[str, Language]:
        """Languages with a search page of their own, by folder: every language but
        lättläst, which is Swedish and so searches with ordinary Swedish, and any
        language that has no pages yet (its search page would link a missing start page)."""
        return {
            lang.key: lang
            for lang in self.config.languages
            if not lang.is_swedish_variant and (not lang.key or lang.start_url in self.by_url)
        }

    def search_url_for(self, language: Language) -> str:
        own = self.search_languages().get(language.key)
        return own.search_url if own else "/sok/"

    def footer_links(self, language: Language) -> list[tuple[str, str]]:
        """The footer's links (words key, URL): in the given language where it has the page.

        Swedish URLs come from the file names alone, so a build that holds only a few
        pages (an incremental one) links the same as a full build.
        """
        return [(key, self._url_in(source, language)) for key, source in FOOTER_PAGES.items()]

    def _url_in(self, source: str, language: Language) -> str:
        page = self.by_source.get(source) if language.key else None
        translated = self.translations.versions(page).get(language.key) if page else None
        return translated.url if translated else url_for_source(source)

    @cached_property
    def _children(self) -> dict[str, list[ParsedPage]]:
        grouped: dict[str, list[ParsedPage]] = defaultdict(list)
        for page in self.pages:
            parent = parent_index(page.source)
            if parent is not None and page.source not in self.variant_starts:
                grouped[parent].append(page)
        for siblings in grouped.values():
            siblings.sort(key=lambda page: (page.meta.order, page.title))
        return grouped

    def children(self, page: ParsedPage) -> list[ParsedPage]:
        """The pages a section index lists, in their editor-given order."""
        return self._children.get(page.source, []) if page.is_index else []

    def breadcrumbs(self, page: ParsedPage) -> list[ParsedPage]:
        """The index pages above a page, from its language's start page down."""
        if page.source in self.variant_starts:
            return []
        return self._trail_to(parent_index(page.source))

    def _trail_to(self, index: str | None) -> list[ParsedPage]:
        """The trail ending at an index page; remembered, since siblings share it."""
        if index not in self._trails:
            if index is None or index not in self.by_source:
                self._trails[index] = []
            elif index in self.variant_starts:
                self._trails[index] = [self.by_source[index]]
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

    def is_start_page(self, page: ParsedPage) -> bool:
        """The start page of ordinary Swedish or of a language."""
        return page.source == INDEX_NAME or page.source in self.variant_starts

    def section_in_language(self, page: ParsedPage) -> str:
        """The section a page belongs to within its language (`en/kontakt/` → `kontakt`)."""
        key = self.language(page).key
        return section_of(page.source.removeprefix(f"{key}/") if key else page.source)

    def menu_for(self, language: Language) -> list[ParsedPage]:
        """The main menu of one language: its own sections, only pages that exist in it."""
        if not language.key:
            return self.main_menu
        start = self.by_source.get(f"{language.key}/{INDEX_NAME}")
        return [child for child in self.children(start) if child.is_index] if start else []

    @property
    def start_page(self) -> ParsedPage | None:
        return self.by_source.get(INDEX_NAME)


def cross_page_errors(
    config: SiteConfig,
    pages: list[ParsedPage],
    content_dir: Path,
    *,
    include_drafts: bool,
    unreadable: Collection[str] = (),
) -> list[ContentError]:
    """Faults that only show when all pages are known: links, duplicates, the menu.

    `pages` includes pages that have faults of their own: they exist, so a link to
    them is no fault. `unreadable` are page files that could not be read at all;
    they exist too, but nothing more is known about them.
    """
    shown = Path(content_dir.name)
    by_source = KnownPages({page.source: page for page in pages}, unreadable)
    reserved = dict(RESERVED_URLS)
    reserved.update({f"/{key}/sok/": "sökningen" for key in config.variants})
    errors = _duplicate_urls(pages, shown, reserved) + _menu_errors(config, by_source)
    errors += translation_errors(pages, by_source, config.variants, shown)
    published = {page.url for page in pages if include_drafts or not page.meta.draft}
    published |= {url_for_source(source) for source in unreadable}
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


def _duplicate_urls(
    pages: list[ParsedPage], shown: Path, reserved: Mapping[str, str]
) -> list[ContentError]:
    errors = []
    seen: dict[str, ParsedPage] = {}
    for page in sorted(pages, key=lambda p: p.source):
        if page.url in reserved:
            message = f"adressen {page.url} är upptagen av {reserved[page.url]}"
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


class KnownPages(Mapping[str, ParsedPage]):
    """Pages by source, where a file that could not be read counts as existing.

    Looking one up gives KeyError (nothing is known about it), but `in` says it is
    there, so links to it are not reported as broken while its own fault is.
    """

    def __init__(self, pages: dict[str, ParsedPage], unreadable: Collection[str]) -> None:
        self.pages = pages
        self.unreadable = set(unreadable) - set(pages)

    def __getitem__(self, source: str) -> ParsedPage:
        return self.pages[source]

    def __iter__(self) -> Iterator[str]:
        yield from self.pages
        yield from self.unreadable

    def __len__(self) -> int:
        return len(self.pages) + len(self.unreadable)

    def __contains__(self, source: object) -> bool:
        return source in self.pages or source in self.unreadable


def _link_errors(page, by_source, is_published_url, config, shown, include_drafts) -> list:
    problems = []
    for link in page.links:
        if link.target is None:
            if not (link.url.startswith(config.eservice_prefix) or is_published_url(link.url)):
                urls = (url_for_source(source) for source in by_source)
                hint = _nearest(link.url, urls, lambda url: url)
                problems.append((link.line, f"länken går till '{link.href}' som inte finns{hint}"))
            continue
        if link.target not in by_source:
            hint = _nearest_page(page.source, urlsplit(link.href).path, by_source)
            problems.append((link.line, f"länken går till '{link.href}' som inte finns{hint}"))
            continue
        target = by_source.get(link.target)
        if target is None:
            continue  # a file that could not be read: its own fault is reported
        if target.meta.draft and not include_drafts:
            problems.append((link.line, f"länken går till ett utkast ('{link.href}')"))
        elif link.fragment and link.fragment not in target.anchors:
            hint = _nearest(link.fragment, target.anchors, lambda anchor: f"#{anchor}")
            missing = f"rubriken '#{link.fragment}' som inte finns på '{urlsplit(link.href).path}'"
            problems.append((link.line, f"länken går till {missing}{hint}"))
    return [ContentError(shown / page.source, line, message) for line, message in problems]


def _related_errors(page, by_source, shown, include_drafts) -> list[ContentError]:
    problems = []
    for item in page.meta.related:
        source = resolve_relative(page.source, item) or ""
        if source not in by_source:
            hint = _nearest_page(page.source, item, by_source)
            problems.append(f"relaterad sida '{item}' finns inte{hint}")
            continue
        target = by_source.get(source)
        if target is not None and target.meta.draft and not include_drafts:
            problems.append(f"relaterad sida '{item}' är ett utkast")
    return [ContentError(shown / page.source, None, message) for message in problems]


def _nearest(wanted: str, candidates: Iterable[str], shown_as: Callable[[str], str]) -> str:
    """' – menade du …?' with the closest existing name, or nothing when none is close."""
    matches = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=SIMILAR)
    return f" – menade du '{shown_as(matches[0])}'?" if matches else ""


def _nearest_page(source: str, typed: str, sources: Iterable[str]) -> str:
    """The nearest page file, compared and shown as the editor of `source` would link it."""
    folder = posixpath.dirname(source) or "."
    as_typed = {posixpath.relpath(other, folder).removesuffix(".md"): other for other in sources}
    return _nearest(typed.removesuffix(".md"), as_typed, lambda name: f"{name}.md")


def assemble_site(
    config: SiteConfig,
    pages: list[ParsedPage],
    errors: list[ContentError],
    content_dir: Path,
    *,
    include_drafts: bool,
    sources: Iterable[str] = (),
) -> Site:
    """Validate across pages and return the Site, or raise every fault at once.

    `pages` may include pages that came back with faults (see `parse_page`); every
    source in `sources` is a page file, whether it could be read or not.
    """
    unreadable = set(sources) - {page.source for page in pages}
    errors = errors + cross_page_errors(
        config, pages, content_dir, include_drafts=include_drafts, unreadable=unreadable
    )
    if errors:
        raise ContentErrors(errors)
    visible = [page for page in pages if include_drafts or not page.meta.draft]
    site = Site(config, visible, content_dir)
    site.warnings = stale_translations(visible, site.by_source, Path(content_dir.name))
    return site
