"""Key rotation as IT does it (docs/drift.md, "Byta nyckel"), through the command line
and the staff side's pages, on SQLite and PostgreSQL.

The installation starts with key A. `form-service keys new` makes key B; the staff
side's keyring gets B as current and keeps A (`SUBMISSION_OLD_PRIVATE_KEYS`); the
public service switches to B; `form-service keys rewrap` re-seals what A sealed; and
then the staff side with B alone opens every answer, note and TOTP secret. A row
whose key is not in the keyring says so in Swedish on every page and in exports.
(With gunicorn and citizens sending during the rotation: tests/deploy/test_key_rotation.py.)
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pyotp
import pytest
from sqlalchemy import select, update

from form_service.cli import main
from form_service.core.crypto import generate_keypair, key_id, public_key_of, seal
from form_service.core.keyring import unreadable
from form_service.storage.db import session_scope
from form_service.storage.models import AuditEntry, StaffUser, Submission, SubmissionNote
from tests.staff.test_exports import SCHEMA, export
from tests.support.local_services import postgres_database
from tests.support.staff_pages import FORMS, Office
from tests.support.terminal import on_a_terminal

FORM_SERVICE = Path(sys.executable).parent / "form-service"
MISSING = "Kan inte öppnas"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database: an SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kontaktstod.sqlite3'}"
        return
    databases = postgres_database()
    yield next(databases)
    databases.close()


@pytest.fixture
def offices():
    """Offices on one database, closed before the database is dropped."""
    made: list[Office] = []

    def make(*args, **kwargs) -> Office:
        made.append(Office(*args, **kwargs))
        return made[-1]

    yield make
    for office in made:
        office.close()


def new_key_pair(tmp_path: Path, name: str, capsys) -> tuple[str, str]:
    """`form-service keys new`, as IT runs it: (public, private)."""
    path = tmp_path / f"{name}.key"
    assert main(["keys", "new", "--private-key-file", str(path)]) == 0
    out = capsys.readouterr().out
    public = re.search(r"^SUBMISSION_PUBLIC_KEY=(\S+)$", out, re.M).group(1)
    private = re.search(r"^SUBMISSION_PRIVATE_KEY=(\S+)$", path.read_text(), re.M).group(1)
    return public, private


def staff_command(monkeypatch, capsys, office: Office, *args: str, old: str = "") -> tuple:
    """`form-service …` with the staff side's environment: (exit status, out, err)."""
    with monkeypatch.context() as patched:  # gone again before a public app is made
        patched.setenv("DATABASE_URL", office.database_url)
        patched.setenv("SECRET_KEY", "staff-test-secret")
        patched.setenv("SUBMISSION_PRIVATE_KEY", office.keys[1])
        patched.setenv("SUBMISSION_OLD_PRIVATE_KEYS", old)
        patched.setenv("STAFF_PASSWORD_HASHING", "fast")
        code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def key_ids(office: Office) -> dict[str, dict[str | None, int]]:
    """How many rows each key id sealed, per sealed column, as the database holds them."""
    found: dict[str, dict[str | None, int]] = {}
    with office.staff.app_context(), session_scope(office.staff) as db:
        for name, key in (("svar", Submission.key_id), ("anteckningar", SubmissionNote.key_id)):
            counts: dict[str | None, int] = {}
            for value in db.scalars(select(key)):
                counts[value] = counts.get(value, 0) + 1
            found[name] = counts
        totp = db.scalars(select(StaffUser.totp_key_id).where(StaffUser.totp_sealed.is_not(None)))
        found["totp"] = {value: 1 for value in totp}
    return found


def sealed_bytes(office: Office) -> dict[int, bytes]:
    with office.staff.app_context(), session_scope(office.staff) as db:
        return dict(db.execute(select(Submission.id, Submission.sealed_answers)).all())


def write_a_note(office: Office, reference: str, text: str) -> None:
    officer = office.client("karin")
    officer.get(f"/arenden/{reference}/")
    officer.post(f"/arenden/{reference}/anteckning/", {"anteckning": text})


