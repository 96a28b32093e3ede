"""Freezing stage: Frozen-Flask requests each URL of the app and writes the response.

Every URL the site has is listed once, by `site_urls`; the URL generators hand
Frozen-Flask those a build says to render. A large render is split across the
CPU cores: worker processes freeze batches of the URLs into the same folder.
"""

from __future__ import annotations

import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from site_builder.site import Site

Target = tuple[str, dict[str, str]]
PARALLEL_THRESHOLD = 400
BATCH_SIZE = 50


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
        ("site.favicon", "/favicon.ico"),
    ):
        urls[url] = (endpoint, {})
    for key in site.search_languages():
        if key:
            urls[f"/{key}/sok/"] = ("site.search", {"language_key": key})
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


def warn_about_forgotten_urls(app: Flask, targets: dict[str, Target]) -> None:
    """Warn, as Frozen-Flask does, when an app endpoint has no URL in `site_urls`."""
    listed = {endpoint for endpoint, _ in targets.values()}
    served = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    forgotten = sorted(served - listed)
    if forgotten:
        message = (
            f"Nothing frozen for endpoints {', '.join(forgotten)}. Did you forget a URL generator?"
        )
        warnings.warn(message, MissingURLGeneratorWarning, stacklevel=2)


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


def freeze(
    app: Flask,
    targets: dict[str, Target],
    render: set[str],
    advance: Callable[[int], None] = lambda _count: None,
) -> None:
    """Write the URLs in `render`, on every core when there are many.

    The work is handed out in small batches, so the cores stay busy to the end and
    `advance(n)` (the progress bar) moves as each batch is written.

    Frozen-Flask warns about endpoints it froze nothing for; that is expected when
    only some URLs are rendered, so the check is made once, by the caller, with
    `warn_about_forgotten_urls`.
    """
    ordered = sorted(render)
    workers = min(os.cpu_count() or 1, 8)
    _shared.update(app=app, targets=targets)
    try:
        if len(ordered) < PARALLEL_THRESHOLD or workers < 2:
            for _page in _freeze_urls(ordered):
                advance(1)
        else:
            batches = [ordered[i : i + BATCH_SIZE] for i in range(0, len(ordered), BATCH_SIZE)]
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                for written in pool.imap_unordered(_freeze_batch, batches):
                    advance(written)
    finally:
        _shared.clear()


_shared: dict = {}


def _freeze_batch(urls: list[str]) -> int:
    """In a worker process: write `urls`; return how many, for the parent's progress."""
    return sum(1 for _page in _freeze_urls(urls))


def _freeze_urls(urls: list[str]) -> Iterator[object]:
    """Write `urls`, yielding once per file written."""
    freezer = make_freezer(_shared["app"], _shared["targets"], set(urls))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        yield from freezer.freeze_yield()
