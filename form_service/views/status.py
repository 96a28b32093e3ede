"""The public status lookup: with the reference and the one-time code from the receipt,
anyone can see how far a submission has come, and nothing else about it.

Only the status's public wording, the form's title and the day it arrived are shown,
never an answer: whoever has the two codes need not be the person who sent it. An
unknown reference and a wrong code get the same message, so the page cannot be used
to find out which references exist. The page is rendered from the POST, not redirected
to, so neither code ever appears in a URL or a server log.
"""

from __future__ import annotations

import datetime as dt
import hmac

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from form_service import eservices
from form_service.core.i18n import lazy_gettext as _l
from form_service.core.security import limiter
from form_service.core.settings import public_settings
from form_service.core.swedish_time import local
from form_service.forms.status import StatusLookup
from form_service.storage.db import get_session
from form_service.storage.models import Submission
from form_service.storage.references import hash_status_code

bp = Blueprint("status", __name__)
NO_MATCH = _l(
    "Vi hittar inget ärende med det referensnumret och den koden. "
    "Kontrollera att du har skrivit av båda rätt"
)


@bp.route("/status/", methods=["GET", "POST"])
@limiter.limit(lambda: public_settings().RATELIMIT_STATUS, methods=["POST"])
def lookup() -> str:
    form = StatusLookup()
    result = None
    if request.method == "POST" and form.validate():
        submission = _matching(form.referens.data, form.kod.data)
        if submission is None:
            form.referens.errors.append(NO_MATCH)
        else:
            services = current_app.extensions["site_config"].eservices
            result = {
                "reference": submission.reference,
                # A form since taken out of site.yaml still has submissions to look up.
                "service": services.get(submission.form_kind),
                "status": eservices.status(submission.form_kind, submission.status).public,
                "received": _swedish_day(submission.created_at),
            }
    return render_template("forms/status.html", form=form, result=result)


def _matching(reference: str, code: str) -> Submission | None:
    """The submission if the code is right for the reference, else None either way.

    The hash is computed and compared even when the reference is unknown, so the time
    a lookup takes does not tell the two cases apart either.
    """
    submission = (
        get_session().scalars(select(Submission).where(Submission.reference == reference)).first()
    )
    given = hash_status_code(public_settings().SECRET_KEY, reference, code)
    expected = submission.status_code_hash if submission is not None else "0" * len(given)
    if hmac.compare_digest(given, expected) and submission is not None:
        return submission
    return None


def _swedish_day(moment: dt.datetime) -> dt.date:
    return local(moment).date()
