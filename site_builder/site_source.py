"""Where the views get the site from: a fixed one while building, a live one in preview."""

from __future__ import annotations

import threading
from pathlib import Path

from site_builder.changes import scan_sources
from site_builder.collect import parse_all
from site_builder.config import load_site_config
from site_builder.errors import ContentErrors
from site_builder.markdown_body import BodyRenderer
from site_builder.pages import ParsedPage, parse_page
from site_builder.preview_faults import NO_FAULTS, PreviewFaults
from site_builder.site import Site, assemble_site


class FixedSiteSource:
    """The site of one build; bodies dropped by the cache are converted again on demand."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._renderer: BodyRenderer | None = None

    def current(self) -> Site:
        return self.site

    def faults(self) -> PreviewFaults:
        return NO_FAULTS  # a build with faults stops before it renders

    def html(self, page: ParsedPage) -> str:
        if page.html is not None:
            return page.html
        if self._renderer is None:
            self._renderer = BodyRenderer(self.site.config)
        parsed, errors = parse_page(self.site.content_dir, page.source, self._renderer)
        if parsed is None or errors or parsed.html is None:
            raise RuntimeError(f"{page.source} changed during the build: {errors}")
        return parsed.html


class PreviewSiteSource:
    """The editor preview: re-reads changed files on each request, drafts included.

    Faults in pages do not stop the preview: every page is kept (a faulty one too,
    so menus and links to it work) and the faults are kept beside them, for the
    faulty page to list and the others to name in a banner. Only a fault in
    `site.yaml`, which every page depends on, raises ContentErrors, which the preview
    shows as a page listing every fault.
    """

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = Path(content_dir)
        self._lock = threading.Lock()
        self._stamp: tuple[dict, float] | None = None
        self._loaded: tuple[Site, PreviewFaults] | None = None

    def current(self) -> Site:
        return self._snapshot()[0]

    def faults(self) -> PreviewFaults:
        return self._snapshot()[1]

    def html(self, page: ParsedPage) -> str:
        return page.html or ""

    def _snapshot(self) -> tuple[Site, PreviewFaults]:
        with self._lock:
            stamp = self._current_stamp()
            if self._loaded is None or stamp != self._stamp:
                self._loaded = self._load()
                self._stamp = stamp
            return self._loaded

    def _current_stamp(self) -> tuple[dict[str, tuple[int, int]], float]:
        config_path = self.content_dir / "site.yaml"
        config_mtime = config_path.stat().st_mtime if config_path.exists() else 0.0
        return scan_sources(self.content_dir), config_mtime

    def _load(self) -> tuple[Site, PreviewFaults]:
        config = load_site_config(self.content_dir)
        sources = scan_sources(self.content_dir)
        pages, errors = parse_all(self.content_dir, config, sources)
        try:
            site = assemble_site(
                config, pages, errors, self.content_dir, include_drafts=True, sources=sources
            )
        except ContentErrors as faults:
            shown = Path(self.content_dir.name)
            return Site(config, pages, self.content_dir), PreviewFaults(faults.errors, shown)
        return site, NO_FAULTS
