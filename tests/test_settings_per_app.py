"""Each app has its own settings: declared once, from its own instance file, and the
public service never holds the staff side's private key, in development neither."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from form_service import create_app
from form_service.core.clock import Clock
from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.core.settings import ConfigurationError, PublicSettings
from form_service.staff import create_staff_app
from tests.support.databases import migrated
from tests.support.form_pages import make_app
from tests.support.live_server import free_port
from tests.support.staff_pages import Office


def test_the_public_service_in_development_never_holds_the_private_key(tmp_path, monkeypatch):
    """The development keys file holds both halves; only the staff side takes its half."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    url = migrated(f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    staff = create_staff_app({"ENV_NAME": "development", "DATABASE_URL": url})
    public = create_app({"ENV_NAME": "development", "DATABASE_URL": url})
    keys = json.loads((tmp_path / "instance" / "dev-keys.json").read_text())
    assert staff.config["SUBMISSION_PRIVATE_KEY"] == keys["SUBMISSION_PRIVATE_KEY"]
    assert public.config["SUBMISSION_PUBLIC_KEY"] == keys["SUBMISSION_PUBLIC_KEY"]
    assert "SUBMISSION_PRIVATE_KEY" not in public.config
    assert not hasattr(public.extensions["settings"], "SUBMISSION_PRIVATE_KEY")
    for app in (staff, public):
        app.extensions["db_engine"].dispose()


@pytest.mark.parametrize("name", ["SUBMISSION_PRIVATE_KEY", "SUBMISSION_OLD_PRIVATE_KEYS"])
def test_the_public_service_refuses_a_private_key_in_its_test_configuration(tmp_path, name):
    with pytest.raises(ConfigurationError, match=f"{name} hör bara till handläggarstödet"):
        make_app(tmp_path, generate_keypair(), **{name: generate_keypair()[1]})


def test_settings_are_read_by_attribute_with_their_declared_type(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_LIFETIME_HOURS", "30")
    monkeypatch.setenv("MAIL_USE_TLS", "ja")
    settings = make_app(tmp_path, generate_keypair()).extensions["settings"]
    assert isinstance(settings, PublicSettings)
    assert settings.DRAFT_LIFETIME_HOURS == 30 and settings.MAIL_USE_TLS is True


def test_the_commands_are_registered_on_each_app(tmp_path):
    """`flask --app form_service …` and `flask --app form_service.staff:create_staff_app
    …` run the same commands as `form-service`."""
    public = make_app(tmp_path, generate_keypair())
    result = public.test_cli_runner().invoke(args=["purge-drafts"])
    assert result.exit_code == 0 and "0 utkast som gått ut togs bort." in result.output
    office = Office(tmp_path)
    office.user("karin")
    result = office.staff.test_cli_runner().invoke(args=["staff", "list"])
    assert result.exit_code == 0 and result.output.startswith("karin\thandlaggare\taktiv")
    office.close()
    public.extensions["db_engine"].dispose()


def test_the_clock_gives_the_swedish_date_of_its_moment():
    """Half past midnight in Stockholm is still the day before in UTC."""
    moment = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)
    clock = Clock(moment=lambda: moment)
    assert clock.now() == moment and clock.today() == dt.date(2026, 11, 23)


@pytest.mark.parametrize("name", ["SUBMISSION_PRIVATE_KEY", "SUBMISSION_OLD_PRIVATE_KEYS"])
def test_gunicorn_refuses_to_start_the_public_service_with_the_private_key(tmp_path, name):
    """One line in gunicorn's log says why, no traceback, and gunicorn stops: for the
    current private key and for the older ones a key rotation keeps."""
    public, private = generate_keypair()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "x",
        "SUBMISSION_PUBLIC_KEY": public,
        "DRAFT_KEY": new_draft_key(),
        name: private,
    }
    command = [
        sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{free_port()}",
        "--no-control-socket", "form_service:create_app()",
    ]  # fmt: skip
    result = subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    refusals = [line for line in result.stderr.splitlines() if "hör bara till" in line]
    assert refusals == [
        f"{name} hör bara till handläggarstödet och får aldrig nå den publika "
        "e-tjänsten, men finns i miljövariablerna; ta bort den därifrån."
    ]
