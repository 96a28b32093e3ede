"""A submission as a case officer reads it: answers opened, people named, history.

Only the staff side can do this: it alone holds the private keys (its keyring). Lists
show who a submission concerns with a masked personnummer; the full number is for the
detail page and exports. A row the keyring cannot open (its key was retired, or never
given to this process) reads as one Swedish sentence saying which key it needs, on
every page and in exports, and the rest of the page works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from form_service.core.crypto import CannotOpen
from form_service.core.i18n import SWEDISH_NAMES
from form_service.core.keyring import KeyMissing, unreadable
from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer
from form_service.eservices import flow_for
from form_service.eservices.answers import Row, answer_rows
from form_service.staff.settings import keyring
from form_service.storage.models import Submission, SubmissionEvent, SubmissionNote
from form_service.storage.submissions import split_language

DAMAGED = "Kan inte öppnas: det förseglade innehållet är skadat eller ändrat."


class Answers(dict):
    """The answers as stored (step → field → value); empty, with `unreadable` saying
    why, when they cannot be opened."""

    unreadable: str = ""

    @classmethod
    def cannot_open(cls, why: str) -> Answers:
        answers = cls()
        answers.unreadable = why
        return answers


@dataclass(frozen=True)
class Concerns:
    """Whom a submission is about: the child where there is one, else the sender."""

    name: str
    personnummer: str  # YYYYMMDD-NNNC, or "" when missing
    masked: str  # YYYYMMDD-****
    unreadable: str = ""  # why the answers cannot be opened, if they cannot


@dataclass(frozen=True)
class Note:
    at: object
    author: str
    text: str


def open_answers(row: Submission) -> Answers:
    """The answers, opened with the key that sealed them; a row the keyring cannot open
    reads as empty with the reason, never as a crash."""
    return open_sealed(row)[0]


def open_sealed(row: Submission) -> tuple[Answers, str]:
    """The answers and the language the applicant used, in Swedish ("arabiska"); a row
    the keyring cannot open reads as no answers, with the reason, and no language."""
    try:
        opened = json.loads(keyring().open(row.sealed_answers, row.key_id))
    except KeyMissing as missing:
        current_app.logger.error(
            "submission %s: its key %s is not in the keyring", row.reference, missing.wanted
        )
        return Answers.cannot_open(unreadable(missing.wanted)), ""
    except (CannotOpen, ValueError):
        current_app.logger.error("submission %s could not be opened (damaged)", row.reference)
        return Answers.cannot_open(DAMAGED), ""
    answers, key = split_language(opened)
    return Answers(answers), SWEDISH_NAMES.get(key, key)


def concerns(row: Submission, answers: Answers) -> Concerns:
    """Whom the declaration says the answers are about: a child where the answers name
    one, otherwise the applicant."""
    if getattr(answers, "unreadable", ""):
        return Concerns("Kan inte öppnas", "", "", answers.unreadable)
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
    return histories_of(db, [row])[row.id]


def notes(db: Session, row: Submission) -> list[Note]:
    return notes_of(db, [row])[row.id]


def notes_of(db: Session, rows: list[Submission]) -> dict[int, list[Note]]:
    """The notes of many submissions in one query, by submission id, oldest first."""
    found: dict[int, list[Note]] = {row.id: [] for row in rows}
    for note in db.scalars(
        select(SubmissionNote)
        .where(SubmissionNote.submission_id.in_(list(found)))
        .order_by(SubmissionNote.id)
    ):
        found[note.submission_id].append(Note(note.at, note.author, _open_note(note)))
    return found


def histories_of(db: Session, rows: list[Submission]) -> dict[int, list[SubmissionEvent]]:
    """The history of many submissions in one query, by submission id."""
    found: dict[int, list[SubmissionEvent]] = {row.id: [] for row in rows}
    for event in db.scalars(
        select(SubmissionEvent)
        .where(SubmissionEvent.submission_id.in_(list(found)))
        .order_by(SubmissionEvent.id)
    ):
        found[event.submission_id].append(event)
    return found


def add_note(db: Session, row: Submission, author: str, text: str, at) -> None:
    """Sealed with the current key, like the answers (a note may name people)."""
    sealed, key = keyring().seal(text.encode())
    db.add(
        SubmissionNote(submission_id=row.id, at=at, author=author, sealed_text=sealed, key_id=key)
    )


def _open_note(note: SubmissionNote) -> str:
    try:
        return keyring().open(note.sealed_text, note.key_id).decode()
    except KeyMissing as missing:
        return f"(Anteckningen: {unreadable(missing.wanted)})"
    except CannotOpen:
        return f"(Anteckningen: {DAMAGED})"


def _formatted(number: str) -> str:
    try:
        return str(parse_personnummer(number))
    except InvalidPersonnummer:
        return ""
