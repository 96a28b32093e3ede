"""An export of many submissions streams a batch at a time, and every row is in it.

The rows are stored as the public service stores them (sealed with the staff side's
public key), more of them than one batch, and exported through the staff side's
export form as a case officer does; a row that cannot be opened gets a marker and
the file goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, insert, select

from form_service.core.crypto import generate_keypair, key_id, seal
from form_service.core.keyring import unreadable
from form_service.staff.casefile import DAMAGED
from form_service.staff.export_stream import BATCH_SIZE
from form_service.staff.exports import FIXED_COLUMNS
from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, Submission, SubmissionEvent
from tests.support.journey_answers import FAMILY, VOLUNTEER
from tests.support.live_server import STAFF_APP, Gunicorn, Visitor
from tests.support.local_services import postgres_database
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "export-schema.json").read_text()
)
MANY = 2 * BATCH_SIZE + 37
START = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
FAMILY_EVERY = 10  # every tenth row is a contact family's


def reference(n: int) -> str:
    """Valid references (no I, O, 0 or 1), in the order they were received."""
    digits = "23456789"
    return "R" + "".join(digits[(n // 8**i) % 8] for i in reversed(range(7)))


def seed(office, count: int, unreadable: set[int] = frozenset()) -> list[str]:
    """`count` submissions, one a minute; those in `unreadable` sealed with another key."""
    other_key = generate_keypair()[0]
    rows, events = [], []
    for n in range(count):
        kind, answers = (
            ("intresse-kontaktfamilj", FAMILY)
            if n % FAMILY_EVERY == 0
            else ("intresse-kontaktperson", VOLUNTEER)
        )
        key = other_key if n in unreadable else office.keys[0]
        answers = as_stored({**answers, "om-dig": {**answers["om-dig"], "fornamn": f"Namn{n}"}})
        rows.append(
            {
                "id": n + 1,
                "reference": reference(n),
                "form_kind": kind,
                "created_at": START + dt.timedelta(minutes=n),
                "updated_at": START + dt.timedelta(minutes=n),
                "status": "ny",
                "retain_until": dt.date(2030, 1, 1),
                "spam_suspected": False,
                "idempotency_key": uuid.uuid4().hex,
                "status_code_hash": "0" * 64,
                "sealed_answers": seal(key, json.dumps(answers, ensure_ascii=False).encode()),
                "key_id": key_id(key),
            }
        )
        events.append({"submission_id": n + 1, "at": START, "kind": "mottagen"})
    with session_scope(office.staff) as db:
        db.execute(insert(Submission), rows)
        db.execute(insert(SubmissionEvent), events)
    return [row["reference"] for row in rows]


def as_stored(answers: dict) -> dict:
    """As the forms store them: a ticked box is true, not the "y" the browser sends."""
    return {
        step: {name: True if value == "y" else value for name, value in fields.items()}
        for step, fields in answers.items()
    }


def export(officer, fmt: str, **filters):
    officer.get("/")
    data = {"format": fmt, "formular": "", "status": "", "fran": "", "till": "", **filters}
    return officer.client.post("/export/", data={"csrf_token": officer.token, **data})


def exported_references(office) -> list[str]:
    with session_scope(office.staff) as db:
        query = select(AuditEntry.reference).where(AuditEntry.action == "exporterade")
        return list(db.scalars(query.order_by(AuditEntry.id)))


def test_a_csv_export_of_many_rows_streams_every_row_complete(office):
    references = seed(office, MANY)
    officer = office.client(office.user("karin"))
    response = export(officer, "csv")
    assert response.status_code == 200
    assert response.is_streamed  # a generator: the rows are written as they are read
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Referens"] for row in rows] == references
    for n, row in enumerate(rows):
        assert row["Om dig: Förnamn"] == f"Namn{n}"
        assert row["Om dig: Efternamn"] == "Öberg"
        assert row["Referenser: Andra referensens namn"] == "محمد علي"
    # one audit entry per exported submission, in the order they were sent
    assert exported_references(office) == references


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def export_office(request, tmp_path):
    """An office on SQLite or on the machine's PostgreSQL (keyset paging on both)."""
    databases = postgres_database() if request.param == "postgresql" else None
    office = Office(tmp_path, database_url=next(databases) if databases else None)
    yield office
    office.close()
    if databases:
        databases.close()


def test_a_json_export_of_many_rows_is_one_valid_document(export_office):
    office = export_office
    references = seed(office, MANY)
    officer = office.client(office.user("karin"))
    response = export(officer, "json")
    assert response.status_code == 200 and response.is_streamed
    document = json.loads(response.get_data())
    jsonschema.validate(document, SCHEMA)
    assert [item["reference"] for item in document["submissions"]] == references
    names = [item["answers"]["om-dig"]["fornamn"] for item in document["submissions"]]
    assert names == [f"Namn{n}" for n in range(MANY)]
    assert all(item["answers_in_words"] for item in document["submissions"])
    assert exported_references(office) == references


