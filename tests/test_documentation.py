"""The README and the guides stay true: the settings tables are the apps' declarations,
the case officers' status tables the e-services'."""

from __future__ import annotations

from pathlib import Path

from form_service.eservices import FLOWS
from form_service.settings_tables import with_tables

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readmes_settings_tables_are_those_the_declarations_give():
    """Name, default and description of every setting of both apps, as declared; after
    a change to a declaration, `make settings-tables` rewrites the tables."""
    assert with_tables(README) == README, "run `make settings-tables`"


def test_readme_starts_with_the_two_commands():
    top = "\n".join(README.splitlines()[:25])
    assert "make run" in top and "make test" in top


def test_the_case_officers_guide_lists_each_e_services_transitions_as_declared():
    """docs/handlaggarstod.md has one table row per status: what it may move to."""
    guide = (ROOT / "docs" / "handlaggarstod.md").read_text(encoding="utf-8")
    for flow in FLOWS.values():
        for status in flow.statuses:
            following = ", ".join(s.label for s in flow.next_statuses(status.key))
            assert f"| {status.label} | {following} |" in guide, (flow.key, status.key)
