"""The fifth e-service, Intresseanmälan – bli familjehem, reaches every part of the staff
side from its declaration alone: the inbox and its filters, the case file, its own
statuses, the CSV and JSON exports, retention and the person search (which finds the
partner's personnummer too)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import jsonschema
from sqlalchemy import select

from form_service.storage.db import session_scope
from form_service.storage.models import Submission
from tests.staff.test_exports import SCHEMA, export
from tests.staff.test_person_search import search

KIND = "intresse-familjehem"
TITLE = "Intresseanmälan – bli familjehem"


def test_the_inbox_lists_it_and_filters_by_it_and_by_its_own_status(office):
    family = office.submit(KIND)
    volunteer = office.submit()
    officer = office.client(office.user("karin"))
    inbox = officer.get("/")
    assert family in inbox.text and "19811218-****" in inbox.text
    assert f'<option value="{KIND}">{TITLE}</option>' in inbox.text
    assert '<option value="utredning">Familjehemsutredning</option>' in inbox.text
    only = officer.get(f"/?formular={KIND}")
    assert family in only.text and volunteer not in only.text


def test_the_case_file_shows_every_answer_and_offers_its_statuses(office):
    reference = office.submit(KIND)
    officer = office.client(office.user("karin"))
    page = officer.get(f"/arenden/{reference}/")
    assert TITLE in page.text and "Åsa Öberg, 19811218-9876" in page.text
    for answer in ("Sven", "19640823-3234", "Min pappa, 80 år", "En lång placering"):
        assert answer in page.text
    officer.post(f"/arenden/{reference}/status/", {"status": "kontaktad"})
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/status/", {"status": "utredning"})
    assert "Familjehemsutredning" in officer.get(f"/arenden/{reference}/").text
    filtered = officer.get("/?status=utredning")
    assert reference in filtered.text


def test_the_exports_carry_it_in_csv_and_in_json_by_the_schema(office):
    reference = office.submit(KIND)
    officer = office.client(office.user("karin"))
    body = export(officer, "csv", formular=KIND).get_data().decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert (row["Referens"], row["Formulär"]) == (reference, TITLE)
    assert row["Din partner: Partnerns personnummer"] == "19640823-3234"
    assert row["Vad ni kan tänka er: Vad kan ni tänka er?"] == (
        "En kortare placering, En lång placering, tills barnet blir vuxet"
    )
    document = json.loads(export(officer, "json", formular=KIND).get_data())
    jsonschema.validate(document, SCHEMA)
    (item,) = document["submissions"]
    assert item["form_kind"] == KIND and item["answers"]["hemmet"]["eget_rum"] == "ja"


def test_the_person_search_finds_it_by_the_partners_personnummer(office):
    reference = office.submit(KIND)
    admin = office.client(office.user("anna", role="administrator"))
    page = search(admin, "196408233234")
    assert reference in page.text and "Träffar: 1" in page.text


def test_retention_counts_its_months_from_site_yaml(office):
    """Kept `gallras_manader` (12) months from the day it was sent, then purged."""
    reference = office.submit(KIND)
    with session_scope(office.staff) as db:
        kept_until = db.scalars(select(Submission.retain_until)).one()
    assert kept_until == dt.date(2027, 11, 23)  # the public side's day, 2026-11-23, + 12
    office.user("anna", role="administrator")
    office.clock.advance(days=366)
    admin = office.client("anna")
    page = admin.get("/admin/gallring/")
    assert TITLE in page.text and reference in page.text.split("Har passerat gallringsdatum")[1]
    admin.post("/admin/gallring/", {"bekraftelse": "y"})
    done = admin.get("/admin/gallring/")
    assert "1 ärenden som passerat sitt gallringsdatum är raderade." in done.text
