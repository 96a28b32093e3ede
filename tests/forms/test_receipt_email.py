"""An applicant who asks for it gets one receipt e-mail, through a real SMTP server on
loopback: the reference and nothing personal, and the address is kept only until it
has gone (never in the log, a URL or the cookie).

The web request only stores it; `deliver_notifications` is what `form-service
send-mail` runs, in a process of its own."""

from __future__ import annotations

import logging

from aiosmtpd.controller import Controller
from sqlalchemy import text

from form_service.mail import deliver_notifications
from form_service.storage.db import session_scope
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOR_MYSELF, VOLUNTEER
from tests.support.live_server import free_port
from tests.support.mail_catcher import Inbox
from tests.support.pages import PageClient

ADDRESS = "sven@example.example"
WITH_ADDRESS = {**FOR_MYSELF, "om-dig": {**FOR_MYSELF["om-dig"], "epost": ADDRESS}}
PATH = "/ansokan/kontaktperson/"
UNIT = "kontaktperson@exempelkommun.example"


def asking_for_receipt(check_page) -> dict:
    return {
        "csrf_token": check_page.csrf,
        "nyckel": check_page.field_value("nyckel"),
        "kvitto": "y",
    }


def send_asking_for_receipt(citizen, check_page):
    return citizen.follow(citizen.post(check_page.action, asking_for_receipt(check_page)))


def reference_on(receipt) -> str:
    return receipt.text.split('class="panel__reference">')[1][:8]


def receipts_in_outbox(app) -> list:
    with session_scope(app) as session:
        return session.execute(
            text("SELECT attempts, sent_at, recipient_sealed FROM outbox WHERE kind = 'kvitto'")
        ).all()


def to_applicant(inbox: Inbox) -> list[str]:
    return [content for recipients, content in inbox.messages if recipients == [ADDRESS]]


def test_applicant_gets_one_receipt_with_the_reference_and_nothing_personal(
    tmp_path, key_pair, smtp
):
    port, inbox, _ = smtp
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    check = fill_in(pages, PATH, WITH_ADDRESS)
    assert '<label class="choice__label" for="kvitto">Skicka en kvittens till min e-post' in (
        check.text
    )
    assert 'aria-describedby="kvitto-hint"' in check.text

    receipt = send_asking_for_receipt(pages, check)
    reference = reference_on(receipt)
    code = receipt.text.split('class="code">')[1].split("<")[0]
    assert "Vi skickar en kvittens med referensnumret till din e-post" in receipt.text
    assert deliver_notifications(app) == (2, 0)
    (content,) = to_applicant(inbox)
    assert reference in content and "Ansökan om kontaktperson" in content
    assert "tagit emot" in content and "https://stod.exempelkommun.example/" in content
    for personal in ("Sven", "Ek", "640823", "3234", "070-174", "promenader", ADDRESS, code):
        assert personal not in content
    assert [recipients for recipients, _ in inbox.messages].count([UNIT]) == 1
    ((attempts, sent_at, sealed),) = receipts_in_outbox(app)
    assert (attempts, sent_at is not None, sealed) == (0, True, None)

    again = send_asking_for_receipt(pages, check)  # the back button, or a double click
    assert reference_on(again) == reference
    assert deliver_notifications(app) == (0, 0)
    assert "Vi skickar en kvittens" in again.text
    assert len(to_applicant(inbox)) == 1 and len(receipts_in_outbox(app)) == 1


def test_no_receipt_unless_asked_for(tmp_path, key_pair, smtp):
    port, inbox, _ = smtp
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    pages = PageClient(app.test_client())
    check = fill_in(pages, "/intresseanmalan/kontaktperson/", VOLUNTEER)
    assert 'name="kvitto"' in check.text
    receipt = send(pages, check)
    assert "Vi skickar ingen kvittens med e-post" in receipt.text
    assert deliver_notifications(app) == (1, 0)
    assert [recipients for recipients, _ in inbox.messages] == [[UNIT]]
    assert receipts_in_outbox(app) == []


def test_no_receipt_choice_without_an_address(citizen):
    check = fill_in(citizen, PATH, FOR_MYSELF)  # its e-mail address is left empty
    assert 'name="kvitto"' not in check.text and "kvittens" not in check.text


