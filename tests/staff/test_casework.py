"""Working through submissions: read, change status, note, assign, queue, spam, delete."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, Submission, SubmissionNote


def audit_actions(office) -> list[tuple[str, str | None, str | None]]:
    with session_scope(office.staff) as db:
        rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.actor, row.action, row.reference) for row in rows]


def test_the_inbox_lists_submissions_with_the_personnummer_masked(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    inbox = officer.get("/")
    assert reference in inbox.text and "Åsa Öberg" in inbox.text
    assert "19811218-****" in inbox.text
    assert "9876" not in inbox.text


def test_the_detail_page_shows_every_answer_and_the_full_personnummer(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    page = officer.get(f"/arenden/{reference}/")
    assert "19811218-9876" in page.text
    for answer in ("Exempelgatan 1", "Karin Berg", "محمد علي", "Jag vill göra skillnad."):
        assert answer in page.text
    assert "mottagen" in page.text  # the history


def test_viewing_a_submission_writes_an_audit_entry(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    assert ("karin", "visade", reference) in audit_actions(office)


def test_a_status_change_shows_in_the_history_and_the_audit_log(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/status/", {"status": "kontaktad"})
    page = officer.get(f"/arenden/{reference}/")
    assert "Statusen är ändrad." in page.text
    assert "Ny → Kontaktad" in page.text
    assert ("karin", "andrade-status", reference) in audit_actions(office)
    inbox = officer.get("/?status=kontaktad")
    assert reference in inbox.text
    assert reference not in officer.get("/?status=ny").text


def test_a_status_from_another_workflow_is_refused_with_a_message(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    page = officer.post(f"/arenden/{reference}/status/", {"status": "i-ko"}, 400)
    assert page.title.startswith("Fel:") and "Välj ett av alternativen" in page.text


def test_notes_are_shown_to_officers_and_sealed_in_the_database(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/anteckning/", {"anteckning": "Ringde, åter på fredag."})
    assert "Ringde, åter på fredag." in officer.get(f"/arenden/{reference}/").text
    with session_scope(office.staff) as db:
        sealed = db.scalars(select(SubmissionNote.sealed_text)).one()
    assert b"fredag" not in sealed


def test_an_empty_note_gets_a_message_and_keeps_the_page(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    page = officer.post(f"/arenden/{reference}/anteckning/", {"anteckning": "  "}, 400)
    assert page.title.startswith("Fel:") and 'href="#anteckning"' in page.text


def test_a_submission_is_assigned_to_a_case_officer(office):
    reference = office.submit()
    office.user("olle", name="Olle Ek")
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/tilldela/", {"handlaggare": "olle"})
    assert "olle" in officer.get("/").text
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/tilldela/", {"handlaggare": "nobody"}, 400)


def test_the_kontaktgruppen_queue_lists_children_in_order_and_offers_a_place(office):
    first, second = office.submit("ansokan-kontaktgruppen"), office.submit("ansokan-kontaktgruppen")
    officer = office.client(office.user("karin"))
    queue = officer.get("/ko/")
    assert queue.text.index(first) < queue.text.index(second)
    assert "Alva Ek" in queue.text and "Väntar på plats: 2 barn" in queue.text
    officer.post(f"/arenden/{first}/erbjud-plats/")
    queue = officer.get("/ko/")
    assert f"Plats erbjuden för {first}" in queue.text
    table = queue.text.split("<table")[1]
    assert first not in table and second in table and "Väntar på plats: 1 barn" in queue.text
    assert "Erbjuden plats" in officer.get(f"/arenden/{first}/").text


def test_suspected_spam_has_its_own_list_and_can_be_released(office):
    reference = office.submit()
    with session_scope(office.staff) as db:
        db.execute(text("UPDATE submissions SET spam_suspected = true"))
    officer = office.client(office.user("karin"))
    assert reference not in officer.get("/").text
    assert reference in officer.get("/skrap/").text
    officer.post(f"/arenden/{reference}/inte-skrap/")
    assert reference in officer.get("/").text
    assert reference not in officer.get("/skrap/").text


def test_an_administrator_deletes_a_submission_for_good(office):
    reference = office.submit()
    admin = office.client(office.user("anna", role="administrator"))
    admin.get(f"/arenden/{reference}/")
    admin.post(f"/arenden/{reference}/anteckning/", {"anteckning": "Anteckning"})
    page = admin.get(f"/arenden/{reference}/radera/")
    unconfirmed = admin.post(f"/arenden/{reference}/radera/", {}, 400)
    assert unconfirmed.title.startswith("Fel:") and page.title.startswith("Radera")
    admin.post(f"/arenden/{reference}/radera/", {"bekraftelse": "y"})
    admin.get(f"/arenden/{reference}/", 404)
    with session_scope(office.staff) as db:
        assert db.scalars(select(Submission)).all() == []
        assert db.scalars(select(SubmissionNote)).all() == []
    assert ("anna", "raderade", reference) in audit_actions(office)


def test_the_printable_view_has_the_answers_and_no_forms(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    page = officer.get(f"/arenden/{reference}/utskrift/")
    assert "Åsa" in page.text and "sekretess" in page.text
    assert "<main" in page.text and 'action="/arenden' not in page.text
    assert ("karin", "skrev-ut", reference) in audit_actions(office)


def test_an_unknown_reference_is_a_swedish_404(office):
    officer = office.client(office.user("karin"))
    page = officer.get("/arenden/AAAAAAAA/", 404)
    assert "Sidan finns inte" in page.text


def test_the_inbox_pages_through_many_submissions(tmp_path):
    from tests.support.staff_pages import Office

    office = Office(tmp_path, STAFF_PAGE_SIZE=2)
    references = [office.submit() for _ in range(5)]
    officer = office.client(office.user("karin"))
    first = officer.get("/")
    assert "Sida 1 av 3" in first.text and references[-1] in first.text
    last = officer.get("/?sida=3")
    assert references[0] in last.text
    assert "Sida 3 av 3" in officer.get("/?sida=99").text
    assert "Sida 1 av 3" in officer.get("/?sida=x&fran=inte-ett-datum").text


def test_a_deleted_submission_leaves_no_trace_in_the_sqlite_files(office):
    reference = office.submit()
    with session_scope(office.staff) as db:
        sealed = db.scalars(select(Submission.sealed_answers)).one()
    admin = office.client(office.user("anna", role="administrator"))
    admin.get(f"/arenden/{reference}/radera/")
    admin.post(f"/arenden/{reference}/radera/", {"bekraftelse": "y"})
    database = Path(office.database_url.removeprefix("sqlite:///"))
    files = (database, database.with_name(database.name + "-wal"))
    on_disk = b"".join(path.read_bytes() for path in files if path.exists())
    assert sealed[:48] not in on_disk and sealed[-48:] not in on_disk


def test_opening_a_list_is_logged_with_how_many_it_showed(office):
    office.submit()
    officer = office.client(office.user("karin"))
    officer.get("/")
    officer.get("/ko/")
    with session_scope(office.staff) as db:
        details = db.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "visade-lista")
        ).all()
    assert details == ["inkorg, 1 st", "kö, 0 st"]


def test_a_reference_read_aloud_on_the_phone_finds_the_submission(office):
    wanted, other = office.submit(), office.submit()
    officer = office.client(office.user("karin"))
    spoken = f"{wanted[:4].lower()} {wanted[4:].lower()}"
    page = officer.get(f"/?referens={spoken}")
    table = page.text.split("<table")[1]
    assert wanted in table and other not in table


def test_my_submissions_and_unassigned_ones_can_be_listed(office):
    mine, theirs = office.submit(), office.submit()
    office.user("olle")
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{mine}/")
    officer.post(f"/arenden/{mine}/tilldela/", {"handlaggare": "karin"})
    assert mine in officer.get("/?tilldelad=mig").text.split("<table")[1]
    assert theirs not in officer.get("/?tilldelad=mig").text.split("<table")[1]
    unassigned = officer.get("/?tilldelad=ingen").text.split("<table")[1]
    assert theirs in unassigned and mine not in unassigned
