"""What every form step shares: whitespace stripped, CSRF, and field helpers.

The helpers put each field's rules in one place: its label, hint (shown under the
label), Swedish messages, length limit, and the autocomplete token that lets a
phone fill in personal details.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from form_service.validators import (
    ConfiguredAge,
    EmailAddress,
    MayBeEmpty,
    OnlyWhen,
    PersonName,
    PlainText,
    Required,
    ShorterThan,
    SwedishPhone,
    ValidPersonnummer,
)


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class StepForm(FlaskForm):
    """A step of a form; every text value arrives without surrounding whitespace."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [strip_whitespace, *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a list of values)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


YES_NO = [("ja", "Ja"), ("nej", "Nej")]


def text(label, thing, *, hint="", limit=100, autocomplete=None, optional=False, rules=()):
    presence = MayBeEmpty() if optional else Required(thing=thing)
    kw = {"autocomplete": autocomplete} if autocomplete else {}
    validators = [presence, ShorterThan(limit, thing), PlainText(), *rules]
    return StringField(label, description=hint, validators=validators, render_kw=kw)


def long_text(label, thing, *, hint="", limit=2000, optional=False):
    presence = MayBeEmpty() if optional else Required(thing=thing, verb="Skriv")
    validators = [presence, ShorterThan(limit, thing), PlainText(multiline=True)]
    return TextAreaField(label, description=hint, validators=validators)


def name(label, thing, autocomplete=None):
    return text(label, thing, autocomplete=autocomplete, rules=[PersonName()])


def phone(label="Telefonnummer", thing="ditt telefonnummer", optional=False):
    return text(
        label,
        thing,
        hint="Till exempel 070-123 45 67",
        limit=20,
        autocomplete="tel",
        optional=optional,
        rules=[SwedishPhone()],
    )


def email(label="E-postadress", thing="din e-postadress", optional=False):
    return text(
        label, thing, limit=254, autocomplete="email", optional=optional, rules=[EmailAddress()]
    )


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def choice(label, thing, choices, *, hint=""):
    choices = _options(choices)
    return RadioField(
        label, description=hint, choices=choices, validators=[Required(thing=thing, verb="Välj")]
    )


def choices(label, thing, options, *, hint=""):
    options = _options(options)
    return CheckboxesField(
        label, description=hint, choices=options, validators=[Required(thing=thing, verb="Välj")]
    )


def consent(label, thing):
    return BooleanField(label, validators=[Required(thing=thing, verb="Kryssa i att")])


def personnummer(label, thing, *, hint="ÅÅÅÅMMDD-XXXX", age: ConfiguredAge | None = None):
    rules = [ValidPersonnummer(), *([age] if age else [])]
    return text(label, thing, hint=hint, limit=20, rules=rules)


def only_when(other: str, answer: str, field):
    """Ask `field` only when the field `other` has `answer`."""
    field.kwargs["validators"].insert(0, OnlyWhen(other, answer))
    return field
