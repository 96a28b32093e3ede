"""Every staff form page with faults says so first: "Fel: " at the start of the title
and an error summary linking to each field; without faults, neither. Every form on
the staff pages comes from the form wrapper: explicit action, novalidate, and on a
POST the CSRF token."""

from __future__ import annotations

import re

from sqlalchemy import text

from form_service.staff.settings import keyring
from form_service.staff.users import new_totp_secret
from form_service.storage.db import session_scope
from tests.support.pages import Page, error_summary_links
from tests.support.staff_pages import Office

PERSONNUMMER = "19811218-9876"  # the kontaktgruppen journey's child


def assert_faults_shown(page: Page) -> list[str]:
    assert page.title.startswith("Fel: "), page.title
    links = error_summary_links(page.text)
    assert links, "a page with faults has an error summary with links"
    for link in links:
        assert link.startswith("#") and link[1:] in page.ids, f"{link} points at nothing"
    return links


def assert_no_faults_shown(page: Page) -> None:
    assert not page.title.startswith("Fel:"), page.title
    assert error_summary_links(page.text) is None


def assert_forms_wrapped(page: Page) -> None:
    for tag in re.findall(r"<form\b[^>]*>", page.text):
        assert re.search(r'action="[^"]+"', tag) and "novalidate" in tag, tag
    for form in re.findall(r'<form\b[^>]*method="post".*?</form>', page.text, re.S):
        assert 'name="csrf_token" value="' in form, form[:200]


def test_log_in_with_faults_has_fel_and_a_summary(office):
    office.user("karin")
    officer = office.client()
    assert_no_faults_shown(officer.get("/logga-in/"))
    assert set(assert_faults_shown(officer.post("/logga-in/", {}, 400))) == {
        "#anvandarnamn",
        "#losenord",
    }
    wrong = officer.post("/logga-in/", {"anvandarnamn": "karin", "losenord": "fel"}, 401)
    assert assert_faults_shown(wrong) == ["#anvandarnamn"]


def test_the_one_time_code_page_with_faults_has_fel_and_a_summary(tmp_path):
    office = Office(tmp_path, STAFF_TOTP=True)
    try:
        office.user("karin")
        with office.staff.app_context(), session_scope(office.staff) as db:
            new_totp_secret(db, "karin", keyring(office.staff))
        officer = office.client()
        code = officer.login("karin").location
        assert_no_faults_shown(officer.get(code))
        assert assert_faults_shown(officer.post(code, {}, 400)) == ["#kod"]
    finally:
        office.close()


def test_the_case_pages_forms_with_faults_have_fel_and_a_summary(office):
    reference = office.submit()
    admin = office.client(office.user("anna", role="administrator"))
    page = admin.get(f"/arenden/{reference}/")
    assert_no_faults_shown(page)
    assert_forms_wrapped(page)
    note = admin.post(f"/arenden/{reference}/anteckning/", {}, 400)
    assert assert_faults_shown(note) == ["#anteckning"]
    status = admin.post(f"/arenden/{reference}/status/", {"status": "nonsense"}, 400)
    assert assert_faults_shown(status) == ["#status-0"]  # the first radio button
    delete = admin.post(f"/arenden/{reference}/radera/", {}, 400)
    assert assert_faults_shown(delete) == ["#bekraftelse"]


def test_the_administrators_forms_with_faults_have_fel_and_a_summary(office):
    office.submit("ansokan-kontaktgruppen")
    admin = office.client(office.user("anna", role="administrator"))
    assert_no_faults_shown(admin.get("/admin/person/"))
    assert assert_faults_shown(admin.post("/admin/person/", {}, 400)) == ["#personnummer"]
    hits = admin.post("/admin/person/", {"personnummer": PERSONNUMMER}, 200)
    assert_no_faults_shown(hits)
    unconfirmed = {"personnummer": PERSONNUMMER, "atgard": "radera"}
    assert assert_faults_shown(admin.post("/admin/person/", unconfirmed, 400)) == ["#bekraftelse"]
    assert_no_faults_shown(admin.get("/admin/gallring/"))
    assert assert_faults_shown(admin.post("/admin/gallring/", {}, 400)) == ["#bekraftelse"]


def test_inbox_filters_with_faults_have_fel_and_a_summary(office):
    officer = office.client(office.user("karin"))
    page = officer.get("/")
    assert_no_faults_shown(page)
    assert_forms_wrapped(page)
    wrong = officer.get("/?fran=inte-ett-datum&referens=" + "X" * 21)
    assert assert_faults_shown(wrong) == ["#referens", "#fran"]
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in wrong.text
    assert "Referensnumret är högst 20 tecken" in wrong.text
    assert "Not a valid" not in wrong.text and "Field cannot" not in wrong.text


def test_every_form_on_the_lists_is_the_form_wrapper(office):
    office.submit("ansokan-kontaktgruppen")
    with session_scope(office.staff) as db:
        db.execute(text("UPDATE submissions SET spam_suspected = true"))
    office.submit("ansokan-kontaktgruppen")
    officer = office.client(office.user("karin"))
    for url in ("/", "/ko/", "/skrap/"):
        page = officer.get(url)
        assert "<form" in page.text
        assert_forms_wrapped(page)
