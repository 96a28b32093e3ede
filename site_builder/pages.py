"""The page model: one content file read, validated and rendered to a body.

`ParsedPage` is what a worker process sends back and what the build cache keeps
between builds (without the HTML, which is cheap to make again for the few pages
an incremental build re-renders).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from site_builder.config import SiteConfig
from site_builder.errors import ContentError
from site_builder.front_matter import FrontMatter, validate_front_matter
from site_builder.languages import VERSION_LENGTH
from site_builder.markdown_body import Body, BodyRenderer, Link, substitute_references
from site_builder.reader import split_source
from site_builder.urls import INDEX_NAME, section_of, unsafe_segments, url_for_source


class ParsedPage(NamedTuple):
    """A page file after reading, validation and Markdown conversion.

    A NamedTuple (like FrontMatter and Link) so the build state of a large site
    loads and saves quickly.
    """

    source: str
    url: str
    meta: FrontMatter
    links: tuple[Link, ...]
    anchors: frozenset[str]
    digest: str
    html: str | None

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def description(self) -> str:
        return self.meta.description

    @property
    def section(self) -> str:
        return section_of(self.source)

    @property
    def is_index(self) -> bool:
        return self.source == INDEX_NAME or self.source.endswith("/" + INDEX_NAME)

    @property
    def version(self) -> str:
        """The short version a translation of this page names in `source_version`.

        The start of the file's hash: any change to the page gives a new version.
        """
        return self.digest[:VERSION_LENGTH]

    def without_html(self) -> ParsedPage:
        return self._replace(html=None)


def parse_page(
    content_dir: Path, source: str, renderer: BodyRenderer
) -> tuple[ParsedPage | None, list[ContentError]]:
    """Read, validate and convert one page; return it and every fault found in it.

    A page with faults is still returned when it could be read at all, so that links
    to it are not reported as going nowhere and its own links are checked too. The
    caller must not publish a page that comes back with faults.
    """
    shown = Path(content_dir.name) / source
    try:
        raw = (content_dir / source).read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [ContentError(shown, None, "filen är inte sparad som UTF-8")]
    try:
        split = split_source(text, shown)
    except ContentError as error:
        return None, [error]
    meta, errors = validate_front_matter(split)
    body = renderer.render(split.body, source, split.body_first_line)
    errors += [ContentError(shown, line, message) for line, message in body.problems]
    errors += _path_errors(shown, source)
    meta, reference_errors = _substitute_in_meta(meta, renderer.config, shown)
    errors += reference_errors
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return _page(source, meta, body, digest), errors


def _page(source: str, meta: FrontMatter, body: Body, digest: str) -> ParsedPage:
    return ParsedPage(
        source=source,
        url=url_for_source(source),
        meta=meta,
        links=tuple(body.links),
        anchors=body.anchors,
        digest=digest,
        html=body.html,
    )


def _path_errors(shown: Path, source: str) -> list[ContentError]:
    bad = unsafe_segments(source)
    if not bad:
        return []
    message = (
        f"filnamnet ger en krånglig adress ('{bad[0]}'): använd bara a–z, 0–9 och "
        "bindestreck, till exempel 'bli-kontaktperson.md'"
    )
    return [ContentError(shown, None, message)]


def _substitute_in_meta(
    meta: FrontMatter, config: SiteConfig, shown: Path
) -> tuple[FrontMatter, list[ContentError]]:
    title, unknown_in_title = substitute_references(meta.title, config)
    description, unknown_in_description = substitute_references(meta.description, config)
    errors = [
        ContentError(shown, 2, f"okänd inställning {{{{ {key} }}}}")
        for key in unknown_in_title + unknown_in_description
    ]
    return meta._replace(title=title, description=description), errors
