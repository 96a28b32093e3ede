"""E-mail when something arrives: to the social services, and a receipt to the
applicant who asks for one. Never any answers in either."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from form_service.crypto import open_recipient
from form_service.mail.outbox import deliver_pending
from form_service.mail.senders import sender_for


def deliver_notifications(app: Flask, session: Session) -> tuple[int, int]:
    """Send what is due in the outbox; a failure leaves it there for the next try."""
    from form_service.flows import FLOWS

    config = app.extensions["site_config"]
    draft_key = app.config["DRAFT_KEY"]
    return deliver_pending(
        session,
        sender_for(app),
        recipient_for=lambda kind: config.unit_for_section(FLOWS[kind].unit_section).epost,
        form_title=lambda kind: config.eservices[kind].titel,
        mail_from=app.config["MAIL_FROM"],
        open_recipient=lambda sealed: open_recipient(draft_key, sealed),
        site_url=config.base_url,
    )


def deliver_after_response(app: Flask) -> None:
    """Try the outbox once the citizen has their receipt page, not before it.

    An SMTP server's round trips then never delay the response; what fails here
    stays in the outbox for the next attempt (or `form-service send-mail`).
    """
    from flask import after_this_request

    from form_service.storage.db import session_scope

    def deliver() -> None:
        try:
            with app.app_context(), session_scope(app) as session:
                deliver_notifications(app, session)
        except Exception as error:  # the submission is stored; the mail waits
            app.logger.warning("utkorgen kunde inte gås igenom (%s)", error.__class__.__name__)

    @after_this_request
    def _later(response):
        response.call_on_close(deliver)
        return response
