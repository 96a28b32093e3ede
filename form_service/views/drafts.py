"""The draft of the form a person is filling in: answers server-side, its id in the cookie."""

from __future__ import annotations

import datetime as dt
import secrets
import time

from flask import session

from form_service.core.settings import public_settings
from form_service.eservices.flows import Answers, Flow
from form_service.storage import drafts
from form_service.storage.db import get_session


class Draft:
    """Answers so far, when the form was started, and the key that makes sending idempotent."""

    def __init__(self, flow: Flow, data: dict | None) -> None:
        self.flow = flow
        self.data = data or {
            "answers": {},
            "started": time.time(),
            "key": secrets.token_hex(16),
            "spam": False,
        }

    @property
    def answers(self) -> Answers:
        return self.data["answers"]

    @property
    def is_new(self) -> bool:
        return not self.data["answers"]


def load(flow: Flow) -> Draft:
    draft_id = session.get("utkast", {}).get(flow.key)
    return Draft(flow, drafts.read_draft(_key(), draft_id, flow.key))


def save(draft: Draft) -> None:
    """Save the draft; its id goes into the session cookie only when it is new, so a
    step sent with the draft it already has costs no new signed cookie."""
    ids = dict(session.get("utkast", {}))
    lifetime = dt.timedelta(hours=public_settings().DRAFT_LIFETIME_HOURS)
    saved = drafts.write_draft(
        _key(), ids.get(draft.flow.key), draft.flow.key, draft.data, lifetime
    )
    if ids.get(draft.flow.key) != saved:
        ids[draft.flow.key] = saved
        session["utkast"] = ids


def discard(flow: Flow) -> None:
    ids = dict(session.get("utkast", {}))
    drafts.delete_draft(get_session(), ids.pop(flow.key, None))
    session["utkast"] = ids


def _key() -> str:
    return public_settings().DRAFT_KEY
