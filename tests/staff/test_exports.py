"""Exports open correctly where they are used: Swedish Excel and the JSON schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
from sqlalchemy import select

from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "export-schema.json").read_text()
)


def export(officer, fmt: str, **filters):
    officer.get("/")
    data = {"format": fmt, "formular": "", "status": "", "fran": "", "till": "", **filters}
    response = officer.client.post("/export/", data={"csrf_token": officer.token, **data})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_csv_opens_in_swedish_excel_with_every_answer(office):
    reference = office.submit()
    officer = office.client(office.user("karin"))
    response = export(officer, "csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Referens"] == reference and row["Status"] == "Ny"
    assert row["Om dig: Efternamn"] == "Öberg"
    names = (row["Referenser: Första referensens namn"], row["Referenser: Andra referensens namn"])
    assert names == ("Karin Berg", "محمد علي")
    assert "محمد علي" in body.decode("utf-8-sig")


def test_a_cell_that_excel_would_run_as_a_formula_is_neutralised(office):
    from tests.support.journey_answers import VOLUNTEER

    formula = '=HYPERLINK("http://x.example")'
    time_and_interests = {**VOLUNTEER["tid-och-intressen"], "motivering": formula}
    answers = {**VOLUNTEER, "tid-och-intressen": time_and_interests}
    office.submit(answers=answers)
    officer = office.client(office.user("karin"))
    text = export(officer, "csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for cell in rows[1] if "HYPERLINK" in cell]
    assert cells == ["'" + formula]


def test_json_follows_the_documented_schema(office):
    office.submit()
    office.submit("ansokan-kontaktgruppen")
    officer = office.client(office.user("karin"))
    document = json.loads(export(officer, "json").get_data())
    jsonschema.validate(document, SCHEMA)
    kinds = sorted(item["form_kind"] for item in document["submissions"])
    assert kinds == ["ansokan-kontaktgruppen", "intresse-kontaktperson"]
    child = next(i for i in document["submissions"] if i["form_kind"] == "ansokan-kontaktgruppen")
    assert child["queue_position"] == 1
    assert child["answers"]["barnet"]["barn_fornamn"] == "Alva"


def test_an_export_follows_the_filter_and_is_logged_per_submission(office):
    volunteer = office.submit()
    child = office.submit("ansokan-kontaktgruppen")
    officer = office.client(office.user("karin"))
    document = json.loads(export(officer, "json", formular="ansokan-kontaktgruppen").get_data())
    assert [item["reference"] for item in document["submissions"]] == [child]
    with session_scope(office.staff) as db:
        logged = db.scalars(select(AuditEntry).where(AuditEntry.action == "exporterade")).all()
    assert [(entry.reference, entry.actor) for entry in logged] == [(child, "karin")]
    assert volunteer not in json.dumps(document)


def test_an_unknown_export_format_is_a_swedish_400(office):
    officer = office.client(office.user("karin"))
    officer.get("/")
    page = officer.post("/export/", {"format": "xlsx"}, 400)
    assert "Något gick fel med det du skickade" in page.text


def test_two_questions_with_the_same_label_get_a_column_each():
    from form_service.staff.exports import _unique

    assert _unique("Barnet: Namn", ["Barnet: Namn"]) == "Barnet: Namn (2)"
    assert _unique("Barnet: Namn", ["Barnet: Namn", "Barnet: Namn (2)"]) == "Barnet: Namn (3)"
