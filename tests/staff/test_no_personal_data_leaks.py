"""Known personal data goes through the whole flow, public form to purge, and is then
looked for where it must never be: the logs, the URLs and the unencrypted columns."""

from __future__ import annotations

import datetime as dt
import json
import logging

from flask import request, request_started
from sqlalchemy import LargeBinary, select, text

from form_service.storage.db import session_scope
from form_service.storage.models import Base
from tests.support.staff_pages import Office

PERSONAL = (
    "811218-9876", "198112189876", "8112189876", "640823-3234", "196408233234",
    "Åsa", "Öberg", "Alva", "Exempelgatan", "070-174 06 20", "asa@exempel.example",
    "محمد علي", "Ringde om",
)  # fmt: skip


def test_personal_data_never_reaches_logs_urls_or_unencrypted_columns(office, caplog):
    caplog.set_level(logging.DEBUG)
    urls: list[str] = []

    def remember_url(_sender, **_extra):
        urls.append(request.full_path)

    request_started.connect(remember_url)
    try:
        stored_before_purge = everything_a_case_goes_through(office)
    finally:
        request_started.disconnect(remember_url)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged and urls  # the flow did log and did request
    leaks = {value for value in PERSONAL if value in logged or any(value in u for u in urls)}
    assert leaks == set()
    stored = stored_before_purge + unencrypted_values(office)
    assert stored
    assert {value for value in PERSONAL if any(value in cell for cell in stored)} == set()


def test_personal_data_never_reaches_the_json_logs(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LOG_FORMAT", "json")  # both apps, as the deploy env files set it
    office = Office(tmp_path)
    try:
        capsys.readouterr()
        everything_a_case_goes_through(office)
        logged = capsys.readouterr().err
    finally:
        office.close()
    lines = [json.loads(line) for line in logged.splitlines() if line.strip()]
    assert {line.get("app") for line in lines if "status" in line} == {"public", "staff"}
    assert {value for value in PERSONAL if value in logged} == set()


def everything_a_case_goes_through(office) -> list[str]:
    """Send, log in, read, change, note, offer, search, export, read the log, purge;
    return what the unencrypted columns held before the purge."""
    volunteer = office.submit()
    child = office.submit("ansokan-kontaktgruppen")
    office.submit("ansokan-kontaktperson")
    office.user("anna", role="administrator")
    admin = office.client()
    admin.login("anna", "fel lösenord igen", status=401)
    admin.login("anna")
    admin.get("/")
    admin.get(f"/arenden/{volunteer}/")
    admin.post(f"/arenden/{volunteer}/status/", {"status": "kontaktad"})
    admin.get(f"/arenden/{volunteer}/")
    admin.post(f"/arenden/{volunteer}/anteckning/", {"anteckning": "Ringde om intervju."})
    admin.post(f"/arenden/{child}/erbjud-plats/")
    admin.get("/admin/person/")
    admin.post("/admin/person/", {"personnummer": "811218-9876"}, 200)
    admin.client.post("/export/", data={"csrf_token": admin.token, "format": "csv"})
    admin.get("/admin/logg/")
    stored = unencrypted_values(office)
    office.clock.advance(days=800)
    admin = office.client("anna")
    admin.get("/admin/gallring/")
    admin.post("/admin/gallring/", {"bekraftelse": "y"})
    return stored


def unencrypted_values(office) -> list[str]:
    """Every value in every column that is not sealed, in every table."""
    values = []
    with session_scope(office.staff) as db:
        for table in Base.metadata.sorted_tables:
            readable = [c.name for c in table.columns if not isinstance(c.type, LargeBinary)]
            for row in db.execute(select(*(table.c[name] for name in readable))):
                values.extend(str(cell) for cell in row if cell is not None)
        values.extend(str(cell) for (cell,) in db.execute(text("SELECT detail FROM audit_log")))
    return [value for value in values if not isinstance(value, dt.datetime)]
