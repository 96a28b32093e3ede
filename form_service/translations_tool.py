"""The e-services' catalogs: extract the Swedish messages, update each language, compile.

`make translations` runs `python -m form_service.translations_tool update`: it extracts
every `_()`, `_l()`, `gettext()`, `lazy_gettext()`, `N_()` and `say()` from `form_service/` and
the e-services' templates into `form_service/translations/messages.pot`, updates each
language's `messages.po` (new messages empty, changed ones marked fuzzy, removed ones
dropped) and compiles each to `messages.mo`, which the service reads (the .mo files are
committed, so a fresh clone runs without this step). `check` changes nothing and exits 1
listing what is wrong: a message not extracted yet, one not translated (or fuzzy) in a
language, placeholders that differ from the Swedish, a .mo older than its .po.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from form_service.core.i18n import BABEL_LOCALES, LANGUAGE_KEYS, TRANSLATIONS_DIR, catalog_path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "N_": None,
    "say": None,  # the receipt e-mail's messages (mail/outbox.py)
}
# Which files hold messages: the code, and the templates the e-services render.
SOURCES = (
    ("form_service", [("**.py", "python")]),
    (
        "templates",
        [
            ("forms/**.html", "jinja2"),
            ("components/**.html", "jinja2"),
            ("errors/**.html", "jinja2"),
            ("base.html", "jinja2"),
        ],
    ),
)
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
# Fixed dates in the headers, so that updating twice changes nothing.
HEADER_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
WIDTH = 100


def extract() -> Catalog:
    """Every message in the sources, in the order they first appear."""
    catalog = Catalog(
        project="Kontaktstöd",
        version="1",
        copyright_holder="Exempelkommun",
        charset="utf-8",
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        fuzzy=False,
    )
    for folder, method_map in SOURCES:
        options = {pattern: JINJA_OPTIONS for pattern, method in method_map if method == "jinja2"}
        found = extract_from_dir(
            PROJECT_ROOT / folder,
            method_map,
            options_map=options,
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            if not isinstance(message, str) or not message:
                continue
            where = (f"{folder}/{filename}", lineno)
            catalog.add(message, locations=[where], auto_comments=comments, context=context)
    return catalog


def update() -> None:
    """Write the template, update every language's catalog and compile it."""
    template = extract()
    _write_po(TEMPLATE, template)
    for key in LANGUAGE_KEYS:
        path = catalog_path(key)
        catalog = _read(path, key) if path.exists() else _new_catalog(key)
        catalog.update(template, no_fuzzy_matching=False)
        catalog.revision_date = HEADER_DATE
        catalog.creation_date = HEADER_DATE
        catalog.obsolete.clear()
        _write_po(path, catalog)
        catalog_path(key, "mo").write_bytes(compiled(path))
        sys.stdout.write(f"{path.relative_to(PROJECT_ROOT)}: {_summary(catalog)}\n")


def compiled(po_path: Path) -> bytes:
    """The .mo that the .po compiles to (fuzzy messages left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, _read(po_path, po_path.parts[-3]), use_fuzzy=False)
    return buffer.getvalue()


def problems() -> list[str]:
    """Everything `check` reports, one line each; empty when all is well."""
    found: list[str] = []
    template = extract()
    written = _read(TEMPLATE, "") if TEMPLATE.exists() else Catalog()
    if _ids(template) != _ids(written):
        found.append(f"{TEMPLATE.relative_to(PROJECT_ROOT)}: inaktuell, kör make translations")
    for key in LANGUAGE_KEYS:
        path = catalog_path(key)
        if not path.exists():
            found.append(f"{key}: {path.relative_to(PROJECT_ROOT)} saknas")
            continue
        found += [f"{key}: {problem}" for problem in catalog_problems(template, _read(path, key))]
        mo_path = catalog_path(key, "mo")
        if not mo_path.exists() or mo_path.read_bytes() != compiled(path):
            found.append(f"{key}: {mo_path.name} är inte kompilerad från {path.name}")
    return found


def catalog_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """Messages of `template` missing, untranslated or fuzzy in `catalog`, and
    translations whose placeholders differ from the Swedish source."""
    found = []
    for message in _messages(template):
        translated = catalog.get(message.id, context=message.context)
        if translated is None or not translated.string:
            found.append(f"saknar översättning: {message.id!r}")
        elif translated.fuzzy:
            found.append(f"osäker (fuzzy) översättning: {message.id!r}")
        elif sorted(PLACEHOLDER.findall(message.id)) != sorted(
            PLACEHOLDER.findall(translated.string)
        ):
            found.append(f"platshållarna skiljer sig: {message.id!r} → {translated.string!r}")
        elif "%" in translated.string.replace("%%", "") and not PLACEHOLDER.search(
            translated.string
        ):
            found.append(f"ett ensamt %-tecken: {translated.string!r}")
    return found


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(str(message.id), message.context) for message in _messages(catalog)}


def _new_catalog(key: str) -> Catalog:
    return Catalog(
        locale=BABEL_LOCALES[key],
        project="Kontaktstöd",
        version="1",
        charset="utf-8",
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        fuzzy=False,
    )


def _read(path: Path, key: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=BABEL_LOCALES.get(key) if key else None)


def _write_po(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, omit_header=False, include_previous=True)
    path.write_bytes(buffer.getvalue())


def _summary(catalog: Catalog) -> str:
    messages = list(_messages(catalog))
    done = sum(1 for message in messages if message.string and not message.fuzzy)
    return f"{done} av {len(messages)} översatta"


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["update"]
    if command == ["update"]:
        update()
        return 0
    if command == ["check"]:
        found = problems()
        for line in found:
            sys.stdout.write(line + "\n")
        return 1 if found else 0
    sys.stderr.write("Användning: python -m form_service.translations_tool [update|check]\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