def exported(office: Office) -> dict[str, dict]:
    document = json.loads(export(office.client("karin"), "json").get_data(as_text=True))
    jsonschema.validate(document, SCHEMA)
    return {item["reference"]: item for item in document["submissions"]}


def test_after_rewrap_every_row_opens_with_only_the_new_key(
    database_url, tmp_path, offices, monkeypatch, capsys
):
    before = offices(tmp_path / "a", database_url=database_url)
    before.user("karin")
    old_references = [before.submit(kind) for kind in FORMS]
    write_a_note(before, old_references[0], "Ringde Åsa, återkommer på tisdag.")
    code, out, _ = staff_command(monkeypatch, capsys, before, "staff", "totp", "karin")
    secret = parse_qs(urlsplit(out.split(": ", 1)[1].strip()).query)["secret"][0]
    old_id = key_id(before.keys[0])

    # 1) keys new  2) the staff side's keyring: B current, A kept
    new = new_key_pair(tmp_path, "ny", capsys)
    during = offices(
        tmp_path / "b", database_url=database_url, keys=new,
        SUBMISSION_OLD_PRIVATE_KEYS=before.keys[1],
    )  # fmt: skip
    # 3) the public service seals with B from now on
    new_reference = during.submit("ansokan-kontaktperson")
    assert key_ids(during)["svar"] == {old_id: len(FORMS), key_id(new[0]): 1}
    for reference in (*old_references, new_reference):
        assert MISSING not in during.client("karin").get(f"/arenden/{reference}/").text

    code, out, _ = staff_command(monkeypatch, capsys, during, "keys", "status", old=before.keys[1])
    assert code == 0
    assert f"ärenden\t{old_id}\tgammal\t{len(FORMS)}" in out
    assert "behöver fortfarande en gammal nyckel" in out

    # 4) rewrap
    code, out, err = staff_command(
        monkeypatch, capsys, during, "keys", "rewrap", "--batch-size", "2", old=before.keys[1]
    )
    assert code == 0, err
    assert f"{len(FORMS) + 2} rader förseglades om med nyckel {key_id(new[0])}" in out
    assert f"Ingen rad behöver en gammal nyckel: {old_id} kan tas bort" in out
    assert f"Förseglar om {len(FORMS)} ärenden … klart" in err  # one line per stage
    assert "Förseglar om 1 anteckning … klart" in err
    assert "Förseglar om 1 tvåstegshemlighet … klart" in err
    new_id = key_id(new[0])
    assert key_ids(during) == {
        "svar": {new_id: len(FORMS) + 1}, "anteckningar": {new_id: 1}, "totp": {new_id: 1}
    }  # fmt: skip

    # 5) the old key retired: B alone opens everything, on the pages and in exports
    after = offices(tmp_path / "c", database_url=database_url, keys=new, STAFF_TOTP=True)
    officer = after.client()
    officer.get(officer.login("karin").location)
    assert officer.post("/logga-in/kod/", {"kod": pyotp.TOTP(secret).now()}).location == "/"
    assert MISSING not in officer.get("/").text
    page = officer.get(f"/arenden/{old_references[0]}/")
    assert "Åsa" in page.text and "Ringde Åsa, återkommer på tisdag." in page.text
    assert MISSING not in page.text
    everything = exported_by(officer)
    assert set(everything) == {*old_references, new_reference}
    for item in everything.values():
        assert item["answers"] and "unreadable" not in item, item["reference"]

    with after.staff.app_context(), session_scope(after.staff) as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "omforseglade")).all()
    assert entries and all(entry.reference is None for entry in entries)
    assert all(entry.actor == "nyckelbyte" for entry in entries)
    assert sum(int(entry.detail.split()[0]) for entry in entries) == len(FORMS) + 2
    assert not any("Åsa" in entry.detail or "8112" in entry.detail for entry in entries)


def exported_by(officer) -> dict[str, dict]:
    document = json.loads(export(officer, "json").get_data(as_text=True))
    jsonschema.validate(document, SCHEMA)
    return {item["reference"]: item for item in document["submissions"]}


