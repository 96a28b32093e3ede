"""Precompressing stage: a `.gz` beside every text file, for the web server's gzip_static.

nginx then sends the compressed copy as it is, instead of compressing the same page
on every request. The copies carry no time stamp and no file name, so a rebuild ends
byte-identical to a clean build; only files newer than their copy are compressed
again, and a copy whose file is gone is removed with it.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path

TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".svg", ".xml", ".txt", ".json"})


def files_to_compress(site_dir: Path) -> list[Path]:
    """The text files whose copy is missing or older; copies whose file is gone are removed.

    Separate from `compress` so the build can say how many files it compresses
    before it starts.
    """
    stale = []
    for path in [path for path in site_dir.rglob("*") if path.is_file()]:
        if path.suffix == ".gz":
            if not path.with_suffix("").exists():
                path.unlink()
        elif path.suffix in TEXT_SUFFIXES and _stale(path, gzip_copy(path)):
            stale.append(path)
    return stale


def compress(files: list[Path], advance: Callable[[int], None] = lambda _count: None) -> None:
    """Write `name.gz` beside each of `files`, calling `advance(1)` after each."""
    for path in files:
        _write_compressed(path, gzip_copy(path))
        advance(1)


def gzip_copy(path: Path) -> Path:
    """Where the compressed copy of `path` is (and where nginx looks for it)."""
    return path.with_name(path.name + ".gz")


def _stale(path: Path, copy: Path) -> bool:
    return not copy.exists() or copy.stat().st_mtime_ns < path.stat().st_mtime_ns


def _write_compressed(path: Path, copy: Path) -> None:
    """Written beside and renamed into place, so the web server never sends half a file."""
    partial = copy.with_name(f".{copy.name}.partial")
    partial.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    os.replace(partial, copy)