def test_the_filter_holds_across_batches(office):
    references = seed(office, MANY)
    officer = office.client(office.user("karin"))
    response = export(officer, "json", formular="intresse-kontaktfamilj")
    document = json.loads(response.get_data())
    expected = [ref for n, ref in enumerate(references) if n % FAMILY_EVERY == 0]
    assert [item["reference"] for item in document["submissions"]] == expected
    assert exported_references(office) == expected


def test_an_empty_selection_is_a_valid_file(office):
    officer = office.client(office.user("karin"))
    document = json.loads(export(officer, "json").get_data())
    jsonschema.validate(document, SCHEMA)
    assert document["submissions"] == []
    text = export(officer, "csv").get_data().decode("utf-8-sig")
    assert text.startswith("Referens;Formulär;Mottagen;") and text.count("\r\n") == 1


def test_a_row_that_cannot_be_opened_is_marked_and_the_export_finishes(office):
    middle = BATCH_SIZE + 3
    references = seed(office, MANY, unreadable={middle})
    with session_scope(office.staff) as db:
        lost_key = db.scalar(select(Submission.key_id).where(Submission.id == middle + 1))
    message = unreadable(lost_key)
    officer = office.client(office.user("karin"))

    text = export(officer, "csv").get_data().decode("utf-8-sig")
    assert text.split("\r\n", 1)[0].endswith(";Kan inte öppnas")  # known before the first row
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Referens"] for row in rows] == references  # the last row is there too
    marked = [row["Referens"] for row in rows if row["Kan inte öppnas"]]
    assert marked == [references[middle]]
    assert rows[middle]["Kan inte öppnas"] == message
    assert rows[middle]["Status"] == "Ny" and rows[middle]["Om dig: Förnamn"] == ""
    assert rows[middle + 1]["Om dig: Förnamn"] == f"Namn{middle + 1}"

    document = json.loads(export(officer, "json").get_data())
    jsonschema.validate(document, SCHEMA)
    items = document["submissions"]
    assert [item["reference"] for item in items] == references
    lost = [item for item in items if "unreadable" in item]
    assert [item["reference"] for item in lost] == [references[middle]]
    assert lost[0]["answers"] == {} and lost[0]["answers_in_words"] == []
    assert lost[0]["unreadable"] == message
    with session_scope(office.staff) as db:
        logged = db.scalar(select(func.count()).where(AuditEntry.reference == references[middle]))
    assert logged == 2  # it was in both files, so it is logged for both


def test_when_every_row_opens_there_is_no_unreadable_column(office):
    seed(office, 3)
    officer = office.client(office.user("karin"))
    header = export(officer, "csv").get_data().decode("utf-8-sig").split("\r\n", 1)[0]
    assert "Kan inte öppnas" not in header


def test_under_gunicorn_the_export_is_sent_in_chunks(office, tmp_path):
    references = seed(office, BATCH_SIZE + 1)
    office.user("karin")
    environment = {
        "ENV_NAME": "development",  # plain-HTTP cookies on loopback
        "SECRET_KEY": "chunked",
        "DATABASE_URL": office.database_url,
        "SUBMISSION_PRIVATE_KEY": office.keys[1],
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    with Gunicorn(STAFF_APP, environment, tmp_path / "staff.log", workers=1) as server:
        officer = Visitor(server.base)
        login = officer.get("/logga-in/").checked(200)
        fields = {"csrf_token": login.csrf, "anvandarnamn": "karin", "losenord": PASSWORD}
        assert officer.post("/logga-in/", fields).status == 302
        inbox = officer.get("/").checked(200)
        data = {"csrf_token": inbox.csrf, "format": "csv", "formular": "", "status": ""}
        reply = officer.post("/export/", {**data, "fran": "", "till": ""})
    assert reply.status == 200
    assert reply.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in reply.headers
    rows = list(csv.DictReader(io.StringIO(reply.text.lstrip("\ufeff")), delimiter=";"))
    assert [row["Referens"] for row in rows] == references


def test_a_damaged_row_nothing_announced_is_marked_in_its_first_answer_column(office):
    references = seed(office, 5)
    with session_scope(office.staff) as db:  # its key is in the ring, but the box is altered
        db.execute(
            Submission.__table__.update()
            .where(Submission.reference == references[2])
            .values(sealed_answers=b"not a sealed box")
        )
    officer = office.client(office.user("karin"))
    text = export(officer, "csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert "Kan inte öppnas" not in text.split("\r\n", 1)[0]
    assert [row["Referens"] for row in rows] == references
    first_answer = list(rows[2])[len(FIXED_COLUMNS)]
    assert rows[2][first_answer] == DAMAGED
    assert rows[3]["Om dig: Förnamn"] == "Namn3"
    document = json.loads(export(officer, "json").get_data())
    assert document["submissions"][2]["unreadable"] == DAMAGED
