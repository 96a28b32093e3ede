"""Where the views get the site from: a fixed one while building, a live one in preview."""

from __future__ import annotations

import threading
from pathlib import Path

from site_builder.changes import scan_sources
from site_builder.collect import parse_all
from site_builder.config import load_site_config
from site_builder.markdown_body import BodyRenderer
from site_builder.pages import ParsedPage, parse_page
from site_builder.site import Site, assemble_site


class FixedSiteSource:
    """The site of one build; bodies dropped by the cache are converted again on demand."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._renderer: BodyRenderer | None = None

    def current(self) -> Site:
        return self.site

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

    A content fault raises ContentErrors, which the preview shows as a page listing
    every fault, so the editor sees what to fix on the next reload.
    """

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = Path(content_dir)
        self._lock = threading.Lock()
        self._stamp: tuple[dict, float] | None = None
        self._site: Site | None = None

    def current(self) -> Site:
        with self._lock:
            stamp = self._current_stamp()
            if self._site is None or stamp != self._stamp:
                self._site = self._load()
                self._stamp = stamp
            return self._site

    def html(self, page: ParsedPage) -> str:
        return page.html or ""

    def _current_stamp(self) -> tuple[dict[str, tuple[int, int]], float]:
        config_path = self.content_dir / "site.yaml"
        config_mtime = config_path.stat().st_mtime if config_path.exists() else 0.0
        return scan_sources(self.content_dir), config_mtime

    def _load(self) -> Site:
        config = load_site_config(self.content_dir)
        pages, errors = parse_all(self.content_dir, config, scan_sources(self.content_dir))
        return assemble_site(config, pages, errors, self.content_dir, include_drafts=True)
