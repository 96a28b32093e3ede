"""Downloading a selection as CSV or JSON; each exported submission is audit-logged."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app
from sqlalchemy.orm import Session

from form_service.core.clock import now
from form_service.core.swedish_time import local
from form_service.staff import audit
from form_service.staff.access import current_user, staff_only
from form_service.staff.casefile import history, notes, open_sealed
from form_service.staff.exports import Opened, to_csv, to_json
from form_service.staff.forms import ExportForm
from form_service.staff.inbox import NOBODY, Filters, selection
from form_service.storage.db import get_session, write_after_reading
from form_service.storage.models import Submission

bp = Blueprint("exports", __name__)

TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.post("/export/")
@staff_only()
def export() -> Response:
    form = ExportForm()
    if not form.validate_on_submit() or form.format.data not in TYPES:
        abort(400)
    filters = Filters(
        form_kind=form.formular.data or "",
        status=form.status.data or "",
        received_from=_date(form.fran.data),
        received_to=_date(form.till.data),
        reference=form.referens.data or "",
        assigned_to={"mig": current_user().username, "ingen": NOBODY}.get(
            form.tilldelad.data or ""
        ),
    )
    rows = selection(get_session(), filters)
    return download(get_session(), rows, form.format.data)


def download(db: Session, rows: list[Submission], kind: str) -> Response:
    """The file, with one audit entry per submission in it (committed before sending)."""
    user, moment = current_user(), now()
    services = current_app.extensions["site_config"].eservices
    opened = [
        Opened(
            row,
            services[row.form_kind].titel if row.form_kind in services else row.form_kind,
            *open_sealed(row),
            notes(db, row),
            history(db, row),
        )
        for row in rows
    ]
    write_after_reading(db)
    for row in rows:
        audit.record(
            db, "exporterade", actor=user.username if user else None, at=moment,
            reference=row.reference, detail=kind,
        )  # fmt: skip
    db.commit()
    body = to_csv(opened) if kind == "csv" else to_json(opened, moment)
    name = f"export-{local(moment).strftime('%Y%m%d-%H%M')}.{kind}"
    return Response(
        body,
        mimetype=TYPES[kind].split(";")[0],
        headers={
            "Content-Type": TYPES[kind],
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        abort(400)
