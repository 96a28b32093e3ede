"""Administrators' pages: the audit log, finding everything about one person (for a
request for access or erasure), retention and deletion, and the list of users."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from form_service.core.clock import now
from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer
from form_service.core.retention import months_for
from form_service.core.swedish_time import local
from form_service.staff import audit, casework
from form_service.staff.access import ADMINISTRATOR, ROLES, current_user, staff_only
from form_service.staff.casefile import concerns, open_answers, personnummer_in
from form_service.staff.forms import ConfirmDeleteForm, PersonSearchForm
from form_service.staff.purge import expired, purge
from form_service.staff.views.exports import download_of
from form_service.storage.db import erase_deleted, get_session, write_after_reading
from form_service.storage.models import StaffUser, Submission

bp = Blueprint("admin", __name__, url_prefix="/admin")

LOG_PAGE_SIZE = 50


@bp.get("/logg/")
@staff_only(ADMINISTRATOR)
def audit_log() -> str:
    number = request.args.get("sida", "1")
    number = int(number) if number.isdigit() and int(number) > 0 else 1
    rows, total = audit.entries(get_session(), page=number, per_page=LOG_PAGE_SIZE)
    audit.record_access("visade-logg", detail=f"sida {number}")
    return render_template(
        "staff/audit.html",
        rows=rows,
        number=number,
        pages=max(1, -(-total // LOG_PAGE_SIZE)),
        actions=audit.ACTIONS,
    )


@bp.route("/person/", methods=["GET", "POST"])
@staff_only(ADMINISTRATOR)
def person() -> Response | str | tuple[str, int]:
    """Search by personnummer. The number travels only in POST bodies, never in a URL
    or the audit log (which records how many were found)."""
    form = PersonSearchForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template(
            "staff/person.html", form=form, rows=None
        ), 400 if form.errors else 200
    try:
        wanted = parse_personnummer(form.personnummer.data)
    except InvalidPersonnummer as problem:
        form.personnummer.errors = [str(problem)]
        return render_template("staff/person.html", form=form, rows=None), 400
    db, actor, moment = get_session(), current_user().username, now()
    opened = [(row, open_answers(row)) for row in _all(db)]
    hits = [(row, found) for row, found in opened if wanted.digits in personnummer_in(row, found)]
    unsearched = sum(1 for _row, found in opened if found.unreadable)
    rows = [row for row, _answers in hits]
    people = {row.id: concerns(row, answers) for row, answers in hits}
    action = request.form.get("atgard", "sok")
    if action == "json":
        return download_of(rows, "json")
    if action == "radera":
        return _delete_all(form, rows, people, actor, moment)
    audit.record_access("personsokning", detail=f"{len(rows)} träffar")
    return render_template(
        "staff/person.html",
        form=form,
        rows=rows,
        people=people,
        confirm=ConfirmDeleteForm(),
        unsearched=unsearched,
    )


@bp.route("/gallring/", methods=["GET", "POST"])
@staff_only(ADMINISTRATOR)
def retention() -> Response | str | tuple[str, int]:
    db, moment = get_session(), now()
    today = local(moment).date()
    form = ConfirmDeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        gone = purge(db, today, moment, dry_run=False, actor=current_user().username)
        flash(f"{len(gone)} ärenden som passerat sitt gallringsdatum är raderade.")
        return redirect(url_for(".retention"))
    config = current_app.extensions["site_config"]
    months = {
        key: (service.titel, months_for(config, key)) for key, service in config.eservices.items()
    }
    return render_template(
        "staff/retention.html", months=months, rows=expired(db, today), form=form
    ), (400 if form.errors else 200)


@bp.get("/anvandare/")
@staff_only(ADMINISTRATOR)
def users() -> str:
    rows = get_session().scalars(select(StaffUser).order_by(StaffUser.username)).all()
    return render_template("staff/users.html", rows=rows, roles=ROLES)


def _delete_all(form: PersonSearchForm, rows: list[Submission], people: dict, actor: str, moment):
    confirm = ConfirmDeleteForm()
    if not confirm.validate():
        page = render_template(
            "staff/person.html", form=form, rows=rows, people=people, confirm=confirm
        )
        return page, 400
    db = get_session()
    write_after_reading(db)
    for row in rows:
        casework.delete_submission(db, row, actor, moment)
    db.commit()
    erase_deleted(db)
    flash(f"{len(rows)} ärenden är raderade.")
    return redirect(url_for(".person"))


def _all(db) -> list[Submission]:
    """Every submission: the answers are sealed, so the search opens each one. A
    municipality's few thousand open in well under a second."""
    return list(db.scalars(select(Submission).order_by(Submission.created_at)))
