"""Markdown body → HTML, with the site's editor conveniences.

Editors write links to other `.md` files, `{{ kommun.namn }}`-style references to the
site configuration, `!!!` notice boxes and `???` expandable sections; this module turns
those into HTML and records what the validation stage must check (links, anchors,
heading levels). One converter is reused for every page, since building a Markdown
instance costs more than converting a page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from site_builder.bidi import isolate_numbers
from site_builder.config import SiteConfig
from site_builder.languages import language_of
from site_builder.urls import resolve_relative, url_for_source

CONFIG_REFERENCE = re.compile(r"\{\{\s*([A-Za-z0-9_.\-åäöÅÄÖ]+)\s*\}\}")
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


class Link(NamedTuple):
    """An internal link found in a body, for the validation stage to check.

    `href` is the link as the editor typed it, so a fault names what they can find.
    """

    target: str | None
    url: str
    fragment: str
    line: int | None
    href: str


@dataclass
class Body:
    """A page body rendered to HTML, with what the validation stage needs."""

    html: str
    links: list[Link] = field(default_factory=list)
    anchors: frozenset[str] = frozenset()
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def substitute_references(text: str, config: SiteConfig) -> tuple[str, list[str]]:
    """Replace `{{ a.b }}` with configuration values; return the text and unknown keys."""
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        try:
            return config.lookup(match.group(1))
        except KeyError:
            unknown.append(match.group(1))
            return match.group(0)

    return CONFIG_REFERENCE.sub(replace, text), unknown


class _PageTreeprocessor(Treeprocessor):
    """Rewrites `.md` links to page URLs and records links and heading faults."""

    def __init__(self, md: markdown.Markdown, owner: _SiteExtension) -> None:
        super().__init__(md)
        self.owner = owner

    def run(self, root: ET.Element) -> None:
        previous_level = 1
        for element in root.iter():
            if element.tag == "a" and "href" in element.attrib:
                self._rewrite_link(element)
            elif element.tag in HEADING_TAGS:
                previous_level = self._check_heading(element, previous_level)
        _wrap_tables(root)

    def _rewrite_link(self, element: ET.Element) -> None:
        href = element.attrib["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            return
        state = self.owner.state
        line = state.line_of(href)
        if href.startswith("/"):
            state.links.append(Link(None, parts.path, parts.fragment, line, href))
            return
        target = resolve_relative(state.source, parts.path)
        if target is None or not target.endswith(".md"):
            state.problems.append((line, f"länken '{href}' ska gå till en .md-fil"))
            return
        url = url_for_source(target)
        element.attrib["href"] = url + (f"#{parts.fragment}" if parts.fragment else "")
        state.links.append(Link(target, url, parts.fragment, line, href))

    def _check_heading(self, element: ET.Element, previous_level: int) -> int:
        level = HEADING_TAGS[element.tag]
        state = self.owner.state
        text = "".join(element.itertext()).strip()
        line = state.line_of(text) if text else None
        if level == 1:
            message = "sidan får inte ha en egen #-rubrik; titeln blir sidans huvudrubrik"
            state.problems.append((line, message))
        elif level > previous_level + 1:
            jump = f"rubriknivån hoppar från {'#' * previous_level} till {'#' * level}"
            state.problems.append((line, jump))
        return level


@dataclass
class _ConversionState:
    source: str
    lines: list[str]
    first_line: int
    links: list[Link] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    def line_of(self, needle: str) -> int | None:
        for index, text in enumerate(self.lines):
            if needle in text:
                return self.first_line + index
        return None


class _SiteExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.state = _ConversionState("", [], 1)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_PageTreeprocessor(md, self), "site_links", 1)


class BodyRenderer:
    """Converts page bodies with one reusable Markdown instance."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._site = _SiteExtension()
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "sane_lists",
                "attr_list",
                "admonition",
                "pymdownx.details",
                "toc",
                self._site,
            ],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-6"}},
            output_format="html",
        )

    def render(self, body: str, source: str, first_line: int) -> Body:
        """Render one body; faults come back as (line, message) in `problems`."""
        text, unknown = substitute_references(body, self.config)
        lines = body.split("\n")
        state = _ConversionState(source, lines, first_line)
        for key in unknown:
            line = next((first_line + i for i, t in enumerate(lines) if key in t), None)
            state.problems.append((line, f"okänd inställning {{{{ {key} }}}}"))
        self._site.state = state
        self._md.reset()
        html = self._md.convert(text)
        if language_of(source, self.config.variants).direction == "rtl":
            html = isolate_numbers(html)
        anchors = frozenset(_anchor_ids(self._md.toc_tokens))
        return Body(html, state.links, anchors, state.problems)


def _wrap_tables(root: ET.Element) -> None:
    """Put each table in a region that scrolls sideways on a narrow phone.

    The region is focusable and named, so keyboard users can scroll it too.
    """
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag == "table":
                region = ET.Element(
                    "div", {"class": "table-scroll", "tabindex": "0", "role": "region"}
                )
                region.set("aria-label", "Tabell")
                parent.remove(child)
                region.append(child)
                parent.insert(index, region)


def _anchor_ids(tokens: list[dict]) -> list[str]:
    ids: list[str] = []
    for token in tokens:
        ids.append(token["id"])
        ids.extend(_anchor_ids(token.get("children", [])))
    return ids
