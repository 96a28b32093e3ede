"""The last build's parsed pages and render keys, kept in SQLite beside the output.

SQLite rather than one pickle so a small change reads and writes only the rows it
touches: at 10,000 pages, loading and saving everything costs more than rendering
the page that changed.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from site_builder.front_matter import FrontMatter
from site_builder.markdown_body import Link
from site_builder.pages import ParsedPage
from site_builder.urls import parent_index

SCHEMA_VERSION = 6  # 5: Link gained href; 6: FrontMatter gained eu_cofunded
SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    source TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    parent TEXT,
    row BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_by_parent ON pages (parent);
CREATE INDEX IF NOT EXISTS pages_by_url ON pages (url);
CREATE TABLE IF NOT EXISTS keys (url TEXT PRIMARY KEY, key TEXT NOT NULL);
"""


def store_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.build-state.sqlite3"


class StateStore:
    """Rows of `ParsedPage` (without HTML) and the render key of every URL."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            self.connection.executescript("DROP TABLE IF EXISTS pages; DROP TABLE IF EXISTS keys;")
            self.connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def all_pages(self) -> dict[str, ParsedPage]:
        rows = self.connection.execute("SELECT row FROM pages")
        return {page.source: page for page in (_decode(row) for (row,) in rows)}

    def page(self, source: str) -> ParsedPage | None:
        found = self.connection.execute("SELECT row FROM pages WHERE source = ?", (source,))
        row = found.fetchone()
        return _decode(row[0]) if row else None

    def page_at(self, url: str) -> ParsedPage | None:
        found = self.connection.execute("SELECT row FROM pages WHERE url = ?", (url,))
        row = found.fetchone()
        return _decode(row[0]) if row else None

    def children_of(self, index_source: str) -> list[ParsedPage]:
        rows = self.connection.execute("SELECT row FROM pages WHERE parent = ?", (index_source,))
        return [_decode(row) for (row,) in rows]

    def keys(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT url, key FROM keys"))

    def key_count(self) -> int:
        return self.connection.execute("SELECT COUNT(*) FROM keys").fetchone()[0]

    def keys_of(self, urls: Iterable[str]) -> dict[str, str]:
        found = {}
        for url in urls:
            row = self.connection.execute("SELECT key FROM keys WHERE url = ?", (url,)).fetchone()
            if row:
                found[url] = row[0]
        return found

    def replace_all(self, pages: Iterable[ParsedPage], keys: Mapping[str, str]) -> None:
        with self.connection:
            self.connection.execute("BEGIN")
            self.connection.execute("DELETE FROM pages")
            self.connection.execute("DELETE FROM keys")
            self._write(pages, keys)

    def update(self, pages: Iterable[ParsedPage], keys: Mapping[str, str]) -> None:
        with self.connection:
            self.connection.execute("BEGIN")
            self._write(pages, keys)

    def _write(self, pages: Iterable[ParsedPage], keys: Mapping[str, str]) -> None:
        self.connection.executemany(
            "INSERT OR REPLACE INTO pages (source, url, parent, row) VALUES (?, ?, ?, ?)",
            ((p.source, p.url, parent_index(p.source), _encode(p)) for p in pages),
        )
        self.connection.executemany("INSERT OR REPLACE INTO keys VALUES (?, ?)", keys.items())


class StoredPages(Mapping[str, ParsedPage]):
    """Pages by source, read from the store only when asked for (the fast path's view)."""

    def __init__(
        self, store: StateStore, known: Iterable[str], fresh: Iterable[ParsedPage]
    ) -> None:
        self.store = store
        self.known = set(known)
        self.loaded = {page.source: page for page in fresh}

    def __getitem__(self, source: str) -> ParsedPage:
        if source not in self.loaded:
            page = self.store.page(source) if source in self.known else None
            if page is None:
                raise KeyError(source)
            self.loaded[source] = page
        return self.loaded[source]

    def __iter__(self) -> Iterator[str]:
        return iter(self.known)

    def __len__(self) -> int:
        return len(self.known)

    def __contains__(self, source: object) -> bool:
        return source in self.known


def _encode(page: ParsedPage) -> bytes:
    links = tuple(tuple(link) for link in page.links)
    row = (page.source, page.url, tuple(page.meta), links, page.anchors, page.digest)
    return pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(blob: bytes) -> ParsedPage:
    source, url, meta, links, anchors, digest = pickle.loads(blob)  # noqa: S301 - our own rows
    links = tuple(Link._make(link) for link in links)
    return ParsedPage(source, url, FrontMatter._make(meta), links, anchors, digest, None)
