"""Freezing stage: Frozen-Flask requests each URL of the app and writes the response.

Every URL the site has is listed once, by `site_urls`; the URL generators hand
Frozen-Flask those an (incremental) build plan says to render.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer

from site_builder.site import Site

Target = tuple[str, dict[str, str]]


def site_urls(site: Site, static_dir: Path) -> dict[str, Target]:
    """Every URL of the built site and the endpoint (with arguments) that renders it."""
    urls: dict[str, Target] = {
        page.url: ("site.page", {"path": page.url.strip("/")}) for page in site.pages
    }
    for endpoint, url in (
        ("site.search", "/sok/"),
        ("site.not_found_page", "/404.html"),
        ("site.sitemap", "/sitemap.xml"),
        ("site.robots", "/robots.txt"),
    ):
        urls[url] = (endpoint, {})
    for filename in static_files(static_dir):
        urls[f"/static/{filename}"] = ("static", {"filename": filename})
    return urls


def static_files(static_dir: Path) -> list[str]:
    """The files under `static/`, as URL paths relative to it."""
    found = []
    for folder, _dirs, files in os.walk(static_dir):
        for name in files:
            found.append(Path(folder, name).relative_to(static_dir).as_posix())
    return sorted(found)


def make_freezer(app: Flask, targets: dict[str, Target], render: set[str]) -> Freezer:
    """A freezer that writes the URLs in `render`; the build removes stale files itself."""
    app.config.update(
        FREEZER_DESTINATION=str(app.config["BUILD_DESTINATION"]),
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_IGNORE_404_NOT_FOUND=False,
    )
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)

    @freezer.register_generator
    def planned_urls() -> Iterator[Target]:
        for url in sorted(render):
            yield targets[url]

    return freezer
