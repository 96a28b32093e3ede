"""What a citizen typed, as every page and export that shows stored answers must show it.

Worked out from the journey answers and the form classes' labels and choices only,
not through the code that renders answers, so a test compares what was typed with
what is shown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wtforms import BooleanField
from wtforms.fields.core import UnboundField

from form_service.eservices import FLOWS

# Skatteverket's published test numbers, as the service stores them.
PERSONNUMMER = {"811218-9876": "19811218-9876", "640823-3234": "19640823-3234"}


def stored_value(name: str, typed):
    """The value as stored: numbers in their one canonical form, a ticked box as True."""
    if name.endswith("personnummer"):
        return PERSONNUMMER[typed]
    if name.endswith("telefon"):
        return re.sub(r"[\s\-]", "", typed)
    if name == "postnummer":
        return f"{typed[:3]} {typed[3:]}"
    if typed == "y":
        return True
    return typed


def expected_rows(kind: str, answers: dict) -> list[tuple[str, str, str]]:
    """(step title, question, answer in words) for every answer given, in step order."""
    rows = []
    for step in FLOWS[kind].steps:
        for name, typed in answers.get(step.slug, {}).items():
            field = getattr(step.form, name)
            assert isinstance(field, UnboundField), name
            rows.append((step.title, field.args[0], _in_words(field, stored_value(name, typed))))
    return rows


def _in_words(field: UnboundField, value) -> str:
    labels = {option.value: option.label for option in field.kwargs.get("choices") or []}
    if isinstance(value, list):
        return ", ".join(labels[item] for item in value)
    if field.field_class is BooleanField:
        return "Ja" if value else "Nej"
    return labels.get(value, value) or "–"


def answers_on_page(html: str) -> list[tuple[str, str, str]]:
    """(heading, question, answer) of every `<dl class="answers">` on a page."""
    parser = _AnswerLists()
    parser.feed(html)
    return parser.rows


class _AnswerLists(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, str, str]] = []
        self.heading, self.label = "", ""
        self.reading: str | None = None  # "heading", "dt" or "dd"
        self.in_list, self.answered, self.text = False, False, ""

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("h2", "h3"):
            self.reading, self.text = "heading", ""
        elif tag == "dl":
            self.in_list = "answers" in classes
        elif self.in_list and tag == "dt":
            self.reading, self.text, self.answered = "dt", "", False
        elif self.in_list and tag == "dd" and not self.answered:
            self.reading, self.text = "dd", ""

    def handle_endtag(self, tag):
        if tag in ("h2", "h3") and self.reading == "heading":
            self.heading = self.text.strip()
        elif tag == "dt" and self.reading == "dt":
            self.label = self.text.strip()
        elif tag == "dd" and self.reading == "dd":
            self.rows.append((self.heading, self.label, self.text.strip()))
            self.answered = True
        elif tag == "dl":
            self.in_list = False
        else:
            return
        self.reading = None

    def handle_data(self, data):
        if self.reading:
            self.text += data
