"""E-mail when something arrives: to the social services, and a receipt to the
applicant who asks for one. Never any answers in either.

Sent only by `form-service send-mail` (and, under `make run`, a thread beside the
development server), never by a web worker: see `outbox.py`.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask

from form_service.core.crypto import open_recipient_and_language
from form_service.core.settings import public_settings
from form_service.mail.outbox import Composer, deliver_pending
from form_service.mail.senders import sender_for


def deliver_notifications(app: Flask) -> tuple[int, int]:
    """Send what is due in the outbox; a failure leaves it there for the next try."""
    from form_service.eservices import FLOWS

    config = app.extensions["site_config"]
    draft_key = public_settings(app).DRAFT_KEY
    composer = Composer(
        recipient_for=lambda kind: config.unit_for_section(FLOWS[kind].unit_section).epost,
        form_title=lambda kind: config.eservices[kind].titel,
        mail_from=public_settings(app).MAIL_FROM,
        open_recipient=lambda sealed: open_recipient_and_language(draft_key, sealed),
        site_url=config.base_url,
    )
    return deliver_pending(app.extensions["db_sessions"], sender_for(app), composer, claim_for(app))


def claim_for(app: Flask) -> dt.timedelta:
    """How long a claimed message is left to its sender before another may take it:
    far longer than one send may take, so only a crashed sender's messages return."""
    timeout = dt.timedelta(seconds=public_settings(app).MAIL_TIMEOUT_SECONDS)
    return max(dt.timedelta(minutes=15), 10 * timeout)
