"""Incremental builds: what changed since the last build and which URLs it touches.

Each URL gets a render key: a digest of everything its HTML is made from (the
page file, the titles around it, the templates, the configuration, the builder's
code). A URL is rendered again exactly when its key changed, so an incremental
build writes the same files a clean build would.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from site_builder.collect import SourceStat
from site_builder.pages import ParsedPage
from site_builder.site import Site

STATE_VERSION = 1


@dataclass
class BuildState:
    """What the previous build knew; kept beside (not inside) the output folder."""

    version: int = STATE_VERSION
    parse_stamp: str = ""
    render_stamp: str = ""
    sources: dict[PurePosixPath, SourceStat] = field(default_factory=dict)
    pages: dict[PurePosixPath, ParsedPage] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    search_indexed: bool = False


def state_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.build-state"


def load_state(out_dir: Path) -> BuildState | None:
    """The previous build's state, or None when there is none we can trust."""
    path = state_path(out_dir)
    if not out_dir.is_dir() or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - our own file, written by save_state
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return state if isinstance(state, BuildState) and state.version == STATE_VERSION else None


def save_state(out_dir: Path, state: BuildState) -> None:
    path = state_path(out_dir)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def forget_state(out_dir: Path) -> None:
    state_path(out_dir).unlink(missing_ok=True)


def files_stamp(paths: list[Path]) -> str:
    """A digest of files' names, sizes and modification times (cheap: no reading)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def tree_files(*folders: Path, pattern: str = "*") -> list[Path]:
    return [path for folder in folders for path in folder.rglob(pattern) if path.is_file()]


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def url_keys(site: Site, render_stamp: str, static_dir: Path) -> dict[str, str]:
    """The render key of every URL the site has."""
    menu = tuple((page.title, page.url) for page in site.main_menu)
    base = _digest(render_stamp, menu)
    keys = {page.url: _page_key(site, page, base) for page in site.pages}
    keys["/sitemap.xml"] = _digest(base, [(page.url, page.meta.updated) for page in site.pages])
    for url in ("/sok/", "/404.html", "/robots.txt"):
        keys[url] = _digest(base, url)
    for path in tree_files(static_dir):
        url = "/static/" + path.relative_to(static_dir).as_posix()
        keys[url] = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    return keys


def _page_key(site: Site, page: ParsedPage, base: str) -> str:
    around = (
        [(crumb.title, crumb.url) for crumb in site.breadcrumbs(page)],
        [(child.title, child.description, child.url) for child in site.children(page)],
        [(other.title, other.description, other.url) for other in site.related(page)],
    )
    return _digest(base, page.digest, around)


def changed_urls(previous: dict[str, str], current: dict[str, str]) -> set[str]:
    return {url for url, key in current.items() if previous.get(url) != key}
