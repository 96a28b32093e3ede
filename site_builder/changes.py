"""Spotting change cheaply: file stats only, so a rebuild with nothing to do is instant.

Deliberately standard library only: this runs before the builder decides whether
it needs Markdown, Jinja or Flask at all.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

Stats = dict[str, tuple[int, int]]


def scan_sources(content_dir: Path) -> Stats:
    """Every `.md` file under the content folder, with (mtime in ns, size) to spot changes."""
    found: Stats = {}
    stack = [(str(content_dir), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.name.endswith(".md"):
                    stat = entry.stat()
                    found[prefix + entry.name] = (stat.st_mtime_ns, stat.st_size)
    return found


def tree_files(*folders: Path, suffix: str = "") -> list[Path]:
    """Files under the folders (optionally only those ending in `suffix`)."""
    found = []
    for folder in folders:
        for parent, _dirs, files in os.walk(folder):
            found += [Path(parent, name) for name in files if name.endswith(suffix)]
    return found


def files_stamp(paths: list[Path]) -> str:
    """A digest of files' names, sizes and modification times (cheap: nothing is read)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stamp_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.stamp"


def read_stamp(out_dir: Path) -> dict | None:
    """What the last build was made from, or None when there was no complete build."""
    path = stamp_path(out_dir)
    if not out_dir.is_dir() or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            stamp = pickle.load(handle)  # noqa: S301 - our own file, written by write_stamp
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return stamp if isinstance(stamp, dict) else None


def write_stamp(out_dir: Path, stamp: dict) -> None:
    _write_atomically(stamp_path(out_dir), stamp)


def forget_stamp(out_dir: Path) -> None:
    stamp_path(out_dir).unlink(missing_ok=True)


def _write_atomically(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
