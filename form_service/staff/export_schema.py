"""The JSON export's schema (`docs/export-schema.json`), generated from the declarations.

Every e-service's form kind, steps and questions come from its declaration, so the
schema cannot fall behind a new e-service or a new question. `make export-schema`
writes the file; a test checks that the committed file is what this module writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from form_service.eservices import FLOWS
from form_service.eservices.flows import Column, Flow, answer_type
from form_service.staff.exports import SCHEMA_ID

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"
DATE_TIME = {"type": "string", "format": "date-time"}


def export_schema() -> dict[str, Any]:
    """The whole schema: the document, a submission, and each e-service's answers."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Export från handläggarstödet",
        "description": (
            "Inkomna intresseanmälningar och ansökningar som handläggarstödet exporterar. "
            "Alla tider i UTC (ISO 8601, slutar på Z). Filen skapas ur e-tjänsternas "
            "deklarationer med make export-schema."
        ),
        "type": "object",
        "required": ["schema", "exported_at", "submissions"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "exported_at": DATE_TIME,
            "submissions": {"type": "array", "items": {"$ref": "#/$defs/submission"}},
        },
        "$defs": {
            "submission": _submission(),
            **{f"answers-{flow.key}": _answers(flow) for flow in FLOWS.values()},
        },
    }


def _submission() -> dict[str, Any]:
    nullable_text = {"type": ["string", "null"]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "reference",
            "form_kind",
            "form_title",
            "received_at",
            "updated_at",
            "status",
            "status_label",
            "queue_position",
            "assigned_to",
            "spam_suspected",
            "retain_until",
            "language",
            "answers",
            "answers_in_words",
            "notes",
            "history",
        ],
        "properties": {
            "reference": {
                "type": "string",
                "pattern": "^[A-HJ-NP-Z2-9]{8}$",
                "description": "Referensnumret på kvittot.",
            },
            "form_kind": {"enum": list(FLOWS)},
            "form_title": {"type": "string"},
            "received_at": DATE_TIME,
            "updated_at": DATE_TIME,
            "status": {
                "type": "string",
                "description": "Statusens nyckel, t.ex. ny, kontaktad, i-ko.",
            },
            "status_label": {"type": "string", "description": "Statusen som handläggare ser den."},
            "queue_position": {
                "type": ["integer", "null"],
                "description": "Köordning (bara e-tjänster med kö).",
            },
            "assigned_to": {
                **nullable_text,
                "description": "Användarnamn på tilldelad handläggare.",
            },
            "spam_suspected": {"type": "boolean"},
            "retain_until": {
                "type": ["string", "null"],
                "format": "date",
                "description": "Dag då ärendet gallras om inget ändras.",
            },
            "language": {
                "type": "string",
                "description": (
                    "Språket den sökande använde i e-tjänsten, på svenska (svenska, "
                    "lättläst svenska, engelska, arabiska, dari, somaliska, tigrinska); tomt "
                    "om svaren inte kunde läsas."
                ),
            },
            "answers": {
                "type": "object",
                "description": (
                    "Svaren som de sparades: steg → fältnamn → värde (text, lista av val "
                    "eller sant/falskt). Stegen och frågorna för varje formulär står under "
                    "answers-<form_kind>."
                ),
            },
            "unreadable": {
                "type": "string",
                "description": (
                    "Bara när svaren inte kunde öppnas (answers är då tomt): varför, t.ex. "
                    "att ärendet är förseglat med en nyckel som inte finns i nyckelringen."
                ),
            },
            "answers_in_words": {
                "type": "array",
                "description": "Samma svar som på granskningssidan: frågan och svaret i ord.",
                "items": _record({"step": "string", "question": "string", "answer": "string"}),
            },
            "notes": {
                "type": "array",
                "items": _record({"at": DATE_TIME, "author": "string", "text": "string"}),
            },
            "history": {
                "type": "array",
                "items": _record(
                    {
                        "at": DATE_TIME,
                        "event": "string",
                        "actor": nullable_text,
                        "detail": nullable_text,
                    }
                ),
            },
        },
        "allOf": [
            {
                "if": {"properties": {"form_kind": {"const": flow.key}}},
                "then": {"properties": {"answers": {"$ref": f"#/$defs/answers-{flow.key}"}}},
            }
            for flow in FLOWS.values()
        ],
    }


def _record(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": {
            name: {"type": kind} if isinstance(kind, str) else kind
            for name, kind in properties.items()
        },
    }


def _answers(flow: Flow) -> dict[str, Any]:
    """Each step the e-service may store, with each of its questions."""
    steps: dict[str, dict[str, Any]] = {}
    for column in flow.columns():
        step = steps.setdefault(
            column.step,
            {
                "type": "object",
                "description": column.step_title,
                "additionalProperties": False,
                "properties": {},
            },
        )
        step["properties"][column.name] = {"description": column.label, **_value(column)}
    return {"type": "object", "additionalProperties": False, "properties": steps}


def _value(column: Column) -> dict[str, Any]:
    """What the stored value may be; None for a question that did not apply."""
    kind = answer_type(column.field)
    offered = [option.value for option in column.field.kwargs.get("choices") or []]
    if kind == "boolean":
        return {"type": ["boolean", "null"]}
    if kind == "choices":
        return {"type": ["array", "null"], "items": {"enum": offered}}
    if kind == "choice":
        return {"enum": [*offered, None]}
    return {"type": ["string", "null"]}


def schema_text() -> str:
    return json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"{SCHEMA_FILE}\n")
