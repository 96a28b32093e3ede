"""The unit hears of each submission by e-mail, through a real SMTP server on loopback;
the e-mail never carries answers, and a mail failure loses nothing.

The web request only stores the notification; `deliver_notifications` is what
`form-service send-mail` runs, in a process of its own."""

from __future__ import annotations

from aiosmtpd.controller import Controller
from sqlalchemy import text

from form_service.mail import deliver_notifications
from form_service.storage.db import session_scope
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import free_port
from tests.support.mail_catcher import Inbox
from tests.support.pages import PageClient


def outbox_rows(app) -> list:
    with session_scope(app) as session:
        return session.execute(
            text("SELECT kind, attempts, sent_at, last_error FROM outbox ORDER BY id")
        ).all()


def test_mail_failure_keeps_the_submission_and_retries_later(tmp_path, key_pair, stored):
    port, inbox = free_port(), Inbox()
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    receipt = send(pages, fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF))
    assert "Ansökan är skickad" in receipt.text
    assert len(stored()) == 1
    assert [(row.attempts, row.sent_at) for row in outbox_rows(app)] == [(0, None)]

    assert deliver_notifications(app) == (0, 1)
    ((_, attempts, sent_at, last_error),) = outbox_rows(app)
    assert (attempts, sent_at, last_error) == (1, None, "ConnectionRefusedError")
    assert deliver_notifications(app) == (0, 0)  # it waits its pause
    with session_scope(app) as session:
        session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert deliver_notifications(app) == (1, 0)
        assert deliver_notifications(app) == (0, 0)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


def test_unit_gets_a_notification_without_personal_data(tmp_path, key_pair, smtp):
    port, inbox, _ = smtp
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    receipt = send(pages, fill_in(pages, "/ansokan/kontaktperson/", FOR_MYSELF))
    reference = receipt.text.split('class="panel__reference">')[1][:8]
    assert inbox.messages == []  # the web request only stored it
    assert deliver_notifications(app) == (1, 0)
    ((recipients, content),) = inbox.messages
    assert recipients == ["kontaktperson@exempelkommun.example"]
    assert reference in content and "Ansökan om kontaktperson" in content
    for personal in ("Sven", "Ek", "640823", "3234", "070-174", "promenader"):
        assert personal not in content
