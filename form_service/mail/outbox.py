"""The outbox: a notification is stored with its submission and sent until it goes.

A notification holds only the reference and the kind of form. If the mail server is
down, the submission is already safe; the notification waits here and is retried,
with growing pauses, by the next submission or by `form-service send-mail` (cron).
A crash between sending and marking as sent may send a notification twice, never
lose one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from form_service.storage.db import begin_writing
from form_service.storage.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_PAUSE = dt.timedelta(hours=6)
NOTIFICATION = "ny-inlamning"


def notification_for(reference: str, form_kind: str) -> OutboxMessage:
    """A new notification, to be added in the same transaction as the submission."""
    return OutboxMessage(
        kind=NOTIFICATION,
        reference=reference,
        form_kind=form_kind,
        attempts=0,
        next_attempt_at=dt.datetime.now(dt.UTC),
    )


def deliver_pending(
    session: Session,
    sender,
    recipient_for: Callable[[str], str],
    form_title: Callable[[str], str],
    mail_from: str,
) -> tuple[int, int]:
    """Try every notification that is due; return (sent, failed)."""
    now = dt.datetime.now(dt.UTC)
    begin_writing(session)
    due = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(100)
    ).all()
    sent = failed = 0
    for message in due:
        email = _email(
            message, recipient_for(message.form_kind), form_title(message.form_kind), mail_from
        )
        try:
            sender.send(email)
        except Exception as error:
            message.attempts += 1
            message.last_error = error.__class__.__name__
            message.next_attempt_at = now + min(
                dt.timedelta(minutes=2**message.attempts), MAX_PAUSE
            )
            log.warning(
                "e-post om %s kunde inte skickas (%s)", message.reference, message.last_error
            )
            failed += 1
        else:
            message.sent_at = dt.datetime.now(dt.UTC)
            sent += 1
        session.commit()
    return sent, failed


def _email(message: OutboxMessage, recipient: str, title: str, mail_from: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = recipient
    email["Subject"] = f"Ny inlämning: {title} ({message.reference})"
    email.set_content(
        f"En ny inlämning har kommit in i e-tjänsten {title}.\n\n"
        f"Referens: {message.reference}\n\n"
        "Logga in i handläggarstödet för att läsa den. Svaren skickas aldrig med e-post.\n"
    )
    return email
