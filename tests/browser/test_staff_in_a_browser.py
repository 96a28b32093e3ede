"""The staff side in a real browser: every page accessible and valid, and a case
officer's whole round (log in, find, open, change status, export) by keyboard."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from werkzeug.serving import make_server

from tests.support.browser_tools import axe_violations, describe_violations, snapshot_html_errors
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staff_side(tmp_path_factory):
    """The staff app on a loopback port, with two submissions sent through the forms."""
    office = Office(tmp_path_factory.mktemp("staff"))
    office.user("karin", name="Karin Berg")
    office.user("anna", role="administrator", name="Anna Lind")
    office.references = [office.submit(), office.submit("ansokan-kontaktgruppen")]
    server = make_server("127.0.0.1", 0, office.staff, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    office.base = f"http://127.0.0.1:{server.server_port}"
    yield office
    server.shutdown()
    office.close()


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").press("Enter")
    page.wait_for_url(base + "/")


def test_every_staff_page_is_accessible_and_valid(staff_side, chromium, tmp_path):
    base, (volunteer, child) = staff_side.base, staff_side.references
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    snapshots = []

    def snapshot(name: str) -> None:
        page.wait_for_load_state()
        snapshots.append((name, page.content(), axe_violations(page)))

    page.goto(base + "/logga-in/")
    snapshot("inloggning")
    page.get_by_role("button", name="Logga in").click()
    snapshot("inloggning med fel")
    assert page.title().startswith("Fel:")
    log_in(page, base, "anna")
    for path in ("/", "/?formular=ansokan-kontaktgruppen", f"/arenden/{volunteer}/",
                 f"/arenden/{volunteer}/utskrift/", f"/arenden/{child}/radera/", "/ko/",
                 "/skrap/", "/admin/logg/", "/admin/person/", "/admin/gallring/",
                 "/admin/anvandare/", "/arenden/AAAAAAAA/"):  # fmt: skip
        page.goto(base + path)
        snapshot(path)
    page.goto(base + f"/arenden/{volunteer}/")
    page.get_by_role("button", name="Spara anteckning").click()
    snapshot("anteckning med fel")
    page.goto(base + "/admin/person/")
    page.get_by_label("Personnummer eller samordningsnummer").fill("811218-9876")
    page.get_by_role("button", name="Sök", exact=True).click()
    snapshot("personsökning med träffar")
    context.close()

    failures = {name: describe_violations(v) for name, _, v in snapshots if v}
    assert failures == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []


def test_a_case_officer_works_a_submission_with_the_keyboard(staff_side, chromium):
    base, (volunteer, _child) = staff_side.base, staff_side.references
    context = chromium.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Till innehållet"
    page.get_by_label("Användarnamn").type("karin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/")

    page.get_by_role("link", name=volunteer).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/arenden/{volunteer}/")
    assert "19811218-9876" in page.content()
    page.get_by_label("Kontaktad").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara status").press("Enter")
    page.wait_for_load_state()
    assert "Statusen är ändrad." in page.content()
    assert "Ny → Kontaktad" in page.content()

    page.goto(base + "/?status=kontaktad")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exportera till Excel (CSV)").press("Enter")
    exported = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported), delimiter=";"))
    assert [(row["Referens"], row["Status"]) for row in rows] == [(volunteer, "Kontaktad")]
    context.close()


def test_the_two_factor_page_is_accessible_and_valid(chromium, tmp_path):
    office = Office(tmp_path, STAFF_TOTP=True)
    office.user("karin")
    server = make_server("127.0.0.1", 0, office.staff, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    snapshots = []
    try:
        page.goto(base + "/logga-in/")
        page.get_by_label("Användarnamn").fill("karin")
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").press("Enter")
        page.wait_for_url(base + "/logga-in/kod/**")
        snapshots.append(("kod", page.content(), axe_violations(page)))
        page.get_by_role("button", name="Fortsätt").press("Enter")
        page.wait_for_load_state()
        assert page.title().startswith("Fel:")
        snapshots.append(("kod med fel", page.content(), axe_violations(page)))
    finally:
        context.close()
        server.shutdown()
        office.close()
    assert {name: describe_violations(v) for name, _, v in snapshots if v} == {}
    assert snapshot_html_errors(snapshots, tmp_path) == []
