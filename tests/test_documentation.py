"""The README stays true: its settings tables are the apps' declarations."""

from __future__ import annotations

from pathlib import Path

from form_service.settings_tables import with_tables

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readmes_settings_tables_are_those_the_declarations_give():
    """Name, default and description of every setting of both apps, as declared; after
    a change to a declaration, `make settings-tables` rewrites the tables."""
    assert with_tables(README) == README, "run `make settings-tables`"


def test_readme_starts_with_the_two_commands():
    top = "\n".join(README.splitlines()[:25])
    assert "make run" in top and "make test" in top
