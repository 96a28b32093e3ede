"""A submission as a case officer reads it: answers opened, people named, history.

Only the staff side can do this: it alone holds the private key. Lists show who a
submission concerns with a masked personnummer; the full number is for the detail
page and exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from form_service.core.crypto import CannotOpen, public_key_of, seal, unseal
from form_service.core.i18n import SWEDISH_NAMES
from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer
from form_service.eservices import flow_for
from form_service.eservices.answers import Row, answer_rows
from form_service.staff.settings import staff_settings
from form_service.storage.models import Submission, SubmissionEvent, SubmissionNote
from form_service.storage.submissions import split_language

Answers = dict[str, dict]


@dataclass(frozen=True)
class Concerns:
    """Whom a submission is about: the child where there is one, else the sender."""

    name: str
    personnummer: str  # YYYYMMDD-NNNC, or "" when missing
    masked: str  # YYYYMMDD-****


@dataclass(frozen=True)
class Note:
    at: object
    author: str
    text: str


def private_key() -> str:
    return staff_settings().SUBMISSION_PRIVATE_KEY


def open_answers(row: Submission) -> Answers:
    """The answers; an unreadable row (wrong key) reads as empty, never as a crash."""
    return open_sealed(row)[0]


def open_sealed(row: Submission) -> tuple[Answers, str]:
    """The answers and the language the applicant used, in Swedish ("arabiska"); an
    unreadable row reads as no answers and an empty language."""
    try:
        opened = json.loads(unseal(private_key(), row.sealed_answers))
    except (CannotOpen, ValueError):
        current_app.logger.error("submission %s could not be opened with this key", row.reference)
        return {}, ""
    answers, key = split_language(opened)
    return answers, SWEDISH_NAMES.get(key, key)


def concerns(row: Submission, answers: Answers) -> Concerns:
    """Whom the declaration says the answers are about: a child where the answers name
    one, otherwise the applicant."""
    flow = flow_for(row.form_kind)
    if flow is None:
        return Concerns("–", "", "")
    person = flow.people.concerned(answers)
    formatted = _formatted(person.personnummer_in(answers))
    masked = f"{formatted[:8]}-****" if formatted else ""
    return Concerns(person.name_in(answers) or "–", formatted, masked)


def personnummer_in(row: Submission, answers: Answers) -> set[str]:
    """Every personnummer the answers give (applicant, child, partner), as 12 digits,
    for a person search: the declaration says which answers are personnummer."""
    flow = flow_for(row.form_kind)
    numbers = (_formatted(value) for value in (flow.personnummer_in(answers) if flow else []))
    return {number.replace("-", "") for number in numbers if number}


def rows_in_words(row: Submission, answers: Answers) -> list[Row]:
    flow = flow_for(row.form_kind)
    return answer_rows(flow, answers) if flow and answers else []


def history(db: Session, row: Submission) -> list[SubmissionEvent]:
    return list(
        db.scalars(
            select(SubmissionEvent)
            .where(SubmissionEvent.submission_id == row.id)
            .order_by(SubmissionEvent.id)
        )
    )


def notes(db: Session, row: Submission) -> list[Note]:
    found = db.scalars(
        select(SubmissionNote)
        .where(SubmissionNote.submission_id == row.id)
        .order_by(SubmissionNote.id)
    )
    return [Note(note.at, note.author, _open_note(note)) for note in found]


def add_note(db: Session, row: Submission, author: str, text: str, at) -> None:
    sealed = seal(public_key_of(private_key()), text.encode())
    db.add(SubmissionNote(submission_id=row.id, at=at, author=author, sealed_text=sealed))


def _open_note(note: SubmissionNote) -> str:
    try:
        return unseal(private_key(), note.sealed_text).decode()
    except CannotOpen:
        return "(anteckningen kan inte läsas med den här nyckeln)"


def _formatted(number: str) -> str:
    try:
        return str(parse_personnummer(number))
    except InvalidPersonnummer:
        return ""
