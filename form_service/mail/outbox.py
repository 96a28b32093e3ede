"""The outbox: a notification is stored with its submission and sent until it goes.

A notification holds only the reference and the kind of form. If the mail server is
down, the submission is already safe; the notification waits here and is retried,
with growing pauses, by `form-service send-mail` — a process of its own, never a web
worker, so a hung mail server cannot hold a page.

Each message is claimed in a short transaction (its next try moved past the time a
send can take), committed, sent with no transaction open, and its outcome recorded
in another short transaction: no database lock is held while the mail server is
talked to. A crash between sending and recording may send a message twice (once the
claim runs out), never lose one.

The rows themselves are made in `form_service.storage.outbox`, in the submission's
own transaction; this module only sends what they ask for.

A receipt to the applicant, when asked for, waits here the same way. Its address is
the only personal data in the outbox: sealed with the service's own key, never
logged, and erased as soon as the receipt has gone (or can never go).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from functools import partial
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from form_service.core.crypto import CannotOpen
from form_service.core.email_address import NotOneAddress
from form_service.core.i18n import gettext_in
from form_service.storage.db import begin_writing
from form_service.storage.models import OutboxMessage
from form_service.storage.outbox import RECEIPT

log = logging.getLogger(__name__)
MAX_PAUSE = dt.timedelta(hours=6)
# About a day and a half of tries (2, 4, 8 … minutes, then every 6 hours): a receipt
# is a courtesy, and the address should not wait in the outbox through a long outage.
RECEIPT_ATTEMPTS = 12
OUTBOX_LOCK = "outbox"
REFUSED_THIS_MESSAGE = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,  # an international address the server cannot take
)


class Sender(Protocol):
    def send(self, message: EmailMessage, recipient: str) -> None: ...


@dataclass(frozen=True)
class Claimed:
    """What a sender needs of a claimed message, read before its transaction ends."""

    id: int
    kind: str
    reference: str
    form_kind: str
    recipient_sealed: bytes | None


@dataclass(frozen=True)
class Composer:
    """Turns a claimed message into an e-mail and its one recipient."""

    recipient_for: Callable[[str], str]
    form_title: Callable[[str], str]
    mail_from: str
    open_recipient: Callable[[bytes], tuple[str, str]]  # the address and its language
    site_url: str

    def compose(self, message: Claimed) -> tuple[EmailMessage, str]:
        title = self.form_title(message.form_kind)
        if message.kind == RECEIPT:
            recipient, language = self.open_recipient(message.recipient_sealed or b"")
            receipt = _receipt(message, recipient, title, self.site_url, self.mail_from, language)
            return receipt, recipient
        recipient = self.recipient_for(message.form_kind)
        return _notification(message, recipient, title, self.mail_from), recipient


def deliver_pending(
    sessions: sessionmaker[Session], sender: Sender, composer: Composer, claim_for: dt.timedelta
) -> tuple[int, int]:
    """Send every message due now, one at a time; return (sent, failed).

    `claim_for` must be longer than one send can take. When the mail server cannot
    be reached, the round stops: every message still due counts as failed and
    waits its pause, rather than each waiting out the timeout in turn.
    """
    round_start = dt.datetime.now(dt.UTC)
    if not _anything_due(sessions, round_start):
        return 0, 0
    sent = failed = 0
    while (message := _claim_next(sessions, round_start, claim_for)) is not None:
        try:
            sender.send(*composer.compose(message))
        except Exception as error:
            _record(sessions, message.id, partial(_failed, error=error))
            failed += 1
            if _server_unreachable(error):
                failed += _defer_everything_due(sessions, round_start, error)
                break
        else:
            _record(sessions, message.id, _sent)
            sent += 1
    return sent, failed


def _due(now: dt.datetime):
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
        # a receipt whose address was erased (given up) has nowhere to go
        or_(OutboxMessage.kind != RECEIPT, OutboxMessage.recipient_sealed.is_not(None)),
    )


def _anything_due(sessions: sessionmaker[Session], now: dt.datetime) -> bool:
    """A read without the write lock, so a sender polling an empty outbox never
    makes the web workers wait."""
    with sessions() as session:
        return session.scalar(select(OutboxMessage.id).where(*_due(now)).limit(1)) is not None


def _claim_next(
    sessions: sessionmaker[Session], due_by: dt.datetime, claim_for: dt.timedelta
) -> Claimed | None:
    """The oldest message due by `due_by`, its next try moved `claim_for` ahead so no
    other sender takes it meanwhile; committed before anything is sent."""
    with sessions() as session:
        begin_writing(session, lock=OUTBOX_LOCK)
        row = session.scalars(
            select(OutboxMessage).where(*_due(due_by)).order_by(OutboxMessage.id).limit(1)
        ).first()
        if row is None:
            session.rollback()
            return None
        row.next_attempt_at = dt.datetime.now(dt.UTC) + claim_for
        claimed = Claimed(row.id, row.kind, row.reference, row.form_kind, row.recipient_sealed)
        session.commit()
        return claimed


def _record(
    sessions: sessionmaker[Session], message_id: int, outcome: Callable[[OutboxMessage], None]
) -> None:
    with sessions() as session:
        begin_writing(session, lock=OUTBOX_LOCK)
        row = session.get(OutboxMessage, message_id)
        if row is not None:  # not deleted with its submission meanwhile
            outcome(row)
        session.commit()


def _defer_everything_due(
    sessions: sessionmaker[Session], due_by: dt.datetime, error: Exception
) -> int:
    """The mail server is away: each message still due fails this round unsent."""
    with sessions() as session:
        begin_writing(session, lock=OUTBOX_LOCK)
        rows = session.scalars(select(OutboxMessage).where(*_due(due_by))).all()
        for row in rows:
            _failed(row, error)
        session.commit()
        return len(rows)


def _sent(row: OutboxMessage) -> None:
    row.sent_at = dt.datetime.now(dt.UTC)
    row.recipient_sealed = None


def _failed(row: OutboxMessage, error: Exception) -> None:
    row.attempts += 1
    row.last_error = error.__class__.__name__
    if row.kind == RECEIPT and (_never_deliverable(error) or row.attempts >= RECEIPT_ATTEMPTS):
        row.recipient_sealed = None
        log.warning("kvittens om %s ges upp (%s)", row.reference, row.last_error)
        return
    row.next_attempt_at = dt.datetime.now(dt.UTC) + min(
        dt.timedelta(minutes=2**row.attempts), MAX_PAUSE
    )
    # the reference and the error's class only: an SMTP error may quote the address
    log.warning("e-post om %s kunde inte skickas (%s)", row.reference, row.last_error)


def _server_unreachable(error: Exception) -> bool:
    """No connection, no answer in time, or refused before any message: trying the
    next message now would only wait again. A refusal of this one message is not."""
    return isinstance(error, OSError) and not isinstance(error, REFUSED_THIS_MESSAGE)


def _never_deliverable(error: Exception) -> bool:
    """An address that cannot be opened (the key was changed), that is not one
    address, or that the mail server refuses for good (5xx, or an international
    address it cannot take): retrying would only keep the address longer."""
    if isinstance(error, CannotOpen | NotOneAddress | smtplib.SMTPNotSupportedError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return False


def _notification(message: Claimed, recipient: str, title: str, mail_from: str) -> EmailMessage:
    return _email(
        mail_from,
        recipient,
        f"Ny inlämning: {title} ({message.reference})",
        f"En ny inlämning har kommit in i e-tjänsten {title}.\n\n"
        f"Referens: {message.reference}\n\n"
        "Logga in i handläggarstödet för att läsa den. Svaren skickas aldrig med e-post.\n",
    )


def _receipt(
    message: Claimed,
    recipient: str,
    title: str,
    site_url: str,
    mail_from: str,
    language: str = "",
) -> EmailMessage:
    """Only what is safe in any inbox: no answers, no name, no status code, so a
    mistyped or shared address reveals nothing but that something was sent. In the
    language the applicant used the e-service in."""

    def say(text: str, **values: str) -> str:
        return gettext_in(language, text, **values)

    title = say(title)
    reference = message.reference
    return _email(
        mail_from,
        recipient,
        say("Kvittens: %(title)s (%(reference)s)", title=title, reference=reference),
        say("Vi har tagit emot det du skickade med e-tjänsten %(title)s.", title=title)
        + "\n\n"
        + say("Referensnummer: %(reference)s", reference=reference)
        + "\n\n"
        + say("Läs mer på %(address)s", address=site_url + "/")
        + "\n",
    )


def _email(sender: str, recipient: str, subject: str, text: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = recipient
    email["Subject"] = subject
    email.set_content(text)
    return email
