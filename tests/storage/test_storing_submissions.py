"""Submissions are stored sealed, once, and in order, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from form_service.core.crypto import CannotOpen, generate_keypair, new_draft_key
from form_service.eservices import FLOWS
from form_service.storage.drafts import delete_draft, load_draft, purge_expired_drafts, save_draft
from form_service.storage.models import Base, Draft, Submission
from form_service.storage.references import ALPHABET, hash_status_code
from form_service.storage.submissions import open_submission, store_submission

ANSWERS = {"namn": "Åsa Öberg", "personnummer": "19811218-9876", "motivering": "Vill hjälpa."}
HOURS = dt.timedelta(hours=1)


def submit(session, submission_keys, key, form_kind="intresse-kontaktperson", answers=ANSWERS):
    """As the form service stores it: a form whose declaration has a queue joins it."""
    queued = FLOWS[form_kind].queue is not None
    return store_submission(
        session,
        submission_keys,
        form_kind=form_kind,
        queued=queued,
        answers=answers,
        idempotency_key=key,
    )


def test_answers_are_sealed_and_open_only_with_the_private_key(sessions, submission_keys, key_pair):
    with sessions() as session:
        stored = submit(session, submission_keys, "a" * 32)
        row = session.scalars(select(Submission)).one()
    assert "Öberg".encode() not in row.sealed_answers
    assert b"19811218" not in row.sealed_answers
    assert open_submission(row, key_pair[1]) == ANSWERS
    with pytest.raises(CannotOpen):
        open_submission(row, generate_keypair()[1])
    assert len(stored.reference) == 8 and set(stored.reference) <= set(ALPHABET)
    expected = hash_status_code("test-secret", stored.reference, stored.status_code)
    assert row.status_code_hash == expected


def test_double_submit_with_same_idempotency_key_stores_one_submission(sessions, submission_keys):
    with sessions() as session:
        first = submit(session, submission_keys, "b" * 32)
        again = submit(session, submission_keys, "b" * 32)
        count = session.scalar(text("SELECT count(*) FROM submissions"))
    assert (first.created, again.created) == (True, False)
    assert (again.reference, again.status_code) == (first.reference, first.status_code)
    assert count == 1


def test_concurrent_kontaktgruppen_applications_get_unique_places_in_order(
    sessions, submission_keys
):
    results, errors = [], []

    def apply(number: int) -> None:
        try:
            with sessions() as session:
                results.append(
                    submit(
                        session,
                        submission_keys,
                        f"key-{number:030d}",
                        "ansokan-kontaktgruppen",
                        {"n": number},
                    )
                )
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=apply, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.queue_position for r in results) == list(range(1, 25))
    assert len({r.reference for r in results}) == 24


def test_other_forms_do_not_join_the_queue(sessions, submission_keys):
    with sessions() as session:
        stored = submit(session, submission_keys, "c" * 32)
    assert stored.queue_position is None


def test_unencrypted_columns_hold_no_personal_data(sessions, submission_keys, engine):
    with sessions() as session:
        submit(session, submission_keys, "d" * 32)
        rows = session.execute(text("SELECT * FROM submissions")).mappings().all()
    readable = " ".join(str(v) for row in rows for k, v in row.items() if k != "sealed_answers")
    assert "Öberg" not in readable and "19811218" not in readable and "9876" not in readable


def test_draft_round_trip_and_expiry(sessions):
    key = new_draft_key()
    with sessions() as session:
        draft_id = save_draft(session, key, None, "ansokan-kontaktgruppen", {"barn": "Namn"}, HOURS)
        assert load_draft(session, key, draft_id, "ansokan-kontaktgruppen") == {"barn": "Namn"}
        assert load_draft(session, key, draft_id, "intresse-kontaktperson") is None
        assert load_draft(session, new_draft_key(), draft_id, "ansokan-kontaktgruppen") is None
        stale = save_draft(session, key, None, "ansokan-kontaktgruppen", {"x": 1}, -HOURS)
        assert load_draft(session, key, stale, "ansokan-kontaktgruppen") is None
        assert purge_expired_drafts(session) == 1
        assert session.get(Draft, draft_id) is not None
        delete_draft(session, draft_id)
        assert session.get(Draft, draft_id) is None


def test_draft_contents_are_encrypted(sessions):
    key = new_draft_key()
    with sessions() as session:
        draft_id = save_draft(session, key, None, "ansokan-kontaktgruppen", {"namn": "Zoë"}, HOURS)
        assert b"Zo" not in session.get(Draft, draft_id).sealed_data


def test_migrations_create_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
