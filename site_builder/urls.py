"""How a content file's path becomes its URL: the only place that rule lives.

Sources are relative POSIX paths as plain strings (`kontaktperson/ersattning.md`):
a large site has tens of thousands of them, and strings are far cheaper than
path objects to hash, compare and keep between builds.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache

INDEX_NAME = "index.md"
SAFE_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def url_for_source(source: str) -> str:
    """`kontaktperson/ersattning.md` → `/kontaktperson/ersattning/`; `a/index.md` → `/a/`."""
    if source == INDEX_NAME:
        return "/"
    if source.endswith("/" + INDEX_NAME):
        return "/" + source[: -len(INDEX_NAME)]
    return "/" + source.removesuffix(".md") + "/"


def unsafe_segments(source: str) -> list[str]:
    """Path segments that would make an awkward URL (å, spaces, capitals …)."""
    segments = url_for_source(source).strip("/").split("/")
    return [segment for segment in segments if segment and not SAFE_SEGMENT.match(segment)]


def section_of(source: str) -> str:
    """The top-level folder a page belongs to ('' for the start page)."""
    head, separator, _ = source.partition("/")
    return head if separator else ""


@cache
def parent_index(source: str) -> str | None:
    """The index page of the folder above this page (None for the start page).

    Remembered: every build asks it for every page several times.
    """
    if source == INDEX_NAME:
        return None
    folder = posixpath.dirname(source)
    if posixpath.basename(source) == INDEX_NAME:
        folder = posixpath.dirname(folder)
    return posixpath.join(folder, INDEX_NAME) if folder else INDEX_NAME


def resolve_relative(source: str, relative: str) -> str | None:
    """`../x.md` seen from `a/b.md` → `x.md`; None when it leads outside the content."""
    parts = source.split("/")[:-1]
    for part in relative.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts) or None
