"""The README stays true: every setting the form service reads is documented there."""

from __future__ import annotations

from pathlib import Path

from form_service.settings import DEFAULTS
from form_service.staff.settings import STAFF_DEFAULTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_form_service_setting_is_in_the_readme():
    missing = [name for name in DEFAULTS if f"| `{name}` |" not in README]
    assert missing == []


def test_every_staff_setting_is_in_the_readmes_staff_table():
    staff_part = README.split("### Staff settings", 1)[1]
    missing = [name for name in STAFF_DEFAULTS if f"| `{name}` |" not in staff_part]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    top = "\n".join(README.splitlines()[:25])
    assert "make run" in top and "make test" in top
