"""The page frame (header, language menu, menus, contact block, footer) is worked out
once per page and language and then reused: a citizen must see exactly the page a
freshly started service would show, whatever other pages and languages it served first.

Each page is fetched from a service that has already served the other pages in other
languages, and from a new service that serves only that one, with the same answers
in the session: the two must be the same, byte for byte (the CSRF token aside).
"""

from __future__ import annotations

import re

import pytest

from tests.support.form_pages import make_app
from tests.support.journey_answers import FOR_MY_CHILD
from tests.support.pages import PageClient

PATH = "/ansokan/kontaktperson/"
# (language chosen by link, or None to keep the one chosen before; address)
VISITS = [
    ("sv", f"{PATH}steg/skyddade-uppgifter/"),
    ("ar", f"{PATH}steg/skyddade-uppgifter/"),
    (None, f"{PATH}steg/for-vem/"),
    (None, f"{PATH}steg/for-vem/?tillbaka=granska"),
    ("en", f"{PATH}steg/for-vem/"),
    ("sv", f"{PATH}steg/for-vem/"),
    (None, f"{PATH}steg/for-vem/?tillbaka=granska"),
    (None, "/status/"),
    ("ti", "/status/"),
    (None, "/intresseanmalan/kontaktperson/steg/uppdrag/"),
]


def without_token(text: str) -> str:
    return re.sub(r'(name="csrf_token" value=")[^"]+', r"\1", text)


def visit(citizen: PageClient, language: str | None, path: str) -> str:
    if language is not None:
        citizen.get(f"{PATH}?sprak={language}", status=302)
    return without_token(citizen.get(path).text)


def answered(app) -> PageClient:
    """A citizen who has answered the first two steps, so that every step above opens."""
    citizen = PageClient(app.test_client())
    page = citizen.follow(citizen.get(PATH, status=302))
    for slug in ("skyddade-uppgifter", "for-vem"):
        data = {"csrf_token": page.csrf, **FOR_MY_CHILD[slug]}
        page = citizen.follow(citizen.post(page.action, data))
    return citizen


@pytest.mark.parametrize("index", range(len(VISITS)))
def test_a_page_after_other_pages_and_languages_is_the_page_a_new_service_shows(
    tmp_path, key_pair, index
):
    (tmp_path / "warm").mkdir()
    (tmp_path / "fresh").mkdir()
    warm = make_app(tmp_path / "warm", key_pair)
    seasoned = answered(warm)
    language_then = "sv"
    for number, (language, path) in enumerate(VISITS[: index + 1]):
        language_then = language or language_then
        shown = visit(seasoned, language, path)
        if number == index:
            break
    other = answered(warm)  # another citizen, in the language of this visit
    assert visit(other, language_then, VISITS[index][1]) == shown

    fresh = answered(make_app(tmp_path / "fresh", key_pair))
    assert visit(fresh, language_then, VISITS[index][1]) == shown
