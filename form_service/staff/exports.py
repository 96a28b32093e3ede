"""Exports for the case management system and the case file: CSV and JSON, written
one submission at a time so an export of any size streams in constant memory.

CSV opens correctly in Swedish Excel by double-click: UTF-8 with a byte order mark,
`;` between fields, CRLF line ends. A cell that Excel would run as a formula (it
starts with = + - @ or a tab) gets a leading apostrophe, because the text comes from
the public. JSON follows `docs/export-schema.json` and keeps the answers exactly as
stored; streamed, it is still one valid JSON document, one submission a line.

A submission whose answers cannot be opened (its key is not in the keyring, or the
box is damaged) is still a row of the file, with its reference and status, and says
why: in CSV in a last column, "Kan inte öppnas", which is there only when the
selection holds a row sealed with a key the keyring lacks (known before the first
byte from the rows' key ids; a damaged box, which nothing announces, has its reason in
the first answer column instead); in JSON in `unreadable`. One bad row never cuts an
export short.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from form_service import eservices
from form_service.core.swedish_time import as_utc, local
from form_service.eservices.answers import Row, answer_rows
from form_service.forms.base import StepForm
from form_service.staff.casefile import Answers, Note
from form_service.storage.models import Submission, SubmissionEvent

SCHEMA_ID = "kontaktstod-export/1"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = (
    "Referens",
    "Formulär",
    "Mottagen",
    "Status",
    "Plats i kö",
    "Handläggare",
    "Misstänkt skräp",
    "Språk",
)
UNREADABLE_COLUMN = "Kan inte öppnas"


@dataclass(frozen=True)
class Opened:
    """A submission with what the staff side opened: answers, notes and history;
    `words` the answers in words; `unreadable` why its answers could not be opened."""

    row: Submission
    form_title: str
    answers: Answers
    language: str  # the applicant's language, in Swedish ("arabiska"); '' if unreadable
    notes: list[Note]
    history: list[SubmissionEvent]
    words: list[Row]
    unreadable: str = ""


class AnswersInWords:
    """The answers in words, as the check page shows them, for many submissions.

    Building a step's WTForms form binds every field anew, which cost more than all
    the rest of an export together; here each step's form is built once per export
    and refilled with the next submission's answers (`process`, which sets every
    field, given or not, exactly as a new form would).
    """

    def __init__(self) -> None:
        self._forms: dict[tuple[str, str], StepForm] = {}

    def rows(self, form_kind: str, answers: Answers) -> list[Row]:
        flow = eservices.flow_for(form_kind)
        if flow is None or not answers:
            return []
        forms = {}
        for step in flow.applying(answers):
            form = self._forms.get((flow.key, step.slug))
            if form is None:
                form = self._forms[(flow.key, step.slug)] = step.saved_form(answers)
            else:
                form.process(None, data=answers.get(step.slug) or {})
            forms[step.slug] = form
        return answer_rows(flow, answers, forms)


class CsvFile:
    """One column per question the exported e-services' declarations ask, in the order
    they ask them; a question several e-services share (same step, same field) is one
    column. `form_kinds`: those in the export, in the order they first appear;
    `unreadable_column`: whether a row will need "Kan inte öppnas"."""

    def __init__(self, form_kinds: Iterable[str], unreadable_column: bool = False) -> None:
        self.headers = _headers(form_kinds)
        self.columns = list(self.headers.values())
        self.unreadable_column = unreadable_column

    def start(self) -> bytes:
        last = [UNREADABLE_COLUMN] if self.unreadable_column else []
        return "\ufeff".encode() + self.lines([[*FIXED_COLUMNS, *self.columns, *last]])

    def rows(self, items: Iterable[Opened]) -> bytes:
        return self.lines(self._cells(item) for item in items)

    def end(self) -> bytes:
        return b""

    def _cells(self, item: Opened) -> list[str]:
        answers = {
            self.headers[(row.step_slug, row.name)]: row.answer
            for row in item.words
            if (row.step_slug, row.name) in self.headers
        }
        if item.unreadable and not self.unreadable_column and self.columns:
            answers = {self.columns[0]: item.unreadable}  # a damaged box: nothing announced it
        values = [*_fixed(item), *(answers.get(column, "") for column in self.columns)]
        if self.unreadable_column:
            values.append(item.unreadable)
        return [_cell(value) for value in values]

    @staticmethod
    def lines(rows: Iterable[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        return out.getvalue().encode("utf-8")


class JsonFile:
    """The document `{"schema", "exported_at", "submissions": [...]}` in pieces: its
    start, the submissions, its end. Each submission is one line (the C encoder
    writes it; an indented document goes through Python's, several times slower),
    so the file is valid JSON and still readable a submission at a time."""

    def __init__(self, exported_at: dt.datetime) -> None:
        self.exported_at = exported_at
        self._written = 0

    def start(self) -> bytes:
        head = {"schema": SCHEMA_ID, "exported_at": _iso(self.exported_at)}
        return (json.dumps(head, ensure_ascii=False)[:-1] + ', "submissions": [').encode()

    def rows(self, items: Iterable[Opened]) -> bytes:
        parts = []
        for item in items:
            parts.append(("," if self._written else "") + "\n")
            parts.append(json.dumps(_as_json(item), ensure_ascii=False))
            self._written += 1
        return "".join(parts).encode("utf-8")

    def end(self) -> bytes:
        return b"\n]}\n"


def to_csv(items: Iterable[Opened]) -> bytes:
    """The whole CSV file of a few submissions at once."""
    items = list(items)
    csv_file = CsvFile(
        (item.row.form_kind for item in items), any(item.unreadable for item in items)
    )
    return csv_file.start() + csv_file.rows(items)


def to_json(items: Iterable[Opened], exported_at: dt.datetime) -> bytes:
    """The whole JSON document of a few submissions at once."""
    json_file = JsonFile(exported_at)
    return json_file.start() + json_file.rows(items) + json_file.end()


def _headers(form_kinds: Iterable[str]) -> dict[tuple[str, str], str]:
    """(step, field) → its column's unique header, "Step title: Question"."""
    headers: dict[tuple[str, str], str] = {}
    for kind in dict.fromkeys(form_kinds):
        flow = eservices.flow_for(kind)
        for column in flow.columns() if flow else []:
            key = (column.step, column.name)
            if key not in headers:
                headers[key] = _unique(f"{column.step_title}: {column.label}", headers.values())
    return headers


def _unique(header: str, taken: Iterable[str]) -> str:
    """ "Referenser: Namn", then "Referenser: Namn (2)" for the second reference's name."""
    taken = set(taken)
    candidate, number = header, 1
    while candidate in taken:
        number += 1
        candidate = f"{header} ({number})"
    return candidate


def _fixed(item: Opened) -> tuple[str, ...]:
    row = item.row
    return (
        row.reference,
        item.form_title,
        local(row.created_at).strftime("%Y-%m-%d %H:%M"),
        eservices.status(row.form_kind, row.status).label,
        "" if row.queue_position is None else str(row.queue_position),
        row.assigned_to or "",
        "Ja" if row.spam_suspected else "Nej",
        item.language,
    )


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _as_json(item: Opened) -> dict[str, Any]:
    row = item.row
    document = {
        "reference": row.reference,
        "form_kind": row.form_kind,
        "form_title": item.form_title,
        "received_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
        "status": row.status,
        "status_label": eservices.status(row.form_kind, row.status).label,
        "queue_position": row.queue_position,
        "assigned_to": row.assigned_to,
        "spam_suspected": bool(row.spam_suspected),
        "retain_until": row.retain_until.isoformat() if row.retain_until else None,
        "language": item.language,
        "answers": item.answers,
        **({"unreadable": item.unreadable} if item.unreadable else {}),
        "answers_in_words": [
            {"step": r.step_title, "question": r.label, "answer": r.answer} for r in item.words
        ],
        "notes": [{"at": _iso(n.at), "author": n.author, "text": n.text} for n in item.notes],
        "history": [
            {"at": _iso(e.at), "event": e.kind, "actor": e.actor, "detail": e.detail}
            for e in item.history
        ],
    }
    return document


def _iso(moment: Any) -> str:
    return as_utc(moment).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