def test_a_rewrap_stopped_half_way_and_run_again_ends_the_same(
    database_url, tmp_path, offices, monkeypatch, capsys
):
    before = offices(tmp_path / "a", database_url=database_url)
    before.user("karin")
    references = [before.submit(kind) for kind in FORMS for _ in range(2)]
    new = new_key_pair(tmp_path, "ny", capsys)
    during = offices(
        tmp_path / "b", database_url=database_url, keys=new,
        SUBMISSION_OLD_PRIVATE_KEYS=before.keys[1],
    )  # fmt: skip
    old_id, new_id = key_id(before.keys[0]), key_id(new[0])

    code, out, _ = staff_command(
        monkeypatch, capsys, during, "keys", "rewrap", "--limit", "3", "--batch-size", "2",
        old=before.keys[1],
    )  # fmt: skip
    assert code == 0
    assert "3 rader förseglades om" in out and "kör `form-service keys rewrap` igen" in out
    assert key_ids(during)["svar"] == {new_id: 3, old_id: len(references) - 3}
    first_run = sealed_bytes(during)

    rest = str(len(references) - 3)  # exactly what is left: done, not stopped
    code, out, _ = staff_command(
        monkeypatch, capsys, during, "keys", "rewrap", "--limit", rest, old=before.keys[1]
    )
    assert code == 0
    assert f"{rest} rader förseglades om" in out and "Avbrutet" not in out
    assert key_ids(during)["svar"] == {new_id: len(references)}
    second_run = sealed_bytes(during)
    resealed_twice = [i for i, sealed in first_run.items() if i <= 3 and second_run[i] != sealed]
    assert resealed_twice == []  # what the first run did, the second left alone

    code, out, _ = staff_command(monkeypatch, capsys, during, "keys", "rewrap", old=before.keys[1])
    assert code == 0 and "0 rader förseglades om" in out
    after = offices(tmp_path / "c", database_url=database_url, keys=new)
    everything = exported(after)
    assert set(everything) == set(references)
    assert all(item["answers"] and "unreadable" not in item for item in everything.values())


def test_a_rewrap_asked_to_stop_finishes_its_batch_and_the_next_run_goes_on(
    database_url, tmp_path, offices, capsys
):
    """SIGTERM (as `kill` or systemd sends it) while rewrap waits for the database: the
    batch under way is committed or not at all, and the process says how to go on."""
    before = offices(tmp_path / "a", database_url=database_url)
    for kind in [*FORMS, *FORMS]:
        before.submit(kind)
    new = new_key_pair(tmp_path, "ny", capsys)
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "staff-test-secret",
        "SUBMISSION_PRIVATE_KEY": new[1],
        "SUBMISSION_OLD_PRIVATE_KEYS": before.keys[1],
    }
    command = [str(FORM_SERVICE), "keys", "rewrap", "--batch-size", "3"]
    with writes_held(database_url):
        rewrap = subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert rewrap.stderr is not None
        started = rewrap.stderr.read(len("Förseglar om"))  # its stages have begun
        assert started == "Förseglar om", started
        rewrap.send_signal(15)
    out, err = rewrap.communicate(timeout=120)
    assert rewrap.returncode == 1, err
    assert "kör `form-service keys rewrap` igen för att fortsätta" in out
    during = offices(tmp_path / "b", database_url=database_url, keys=new,
                     SUBMISSION_OLD_PRIVATE_KEYS=before.keys[1])  # fmt: skip
    assert key_ids(during)["svar"].get(key_id(new[0]), 0) in (0, 3)  # a whole batch or none

    again = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert key_ids(during)["svar"] == {key_id(new[0]): 2 * len(FORMS)}


