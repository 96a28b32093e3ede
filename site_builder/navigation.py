"""The main menu, for apps that show the site's layout without building the site.

The form service uses the same base template as the information site; it reads
only the menu sections' front matter, so both show the same menu titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from site_builder.config import SiteConfig
from site_builder.reader import read_source
from site_builder.urls import INDEX_NAME, url_for_source


@dataclass(frozen=True)
class MenuItem:
    """A main-menu entry: the section index page's title and URL."""

    title: str
    url: str


def main_menu(content_dir: Path, config: SiteConfig) -> list[MenuItem]:
    """Menu entries in the order `site.yaml` gives, read from each section's index page."""
    items = []
    for section in config.menu:
        source = f"{section}/{INDEX_NAME}"
        path = Path(content_dir) / source
        if path.is_file():
            title = str(read_source(path).front_matter.get("title", section))
            items.append(MenuItem(title=title, url=url_for_source(source)))
    return items
