"""A saved change to `site.yaml` reaches the running e-services without a restart.

A public app over a copy of the content folder; the editor changes a unit's phone
number, and the next page shows it. A file saved with a fault is not taken into use:
pages keep working with the last good values, and the log says why in one line.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.form_pages import make_app
from tests.support.pages import PageClient

OLD_PHONE = "070-174 06 10"
NEW_PHONE = "070-174 06 19"


@pytest.fixture
def public(tmp_path, key_pair, content_dir) -> PageClient:
    return PageClient(make_app(tmp_path, key_pair, CONTENT_DIR=str(content_dir)).test_client())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_phone_number_shows_on_the_next_page(public, content_dir):
    assert OLD_PHONE in public.get("/status/").text
    edit(content_dir / "site.yaml", f"telefon: {OLD_PHONE}", f"telefon: {NEW_PHONE}")
    page = public.get("/status/").text
    assert NEW_PHONE in page
    assert OLD_PHONE not in page


def test_a_faulty_site_yaml_keeps_the_last_good_values(public, content_dir, caplog):
    config = content_dir / "site.yaml"
    edit(config, f"telefon: {OLD_PHONE}", f"telefon: {NEW_PHONE}")
    assert NEW_PHONE in public.get("/status/").text
    edit(config, "volontar_minst: 18", "volontar_minst: arton\n  trasig: [")
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            assert NEW_PHONE in public.get("/status/").text
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1  # once per change of the file, not once per request
    (warning,) = warnings
    assert warning.getMessage().startswith(
        "site.yaml har ändrats men har fel, den förra versionen gäller: "
    )
    assert f"{config}:" in warning.getMessage()
    assert "\n" not in warning.getMessage()
    assert warning.exc_info is None


def test_a_fixed_site_yaml_is_taken_into_use_again(public, content_dir):
    config = content_dir / "site.yaml"
    edit(config, "volontar_minst: 18", "volontar_minst: [18]")
    assert OLD_PHONE in public.get("/status/").text
    edit(config, "volontar_minst: [18]", "volontar_minst: 18")
    edit(config, f"telefon: {OLD_PHONE}", f"telefon: {NEW_PHONE}")
    assert NEW_PHONE in public.get("/status/").text


def test_a_changed_menu_shows_on_the_next_page_in_another_language(public, content_dir):
    menu_link = 'href="/en/kontaktperson/"'
    assert menu_link in public.get("/status/?sprak=en").text
    edit(content_dir / "site.yaml", "meny:\n- kontaktperson\n", "meny:\n")
    assert menu_link not in public.get("/status/").text
