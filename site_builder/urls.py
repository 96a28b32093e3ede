"""How a content file's path becomes its URL: the only place that rule lives."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

INDEX_NAME = "index.md"
SAFE_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def url_for_source(source: PurePosixPath) -> str:
    """`kontaktperson/ersattning.md` → `/kontaktperson/ersattning/`; `a/index.md` → `/a/`."""
    parts = list(source.parts)
    if parts and parts[-1] == INDEX_NAME:
        parts.pop()
    elif parts:
        parts[-1] = parts[-1].removesuffix(".md")
    return "/" + "".join(f"{part}/" for part in parts)


def unsafe_segments(source: PurePosixPath) -> list[str]:
    """Path segments that would make an awkward URL (å, spaces, capitals …)."""
    url = url_for_source(source)
    return [
        segment
        for segment in url.strip("/").split("/")
        if segment and not SAFE_SEGMENT.match(segment)
    ]


def section_of(source: PurePosixPath) -> str:
    """The top-level folder a page belongs to ('' for the start page)."""
    return source.parts[0] if len(source.parts) > 1 else ""


def parent_index(source: PurePosixPath) -> PurePosixPath | None:
    """The index page of the folder above this page (None for the start page)."""
    if source == PurePosixPath(INDEX_NAME):
        return None
    folder = source.parent if source.name != INDEX_NAME else source.parent.parent
    return folder / INDEX_NAME
