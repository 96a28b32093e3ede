"""Lists beside the inbox: Kontaktgruppen's queue and suspected spam."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from form_service.eservices import queued
from form_service.staff import audit
from form_service.staff.access import staff_only
from form_service.staff.casefile import concerns, open_answers
from form_service.staff.forms import ConfirmDeleteForm
from form_service.staff.inbox import Filters, page_of, waiting_in_queue
from form_service.staff.settings import staff_settings
from form_service.storage.db import get_session

bp = Blueprint("lists", __name__)


@bp.get("/ko/")
@staff_only()
def queue() -> str:
    """Each queue (the e-services declared with one): who waits for a place, in order
    of arrival, each with its place."""
    queues = [(flow.queue, waiting_in_queue(get_session(), flow)) for flow in queued()]
    rows = [row for _queue, waiting in queues for row in waiting]
    audit.record_list_view("kö", len(rows))
    people = {row.id: concerns(row, open_answers(row)) for row in rows}
    return render_template(
        "staff/queue.html",
        heading=queues[0][0].title if len(queues) == 1 else "Köer",
        queues=queues,
        people=people,
        form=ConfirmDeleteForm(),
    )


@bp.get("/skrap/")
@staff_only()
def spam() -> str:
    number = request.args.get("sida", "1")
    page = page_of(
        get_session(),
        Filters(spam=True),
        int(number) if number.isdigit() else 1,
        staff_settings().STAFF_PAGE_SIZE,
    )
    audit.record_list_view("skräp", len(page.rows))
    people = {row.id: concerns(row, open_answers(row)) for row in page.rows}
    return render_template("staff/spam.html", page=page, people=people, form=ConfirmDeleteForm())
