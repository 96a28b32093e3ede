"""The operators' long commands report their stages as `site-builder build` does: a
plain line per stage with its count in a log (not a terminal), a bar on a terminal,
nothing with `--quiet`; the result itself is always on standard output."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import insert, text

from form_service.core.crypto import new_draft_key
from form_service.storage.db import session_scope
from form_service.storage.models import Draft
from tests.support.terminal import on_a_terminal

FORM_SERVICE = str(Path(sys.executable).parent / "form-service")


def staff_environment(office) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": office.database_url,
        "SECRET_KEY": "cli-secret",
        "SUBMISSION_PRIVATE_KEY": office.keys[1],
        "INSTANCE_PATH": str(office.tmp_path / "instance"),
    }


def public_environment(office) -> dict[str, str]:
    environment = staff_environment(office)
    del environment["SUBMISSION_PRIVATE_KEY"]
    return {**environment, "SUBMISSION_PUBLIC_KEY": office.keys[0], "DRAFT_KEY": new_draft_key()}


def run(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """As a timer runs it: standard error is the journal, not a terminal."""
    return subprocess.run(
        [FORM_SERVICE, *args], env=environment, capture_output=True, text=True, timeout=120
    )


def expired_submission(office) -> str:
    reference = office.submit()
    with session_scope(office.staff) as db:
        db.execute(text("UPDATE submissions SET retain_until = :day"), {"day": dt.date(2020, 1, 1)})
    return reference


def test_purge_reports_each_stage_with_its_count_in_a_log(office):
    reference = expired_submission(office)
    result = run(staff_environment(office), "purge")
    assert result.returncode == 0, result.stderr
    assert "Gallrar 1 ärende … klart" in result.stderr
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert reference in result.stdout and "1 ärenden raderades." in result.stdout


def test_purge_with_quiet_prints_only_the_result(office):
    expired_submission(office)
    result = run(staff_environment(office), "purge", "--quiet")
    assert result.returncode == 0
    assert result.stderr == ""
    assert "1 ärenden raderades." in result.stdout


def test_purge_draws_a_bar_on_a_terminal(office):
    expired_submission(office)
    code, drawn = on_a_terminal([FORM_SERVICE, "purge"], staff_environment(office))
    assert code == 0
    assert "Gallrar 1 ärende [" in drawn and "1/1" in drawn
    assert "\r" in drawn


def test_the_drafts_purge_reports_its_count_or_keeps_quiet(office):
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with session_scope(office.staff) as db:
        row = {"form_kind": "intresse-kontaktperson", "sealed_data": b"x", "updated_at": past}
        db.execute(insert(Draft), [{**row, "id": "a" * 64, "expires_at": past}])
    result = run(public_environment(office), "purge-drafts")
    assert result.returncode == 0, result.stderr
    assert "Tar bort 1 utkast som gått ut … klart" in result.stderr
    assert "1 utkast som gått ut togs bort." in result.stdout
    quiet = run(public_environment(office), "purge-drafts", "-q")
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert "0 utkast som gått ut togs bort." in quiet.stdout


def test_the_audit_purge_keeps_quiet_when_asked(office):
    result = run({**staff_environment(office), "AUDIT_RETENTION_YEARS": "5"}, "audit", "purge")
    assert result.returncode == 0 and "Gallrar 0 loggposter … klart" in result.stderr
    quiet = run(
        {**staff_environment(office), "AUDIT_RETENTION_YEARS": "5"}, "audit", "purge", "--quiet"
    )
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert "Loggen är gallrad: 0 poster" in quiet.stdout
