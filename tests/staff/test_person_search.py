"""Finding everything about one person, for a request for access or erasure."""

from __future__ import annotations

import json

from sqlalchemy import select

from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, Submission


def search(admin, number: str, status: int = 200, **extra):
    admin.get("/admin/person/")
    return admin.post("/admin/person/", {"personnummer": number, **extra}, status)


def test_finds_every_submission_that_names_the_personnummer(office):
    as_volunteer = office.submit()  # 811218-9876 volunteers
    as_child = office.submit("ansokan-kontaktgruppen")  # ... and is the child here
    unrelated = office.submit("ansokan-kontaktperson")  # 640823-3234 only
    admin = office.client(office.user("anna", role="administrator"))
    page = search(admin, "198112189876")
    assert as_volunteer in page.text and as_child in page.text
    assert unrelated not in page.text.split("<table")[1]
    assert "Träffar: 2" in page.text


def test_the_search_is_logged_without_the_personnummer(office):
    office.submit()
    admin = office.client(office.user("anna", role="administrator"))
    search(admin, "811218-9876")
    with session_scope(office.staff) as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "personsokning")).one()
    assert entry.detail == "1 träffar" and "9876" not in (entry.detail or "")


def test_an_invalid_personnummer_gets_a_swedish_message(office):
    admin = office.client(office.user("anna", role="administrator"))
    page = search(admin, "811218-9875", status=400)
    assert page.title.startswith("Fel:") and "Kontrollera de fyra sista siffrorna" in page.text


def test_exports_the_persons_submissions_as_json(office):
    reference = office.submit()
    admin = office.client(office.user("anna", role="administrator"))
    search(admin, "811218-9876")
    response = admin.client.post(
        "/admin/person/",
        data={"csrf_token": admin.token, "personnummer": "811218-9876", "atgard": "json"},
    )
    document = json.loads(response.get_data())
    assert [item["reference"] for item in document["submissions"]] == [reference]


def test_deletes_the_persons_submissions_after_confirmation(office):
    office.submit()
    kept = office.submit("ansokan-kontaktperson")
    admin = office.client(office.user("anna", role="administrator"))
    search(admin, "811218-9876")
    unconfirmed = admin.post(
        "/admin/person/", {"personnummer": "811218-9876", "atgard": "radera"}, 400
    )
    assert "Kryssa i rutan" in unconfirmed.text
    admin.post(
        "/admin/person/", {"personnummer": "811218-9876", "atgard": "radera", "bekraftelse": "y"}
    )
    with session_scope(office.staff) as db:
        assert db.scalars(select(Submission.reference)).all() == [kept]
