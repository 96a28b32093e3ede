"""The e-mail field takes exactly one address, and a receipt goes to exactly one
recipient: `x@exempel.example,postmaster` is one text to a form but two recipients
to an SMTP server. Through the pages, and a real SMTP server on loopback."""

from __future__ import annotations

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from form_service.core.crypto import lock_recipient
from form_service.mail import deliver_notifications
from form_service.storage.db import session_scope
from tests.forms.test_receipt_email import (
    ADDRESS,
    PATH,
    UNIT,
    WITH_ADDRESS,
    send_asking_for_receipt,
)
from tests.support.form_pages import fill_in, make_app
from tests.support.journey_answers import FOR_MYSELF
from tests.support.live_server import free_port
from tests.support.pages import PageClient

SEVERAL = "x@exempel.example,postmaster"
BEFORE_OM_DIG = ("skyddade-uppgifter", "for-vem")


class Envelopes:
    """Each message's envelope recipients (RCPT TO) as the server saw them."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message["Subject"]))
        return "250 OK"


@pytest.fixture
def envelopes():
    port, handler = free_port(), Envelopes()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


def om_dig_step(citizen):
    return fill_in(citizen, PATH, {step: FOR_MYSELF[step] for step in BEFORE_OM_DIG})


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (SEVERAL, "Skriv bara en e-postadress, till exempel namn@exempel.se"),
        ("x@exempel.example; y@exempel.example", "Skriv bara en e-postadress"),
        ("x@exempel.example postmaster", "Skriv e-postadressen i rätt format"),
        ("Sven Ek <x@exempel.example>", "Skriv e-postadressen i rätt format"),
        ('"x,y"@exempel.example', "Skriv bara en e-postadress"),
    ],
)
def test_the_email_step_refuses_anything_but_one_address_in_swedish(citizen, typed, message):
    step = om_dig_step(citizen)
    assert "/steg/om-dig/" in step.action
    answers = {**FOR_MYSELF["om-dig"], "epost": typed}
    page = citizen.post(step.action, {"csrf_token": step.csrf, **answers}, status=200)
    assert page.title.startswith("Fel: ")
    assert message in page.text
    assert page.error_links == ["#epost"]


def test_one_address_is_taken(citizen):
    step = om_dig_step(citizen)
    answers = {**FOR_MYSELF["om-dig"], "epost": ADDRESS}
    assert (
        "/steg/stod/"
        in citizen.follow(citizen.post(step.action, {"csrf_token": step.csrf, **answers})).action
    )


def test_a_receipt_has_exactly_one_recipient(tmp_path, key_pair, envelopes):
    port, server = envelopes
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    send_asking_for_receipt(pages, fill_in(pages, PATH, WITH_ADDRESS))
    assert deliver_notifications(app) == (2, 0)
    receipts = [rcpt for rcpt, subject in server.received if subject.startswith("Kvittens")]
    assert receipts == [[ADDRESS]]


def test_a_list_stored_before_the_field_was_checked_is_never_sent(tmp_path, key_pair, envelopes):
    """An outbox row from before this check (or written some other way) still holds a
    list: the sender refuses it and gives the receipt up, erasing the address."""
    port, server = envelopes
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    send_asking_for_receipt(pages, fill_in(pages, PATH, WITH_ADDRESS))
    with session_scope(app) as session:
        session.execute(
            text("UPDATE outbox SET recipient_sealed = :sealed WHERE kind = 'kvitto'"),
            {"sealed": lock_recipient(app.config["DRAFT_KEY"], SEVERAL)},
        )
    assert deliver_notifications(app) == (1, 1)
    assert [rcpt for rcpt, _subject in server.received] == [[UNIT]]
    with session_scope(app) as session:
        row = session.execute(
            text("SELECT sent_at, recipient_sealed, last_error FROM outbox WHERE kind = 'kvitto'")
        ).one()
    assert (row.sent_at, row.recipient_sealed, row.last_error) == (None, None, "NotOneAddress")