def test_with_the_mail_server_down_the_receipt_is_sent_later(tmp_path, key_pair, stored, caplog):
    caplog.set_level(logging.DEBUG)
    port, inbox = free_port(), Inbox()
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    client = app.test_client()
    pages = PageClient(client)
    check = fill_in(pages, PATH, WITH_ADDRESS)
    posted = pages.post(check.action, asking_for_receipt(check))
    receipt = pages.follow(posted)
    assert "Ansökan är skickad" in receipt.text and "Vi skickar en kvittens" in receipt.text
    assert len(stored()) == 1
    assert deliver_notifications(app) == (0, 2)  # the server is away: both wait
    ((attempts, sent_at, sealed),) = receipts_in_outbox(app)
    assert (attempts, sent_at) == (1, None) and sealed and ADDRESS.encode() not in sealed
    with session_scope(app) as session:
        session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))

    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert deliver_notifications(app) == (2, 0)
    finally:
        controller.stop()
    assert len(to_applicant(inbox)) == 1
    ((_, sent_at, sealed),) = receipts_in_outbox(app)
    assert sent_at is not None and sealed is None

    ours = [r for r in caplog.records if not r.name.startswith("mail.")]  # not the test server's
    assert ours and not any(ADDRESS in r.getMessage() for r in ours)
    assert ADDRESS not in (posted.location or "") and ADDRESS not in check.action
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    opened = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert ADDRESS not in str(opened) and ADDRESS not in cookie.value


def test_an_address_refused_for_good_is_erased_and_not_retried(tmp_path, key_pair, caplog):
    caplog.set_level(logging.DEBUG)

    class RefusingInbox(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address == ADDRESS:
                return "550 5.1.1 No such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    port, inbox = free_port(), RefusingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        pages = PageClient(app.test_client())
        receipt = send_asking_for_receipt(pages, fill_in(pages, PATH, WITH_ADDRESS))
        assert "Ansökan är skickad" in receipt.text
        assert deliver_notifications(app) == (1, 1)
        with session_scope(app) as session:
            session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))
        assert deliver_notifications(app) == (0, 0)  # nothing left to try
    finally:
        controller.stop()
    assert [recipients for recipients, _ in inbox.messages] == [[UNIT]]
    assert receipts_in_outbox(app) == [(1, None, None)]
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]
    assert not any(ADDRESS in r.getMessage() for r in ours)


def test_a_receipt_sealed_with_a_replaced_key_is_given_up(tmp_path, key_pair, smtp):
    port, inbox, _ = smtp
    down = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    pages = PageClient(down.test_client())
    send_asking_for_receipt(pages, fill_in(pages, PATH, WITH_ADDRESS))
    assert deliver_notifications(down) == (0, 2)
    with session_scope(down) as session:
        session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))
    replaced = make_app(
        tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, DRAFT_KEY="B" * 43 + "="
    )
    assert deliver_notifications(replaced) == (1, 1)  # the unit's still goes
    assert [recipients for recipients, _ in inbox.messages] == [[UNIT]]
    assert receipts_in_outbox(replaced) == [(2, None, None)]


def test_without_a_mail_server_the_log_gets_the_subject_but_never_the_address(app, citizen, caplog):
    caplog.set_level(logging.DEBUG)
    receipt = send_asking_for_receipt(citizen, fill_in(citizen, PATH, WITH_ADDRESS))
    assert deliver_notifications(app) == (2, 0)
    assert f"Kvittens: Ansökan om kontaktperson ({reference_on(receipt)})" in caplog.text
    assert ADDRESS not in caplog.text


def test_a_receipt_that_cannot_go_for_a_day_and_a_half_is_given_up(tmp_path, key_pair):
    from form_service.mail.outbox import RECEIPT_ATTEMPTS

    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    pages = PageClient(app.test_client())
    send_asking_for_receipt(pages, fill_in(pages, PATH, WITH_ADDRESS))
    for _ in range(RECEIPT_ATTEMPTS):
        with session_scope(app) as session:
            session.execute(text("UPDATE outbox SET next_attempt_at = '2000-01-01'"))
        deliver_notifications(app)
    ((attempts, sent_at, sealed),) = receipts_in_outbox(app)
    assert (attempts, sent_at, sealed) == (RECEIPT_ATTEMPTS, None, None)
