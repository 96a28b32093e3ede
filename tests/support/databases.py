"""How a test gets a database with the current schema: the code `form-service migrate` runs.

Apps never migrate as they start (they refuse a database that is behind the code), so
whatever builds an app migrates its database first. `form_pages.make_app` and
`staff_pages.Office` do it for their tests; a test that calls `create_app` or
`create_staff_app` itself calls `migrated(url)` first.
"""

from __future__ import annotations

from form_service.storage.schema import migrate


def migrated(url: str) -> str:
    """Bring the database at `url` up to date, as `form-service migrate` would; return `url`."""
    migrate({"DATABASE_URL": url})
    return url
