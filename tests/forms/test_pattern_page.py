"""The development-only component page: every field, empty and in its error state."""

from __future__ import annotations

from tests.support.form_pages import make_app
from tests.support.pages import PageClient


def test_the_component_page_is_not_there_in_production(citizen):
    citizen.get("/komponenter/", status=404)


def test_the_component_page_shows_every_field_and_every_error(tmp_path, key_pair):
    pages = PageClient(make_app(tmp_path, key_pair, PATTERN_PAGE=True).test_client())
    page = pages.get("/komponenter/")
    assert not page.title.startswith("Fel:")
    for marker in ('type="radio"', 'type="checkbox"', "<textarea", 'autocomplete="tel"'):
        assert marker in page.text
    assert len(page.error_links) == 9  # the error state of each of the nine fields
    for link in page.error_links:
        assert link.lstrip("#") in page.ids
    for message in ("Skriv namnet med bokstäver", "Välj om du har körkort", "otillåtna tecken"):
        assert message in page.text


def test_the_component_page_shows_the_error_summary_after_sending(tmp_path, key_pair):
    pages = PageClient(make_app(tmp_path, key_pair, PATTERN_PAGE=True).test_client())
    page = pages.get("/komponenter/")
    page = pages.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert page.title.startswith("Fel: ")
    assert 'role="alert"' in page.text and "#tom-fornamn" in page.error_links


def test_debug_mode_shows_the_component_page(tmp_path, key_pair):
    pages = PageClient(make_app(tmp_path, key_pair, DEBUG=True).test_client())
    pages.get("/komponenter/")
