"""The e-services in a real browser: accessible in every state, valid HTML, and usable
with the keyboard alone and with JavaScript switched off."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from form_service.core.clock import Clock
from form_service.core.crypto import generate_keypair
from tests.support.browser_tools import (
    axe_violations,
    describe_violations,
    fill_step,
    html_errors,
    snapshot_html_errors,
)
from tests.support.form_pages import TODAY, make_app
from tests.support.journey_answers import CHILD_DAY, FOR_MYSELF, FOSTER_FAMILY, KONTAKTGRUPPEN

pytestmark = pytest.mark.browser


def serve(folder, day):
    """The form service on a loopback port, its clock on `day`."""
    app = make_app(folder, generate_keypair(), CLOCK=Clock.on_day(day))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The form service on a day the example child is 13 (and its owner too young for
    anything but Kontaktgruppen)."""
    server = serve(tmp_path_factory.mktemp("forms"), CHILD_DAY)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def grown_up_service(tmp_path_factory):
    """The form service on a day the example applicants are grown up (44 and 62)."""
    server = serve(tmp_path_factory.mktemp("grown-up"), TODAY)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def answer(page, values: dict) -> None:
    """Fill in one step as a person would, then press Fortsätt with the keyboard."""
    fill_step(page, values)
    page.get_by_role("button", name="Fortsätt").press("Enter")


def walk(page, base: str, path: str, answers: dict, snapshots: list | None = None) -> None:
    """Answer every step up to the check page; with `snapshots`, check each page with axe."""
    page.goto(base + path)
    for _ in range(len(answers) + 1):
        page.wait_for_load_state()
        if snapshots is not None:
            snapshots.append((page.url, page.content(), axe_violations(page)))
        if "/granska/" in page.url:
            return
        slug = page.url.rstrip("/").rsplit("/", 1)[-1]
        answer(page, answers[slug])


def test_every_form_state_is_accessible_and_valid(service, browser_context, tmp_path):
    page = browser_context.new_page()
    snapshots: list = []
    page.goto(service + "/ansokan/kontaktgruppen/steg/skyddade-uppgifter/")
    page.get_by_role("button", name="Fortsätt").click()
    snapshots.append(("tomt steg med fel", page.content(), axe_violations(page)))
    assert page.title().startswith("Fel: ")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    walk(page, service, "/ansokan/kontaktgruppen/", KONTAKTGRUPPEN, snapshots)
    page.get_by_role("button", name="Skicka").click()
    snapshots.append(("kvitto", page.content(), axe_violations(page)))
    assert "Barnet står nu i kö" in page.content()
    page.goto(service + "/ansokan/kontaktperson/steg/skyddade-uppgifter/")
    answer(page, {"skyddad": "ja"})
    snapshots.append(("ring oss", page.content(), axe_violations(page)))
    page.goto(service + "/ansokan/finns-inte/")
    snapshots.append(("404", page.content(), axe_violations(page)))
    page.goto(service + "/")
    snapshots.append(("e-tjänsterna", page.content(), axe_violations(page)))
    assert page.get_by_role("link", name="Ansökan till Kontaktgruppen").count() == 1
    page.close()

    failures = {url: describe_violations(v) for url, _, v in snapshots if v}
    assert failures == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []


def test_every_state_of_the_familjehem_form_is_accessible_and_valid(
    service, grown_up_service, browser_context, tmp_path
):
    """Intresseanmälan – bli familjehem: an empty step, the age limit refused under the
    personnummer, every step with a partner, the check page and the receipt."""
    form = "/intresseanmalan/familjehem/"
    page = browser_context.new_page()
    snapshots: list = []
    page.goto(grown_up_service + form)
    page.get_by_role("button", name="Fortsätt").click()
    snapshots.append(("tomt steg med fel", page.content(), axe_violations(page)))
    assert page.title().startswith("Fel: Om dig")
    page.goto(service + form)  # the example applicant is 13 on this service's day
    answer(page, FOSTER_FAMILY["om-dig"])
    snapshots.append(("för ung", page.content(), axe_violations(page)))
    assert page.locator("#personnummer-error").count() == 1
    walk(page, grown_up_service, form, FOSTER_FAMILY, snapshots)
    assert page.title().startswith("Granska och skicka")
    page.get_by_role("button", name="Skicka").click()
    snapshots.append(("kvitto", page.content(), axe_violations(page)))
    assert "Intresseanmälan är skickad" in page.locator("h1").inner_text()
    page.close()

    assert {url: describe_violations(v) for url, _, v in snapshots if v} == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []
    assert len(snapshots) == 2 + len(FOSTER_FAMILY) + 2  # each step, check page, receipt


def test_the_whole_journey_works_with_the_keyboard_and_without_javascript(service, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    walk(page, service, "/ansokan/kontaktperson/", FOR_MYSELF)
    assert page.title().startswith("Granska och skicka")
    page.get_by_role("button", name="Skicka").press("Enter")
    page.wait_for_load_state()
    assert "Ansökan är skickad" in page.locator("h1").inner_text()
    assert len(page.locator(".panel__reference").inner_text()) == 8
    context.close()


def test_the_component_page_is_accessible_and_valid_in_every_state(chromium, tmp_path):
    """Every field the forms use, empty and with its error, in one page: what a new
    component must pass before a form may use it."""
    app = make_app(tmp_path, generate_keypair(), PATTERN_PAGE=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/komponenter/")
        assert page.locator(".field--error").count() > 0
        violations = axe_violations(page)
        html = tmp_path / "komponenter.html"
        html.write_text(page.content(), encoding="utf-8")
    finally:
        context.close()
        server.shutdown()
    assert violations == [], describe_violations(violations)
    assert html_errors([html]) == []


def test_the_status_lookup_is_accessible_and_valid_in_every_state(service, chromium, tmp_path):
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    walk(page, service, "/ansokan/kontaktperson/", FOR_MYSELF)
    page.get_by_role("button", name="Skicka").press("Enter")
    page.wait_for_load_state()
    reference = page.locator(".panel__reference").inner_text()
    code = page.locator(".code").inner_text()
    snapshots = []
    page.get_by_role("link", name="Se status för ditt ärende").click()
    snapshots.append(("tom", page.content(), axe_violations(page)))
    page.get_by_role("button", name="Se status").press("Enter")
    page.wait_for_load_state()
    snapshots.append(("med fel", page.content(), axe_violations(page)))
    assert page.title().startswith("Fel: ")
    page.get_by_label("Referensnummer").fill(reference.lower())
    page.get_by_label("Kod", exact=True).fill(code)
    page.get_by_role("button", name="Se status").press("Enter")
    page.wait_for_load_state()
    snapshots.append(("status", page.content(), axe_violations(page)))
    assert "Ingen handläggare har börjat med den än" in page.content()
    context.close()

    assert {name: describe_violations(v) for name, _, v in snapshots if v} == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []
