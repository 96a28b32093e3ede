"""A submission moves only along the transitions its e-service declares.

The case page offers only the statuses that may follow the current one; a POST of any
other (a forged request, or a page left open while a colleague moved the case on) is
refused with a message that says why, and neither the status, the history nor the
audit log changes.
"""

from __future__ import annotations

from sqlalchemy import select

from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, Submission, SubmissionEvent


def offered(page) -> list[str]:
    """The values of the status radios on a case page."""
    return [radio["value"] for radio in page.tree.find_all("input", name="status")]


def stored(office, reference: str) -> tuple[str, int, int]:
    """The submission's status, and how many history and audit entries there are."""
    with session_scope(office.staff) as db:
        row = db.scalars(select(Submission).where(Submission.reference == reference)).one()
        events = db.scalars(select(SubmissionEvent).where(SubmissionEvent.submission_id == row.id))
        audit = db.scalars(select(AuditEntry).where(AuditEntry.action == "andrade-status"))
        return row.status, len(list(events)), len(list(audit))


def test_the_case_page_offers_only_the_statuses_that_may_follow(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    assert offered(officer.get(f"/arenden/{reference}/")) == ["kontaktad", "ej-aktuell"]
    officer.post(f"/arenden/{reference}/status/", {"status": "kontaktad"})
    assert offered(officer.get(f"/arenden/{reference}/")) == ["intervju", "ej-aktuell"]


def test_the_kontaktgruppen_queue_statuses_follow_its_own_workflow(office):
    reference = office.submit("ansokan-kontaktgruppen")
    officer = office.client(office.user("karin"))
    page = officer.get(f"/arenden/{reference}/")
    assert offered(page) == ["i-ko", "erbjuden-plats", "avslutad"]
    officer.post(f"/arenden/{reference}/erbjud-plats/")
    page = officer.get(f"/arenden/{reference}/")
    assert offered(page) == ["i-ko", "deltar", "avslutad"]


def test_a_forbidden_transition_is_refused_and_nothing_changes(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    officer.get(f"/arenden/{reference}/")
    before = stored(office, reference)
    page = officer.post(f"/arenden/{reference}/status/", {"status": "godkand"}, 400)
    assert page.title.startswith("Fel:")
    assert "Ett ärende med statusen Ny kan inte få statusen Godkänd" in page.text
    assert page.error_links == ["#status-0"]
    assert stored(office, reference) == before == ("ny", 1, 0)


def test_a_page_left_open_while_a_colleague_changed_the_status_is_refused(office):
    reference = office.submit()
    karin = office.client(office.user("karin"))
    olle = office.client(office.user("olle"))
    karin.get(f"/arenden/{reference}/")
    olle.get(f"/arenden/{reference}/")
    olle.post(f"/arenden/{reference}/status/", {"status": "kontaktad"})
    before = stored(office, reference)
    page = karin.post(f"/arenden/{reference}/status/", {"status": "kontaktad"}, 400)
    assert "Ärendet har redan statusen Kontaktad" in page.text
    assert offered(page) == ["intervju", "ej-aktuell"]
    assert stored(office, reference) == before == ("kontaktad", 2, 1)
