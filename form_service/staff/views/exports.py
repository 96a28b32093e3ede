"""Downloading a selection as CSV or JSON, streamed: each exported submission is
audit-logged before it is sent (`export_stream.py`)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, stream_with_context
from sqlalchemy import Select, select

from form_service.core.clock import now
from form_service.core.swedish_time import local
from form_service.staff.access import current_user, staff_only
from form_service.staff.export_stream import form_kinds_in, key_missing_in, stream
from form_service.staff.exports import CsvFile, JsonFile
from form_service.staff.forms import ExportForm
from form_service.staff.inbox import NOBODY, Filters
from form_service.storage.db import get_session
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
    return download(filters.query(), form.format.data)


def download_of(rows: list[Submission], kind: str) -> Response:
    """The file of submissions already found (a person search's hits)."""
    return download(select(Submission).where(Submission.id.in_([row.id for row in rows])), kind)


def download(query: Select, kind: str) -> Response:
    """The selection's file, streamed a batch at a time in constant memory, with one
    audit entry per submission in it, committed before that batch is sent."""
    user, moment = current_user(), now()
    actor = user.username if user else None
    request_db = get_session()
    sessions = current_app.extensions["db_sessions"]
    if kind == "csv":
        export_file = CsvFile(form_kinds_in(request_db, query), key_missing_in(request_db, query))
    else:
        export_file = JsonFile(moment)
    request_db.commit()  # nothing of the request's own stays open while the file streams
    body = stream(sessions, query, export_file, actor=actor, at=moment, detail=kind)
    name = f"export-{local(moment).strftime('%Y%m%d-%H%M')}.{kind}"
    return Response(
        stream_with_context(body),
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
