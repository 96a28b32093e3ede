"""What `site.yaml` must look like, checked with the line of every fault.

The builder, the templates and the e-services read these values without further
checks, so a list where a phone number belongs, or a phone number YAML reads as a
number (`070 …` without quotes can lose its leading zero), must stop here with a
sentence the editor can act on, not as a traceback later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from site_builder.errors import ContentError

UNIT_FIELDS = ("namn", "telefon", "telefontid", "epost", "besoksadress", "postadress")
LANGUAGE_FIELDS = ("kod", "namn", "riktning", "ej_granskad")
DIRECTIONS = ("ltr", "rtl")
SCALARS = (str, int, float, bool)


@dataclass(frozen=True)
class Text:
    """A non-empty text (quoted in YAML when it could be read as something else)."""


@dataclass(frozen=True)
class WholeNumber:
    """An integer, not a boolean."""


@dataclass(frozen=True)
class Section:
    """A group of named settings; `closed` when no other names are allowed."""

    fields: dict[str, Rule]
    optional: frozenset[str] = frozenset()
    closed: bool = False


@dataclass(frozen=True)
class Each:
    """A group whose every value follows one rule (units, forms, ages)."""

    rule: Rule
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListOf:
    """A list ("- " lines) whose every item follows one rule."""

    rule: Rule


Rule = Union[Text, WholeNumber, Section, Each, ListOf]  # noqa: UP007 - used at runtime

TEXT = Text()
SCHEMA = Section(
    {
        "webbplats": Section({"namn": TEXT, "bas_url": TEXT}),
        "kommun": Section({"namn": TEXT, "forvaltning": TEXT, "kundcenter_telefon": TEXT}),
        "enheter": Each(Section(dict.fromkeys(UNIT_FIELDS, TEXT), closed=True)),
        "avsnitt": Each(TEXT, required=("standard",)),
        "meny": ListOf(TEXT),
        "alder": Each(WholeNumber()),
        "e_tjanster": Section(
            {
                "bas_url": TEXT,
                "formular": Each(
                    Section(
                        {"titel": TEXT, "sokvag": TEXT, "gallras_manader": WholeNumber()},
                        optional=frozenset({"gallras_manader"}),
                        closed=True,
                    )
                ),
            }
        ),
        "sprak": Each(Section(dict.fromkeys(LANGUAGE_FIELDS, TEXT), closed=True)),
    },
    optional=frozenset({"sprak"}),
)


@dataclass
class _Check:
    """The faults found so far, each placed on the line of the setting it concerns."""

    path: Path
    lines: Mapping[tuple[str, ...], int]
    errors: list[ContentError] = field(default_factory=list)

    def fault(self, where: tuple[str, ...], message: str) -> None:
        line = next(
            (self.lines[where[:n]] for n in range(len(where), 0, -1) if where[:n] in self.lines),
            None,
        )
        self.errors.append(ContentError(self.path, line, message))


def config_errors(
    data: dict[str, Any], path: Path, lines: Mapping[tuple[str, ...], int]
) -> list[ContentError]:
    """Every fault in `site.yaml`'s values, each with the line of the setting."""
    check = _Check(path, lines)
    _check(data, SCHEMA, (), check)
    _check_plain_values(data, (), check)
    if not check.errors:
        _check_references(data, check)
    return check.errors


def _check(value: Any, rule: Rule, where: tuple[str, ...], check: _Check) -> None:
    name = _name(where)
    if isinstance(rule, Text):
        if not isinstance(value, str) or not value.strip():
            check.fault(where, f"{name} ska vara en text{_quote_hint(value)}")
    elif isinstance(rule, WholeNumber):
        if isinstance(value, bool) or not isinstance(value, int):
            check.fault(where, f"{name} ska vara ett heltal, till exempel 18")
    elif isinstance(rule, ListOf):
        if not isinstance(value, list):
            check.fault(where, f"{name} ska vara en lista med en rad per värde, som börjar med -")
            return
        for index, item in enumerate(value):
            _check(item, rule.rule, (*where, str(index)), check)
    elif _is_group(value, name, where, check):
        _check_group(value, rule, where, check)


def _is_group(value: Any, name: str, where: tuple[str, ...], check: _Check) -> bool:
    if isinstance(value, dict):
        return True
    check.fault(where, f"{name} ska vara en grupp med rader 'namn: värde' under sig")
    return False


def _check_group(
    value: dict[str, Any], rule: Section | Each, where: tuple[str, ...], check: _Check
) -> None:
    if isinstance(rule, Each):
        expected, required = {key: rule.rule for key in value}, list(rule.required)
    else:
        expected = rule.fields
        required = [key for key in rule.fields if key not in rule.optional]
    for key in required:
        if key not in value:
            check.fault(where, f"{_name((*where, key))} saknas")
    for key, item in value.items():
        if key in expected:
            if item is not None or key in required:
                _check(item, expected[key], (*where, str(key)), check)
        elif isinstance(rule, Section) and rule.closed:
            allowed = ", ".join(rule.fields)
            dotted = ".".join((*where, str(key)))
            check.fault((*where, str(key)), f"okänd inställning '{dotted}' (tillåtna: {allowed})")


def _check_plain_values(value: Any, where: tuple[str, ...], check: _Check) -> None:
    """No exotic YAML (binary, sets, …) anywhere, even in the free-form settings."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                check.fault(where, f"namnet {key!r} i {_name(where)} ska vara en text")
            _check_plain_values(item, (*where, str(key)), check)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_plain_values(item, (*where, str(index)), check)
    elif value is not None and not isinstance(value, SCALARS):
        check.fault(where, f"{_name(where)} ska vara en text, ett tal, en lista eller en grupp")


def _check_references(data: dict[str, Any], check: _Check) -> None:
    for key, language in (data.get("sprak") or {}).items():
        if language["riktning"] not in DIRECTIONS:
            message = f"sprak.{key}.riktning ska vara ltr (vänster till höger) eller rtl"
            check.fault(("sprak", key, "riktning"), message)
    units = data["enheter"]
    for section, unit in data["avsnitt"].items():
        if unit not in units:
            known = ", ".join(units)
            message = f"avsnitt.{section} nämner enheten '{unit}' som inte finns (enheter: {known})"
            check.fault(("avsnitt", section), message)


def _name(where: tuple[str, ...]) -> str:
    return f"inställningen '{'.'.join(where)}'" if where else "inställningsfilen"


def _quote_hint(value: Any) -> str:
    if isinstance(value, list):
        return ", inte en lista"
    if isinstance(value, dict):
        return ", inte en grupp"
    if value is None or isinstance(value, str):
        return ", inte tom"
    return ' (skriv den inom citattecken: "…")'
