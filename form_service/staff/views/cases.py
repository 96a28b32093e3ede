"""The inbox and one submission: read it, change its status, note, assign, print."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from form_service import eservices
from form_service.core.clock import now
from form_service.staff import audit, casework
from form_service.staff.access import ADMINISTRATOR, current_user, staff_only
from form_service.staff.casefile import add_note as store_note
from form_service.staff.casefile import (
    concerns,
    history,
    notes,
    open_answers,
    open_sealed,
    rows_in_words,
)
from form_service.staff.forms import (
    AssignForm,
    ConfirmDeleteForm,
    ExportForm,
    FilterForm,
    NoteForm,
    StatusForm,
)
from form_service.staff.inbox import NOBODY, Filters, by_reference, page_of
from form_service.staff.settings import staff_settings
from form_service.staff.users import active_users
from form_service.storage.db import begin_writing, erase_deleted, get_session
from form_service.storage.models import Submission

bp = Blueprint("cases", __name__)


@bp.get("/")
@staff_only()
def inbox() -> str:
    form = FilterForm(request.args)
    services = current_app.extensions["site_config"].eservices
    form.formular.choices = [SelectChoice("", "Alla formulär")] + [
        SelectChoice(key, service.titel) for key, service in services.items()
    ]
    form.status.choices = [SelectChoice("", "Alla statusar")] + [
        SelectChoice(status.key, status.label) for status in eservices.all_statuses(services)
    ]
    form.validate()
    assigned = {"mig": _actor(), "ingen": NOBODY}.get(form.tilldelad.data or "")
    filters = Filters(
        form_kind=form.formular.data or "",
        status=form.status.data or "",
        received_from=None if form.fran.errors else form.fran.data,
        received_to=None if form.till.errors else form.till.data,
        reference=(form.referens.data or "").strip(),
        assigned_to=assigned,
    )
    page = page_of(get_session(), filters, _page_number(), staff_settings().STAFF_PAGE_SIZE)
    audit.record_list_view("inkorg", len(page.rows))
    export = ExportForm(
        formular=filters.form_kind,
        status=filters.status,
        fran=filters.received_from.isoformat() if filters.received_from else "",
        till=filters.received_to.isoformat() if filters.received_to else "",
        referens=filters.reference,
        tilldelad=form.tilldelad.data or "",
    )
    return render_template(
        "staff/inbox.html",
        form=form,
        page=page,
        people={row.id: concerns(row, open_answers(row)) for row in page.rows},
        export=export,
        query=request.args.to_dict(),
    )


@bp.get("/arenden/<reference>/")
@staff_only()
def detail(reference: str) -> str:
    row = _submission(reference)
    audit.record_access("visade", reference=row.reference)
    return _detail_page(row)


@bp.get("/arenden/<reference>/utskrift/")
@staff_only()
def printable(reference: str) -> str:
    row = _submission(reference)
    audit.record_access("skrev-ut", reference=row.reference)
    answers, language = open_sealed(row)
    return render_template(
        "staff/print.html",
        row=row,
        language=language,
        person=concerns(row, answers),
        rows=rows_in_words(row, answers),
        history=history(get_session(), row),
        notes=notes(get_session(), row),
        printed_at=now(),
    )


@bp.post("/arenden/<reference>/status/")
@staff_only()
def change_status(reference: str) -> Response | tuple[str, int]:
    row = _submission(reference)
    form = _status_form(row)
    if not form.validate_on_submit():
        return _detail_page(row, status_form=form), 400
    casework.change_status(get_session(), row, form.status.data, _actor(), now())
    return _saved(row, "Statusen är ändrad.")


@bp.post("/arenden/<reference>/anteckning/")
@staff_only()
def add_note(reference: str) -> Response | tuple[str, int]:
    row = _submission(reference)
    form = NoteForm()
    if not form.validate_on_submit():
        return _detail_page(row, note_form=form), 400
    db, moment = get_session(), now()
    store_note(db, row, _actor(), form.anteckning.data, moment)
    casework.noted(db, row, _actor(), moment)
    return _saved(row, "Anteckningen är sparad.")


@bp.post("/arenden/<reference>/tilldela/")
@staff_only()
def assign(reference: str) -> Response | tuple[str, int]:
    row = _submission(reference)
    form = _assign_form(row)
    if not form.validate_on_submit():
        return _detail_page(row, assign_form=form), 400
    casework.assign(get_session(), row, form.handlaggare.data or None, _actor(), now())
    return _saved(row, "Ärendet är tilldelat.")


@bp.post("/arenden/<reference>/inte-skrap/")
@staff_only()
def not_spam(reference: str) -> Response:
    row = _submission(reference)
    casework.not_spam(get_session(), row, _actor(), now())
    return _saved(row, "Ärendet är flyttat till inkorgen.")


@bp.post("/arenden/<reference>/erbjud-plats/")
@staff_only()
def offer_place(reference: str) -> Response:
    row = _submission(reference)
    if not _waiting_in_queue(row):
        abort(400)
    casework.offer_place(get_session(), row, _actor(), now())
    get_session().commit()
    flash(f"Plats erbjuden för {row.reference}.")
    return redirect(url_for("lists.queue"))


@bp.route("/arenden/<reference>/radera/", methods=["GET", "POST"])
@staff_only(ADMINISTRATOR)
def delete(reference: str) -> Response | tuple[str, int] | str:
    row = _submission(reference)
    form = ConfirmDeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        casework.delete_submission(get_session(), row, _actor(), now())
        get_session().commit()
        erase_deleted(get_session())
        flash(f"{row.reference} är raderad.")
        return redirect(url_for(".inbox"))
    status = 400 if form.errors else 200
    return render_template("staff/delete.html", row=row, form=form), status


def _detail_page(row: Submission, **forms) -> str:
    db = get_session()
    answers, language = open_sealed(row)
    return render_template(
        "staff/detail.html",
        row=row,
        language=language,
        person=concerns(row, answers),
        rows=rows_in_words(row, answers),
        history=history(db, row),
        notes=notes(db, row),
        status_form=forms.get("status_form") or _status_form(row),
        note_form=forms.get("note_form") or NoteForm(formdata=None),
        assign_form=forms.get("assign_form") or _assign_form(row),
        queued=_waiting_in_queue(row),
    )


def _waiting_in_queue(row: Submission) -> bool:
    """Whether the submission holds a place in its e-service's queue, if it has one."""
    flow = eservices.flow_for(row.form_kind)
    queue = flow.queue if flow else None
    return queue is not None and row.status in queue.waiting


