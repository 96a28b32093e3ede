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

FORM_SERVICE = str(Path(sys.executable).parent / "form-service")
PUBLIC_KEYS = ["SECRET_KEY", "SUBMISSION_PUBLIC_KEY", "DRAFT_KEY"]
STAFF_KEYS = ["SECRET_KEY", "SUBMISSION_PRIVATE_KEY"]
COMMANDS = [
    (["staff", "add", "karin", "--name", "Karin Berg", "--role", "handlaggare"], STAFF_KEYS),
    (["staff", "disable", "karin"], STAFF_KEYS),
    (["staff", "reset-password", "karin"], STAFF_KEYS),
    (["staff", "list"], STAFF_KEYS),
    (["staff", "totp", "karin"], STAFF_KEYS),
    (["purge", "--dry-run"], STAFF_KEYS),
    (["purge-drafts"], PUBLIC_KEYS),
    (["send-mail"], PUBLIC_KEYS),
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


@pytest.mark.parametrize(("command", "missing"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
def test_a_command_without_settings_names_what_is_missing_and_where(tmp_path, command, missing):
    result = run(tmp_path, *command)
    line = assert_one_clear_line(result, "Inställningar saknas", *missing)
    assert "miljövariabler" in line and "form_service.cfg" in line
    assert "ENV_NAME=development" in line


def test_a_setting_that_is_not_a_number_is_named(tmp_path):
    keys = {"SECRET_KEY": "x", "SUBMISSION_PRIVATE_KEY": "y", "STAFF_PAGE_SIZE": "tjugo"}
    result = run(tmp_path, "staff", "list", **keys)
    assert_one_clear_line(result, "STAFF_PAGE_SIZE", "heltal")


def test_a_broken_settings_file_is_named(tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "form_service.cfg").write_text("SECRET_KEY = 'oavslutad\n")
    result = run(tmp_path, "staff", "list")
    assert_one_clear_line(result, "form_service.cfg", "går inte att läsa på rad 1")


def test_the_readmes_development_command_adds_a_user(tmp_path):
    password = "korrekt häst batteri\n"
    command = ["staff", "add", "karin", "--name", "Karin Berg", "--password-stdin"]
    assert run(tmp_path, "migrate").returncode == 0  # needs no keys: only the database
    result = run(tmp_path, *command, stdin=password, ENV_NAME="development")
    assert result.returncode == 0, result.stderr
    assert "Användaren karin (handlaggare) är tillagd." in result.stdout
    assert (tmp_path / "instance" / "dev-keys.json").exists()
