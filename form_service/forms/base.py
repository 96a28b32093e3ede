"""What every form step shares: whitespace stripped, CSRF, and field helpers.

The helpers put each field's rules in one place: its label, hint (shown under the
label), Swedish messages, length limit, and the autocomplete token that lets a
phone fill in personal details.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import ListWidget

from form_service.core.validators import (
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
from form_service.forms.widgets import CheckboxInput, RadioInput, TextInput

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_whitespace(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def input_attributes(field: Field) -> dict[str, str]:
    """What the field's rules tell the browser about its input: `type="tel"` for a
    phone number, `inputmode="numeric"` for a personnummer (see each validator's
    `input_attributes`), so a phone shows the right keyboard wherever the rule is used."""
    found: dict[str, str] = {}
    for rule in field.validators:
        found.update(getattr(rule, "input_attributes", {}))
    return found


class StepForm(FlaskForm):
    """A step of a form; every text value arrives without surrounding whitespace."""

    class Meta:
        # The field macro adds "(frivilligt)" to an optional question's label: in the
        # citizens' forms every question is required unless it says so.
        mark_optional = True
        # No CSRF field of the form's own: the app's CSRFProtect (core/security.py)
        # checks the page's token on every POST before any view runs, and the form
        # wrapper writes that token; a field would only make and check it again.
        csrf = False

        def bind_field(self, form, unbound_field, options):
            filters = [strip_whitespace, *unbound_field.kwargs.get("filters", [])]
            return unbound_field.bind(form=form, filters=filters, **options)

        def render_field(self, field, render_kw):
            """The input attributes its rules give (a declared `render_kw` wins), and a
            rejected control character shown as � when the value is shown again.

            The value keeps it (so PlainText can say what is wrong), but HTML may not
            contain it: a NUL would make the page itself invalid.
            """
            render_kw = {**input_attributes(field), **(field.render_kw or {}), **render_kw}
            html = super().render_field(field, render_kw)
            # Already escaped HTML: replacing control characters cannot add markup.
            return Markup(CONTROL_CHARACTERS.sub("\ufffd", str(html)))  # noqa: S704


class RadiosField(RadioField):
    """One choice as radio buttons; an answer not offered gets the field's Swedish message.

    WTForms' own message is English and, for several choices, repeats what was sent.
    """

    option_widget = RadioInput()

    def __init__(self, *args: Any, invalid: str = "Välj ett av alternativen", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.invalid = invalid

    def pre_validate(self, form: Any) -> None:
        offered = {value for value, *_ in self.iter_choices()}
        if self.data and self.data not in offered:
            raise StopValidation(self.invalid)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a list of values); unknown values as for RadiosField.

    "Choose at least one" belongs to the group, not to each box: `requirement` (such as
    "Välj minst ett uppdrag") is shown in the group's legend, and no box is marked
    `required`, which would tell a screen reader that every box must be ticked.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(
        self,
        *args: Any,
        invalid: str = "Välj bland alternativen",
        requirement: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.invalid = invalid
        self.requirement = requirement

    def __iter__(self) -> Iterator[Field]:
        for option in super().__iter__():
            option.flags.required = False
            yield option

    def pre_validate(self, form: Any) -> None:
        offered = {value for value, *_ in self.iter_choices()}
        if any(value not in offered for value in self.data or []):
            raise StopValidation(self.invalid)
        self.data = list(dict.fromkeys(self.data or []))  # a value sent many times counts once


YES_NO = [("ja", "Ja"), ("nej", "Nej")]


def text(label, thing, *, hint="", limit=100, autocomplete=None, optional=False, rules=()):
    presence = MayBeEmpty() if optional else Required(thing=thing)
    kw = {"autocomplete": autocomplete} if autocomplete else {}
    validators = [presence, ShorterThan(limit, thing), PlainText(), *rules]
    return StringField(
        label, description=hint, validators=validators, render_kw=kw, widget=TextInput()
    )


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
    required = Required(thing=thing, verb="Välj")
    return RadiosField(
        label, description=hint, choices=choices, validators=[required], invalid=required.message
    )


def choices(label, thing, options, *, hint=""):
    options = _options(options)
    required = Required(thing=thing, verb="Välj")
    return CheckboxesField(
        label,
        description=hint,
        choices=options,
        validators=[required],
        invalid=required.message,
        requirement=required.message,
    )


def consent(label, thing):
    required = Required(thing=thing, verb="Kryssa i att")
    return BooleanField(label, validators=[required], widget=CheckboxInput())


def personnummer(label, thing, *, hint="ÅÅÅÅMMDD-XXXX", age: ConfiguredAge | None = None):
    rules = [ValidPersonnummer(), *([age] if age else [])]
    return text(label, thing, hint=hint, limit=20, rules=rules)


def only_when(other: str, answer: str, field):
    """Ask `field` only when the field `other` has `answer`."""
    field.kwargs["validators"].insert(0, OnlyWhen(other, answer))
    return field
