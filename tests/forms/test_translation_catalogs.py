"""The e-services' catalogs are complete and compiled: every Swedish message in the code
and the templates is in the template, translated in every language, with the same
placeholders, and each committed .mo is what its .po compiles to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from form_service import translations_tool
from form_service.core.i18n import LANGUAGE_KEYS, catalog_path

# The languages whose catalogs must be complete: all of them.
COMPLETE = list(LANGUAGE_KEYS)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> Catalog:
    return translations_tool.extract()


def test_the_template_holds_every_message_in_the_code(template):
    written = translations_tool._read(translations_tool.TEMPLATE, "")
    assert translations_tool._ids(template) == translations_tool._ids(written), (
        "run make translations"
    )


@pytest.mark.parametrize("key", COMPLETE)
def test_every_message_is_translated_with_the_same_placeholders(template, key):
    catalog = translations_tool._read(catalog_path(key), key)
    assert translations_tool.catalog_problems(template, catalog) == []


@pytest.mark.parametrize("key", LANGUAGE_KEYS)
def test_the_compiled_catalog_is_the_one_the_po_compiles_to(key):
    assert catalog_path(key, "mo").read_bytes() == translations_tool.compiled(catalog_path(key))


def test_the_check_names_a_missing_translation_and_a_changed_placeholder(template):
    catalog = Catalog(locale="en")
    for message in translations_tool._messages(template):
        catalog.add(message.id, string=message.id)
    catalog["Koden ska ha %(length)s tecken"].string = "The code must have %(count)s characters"
    catalog["Fortsätt"].string = ""
    problems = translations_tool.catalog_problems(template, catalog)
    assert problems == [
        "platshållarna skiljer sig: 'Koden ska ha %(length)s tecken' → "
        "'The code must have %(count)s characters'",
        "saknar översättning: 'Fortsätt'",
    ]


def test_the_check_command_says_what_is_missing_and_exits_with_its_status():
    result = subprocess.run(
        [sys.executable, "-m", "form_service.translations_tool", "check"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    incomplete = [key for key in LANGUAGE_KEYS if key not in COMPLETE]
    assert result.returncode == (1 if incomplete else 0), result.stdout + result.stderr
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert reported == set(incomplete)
