"""The database work of a form step: its draft read once, and written once when sent.

Every form page reads the draft and every step sent writes it, so a second read of
the same row under the write lock was a sixth of a step's database time for nothing.
"""

from __future__ import annotations

from sqlalchemy import event

from tests.support.form_pages import make_app
from tests.support.journey_answers import FOR_MYSELF
from tests.support.pages import PageClient

FLOW = "/ansokan/kontaktperson/steg"


def test_a_step_reads_its_draft_once_and_writes_it_once(tmp_path, key_pair):
    app = make_app(tmp_path, key_pair)
    pages = PageClient(app.test_client())
    for slug in ("skyddade-uppgifter", "for-vem"):
        page = pages.get(f"{FLOW}/{slug}/")
        pages.post(f"{FLOW}/{slug}/", {"csrf_token": page.csrf, **FOR_MYSELF[slug]})
    statements: list[str] = []

    @event.listens_for(app.extensions["db_engine"], "checkout")
    def _record(dbapi_connection, *_rest) -> None:
        """What SQLite itself is asked, also on a driver connection without SQLAlchemy's
        own (the draft's read, `db.read_row`)."""
        dbapi_connection.set_trace_callback(
            lambda statement: statements.append(" ".join(statement.split()).upper())
        )

    page = pages.get(f"{FLOW}/om-dig/")
    assert _on_drafts(statements) == {"SELECT": 1}
    statements.clear()
    sent = pages.post(f"{FLOW}/om-dig/", {"csrf_token": page.csrf, **FOR_MYSELF["om-dig"]})
    assert _on_drafts(statements) == {"SELECT": 1, "UPDATE": 1}

    assert sent.location.endswith(f"{FLOW}/stod/")
    assert pages.get(f"{FLOW}/om-dig/").field_value("fornamn") == "Sven"


def _on_drafts(statements: list[str]) -> dict[str, int]:
    """How many statements of each kind touched the drafts table."""
    counts: dict[str, int] = {}
    for statement in statements:
        if " DRAFTS " in f"{statement} ":
            verb = statement.split()[0]
            counts[verb] = counts.get(verb, 0) + 1
    return counts


def test_a_step_sent_with_the_draft_it_has_sets_no_new_cookie(tmp_path, key_pair):
    """The first step sent puts the draft's id in the session cookie; a later step that
    saves the same draft leaves the cookie as it is (no new signed cookie to make and
    send), and the answers still come back."""
    app = make_app(tmp_path, key_pair)
    client = app.test_client()
    citizen = PageClient(client)
    page = citizen.get(f"{FLOW}/skyddade-uppgifter/")
    data = {"csrf_token": page.csrf, **FOR_MYSELF["skyddade-uppgifter"]}
    first = client.post(f"{FLOW}/skyddade-uppgifter/", data=data)
    assert first.status_code == 302 and "Set-Cookie" in first.headers
    page = citizen.get(f"{FLOW}/for-vem/")
    data = {"csrf_token": page.csrf, **FOR_MYSELF["for-vem"]}
    second = client.post(f"{FLOW}/for-vem/", data=data)
    assert second.status_code == 302 and "Set-Cookie" not in second.headers
    assert citizen.get(f"{FLOW}/for-vem/").tree.find_all("input", checked="")
