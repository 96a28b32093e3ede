"""The outbox's rows: a notification, and a receipt when asked for, stored with the
submission in the same transaction, so neither can be lost or added twice.

Sending them is `form_service.mail`'s job; storage only makes the rows, so storage
never imports the mail package.
"""

from __future__ import annotations

import datetime as dt

from form_service.storage.models import OutboxMessage

NOTIFICATION = "ny-inlamning"
RECEIPT = "kvitto"


def notification_for(reference: str, form_kind: str) -> OutboxMessage:
    """A new notification, to be added in the same transaction as the submission."""
    return OutboxMessage(
        kind=NOTIFICATION,
        reference=reference,
        form_kind=form_kind,
        attempts=0,
        next_attempt_at=dt.datetime.now(dt.UTC),
    )


def receipt_for(reference: str, form_kind: str, sealed_recipient: bytes) -> OutboxMessage:
    """A receipt to the applicant, added in the same transaction as the submission,
    so a resend (which stores nothing new) cannot add a second one."""
    return OutboxMessage(
        kind=RECEIPT,
        reference=reference,
        form_kind=form_kind,
        recipient_sealed=sealed_recipient,
        attempts=0,
        next_attempt_at=dt.datetime.now(dt.UTC),
    )
