"""Exports for the case management system and the case file: CSV and JSON.

CSV opens correctly in Swedish Excel by double-click: UTF-8 with a byte order mark,
`;` between fields, CRLF line ends. A cell that Excel would run as a formula (it
starts with = + - @ or a tab) gets a leading apostrophe, because the text comes from
the public. JSON follows `docs/export-schema.json` and keeps the answers exactly as
stored.
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
from form_service.staff.casefile import Answers, Note, rows_in_words
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


@dataclass(frozen=True)
class Opened:
    """A submission with what the staff side opened: answers, notes and history."""

    row: Submission
    form_title: str
    answers: Answers
    language: str  # the applicant's language, in Swedish ("arabiska"); '' if unreadable
    notes: list[Note]
    history: list[SubmissionEvent]


def to_csv(items: Iterable[Opened]) -> bytes:
    """One column per question the exported e-services' declarations ask, in the order
    they ask them; a question several e-services share (same step, same field) is one
    column."""
    items = list(items)
    headers = _headers(item.row.form_kind for item in items)
    table = []
    for item in items:
        answers = {
            headers[(row.step_slug, row.name)]: row.answer
            for row in rows_in_words(item.row, item.answers)
            if (row.step_slug, row.name) in headers
        }
        table.append((_fixed(item), answers))
    columns = list(headers.values())
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*FIXED_COLUMNS, *columns])
    for fixed, answers in table:
        writer.writerow([_cell(v) for v in (*fixed, *(answers.get(c, "") for c in columns))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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


def to_json(items: Iterable[Opened], exported_at: dt.datetime) -> bytes:
    document = {
        "schema": SCHEMA_ID,
        "exported_at": _iso(exported_at),
        "submissions": [_as_json(item) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


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
    return {
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
        "answers_in_words": [
            {"step": r.step_title, "question": r.label, "answer": r.answer}
            for r in rows_in_words(row, item.answers)
        ],
        "notes": [{"at": _iso(n.at), "author": n.author, "text": n.text} for n in item.notes],
        "history": [
            {"at": _iso(e.at), "event": e.kind, "actor": e.actor, "detail": e.detail}
            for e in item.history
        ],
    }


def _iso(moment: Any) -> str:
    return as_utc(moment).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
