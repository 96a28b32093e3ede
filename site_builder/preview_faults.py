"""The editor preview's content faults, sorted by the page they belong to.

A fault in one page must not hide the rest of the site while an editor works: the
faulty page shows its own list, every other page renders and carries a banner
naming what is still wrong elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from site_builder.errors import ContentError
from site_builder.urls import url_for_source


class Fault(NamedTuple):
    """One fault, and the preview address of the page it is on (None: the whole site)."""

    url: str | None
    error: ContentError


class PreviewFaults:
    """Every fault of the last read of the content, by page address."""

    def __init__(self, errors: list[ContentError], shown_content: Path) -> None:
        self.all = [Fault(_url_of(error.path, shown_content), error) for error in errors]
        self._by_url: dict[str, list[ContentError]] = defaultdict(list)
        for fault in self.all:
            if fault.url is not None:
                self._by_url[fault.url].append(fault.error)

    def at(self, url: str) -> list[ContentError]:
        """The faults of the page at `url`: it must show them instead of itself."""
        return self._by_url.get(url, [])

    def elsewhere(self, url: str | None = None) -> list[Fault]:
        """The faults not on the page at `url`, for the banner."""
        return [fault for fault in self.all if fault.url is None or fault.url != url]


NO_FAULTS = PreviewFaults([], Path())


def _url_of(path: Path, shown_content: Path) -> str | None:
    try:
        source = path.relative_to(shown_content).as_posix()
    except ValueError:
        return None
    return url_for_source(source) if source.endswith(".md") else None
