"""The application e-services in Arabic and Tigrinya in a real browser: axe-core and the
Nu Html Checker find nothing in any state, the Kontaktgruppen application can be
filled in and sent in Arabic with the keyboard alone, and an Arabic step fits 320 px
(screenshots kept with the test's files, as the site's language tests keep theirs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.test_forms_in_a_browser import serve
from tests.forms.test_eservice_languages import catalog
from tests.support.browser_tools import (
    axe_violations,
    describe_violations,
    fill_step,
    snapshot_html_errors,
)
from tests.support.journey_answers import CHILD_DAY, KONTAKTGRUPPEN

pytestmark = pytest.mark.browser

START = "/ansokan/kontaktgruppen/"
NARROW = {"width": 320, "height": 640}
WRONG_PHONE = "12345"


@pytest.fixture(scope="module")
def language_service(tmp_path_factory):
    """The form service on a day the example child is 13."""
    server = serve(tmp_path_factory.mktemp("languages"), CHILD_DAY)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def answer_by_mouse(page: Page, values: dict) -> None:
    fill_step(page, values)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()


def snapshot(page: Page, name: str, snapshots: list) -> None:
    snapshots.append((name, page.content(), axe_violations(page)))


@pytest.mark.parametrize("key", ["ar", "ti"])
def test_every_state_in_arabic_and_tigrinya_is_accessible_and_valid(
    language_service, chromium, tmp_path, key
):
    words = catalog(key)
    context = chromium.new_context()
    page = context.new_page()
    snapshots: list = []
    page.goto(f"{language_service}{START}?sprak={key}")
    snapshot(page, "tomt steg", snapshots)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    snapshot(page, "steg med fel", snapshots)
    assert page.title().startswith(words["Fel:"])
    answer_by_mouse(page, KONTAKTGRUPPEN["skyddade-uppgifter"])
    answer_by_mouse(page, {**KONTAKTGRUPPEN["om-dig"], "telefon": WRONG_PHONE})
    snapshot(page, "fel telefonnummer", snapshots)
    for slug in list(KONTAKTGRUPPEN)[1:]:
        snapshot(page, slug, snapshots)
        answer_by_mouse(page, KONTAKTGRUPPEN[slug])
    assert page.title().startswith(words["Granska och skicka"])
    snapshot(page, "granska", snapshots)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    snapshot(page, "kvitto", snapshots)
    reference = page.locator(".panel__reference").inner_text()
    code = page.locator(".code").inner_text()
    page.goto(f"{language_service}/status/")
    snapshot(page, "status, tom", snapshots)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    snapshot(page, "status med fel", snapshots)
    page.fill("[name=referens]", reference)
    page.fill("[name=kod]", code)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    snapshot(page, "status", snapshots)
    assert words["Mottagen. Ingen handläggare har börjat med den än."] in page.content()
    page.goto(f"{language_service}/ansokan/kontaktperson/")
    answer_by_mouse(page, {"skyddad": "ja"})
    snapshot(page, "ring oss", snapshots)
    context.close()

    assert {name: describe_violations(v) for name, _, v in snapshots if v} == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []
    assert len(snapshots) == 2 + 1 + len(KONTAKTGRUPPEN) + 5


# --- Keyboard only ---------------------------------------------------------------------

IS_ACTIVE = "(selector) => document.activeElement.matches(selector)"


def tab_to(page: Page, selector: str, most: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(IS_ACTIVE, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_with_keys(page: Page, name: str, value: str) -> None:
    """A radio group: Tab into it, then arrow keys (which choose) or Space."""
    tab_to(page, f"input[name='{name}']")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} for {name}")


def answer_by_keyboard(page: Page, values: dict) -> None:
    for name, value in values.items():
        if isinstance(value, list):
            for item in value:
                tab_to(page, f"input[name='{name}'][value='{item}']")
                page.keyboard.press("Space")
        elif page.locator(f"input[type=radio][name='{name}']").count():
            choose_with_keys(page, name, value)
        elif page.locator(f"input[type=checkbox][name='{name}']").count():
            tab_to(page, f"input[name='{name}']")
            page.keyboard.press("Space")
        elif value:
            tab_to(page, f"[name='{name}']")
            page.keyboard.type(value)
    submit_by_keyboard(page)


def submit_by_keyboard(page: Page) -> None:
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_kontaktgruppen_in_arabic_with_the_keyboard_alone(language_service, chromium):
    words = catalog("ar")
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{language_service}{START}?sprak=ar")

    # Sent empty: the error summary has the focus, and its link takes it to the question.
    submit_by_keyboard(page)
    assert page.title().startswith(words["Fel:"])
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert (
        words["Välj om det finns skyddade personuppgifter"]
        in page.locator(".error-summary").inner_text()
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "skyddad-0"
    page.keyboard.press("ArrowDown")  # from "نعم" to "لا", which chooses it
    assert page.evaluate("document.activeElement.value") == "nej"
    submit_by_keyboard(page)

    # A phone number that is not Swedish: corrected from the error summary.
    answer_by_keyboard(page, {**KONTAKTGRUPPEN["om-dig"], "telefon": WRONG_PHONE})
    summary = page.locator(".error-summary").inner_text()
    assert words["Skriv ett svenskt telefonnummer, till exempel 070-123 45 67"] in summary
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "telefon"
    page.keyboard.press("Control+A")
    page.keyboard.type(KONTAKTGRUPPEN["om-dig"]["telefon"])
    submit_by_keyboard(page)

    for slug in list(KONTAKTGRUPPEN)[2:]:
        answer_by_keyboard(page, KONTAKTGRUPPEN[slug])
    assert page.title().startswith(words["Granska och skicka"])
    assert page.locator("html").get_attribute("dir") == "rtl"
    submit_by_keyboard(page)
    assert words["Ansökan är skickad"] in page.locator("h1").inner_text()
    assert len(page.locator(".panel__reference").inner_text()) == 8
    context.close()


# --- 320 px --------------------------------------------------------------------------

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_an_arabic_step_fits_320_pixels_and_is_kept_as_a_screenshot(
    language_service, chromium, tmp_path: Path
):
    context = chromium.new_context(viewport=NARROW)
    page = context.new_page()
    page.goto(f"{language_service}{START}?sprak=ar")
    answer_by_mouse(page, KONTAKTGRUPPEN["skyddade-uppgifter"])
    shots = {}
    shots["steg"] = tmp_path / "ar-steg-om-dig-320px.png"
    page.screenshot(path=str(shots["steg"]), full_page=True)
    steg_scrolls = page.evaluate(SCROLLS_SIDEWAYS)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    shots["fel"] = tmp_path / "ar-steg-med-fel-320px.png"
    page.screenshot(path=str(shots["fel"]), full_page=True)
    errors_scroll = page.evaluate(SCROLLS_SIDEWAYS)
    context.close()
    assert all(shot.stat().st_size > 0 for shot in shots.values())
    assert not steg_scrolls, f"the Arabic step scrolls sideways at 320 px ({shots['steg']})"
    assert not errors_scroll, f"the Arabic step with errors scrolls sideways ({shots['fel']})"
