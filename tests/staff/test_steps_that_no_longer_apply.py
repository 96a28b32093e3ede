"""Only the steps that apply to the final answers are stored (GDPR art. 5.1 c).

A citizen starts an application for their child, fills in the child's details and
custody, then goes back and applies for themselves. The child's details stay in the
draft while it is being filled in, but are dropped when it is sent: neither stored,
nor shown to case officers, nor exported, nor found by a person search.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from form_service.storage.db import session_scope
from form_service.storage.models import Submission
from form_service.storage.submissions import open_submission
from tests.staff.test_exports import export
from tests.support.form_pages import fill_in, send
from tests.support.journey_answers import FOR_MY_CHILD

CHILD = ("Alva", "Lind", "19811218", "811218-9876", "0701740626")


def without_tokens(page: str) -> str:
    """The page without its random CSRF tokens, which could hold "Lind" by chance."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page)


def apply_for_myself_after_starting_for_my_child(office) -> str:
    citizen = office.citizen()
    check = fill_in(citizen, "/ansokan/kontaktperson/", FOR_MY_CHILD)
    assert "Alva" in check.text  # the child's step applied
    for_whom = citizen.get("/ansokan/kontaktperson/steg/for-vem/?tillbaka=granska")
    changed = citizen.post(for_whom.action, {"csrf_token": for_whom.csrf, "for_vem": "mig"})
    check = citizen.follow(changed)
    assert check.title.startswith("Granska och skicka")
    assert "Alva" not in check.text
    receipt = send(citizen, check)
    return receipt.text.split('class="panel__reference">')[1][:8]


def test_the_stored_submission_holds_only_the_steps_that_apply(office):
    apply_for_myself_after_starting_for_my_child(office)
    with session_scope(office.staff) as db:
        (row,) = db.scalars(select(Submission)).all()
        answers = open_submission(row, office.keys[1])
    assert answers["for-vem"] == {"for_vem": "mig"}
    assert "barnet" not in answers and "vardnad" not in answers
    assert not any(word in json.dumps(answers) for word in CHILD)


def test_case_officers_see_only_the_applicant(office):
    reference = apply_for_myself_after_starting_for_my_child(office)
    officer = office.client(office.user("karin"))
    inbox = without_tokens(officer.get("/").text)
    assert "Sven Ek" in inbox and "19640823-****" in inbox
    case = without_tokens(officer.get(f"/arenden/{reference}/").text)
    assert "Sven Ek, 19640823-3234" in case
    document = export(officer, "json").get_data().decode()
    (item,) = json.loads(document)["submissions"]
    assert set(item["answers"]) == {
        "skyddade-uppgifter", "for-vem", "om-dig", "stod", "kontakt", "intygande",
    }  # fmt: skip
    for page in (inbox, case, document):
        assert not any(word in page for word in CHILD)


def test_the_person_search_does_not_find_a_dropped_personnummer(office):
    reference = apply_for_myself_after_starting_for_my_child(office)
    admin = office.client(office.user("anna", role="administrator"))
    admin.get("/admin/person/")
    child = admin.post("/admin/person/", {"personnummer": "811218-9876"}, status=200)
    assert "Träffar: 0" in child.text and reference not in child.text
    applicant = admin.post("/admin/person/", {"personnummer": "640823-3234"}, status=200)
    assert "Träffar: 1" in applicant.text and reference in applicant.text
