"""Storing a submission: sealed, committed, and stored once however often it is sent."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from form_service.core.crypto import key_id, lock_recipient, seal, unseal
from form_service.storage.db import begin_writing
from form_service.storage.models import OutboxMessage, Submission, SubmissionEvent
from form_service.storage.outbox import RECEIPT, notification_for, receipt_for
from form_service.storage.references import (
    hash_sending_key,
    hash_status_code,
    new_reference,
    status_code_for,
)

ATTEMPTS = 5


# The sealed document's one entry that is not a step's answers: the applicant's language.
LANGUAGE_FIELD = "_sprak"


@dataclass(frozen=True)
class StoredSubmission:
    """What the receipt shows; `created` is False for a resend of the same submission,
    which gets the same reference and code (the code is derived from the sending key)."""

    reference: str
    status_code: str | None
    created: bool
    queue_position: int | None


@dataclass(frozen=True)
class Keys:
    """`public_key` seals the answers (whichever key the service is given: the row
    records its id, so the staff side knows which private key opens it).
    `recipient_key` (the service's DRAFT_KEY) is needed only for a receipt e-mail:
    its address must be readable by this service, unlike the answers."""

    public_key: str
    status_secret: str
    recipient_key: str | None = None


def store_submission(
    session: Session,
    keys: Keys,
    *,
    form_kind: str,
    answers: dict,
    queued: bool = False,
    idempotency_key: str,
    spam_suspected: bool = False,
    retain_until: dt.date | None = None,
    receipt_to: str | None = None,
    language: str = "",
) -> StoredSubmission:
    """Seal and commit the answers; return only after the commit has succeeded.

    A receipt e-mail to `receipt_to` is queued in the same transaction, so it exists
    exactly when the submission does, and a resend queues none. A `queued` form (its
    declaration has a queue) gets the next place in its queue, under a lock of its own.

    `language`: the key of the language the applicant used (site.yaml's `sprak`), ''
    for Swedish. It is sealed with the answers, never a column: a language can hint
    at ethnic origin (GDPR art. 9), so only the staff side can read it.
    """
    sealed_document = {**answers, LANGUAGE_FIELD: language} if language else answers
    sealed = seal(keys.public_key, json.dumps(sealed_document, ensure_ascii=False).encode())
    code = status_code_for(keys.status_secret, idempotency_key)
    sealed_recipient = None
    if receipt_to:
        if not keys.recipient_key:
            raise ValueError("a receipt e-mail needs Keys.recipient_key")
        sealed_recipient = lock_recipient(keys.recipient_key, receipt_to, language)
    for _attempt in range(ATTEMPTS):
        begin_writing(session, lock=form_kind if queued else None)
        existing = _find(session, idempotency_key)
        if existing is not None:
            session.rollback()
            return StoredSubmission(existing.reference, code, False, existing.queue_position)
        reference = new_reference()
        now = dt.datetime.now(dt.UTC)
        row = Submission(
            reference=reference,
            form_kind=form_kind,
            created_at=now,
            updated_at=now,
            status="ny",
            queue_position=_next_place(session, form_kind) if queued else None,
            retain_until=retain_until,
            spam_suspected=spam_suspected,
            idempotency_key=hash_sending_key(idempotency_key),
            status_code_hash=hash_status_code(keys.status_secret, reference, code),
            sealed_answers=sealed,
            key_id=key_id(keys.public_key),
        )
        try:
            session.add(row)
            session.flush()
            session.add(SubmissionEvent(submission_id=row.id, at=now, kind="mottagen"))
            session.add(notification_for(reference, form_kind))
            if sealed_recipient is not None:
                session.add(receipt_for(reference, form_kind, sealed_recipient))
            session.commit()
        except IntegrityError:
            session.rollback()  # the same key sent twice at once, or a reference taken
            continue
        return StoredSubmission(reference, code, True, row.queue_position)
    raise RuntimeError("could not store the submission")


def open_submission(row: Submission, private_key: str) -> dict:
    """The answers, for the staff side (which alone holds the private key)."""
    return split_language(json.loads(unseal(private_key, row.sealed_answers)))[0]


def split_language(opened: dict) -> tuple[dict, str]:
    """A sealed document's answers, and the language key sealed beside them ('' for
    Swedish, and for everything sent before the e-services had languages)."""
    answers = dict(opened)
    language = answers.pop(LANGUAGE_FIELD, "")
    return answers, language if isinstance(language, str) else ""


def find_submission(session: Session, idempotency_key: str) -> Submission | None:
    """The submission sent with this key, if any (keys are random, one per check page)."""
    return _find(session, idempotency_key) if idempotency_key else None


def receipt_requested(session: Session, reference: str) -> bool:
    """Whether a receipt e-mail was asked for, for the receipt page shown again on a
    resend (the session of the first send may be gone)."""
    found = session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.reference == reference, OutboxMessage.kind == RECEIPT
        )
    )
    return found is not None


def _find(session: Session, idempotency_key: str) -> Submission | None:
    hashed = hash_sending_key(idempotency_key)
    return session.scalars(select(Submission).where(Submission.idempotency_key == hashed)).first()


def _next_place(session: Session, form_kind: str) -> int:
    highest = session.scalar(
        select(func.max(Submission.queue_position)).where(Submission.form_kind == form_kind)
    )
    return (highest or 0) + 1