class writes_held:
    """Hold the database's write lock, so a writer waits until the block ends."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> None:
        if self.url.startswith("sqlite"):
            import sqlite3

            self.connection = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            self.connection = psycopg.connect(self.url.replace("+psycopg", ""))
            self.connection.execute("LOCK TABLE submissions IN EXCLUSIVE MODE")

    def __exit__(self, *_exc) -> None:
        self.connection.rollback()
        self.connection.close()


def test_a_row_sealed_with_a_key_not_in_the_keyring_says_so_and_nothing_fails(
    database_url, tmp_path, offices, capsys, monkeypatch
):
    before = offices(tmp_path / "a", database_url=database_url)
    before.user("karin")
    lost = before.submit("intresse-kontaktperson")
    write_a_note(before, lost, "Ringde Åsa.")
    stranger = offices(tmp_path / "b", database_url=database_url)  # another key pair only
    readable = stranger.submit("ansokan-kontaktperson")
    message = unreadable(key_id(before.keys[0]))
    assert message == (
        f"Kan inte öppnas: förseglad med nyckel {key_id(before.keys[0])}, som inte finns i "
        "nyckelringen."
    )
    officer = stranger.client("karin")

    inbox = officer.get("/")
    assert message in inbox.text and "Sven" in inbox.text
    page = officer.get(f"/arenden/{lost}/")
    assert message in page.text and "Åsa" not in page.text
    assert f"(Anteckningen: {message})" in page.text
    assert message in officer.get(f"/arenden/{lost}/utskrift/").text
    officer.post(f"/arenden/{lost}/status/", {"status": "kontaktad"})  # the case still works
    assert "Statusen är ändrad." in officer.get(f"/arenden/{lost}/").text
    assert "Sven" in officer.get(f"/arenden/{readable}/").text

    table = list(
        csv.reader(io.StringIO(export(officer, "csv").get_data(as_text=True).lstrip("\ufeff")),
                   delimiter=";")
    )  # fmt: skip
    assert table[0][-1] == "Kan inte öppnas"
    rows = {row[0]: row for row in table[1:]}
    assert rows[lost][-1] == message and rows[readable][-1] == ""
    everything = exported_by(officer)
    assert everything[lost]["unreadable"] == message and everything[lost]["answers"] == {}
    assert "unreadable" not in everything[readable]

    code, out, _ = staff_command(monkeypatch, capsys, stranger, "keys", "status")
    assert code == 0
    assert f"ärenden\t{key_id(before.keys[0])}\tsaknas\t1" in out
    assert "som inte finns i nyckelringen" in out
    code, out, err = staff_command(monkeypatch, capsys, stranger, "keys", "rewrap")
    assert code == 1 and "2 rader kunde inte öppnas" in err  # the answers and the note


def test_rows_from_before_key_ids_open_with_the_keyring_and_are_rewrapped(
    database_url, tmp_path, offices, monkeypatch, capsys
):
    """Migration 0003_key_ids leaves existing rows without a key id: the keyring tries
    its keys on them, and rewrap gives them the current key and its id."""
    before = offices(tmp_path / "a", database_url=database_url)
    before.user("karin")
    reference = before.submit()
    with before.staff.app_context(), session_scope(before.staff) as db:
        db.execute(update(Submission).values(key_id=None))  # as sealed before 0003
        db.commit()
    new = new_key_pair(tmp_path, "ny", capsys)
    alone = offices(tmp_path / "b", database_url=database_url, keys=new)
    assert unreadable(None) in alone.client("karin").get(f"/arenden/{reference}/").text
    during = offices(tmp_path / "c", database_url=database_url, keys=new,
                     SUBMISSION_OLD_PRIVATE_KEYS=before.keys[1])  # fmt: skip
    assert "Åsa" in during.client("karin").get(f"/arenden/{reference}/").text
    code, out, _ = staff_command(monkeypatch, capsys, during, "keys", "status",
                                 old=before.keys[1])  # fmt: skip
    assert "ärenden\tutan nyckel-id\tokänd\t1" in out
    code, out, _ = staff_command(monkeypatch, capsys, during, "keys", "rewrap",
                                 old=before.keys[1])  # fmt: skip
    assert code == 0 and "Ingen rad behöver en gammal nyckel" in out
    assert "Åsa" in alone.client("karin").get(f"/arenden/{reference}/").text


def test_keys_new_writes_the_private_key_for_its_owner_alone(tmp_path, capsys):
    path = tmp_path / "nyckel.key"
    previous = os.umask(0)  # the most careless umask: the file is 600 all the same
    try:
        assert main(["keys", "new", "--private-key-file", str(path)]) == 0
    finally:
        os.umask(previous)
    out, err = capsys.readouterr()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    private = re.search(r"^SUBMISSION_PRIVATE_KEY=(\S+)$", path.read_text(), re.M).group(1)
    public = re.search(r"^SUBMISSION_PUBLIC_KEY=(\S+)$", out, re.M).group(1)
    assert public_key_of(private) == public
    assert private not in out and private not in err
    assert f"nyckel-id {key_id(public)}" in out
    seal(public, b"prov")  # a usable public key

    written = path.read_text()
    assert main(["keys", "new", "--private-key-file", str(path)]) == 1
    assert "finns redan" in capsys.readouterr().err
    assert path.read_text() == written  # never overwritten


def test_on_a_terminal_rewrap_draws_a_bar_per_stage_and_quiet_draws_none(tmp_path, offices, capsys):
    before = offices(tmp_path)
    for kind in FORMS:
        before.submit(kind)
    new = new_key_pair(tmp_path, "ny", capsys)
    environment = {
        "DATABASE_URL": before.database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "staff-test-secret",
        "SUBMISSION_PRIVATE_KEY": new[1],
        "SUBMISSION_OLD_PRIVATE_KEYS": before.keys[1],
    }
    rewrap = [str(FORM_SERVICE), "keys", "rewrap", "--batch-size", "1", "--limit", "3"]
    code, output = on_a_terminal(rewrap, environment)
    assert code == 0, output
    assert "\rFörseglar om 3 ärenden [" in output
    assert re.search(r"\rFörseglar om 3 ärenden \[=+\] 3/3\x1b\[K", output)
    assert re.search(r"\rFörseglar om 3 ärenden … klart \(\d+\.\d\d s\)", output)
    code, output = on_a_terminal([*rewrap, "--quiet"], environment)
    assert code == 0, output
    assert "Förseglar om" not in output and "\r\x1b" not in output
    assert f"{len(FORMS) - 3} rader förseglades om" in output  # the rest


def test_a_malformed_key_in_the_keyring_is_one_line_that_never_shows_a_key(
    tmp_path, offices, monkeypatch, capsys
):
    office = offices(tmp_path)
    for args in (["keys", "status"], ["keys", "rewrap"]):
        code, out, err = staff_command(
            monkeypatch, capsys, office, *args, old=f"{generate_keypair()[1]} inte-en-nyckel"
        )
        assert code == 2 and out == ""
        assert err.strip() == (
            "Fel: Nyckel nummer 2 i SUBMISSION_OLD_PRIVATE_KEYS är ingen nyckel (32 byte i "
            "base64). Rätta handläggarstödets inställningar (se docs/drift.md)."
        )
        assert office.keys[1] not in err


def test_a_totp_secret_whose_key_is_retired_refuses_the_code_without_an_error_page(
    tmp_path, offices, monkeypatch, capsys
):
    before = offices(tmp_path / "a", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    before.user("karin")
    code, out, _ = staff_command(monkeypatch, capsys, before, "staff", "totp", "karin")
    assert code == 0
    secret = parse_qs(urlsplit(out.split(": ", 1)[1].strip()).query)["secret"][0]
    retired = offices(tmp_path / "b", database_url=before.database_url, STAFF_TOTP=True)
    officer = retired.client()
    officer.get(officer.login("karin").location)
    refused = officer.post("/logga-in/kod/", {"kod": pyotp.TOTP(secret).now()})
    assert refused.location.startswith("/logga-in/")  # as a wrong code: log in again


def test_a_person_search_says_how_many_submissions_it_could_not_search(tmp_path, offices):
    """An answer to a request for access must not look complete when it is not."""
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    before = offices(tmp_path / "a", database_url=database)
    before.submit()  # 811218-9876, sealed with a key the next office lacks
    stranger = offices(tmp_path / "b", database_url=database)
    found = stranger.submit("ansokan-kontaktgruppen")  # names 811218-9876 as well
    admin = stranger.client(stranger.user("anna", role="administrator"))
    admin.get("/admin/person/")
    page = admin.post("/admin/person/", {"personnummer": "811218-9876"}, 200)
    assert found in page.text and "Träffar: 1" in page.text
    assert "1 ärende kunde inte öppnas och är inte genomsökta" in page.text