def _status_form(row: Submission) -> StatusForm:
    """Only the statuses that may follow the current one, as the e-service declares.

    Anything else sent (a forged POST, or a page left open while a colleague changed
    the status) is refused with a message that says why, and nothing changes.
    """
    form = StatusForm()
    form.status.choices = [
        SelectChoice(s.key, s.label) for s in eservices.next_statuses(row.form_kind, row.status)
    ]
    form.status.invalid = _refusal(row, form.status.data or "")
    return form


def _refusal(row: Submission, wanted: str) -> str:
    current = eservices.status(row.form_kind, row.status)
    if wanted == row.status:
        return (
            f"Ärendet har redan statusen {current.label}. Någon kan ha ändrat den medan "
            "sidan var öppen. Välj en av statusarna som visas nu"
        )
    if wanted in {s.key for s in eservices.statuses_for(row.form_kind)}:
        chosen = eservices.status(row.form_kind, wanted)
        return (
            f"Ett ärende med statusen {current.label} kan inte få statusen {chosen.label}. "
            "Välj en av statusarna som visas"
        )
    return "Välj ett av alternativen"


def _assign_form(row: Submission) -> AssignForm:
    form = AssignForm(data={"handlaggare": row.assigned_to or ""})
    users = active_users(get_session())
    form.handlaggare.choices = [SelectChoice("", "Ingen")] + [
        SelectChoice(u.username, f"{u.display_name} ({u.username})") for u in users
    ]
    return form


def _submission(reference: str) -> Submission:
    """The submission, or 404. A POST changes what it reads: take the write lock first."""
    db = get_session()
    if request.method == "POST":
        begin_writing(db)
    row = by_reference(db, reference[:8])
    if row is None:
        abort(404)
    return row


def _saved(row: Submission, message: str) -> Response:
    get_session().commit()
    flash(message)
    return redirect(url_for(".detail", reference=row.reference))


def _actor() -> str:
    user = current_user()
    if user is None:  # cannot happen behind staff_only; refuse rather than guess
        abort(401)
    return user.username


def _page_number() -> int:
    try:
        return int(request.args.get("sida", "1"))
    except ValueError:
        return 1
