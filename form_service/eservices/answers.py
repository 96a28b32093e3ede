"""Answers as the check page and the staff side show them: each question with the
answer in words, under its step's heading, in the order the form asks them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from form_service.core.i18n import gettext as _
from form_service.eservices.flows import Answers, Flow
from form_service.forms.base import StepForm


@dataclass(frozen=True)
class Row:
    step_slug: str
    step_title: str
    label: str
    answer: str
    name: str = ""  # the field's name: two questions may share a label ("Namn")


def answer_rows(
    flow: Flow, answers: Answers, forms: dict[str, StepForm] | None = None
) -> list[Row]:
    """The stored answers in words, whatever the current request carries.

    The forms are `Step.saved_form`s (`formdata=None`): without that Flask-WTF reads
    the request body on any POST (an export, a refused note, a refused send), and a
    ticked box or a chosen option that is not in that body would be shown as not
    given. `forms`: `flow.saved_forms(answers)`, when the caller has built them already
    (and not yet validated them).
    """
    forms = forms or flow.saved_forms(answers)
    rows = []
    for step in flow.applying(answers):
        given = answers.get(step.slug) or {}
        form = forms[step.slug]
        for field in form:
            if field.name == "csrf_token" or given.get(field.name) is None:
                continue
            label, title = str(field.label.text), str(step.title)  # in the request's language
            rows.append(Row(step.slug, title, label, _in_words(field), field.name))
    return rows


def by_step(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Answers under their step's heading, in the order the form asked them (WCAG
    1.3.2): Jinja's own `groupby` would sort the headings alphabetically."""
    return [(title, list(items)) for title, items in groupby(rows, key=lambda r: r.step_title)]


def _in_words(field) -> str:
    data = field.data
    labels = {option.value: option.label for option in getattr(field, "choices", None) or []}
    if isinstance(data, list):
        return ", ".join(str(labels.get(value, value)) for value in data) or "–"
    if isinstance(data, bool):
        return _("Ja") if data else _("Nej")
    if data in (None, ""):
        return "–"
    return str(labels.get(data, data))
