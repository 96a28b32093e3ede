"""Collecting stage: find every page file and parse them, in parallel when many.

Parsing Markdown is the bulk of a full build, so large sites are spread over
worker processes; the results come back as plain `ParsedPage` values.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

from site_builder.config import SiteConfig
from site_builder.errors import ContentError
from site_builder.markdown_body import BodyRenderer
from site_builder.pages import ParsedPage, parse_page

PARALLEL_THRESHOLD = 300
CHUNK_SIZE = 64


def parse_all(
    content_dir: Path,
    config: SiteConfig,
    sources: Iterable[str],
    advance: Callable[[int], None] = lambda _count: None,
) -> tuple[list[ParsedPage], list[ContentError]]:
    """Parse the given files; more than a few hundred are spread over the CPU cores.

    The pages include those with faults (see `parse_page`); only files that could not
    be read at all are missing from them. `advance(n)` is called as pages are done,
    for the progress bar.
    """
    ordered = sorted(sources)
    workers = min(os.cpu_count() or 1, 8)
    results: list[tuple[ParsedPage | None, list[ContentError]]] = []
    if len(ordered) < PARALLEL_THRESHOLD or workers < 2:
        renderer = BodyRenderer(config)
        for source in ordered:
            results.append(parse_page(content_dir, source, renderer))
            advance(1)
    else:
        chunks = [ordered[i : i + CHUNK_SIZE] for i in range(0, len(ordered), CHUNK_SIZE)]
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _init_worker, (content_dir, config)) as pool:
            for chunk in pool.imap(_parse_in_worker, chunks):
                results.extend(chunk)
                advance(len(chunk))
    pages = [page for page, _ in results if page is not None]
    errors = [error for _, found in results for error in found]
    return pages, errors


_worker_state: dict[str, object] = {}


def _init_worker(content_dir: Path, config: SiteConfig) -> None:
    _worker_state["content_dir"] = content_dir
    _worker_state["renderer"] = BodyRenderer(config)


def _parse_in_worker(
    sources: list[str],
) -> list[tuple[ParsedPage | None, list[ContentError]]]:
    content_dir = cast(Path, _worker_state["content_dir"])
    renderer = cast(BodyRenderer, _worker_state["renderer"])
    return [parse_page(content_dir, source, renderer) for source in sources]
