"""The outbox: a notification is stored with its submission and sent until it goes.

A notification holds only the reference and the kind of form. If the mail server is
down, the submission is already safe; the notification waits here and is retried,
with growing pauses, by the next submission or by `form-service send-mail` (cron).
A crash between sending and marking as sent may send a notification twice, never
lose one.

A receipt to the applicant, when asked for, waits here the same way. Its address is
the only personal data in the outbox: sealed with the service's own key, never
logged, and erased as soon as the receipt has gone (or can never go).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from form_service.crypto import CannotOpen
from form_service.storage.db import begin_writing
from form_service.storage.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_PAUSE = dt.timedelta(hours=6)
NOTIFICATION = "ny-inlamning"
RECEIPT = "kvitto"
# About a day and a half of tries (2, 4, 8 … minutes, then every 6 hours): a receipt
# is a courtesy, and the address should not wait in the outbox through a long outage.
RECEIPT_ATTEMPTS = 12


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


def deliver_pending(
    session: Session,
    sender,
    recipient_for: Callable[[str], str],
    form_title: Callable[[str], str],
    mail_from: str,
    *,
    open_recipient: Callable[[bytes], str],
    site_url: str,
) -> tuple[int, int]:
    """Try every message that is due; return (sent, failed)."""
    now = dt.datetime.now(dt.UTC)
    begin_writing(session)
    due = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
            # a receipt whose address was erased (given up) has nowhere to go
            or_(OutboxMessage.kind != RECEIPT, OutboxMessage.recipient_sealed.is_not(None)),
        )
        .order_by(OutboxMessage.id)
        .limit(100)
    ).all()
    sent = failed = 0
    for message in due:
        title = form_title(message.form_kind)
        try:
            if message.kind == RECEIPT:
                email = _receipt(
                    message, open_recipient(message.recipient_sealed), title, site_url, mail_from
                )
            else:
                email = _notification(message, recipient_for(message.form_kind), title, mail_from)
            sender.send(email)
        except Exception as error:
            if message.kind == RECEIPT and (
                _never_deliverable(error) or message.attempts + 1 >= RECEIPT_ATTEMPTS
            ):
                _give_up(message, error)
            else:
                message.attempts += 1
                message.last_error = error.__class__.__name__
                message.next_attempt_at = now + min(
                    dt.timedelta(minutes=2**message.attempts), MAX_PAUSE
                )
                # the reference and the error's class only: an SMTP error may quote the address
                log.warning(
                    "e-post om %s kunde inte skickas (%s)", message.reference, message.last_error
                )
            failed += 1
        else:
            message.sent_at = dt.datetime.now(dt.UTC)
            message.recipient_sealed = None
            sent += 1
        session.commit()
    return sent, failed


def _never_deliverable(error: Exception) -> bool:
    """An address that cannot be opened (the key was changed) or that the mail server
    refuses for good (5xx): retrying would only keep the address longer."""
    if isinstance(error, CannotOpen):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return False


def _give_up(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = error.__class__.__name__
    message.recipient_sealed = None
    log.warning("kvittens om %s ges upp (%s)", message.reference, message.last_error)


def _notification(
    message: OutboxMessage, recipient: str, title: str, mail_from: str
) -> EmailMessage:
    return _email(
        mail_from,
        recipient,
        f"Ny inlämning: {title} ({message.reference})",
        f"En ny inlämning har kommit in i e-tjänsten {title}.\n\n"
        f"Referens: {message.reference}\n\n"
        "Logga in i handläggarstödet för att läsa den. Svaren skickas aldrig med e-post.\n",
    )


def _receipt(
    message: OutboxMessage, recipient: str, title: str, site_url: str, mail_from: str
) -> EmailMessage:
    """Only what is safe in any inbox: no answers, no name, no status code, so a
    mistyped or shared address reveals nothing but that something was sent."""
    return _email(
        mail_from,
        recipient,
        f"Kvittens: {title} ({message.reference})",
        f"Vi har tagit emot det du skickade med e-tjänsten {title}.\n\n"
        f"Referensnummer: {message.reference}\n\n"
        f"Läs mer på {site_url}/\n",
    )


def _email(sender: str, recipient: str, subject: str, text: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = recipient
    email["Subject"] = subject
    email.set_content(text)
    return email
