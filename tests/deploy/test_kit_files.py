"""The deployment kit's files, without running them: every setting has a line in the
environment file examples (the private key only in the staff side's), the renderer
refuses a half-filled configuration, and systemd accepts the rendered units."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys

import pytest

from form_service.core.settings import STAFF_ONLY, PublicSettings
from form_service.staff.settings import StaffSettings
from site_builder.config import load_site_config
from tests.support.kit_services import PROJECT_ROOT, VENV, read_env_file, render_kit
from tests.support.local_services import unavailable

KIT = PROJECT_ROOT / "deploy"
PUBLIC_ENV = KIT / "env" / "e-tjanst.env.in"
STAFF_ENV = KIT / "env" / "handlaggarstod.env.in"


def names(declaration) -> set[str]:
    """Every setting an app declares."""
    return {field.name for field in dataclasses.fields(declaration)}


def listed(path) -> set[str]:
    """Every setting the file names, set or commented out (`#NAME=`)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, _ = line.removeprefix("#").partition("=")
        if equals and name.isupper() and " " not in name:
            names.add(name)
    return names


def test_the_public_environment_file_lists_every_setting_and_no_private_key():
    assert names(PublicSettings) - listed(PUBLIC_ENV) == set()
    for name in STAFF_ONLY:
        assert name not in PUBLIC_ENV.read_text(encoding="utf-8")


def test_the_staff_environment_file_lists_every_staff_setting():
    assert names(StaffSettings) - listed(STAFF_ENV) == set()
    assert set(STAFF_ONLY) <= set(read_env_file(STAFF_ENV))


def test_both_apps_trust_exactly_one_proxy_and_share_redis(tmp_path):
    assert read_env_file(PUBLIC_ENV)["PROXY_COUNT"] == "1"
    assert read_env_file(STAFF_ENV)["PROXY_COUNT"] == "1"
    assert read_env_file(PUBLIC_ENV)["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_the_shipped_prefix_is_the_one_in_site_yaml():
    settings = dict(
        line.split("=", 1)
        for line in (KIT / "installation.conf").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    prefix = load_site_config(PROJECT_ROOT / "content").eservice_prefix
    assert settings["ESERVICE_PREFIX"] == prefix.rstrip("/")


def test_the_renderer_fills_every_placeholder(tmp_path):
    result = render_kit(tmp_path, {})
    assert result.returncode == 0, result.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert not re.search(r"@[A-Z][A-Z0-9_]*@", path.read_text(encoding="utf-8")), path


def test_the_renderer_refuses_a_misspelt_setting(tmp_path):
    result = render_kit(tmp_path / "out", {"SITE_ROTO": "/srv/x"})
    assert result.returncode == 1
    assert "SITE_ROTO" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_renderer_refuses_a_missing_setting(tmp_path):
    settings = tmp_path / "min.conf"
    settings.write_text("SERVER_NAME=kontaktstod.exempelkommun.example\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(KIT / "render.py"),
            "--settings",
            str(settings),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "saknar värde: SITE_ROOT" in result.stderr


def test_systemd_accepts_every_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        unavailable(
            "systemd-analyze is not installed: scripts/install-test-tools installs Debian's systemd"
        )
    result = render_kit(tmp_path, {"VENV": str(VENV)})
    assert result.returncode == 0, result.stderr
    units = sorted(str(path) for path in (tmp_path / "systemd").iterdir())
    assert len(units) == 10
    check = subprocess.run(
        [analyze, "verify", "--man=no", *units], capture_output=True, text=True, check=False
    )
    assert (check.returncode, check.stdout + check.stderr) == (0, "")


@pytest.mark.parametrize(
    "setting",
    ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "ProtectHome=yes"],
)
def test_every_service_is_hardened(setting):
    for unit in (KIT / "systemd").glob("*.service.in"):
        assert f"\n{setting}\n" in unit.read_text(encoding="utf-8"), unit.name
