"""Answers as the check page shows them: each question with the answer in words."""

from __future__ import annotations

from dataclasses import dataclass

from form_service.flows import Answers, Flow


@dataclass(frozen=True)
class Row:
    step_slug: str
    step_title: str
    label: str
    answer: str
    name: str = ""  # the field's name: two questions may share a label ("Namn")


def answer_rows(flow: Flow, answers: Answers) -> list[Row]:
    rows = []
    for step in flow.applying(answers):
        form = step.form(meta={"csrf": False}, data=answers.get(step.slug, {}))
        for field in form:
            if field.name == "csrf_token" or answers[step.slug].get(field.name) is None:
                continue
            rows.append(Row(step.slug, step.title, field.label.text, _in_words(field), field.name))
    return rows


def _in_words(field) -> str:
    data = field.data
    labels = {option.value: option.label for option in getattr(field, "choices", None) or []}
    if isinstance(data, list):
        return ", ".join(str(labels.get(value, value)) for value in data) or "–"
    if isinstance(data, bool):
        return "Ja" if data else "Nej"
    if data in (None, ""):
        return "–"
    return str(labels.get(data, data))
