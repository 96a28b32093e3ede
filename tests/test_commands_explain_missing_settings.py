"""A new operator runs a `form-service` command as the README shows it, before any
setting is in place: one Swedish line says what is missing and where to set it, the
command exits non-zero, and there is never a traceback.

Each command runs as the installed `form-service` program in a clean environment
(no keys, no ENV_NAME), from an empty folder, with an empty instance folder, so the
project's own `instance/` (where development keys live) plays no part.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from form_service.core.crypto import generate_keypair
from tests.support.live_server import free_port

FORM_SERVICE = str(Path(sys.executable).parent / "form-service")
PUBLIC = (["SECRET_KEY", "SUBMISSION_PUBLIC_KEY", "DRAFT_KEY"], "form_service.cfg")
STAFF = (["SECRET_KEY", "SUBMISSION_PRIVATE_KEY"], "handlaggarstod.cfg")
COMMANDS = [
    (["staff", "add", "karin", "--name", "Karin Berg", "--role", "handlaggare"], STAFF),
    (["staff", "disable", "karin"], STAFF),
    (["staff", "reset-password", "karin"], STAFF),
    (["staff", "list"], STAFF),
    (["staff", "totp", "karin"], STAFF),
    (["purge", "--dry-run"], STAFF),
    (["purge-drafts"], PUBLIC),
    (["send-mail"], PUBLIC),
    (["send-mail", "--loop", "--interval", "5"], PUBLIC),
]


def run(tmp_path: Path, *args: str, stdin: str = "", **settings: str):
    """`form-service args…` with nothing configured but `settings`."""
    (tmp_path / "instance").mkdir(exist_ok=True)
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        **settings,
    }
    return subprocess.run(
        [FORM_SERVICE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=300,  # only to end a hang; the command normally takes a second or two
    )


def assert_one_clear_line(result, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("command", "app"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
def test_a_command_without_settings_names_what_is_missing_and_where(tmp_path, command, app):
    missing, settings_file = app
    result = run(tmp_path, *command)
    line = assert_one_clear_line(result, "Inställningar saknas", *missing)
    assert "miljövariabler" in line and settings_file in line
    assert "ENV_NAME=development" in line


def test_a_setting_that_is_not_a_number_is_named(tmp_path):
    keys = {"SECRET_KEY": "x", "SUBMISSION_PRIVATE_KEY": "y", "STAFF_PAGE_SIZE": "tjugo"}
    result = run(tmp_path, "staff", "list", **keys)
    assert_one_clear_line(result, "STAFF_PAGE_SIZE", "heltal")


@pytest.mark.parametrize(
    ("settings_file", "command"),
    [("handlaggarstod.cfg", ["staff", "list"]), ("form_service.cfg", ["purge-drafts"])],
)
def test_a_broken_settings_file_is_named(tmp_path, settings_file, command):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / settings_file).write_text("SECRET_KEY = 'oavslutad\n")
    result = run(tmp_path, *command)
    assert_one_clear_line(result, settings_file, "går inte att läsa på rad 1")


def test_migrate_needs_no_keys_and_uses_the_instance_folder(tmp_path):
    """`migrate` needs only the database's address: here the SQLite file in INSTANCE_PATH."""
    result = run(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert "Databasen är uppdaterad" in result.stdout
    assert (tmp_path / "instance" / "form_service.sqlite3").exists()


def test_the_readmes_development_command_adds_a_user(tmp_path):
    password = "korrekt häst batteri\n"
    command = ["staff", "add", "karin", "--name", "Karin Berg", "--password-stdin"]
    assert run(tmp_path, "migrate").returncode == 0  # as `make run` does first
    result = run(tmp_path, *command, stdin=password, ENV_NAME="development")
    assert result.returncode == 0, result.stderr
    assert "Användaren karin (handlaggare) är tillagd." in result.stdout
    assert (tmp_path / "instance" / "dev-keys.json").exists()


PUBLIC_SETTINGS = {"SECRET_KEY": "x", "SUBMISSION_PUBLIC_KEY": "p", "DRAFT_KEY": "d"}
STAFF_SETTINGS = {"SECRET_KEY": "x", "SUBMISSION_PRIVATE_KEY": "y"}
KEYRING_SETTINGS = {"SECRET_KEY": "x", "SUBMISSION_PRIVATE_KEY": generate_keypair()[1]}
DATABASE_COMMANDS = [
    (["purge-drafts"], PUBLIC_SETTINGS),
    (["send-mail"], PUBLIC_SETTINGS),
    (["staff", "add", "karin", "--name", "Karin Berg", "--password-stdin"], STAFF_SETTINGS),
    (["staff", "disable", "karin"], STAFF_SETTINGS),
    (["staff", "reset-password", "karin", "--password-stdin"], STAFF_SETTINGS),
    (["staff", "list"], STAFF_SETTINGS),
    (["staff", "totp", "karin"], STAFF_SETTINGS),
    (["purge", "--dry-run"], STAFF_SETTINGS),
    (["purge"], STAFF_SETTINGS),
    (["keys", "status"], KEYRING_SETTINGS),
    (["keys", "rewrap"], KEYRING_SETTINGS),
]


@pytest.mark.parametrize(
    ("command", "settings"), DATABASE_COMMANDS, ids=[" ".join(c) for c, _ in DATABASE_COMMANDS]
)
def test_a_database_that_cannot_be_reached_is_one_line(tmp_path, command, settings):
    """DATABASE_URL names a loopback port where nothing listens."""
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/kontaktstod"
    password = "korrekt häst batteri\n"
    result = run(tmp_path, *command, stdin=password, DATABASE_URL=url, **settings)
    assert_one_clear_line(result, "databasen går inte att nå", "DATABASE_URL")


def test_migrate_against_a_database_that_cannot_be_reached_is_one_line(tmp_path):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/kontaktstod"
    result = run(tmp_path, "migrate", DATABASE_URL=url)
    assert_one_clear_line(result, "databasen gick inte att uppdatera", "DATABASE_URL")


def test_each_app_reads_only_its_own_settings_file(tmp_path):
    """The staff side's secrets in the public service's file reach neither app, and the
    public service's keys in the staff side's file do not start the public service."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "form_service.cfg").write_text("SECRET_KEY = 'x'\nSUBMISSION_PRIVATE_KEY = 'y'\n")
    staff = run(tmp_path, "staff", "list")
    assert_one_clear_line(staff, "Inställningar saknas", "SUBMISSION_PRIVATE_KEY", "handlaggarstod")
    (instance / "form_service.cfg").unlink()
    (instance / "handlaggarstod.cfg").write_text(
        "".join(f"{name} = {value!r}\n" for name, value in PUBLIC_SETTINGS.items())
    )
    public = run(tmp_path, "purge-drafts")
    assert_one_clear_line(public, "Inställningar saknas", "SUBMISSION_PUBLIC_KEY", "form_service")


@pytest.mark.parametrize("name", ["SUBMISSION_PRIVATE_KEY", "SUBMISSION_OLD_PRIVATE_KEYS"])
@pytest.mark.parametrize("route", ["environment", "settings file"])
def test_the_public_service_refuses_the_private_key_by_any_route(tmp_path, route, name):
    """The current private key, and the older ones a key rotation keeps for a while."""
    (tmp_path / "instance").mkdir()
    settings = dict(PUBLIC_SETTINGS)
    if route == "environment":
        settings[name] = "y"
    else:
        (tmp_path / "instance" / "form_service.cfg").write_text(f"{name} = 'y'\n")
    result = run(tmp_path, "purge-drafts", **settings)
    assert_one_clear_line(result, f"{name} hör bara till handläggarstödet")


def test_a_setting_that_is_not_true_or_false_is_named(tmp_path):
    result = run(tmp_path, "staff", "list", STAFF_TOTP="kanske", **STAFF_SETTINGS)
    assert_one_clear_line(result, "STAFF_TOTP", "true eller false")


def test_a_database_behind_the_code_says_to_migrate(tmp_path):
    result = run(tmp_path, "staff", "list", **STAFF_SETTINGS)
    line = assert_one_clear_line(result, "form-service migrate")
    assert line.startswith("Fel: databasen saknar")


def test_a_usage_error_is_clicks_and_exits_2(tmp_path):
    result = run(tmp_path, "staff", "add", "karin")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--name" in result.stderr
