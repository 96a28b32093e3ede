"""What the session cookie remembers of a sent form, for its receipt page.

The cookie is signed, not encrypted: anyone with the browser can read it. So it
never holds the one-time status code, nor the check page's sending key (from which
the code is derived, and with which a resend shows the receipt again), only:

- the reference and whether a receipt e-mail was asked for (shown on every visit);
- a hash of the sending key, to recognise a resend of this same submission;
- the sending key locked with `DRAFT_KEY`, until the receipt page has shown the code
  once. A reload then shows the reference without the code. A response lost on its
  way leaves the browser's cookie as it was, so the code is shown when it arrives.
"""

from __future__ import annotations

from flask import session

from form_service.core.crypto import CannotOpen, lock_draft, unlock_draft
from form_service.core.settings import public_settings
from form_service.eservices.flows import Flow
from form_service.storage.references import hash_sending_key, status_code_for

SESSION_KEY = "kvitto"


def remember(flow: Flow, reference: str, sending_key: str, mail: bool) -> None:
    """Called once the submission is committed (or found again on a resend)."""
    session[SESSION_KEY] = {
        "flow": flow.key,
        "reference": reference,
        "mail": mail,
        "sent_with": hash_sending_key(sending_key),
        "code_from": lock_draft(public_settings().DRAFT_KEY, sending_key.encode()),
    }


def current(flow: Flow) -> dict | None:
    """The receipt of this e-service sent from this browser, if any."""
    receipt = session.get(SESSION_KEY)
    return receipt if receipt and receipt.get("flow") == flow.key else None


def sent_with(sending_key: str) -> bool:
    """Whether the remembered receipt is that of the submission sent with this key."""
    receipt = session.get(SESSION_KEY) or {}
    return bool(sending_key) and receipt.get("sent_with") == hash_sending_key(sending_key)


def code_once() -> str | None:
    """The one-time status code the first time the receipt is shown, then never again."""
    receipt = dict(session.get(SESSION_KEY) or {})
    locked = receipt.pop("code_from", None)
    if locked is None:
        return None
    session[SESSION_KEY] = receipt
    try:
        sending_key = unlock_draft(public_settings().DRAFT_KEY, locked).decode()
    except CannotOpen:  # DRAFT_KEY changed in between: the code is lost, not the receipt
        return None
    return status_code_for(public_settings().SECRET_KEY, sending_key)
