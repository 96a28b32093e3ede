"""The one schema every page's front matter is validated against.

Editors know Markdown, not Python, so each fault becomes a Swedish sentence that
names the field, the line and what a correct value looks like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from site_builder.errors import ContentError
from site_builder.reader import SourceFile


@dataclass(frozen=True)
class Field:
    """One front matter key: its type, whether it is required and how to describe it."""

    kind: type | tuple[type, ...]
    required: bool
    expected: str


SCHEMA: dict[str, Field] = {
    "title": Field(str, True, "en text"),
    "description": Field(str, True, "en text"),
    "updated": Field(dt.date, True, "ett datum (ÅÅÅÅ-MM-DD)"),
    "published": Field(dt.date, False, "ett datum (ÅÅÅÅ-MM-DD)"),
    "order": Field(int, False, "ett heltal"),
    "draft": Field(bool, False, "true eller false"),
    "form": Field(str, False, "namnet på ett formulär i site.yaml"),
    "related": Field(list, False, "en lista med sökvägar till andra .md-filer"),
    "eu_cofunded": Field(bool, False, "true eller false"),
}

DEFAULT_ORDER = 1000


class FrontMatter(NamedTuple):
    """Validated front matter, with defaults filled in.

    A NamedTuple rather than a dataclass: a large site keeps tens of thousands of
    these between builds, and tuples are several times faster to rebuild.
    """

    title: str
    description: str
    updated: dt.date
    published: dt.date | None
    order: int
    draft: bool
    form: str | None
    related: tuple[str, ...]
    eu_cofunded: bool  # the page is about an EU-cofunded project: show the EU emblem on top


def validate_front_matter(source: SourceFile) -> tuple[FrontMatter | None, list[ContentError]]:
    """Check `source.front_matter` against SCHEMA; return the result and every fault."""
    data, lines = source.front_matter, source.key_lines
    errors = [
        ContentError(source.path, lines.get(key), _unknown_key_message(key))
        for key in data
        if key not in SCHEMA
    ]
    for key, field in SCHEMA.items():
        if key not in data or data[key] is None:
            if field.required:
                errors.append(ContentError(source.path, 2, f"fältet '{key}' saknas i sidhuvudet"))
            continue
        if not _has_type(data[key], field.kind):
            message = f"fältet '{key}' ska vara {field.expected}"
            errors.append(ContentError(source.path, lines.get(key), message))
    related = data.get("related") or []
    if isinstance(related, list) and not all(isinstance(item, str) for item in related):
        message = "fältet 'related' ska vara en lista med sökvägar till andra .md-filer"
        errors.append(ContentError(source.path, lines.get("related"), message))
    if errors:
        return None, errors
    return _front_matter_from(data), []


def _has_type(value: Any, kind: type | tuple[type, ...]) -> bool:
    if kind is int and isinstance(value, bool):
        return False
    if kind is dt.date and isinstance(value, dt.datetime):
        return False
    if kind is str:
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, kind)


def _unknown_key_message(key: str) -> str:
    allowed = ", ".join(SCHEMA)
    return f"okänt fält '{key}' i sidhuvudet (tillåtna fält: {allowed})"


def _front_matter_from(data: dict[str, Any]) -> FrontMatter:
    return FrontMatter(
        title=data["title"].strip(),
        description=data["description"].strip(),
        updated=data["updated"],
        published=data.get("published"),
        order=data.get("order", DEFAULT_ORDER),
        draft=bool(data.get("draft", False)),
        form=data.get("form"),
        related=tuple(data.get("related") or ()),
        eu_cofunded=bool(data.get("eu_cofunded", False)),
    )
