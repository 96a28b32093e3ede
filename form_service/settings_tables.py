"""The README's settings tables, written from the apps' declarations.

`make settings-tables` rewrites each table between its markers in README.md; a test
fails when a table and its declaration differ, so the README cannot drift from what
the apps read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from form_service.core.configuration import Declared, declared
from form_service.core.settings import PublicSettings
from form_service.staff.settings import StaffSettings

README = Path(__file__).resolve().parent.parent / "README.md"
TABLES = {"public": PublicSettings, "staff": StaffSettings}


def table(declaration: type) -> str:
    """The Markdown table of one app's settings, one row per setting."""
    rows = ["| variable | default | what it is |", "| --- | --- | --- |"]
    rows += [
        f"| `{row.name}` | {_shown_default(row)} | {row.description} |"
        for row in declared(declaration)
    ]
    return "\n".join(rows)


def _shown_default(row: Declared) -> str:
    if row.required:
        return "– (required)"
    if row.shown_default is not None:
        return row.shown_default
    if row.default is None:
        return "–"
    if isinstance(row.default, bool):
        return f"`{str(row.default).lower()}`"
    return f"`{row.default}`"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- settings-table:{name} -->", f"<!-- /settings-table:{name} -->"


def with_tables(text: str) -> str:
    """`text` with every marked table replaced by the one its declaration gives."""
    for name, declaration in TABLES.items():
        start, end = markers(name)
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = f"{before}{start}\n{table(declaration)}\n{end}{after}"
    return text


def main() -> int:
    """Rewrite README.md's tables; print which file changed."""
    text = README.read_text(encoding="utf-8")
    updated = with_tables(text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print(f"{README.name}: inställningstabellerna är uppdaterade.")
    else:
        print(f"{README.name}: inställningstabellerna var redan aktuella.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
