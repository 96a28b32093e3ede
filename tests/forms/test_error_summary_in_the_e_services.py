"""Every public form page with faults says so first: "Fel: " at the start of the title
and an error summary that links to each fault. Both come from one macro and the base
layout (components/_error_summary.html, base.html); no page template writes them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from form_service.core.clock import Clock
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import FAMILY
from tests.support.pages import PageClient, error_summary_links

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SUMMARY_HOME = {"components/_error_summary.html", "base.html", "staff/layout.html"}
FIELD_ERROR_PREFIX = '<span class="visually-hidden">Fel: </span>'  # each field's own message


def assert_faults_shown(citizen: PageClient, page) -> list[str]:
    """The title starts "Fel: " and each summary link reaches what it names."""
    assert page.title.startswith("Fel: "), page.title
    links = error_summary_links(page.text)
    assert links, "a page with faults has an error summary with links"
    for link in links:
        if link.startswith("#"):
            assert link[1:] in page.ids, f"{link} points at no element on the page"
        else:
            citizen.get(link)  # a step of the form, from the check page
    return links


def assert_no_faults_shown(page) -> None:
    assert not page.title.startswith("Fel:"), page.title
    assert error_summary_links(page.text) is None


@pytest.fixture
def component_pages(tmp_path, key_pair) -> PageClient:
    return PageClient(make_app(tmp_path, key_pair, PATTERN_PAGE=True).test_client())


def test_a_step_sent_empty_has_fel_in_the_title_and_links_to_each_field(citizen):
    page = citizen.follow(citizen.get("/ansokan/kontaktperson/", status=302))
    assert_no_faults_shown(page)
    sent = citizen.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert len(assert_faults_shown(citizen, sent)) == sent.text.count('class="field__error"')


def test_the_status_lookup_with_faults_links_to_its_fields(citizen):
    page = citizen.get("/status/")
    assert_no_faults_shown(page)
    empty = citizen.post("/status/", {"csrf_token": page.csrf}, status=200)
    assert set(assert_faults_shown(citizen, empty)) == {"#referens", "#kod"}
    unknown = {"csrf_token": page.csrf, "referens": "ABCD2345", "kod": "ABCD-EFGH"}
    assert len(assert_faults_shown(citizen, citizen.post("/status/", unknown, status=200))) == 1


def test_the_check_page_with_a_problem_links_to_the_step_to_change(tmp_path, key_pair):
    birthday = dt.date(1981 + 23, 12, 18)  # FAMILY's applicant turns 23, the age limit
    day = [birthday]
    app = make_app(tmp_path, key_pair, CLOCK=Clock(day=lambda: day[0]))
    pages = PageClient(app.test_client())
    check = fill_in(pages, "/intresseanmalan/kontaktfamilj/", FAMILY)
    assert_no_faults_shown(check)
    day[0] = birthday - dt.timedelta(days=1)
    links = assert_faults_shown(pages, pages.get(check.action))
    assert links == ["/intresseanmalan/kontaktfamilj/steg/om-dig/?tillbaka=granska"]


def test_the_component_page_has_fel_only_when_its_own_form_was_sent_wrong(component_pages):
    page = component_pages.get("/komponenter/")
    assert_no_faults_shown(page)  # its example summary is neither focused nor announced
    assert 'id="exempel-felsammanfattning"' in page.text
    sent = component_pages.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert "#tom-fornamn" in assert_faults_shown(component_pages, sent)


def test_only_the_macro_and_the_layouts_write_fel_or_the_summary():
    for template in TEMPLATES.rglob("*.html"):
        name = template.relative_to(TEMPLATES).as_posix()
        if name in SUMMARY_HOME:
            continue
        text = template.read_text(encoding="utf-8").replace(FIELD_ERROR_PREFIX, "")
        for marker in ("Fel: ", "error-summary", "felsammanfattning"):
            assert marker not in text, f"{name} writes {marker!r}: use the error summary macro"


def test_every_form_in_the_e_services_and_the_staff_side_is_the_form_wrapper():
    apps = [*TEMPLATES.glob("forms/*.html"), *TEMPLATES.glob("staff/*.html")]
    for template in apps:
        tags = re.findall(r"<form\b", template.read_text(encoding="utf-8"))
        assert not tags, f"{template.name} writes a <form> itself: use fields.form_wrapper"
