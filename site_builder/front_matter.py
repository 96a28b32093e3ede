"""The one schema every page's front matter is validated against.

Editors know Markdown, not Python, so each fault becomes a Swedish sentence that
names the field, the line and what a correct value looks like.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
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
    "translation_of": Field(str, False, "sökvägen till sidan som översätts, från mappen content"),
    "source_version": Field(str, False, "versionen som site-builder check visar"),
    "reviewed": Field(bool, False, "true eller false"),
}
TRANSLATION_KEYS = ("translation_of", "source_version")

DEFAULT_ORDER = 1000
UNKNOWN_DATE = dt.date(1970, 1, 1)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    translation_of: str | None = None  # the Swedish page this one translates (from content/)
    source_version: str | None = None  # the version of that page it was translated from
    reviewed: bool = False  # a translator has checked the translation
    version_line: int | None = None  # where source_version stands, for the stale warning


def validate_front_matter(source: SourceFile) -> tuple[FrontMatter, list[ContentError]]:
    """Check `source.front_matter` against SCHEMA; return the front matter and every fault.

    With faults, the front matter returned is a stand-in (defaults where a value is
    wrong) so the page still counts as existing when other pages' links are checked.
    """
    data, lines = source.front_matter, source.key_lines
    errors = [
        ContentError(source.path, lines.get(str(key)), _unknown_key_message(key))
        for key in data
        if key not in SCHEMA
    ]
    values: dict[str, Any] = {}
    for key, field in SCHEMA.items():
        if key not in data or data[key] is None:
            if field.required:
                errors.append(ContentError(source.path, 2, f"fältet '{key}' saknas i sidhuvudet"))
            continue
        value, problem = _checked(key, data[key], field)
        if problem:
            errors.append(ContentError(source.path, lines.get(key), problem))
        else:
            values[key] = value
    errors += _translation_errors(data, source)
    values["version_line"] = lines.get("source_version")
    return _front_matter_from(values, source.path.stem), errors


def _translation_errors(data: dict, source: SourceFile) -> list[ContentError]:
    """A translation names both its source page and the version of it; neither alone."""
    given = [key for key in TRANSLATION_KEYS if data.get(key) is not None]
    if len(given) == 1:
        (present,) = given
        (missing,) = (key for key in TRANSLATION_KEYS if key != present)
        message = (
            f"fältet '{missing}' saknas: en översättning anger både "
            "translation_of och source_version"
        )
        return [ContentError(source.path, source.key_lines.get(present), message)]
    if data.get("reviewed") is not None and not given:
        message = "fältet 'reviewed' gäller bara översättningar (sidor med translation_of)"
        return [ContentError(source.path, source.key_lines.get("reviewed"), message)]
    return []


def _checked(key: str, value: Any, field: Field) -> tuple[Any, str | None]:
    """The value as the builder uses it, or a sentence saying what is wrong with it."""
    if field.kind is dt.date:
        return _date(key, value, field)
    if field.kind is list:
        return _paths(key, value, field)
    if _has_type(value, field.kind):
        return value, None
    return None, _wrong_type(key, value, field)


def _date(key: str, value: Any, field: Field) -> tuple[dt.date | None, str | None]:
    """YAML hands dates over as the text typed (see yaml_values); parse it here."""
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        return None, _wrong_type(key, value, field)
    year, month, day = (int(part) for part in value.strip().split("-"))
    if not 1 <= month <= 12:
        return None, f"fältet '{key}': {value} är inget datum (det finns ingen månad {month})"
    if year < 1:
        return None, f"fältet '{key}': {value} är inget datum (det finns inget år 0)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return None, f"fältet '{key}': {value} är inget datum (månaden har {days} dagar)"
    return dt.date(year, month, day), None


def _paths(key: str, value: Any, field: Field) -> tuple[tuple[str, ...] | None, str | None]:
    if isinstance(value, list) and all(_has_type(item, str) for item in value):
        return tuple(value), None
    if isinstance(value, list):
        return None, f"fältet '{key}' ska vara {field.expected}, en sökväg per rad"
    return None, _wrong_type(key, value, field) + " (skriv varje sökväg på en rad med - först)"


def _wrong_type(key: str, value: Any, field: Field) -> str:
    message = f"fältet '{key}' ska vara {field.expected}"
    if isinstance(value, list):
        return message + ", inte en lista"
    if isinstance(value, dict):
        return message + ", inte flera fält"
    if field.kind is str and not isinstance(value, str):
        return message + f' (skriv den inom citattecken: {key}: "…")'
    if field.kind is str:
        return message + ", inte tom"
    return message


def _has_type(value: Any, kind: type | tuple[type, ...]) -> bool:
    if kind is int and isinstance(value, bool):
        return False
    if kind is str:
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, kind)


def _unknown_key_message(key: Any) -> str:
    allowed = ", ".join(SCHEMA)
    return f"okänt fält '{key}' i sidhuvudet (tillåtna fält: {allowed})"


def _front_matter_from(values: dict[str, Any], fallback_title: str) -> FrontMatter:
    return FrontMatter(
        title=values.get("title", fallback_title).strip(),
        description=values.get("description", "").strip(),
        updated=values.get("updated", UNKNOWN_DATE),
        published=values.get("published"),
        order=values.get("order", DEFAULT_ORDER),
        draft=bool(values.get("draft", False)),
        form=values.get("form"),
        related=values.get("related", ()),
        eu_cofunded=bool(values.get("eu_cofunded", False)),
        translation_of=_stripped(values.get("translation_of")),
        source_version=_stripped(values.get("source_version")),
        reviewed=bool(values.get("reviewed", False)),
        version_line=values.get("version_line"),
    )


def _stripped(value: str | None) -> str | None:
    return value.strip() if value is not None else None
