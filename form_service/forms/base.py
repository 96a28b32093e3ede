"""What every form step shares: whitespace stripped, CSRF, and field helpers.

The helpers put each field's rules in one place: its label, hint (shown under the
label), the whole Swedish sentence that says what to do when it is left empty
(`required`), length limit, and the autocomplete token that lets a phone fill in
personal details. Forms that are translated pass `lazy_gettext` messages
(`form_service/core/i18n.py`); the others plain Swedish.
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

from form_service.core.i18n import lazy_gettext as _l
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

    def __init__(self, *args: Any, invalid: str = _l("Välj ett av alternativen"), **kwargs: Any):
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
        invalid: str = _l("Välj bland alternativen"),
        requirement: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.invalid = invalid
        self.requirement = requirement

    @property
    def requirement_in_legend(self) -> str:
        """The requirement as the legend ends with it: "(välj minst ett skäl)"."""
        text = str(self.requirement)
        return f"({text[:1].lower()}{text[1:]})" if text else ""

    def __iter__(self) -> Iterator[Field]:
        for option in super().__iter__():
            option.flags.required = False
            yield option

    def pre_validate(self, form: Any) -> None:
        offered = {value for value, *_ in self.iter_choices()}
        if any(value not in offered for value in self.data or []):
            raise StopValidation(self.invalid)
        self.data = list(dict.fromkeys(self.data or []))  # a value sent many times counts once


YES_NO = [("ja", _l("Ja")), ("nej", _l("Nej"))]
PHONE_LABEL, PHONE_REQUIRED = _l("Telefonnummer"), _l("Ange ditt telefonnummer")
EMAIL_LABEL, EMAIL_REQUIRED = _l("E-postadress"), _l("Ange din e-postadress")
PERSONNUMMER_HINT = _l("ÅÅÅÅMMDD-XXXX")


def text(label, required, *, hint="", limit=100, autocomplete=None, optional=False, rules=()):
    """A one-line answer; `required`: the message when it is left empty ("Ange …")."""
    presence = MayBeEmpty() if optional else Required(required)
    kw = {"autocomplete": autocomplete} if autocomplete else {}
    validators = [presence, ShorterThan(limit), PlainText(), *rules]
    return StringField(
        label, description=hint, validators=validators, render_kw=kw, widget=TextInput()
    )


def long_text(label, required, *, hint="", limit=2000, optional=False):
    presence = MayBeEmpty() if optional else Required(required)
    validators = [presence, ShorterThan(limit), PlainText(multiline=True)]
    return TextAreaField(label, description=hint, validators=validators)


def name(label, required, autocomplete=None):
    return text(label, required, autocomplete=autocomplete, rules=[PersonName()])


def phone(label=PHONE_LABEL, required=PHONE_REQUIRED, optional=False):
    return text(
        label,
        required,
        hint=_l("Till exempel 070-123 45 67"),
        limit=20,
        autocomplete="tel",
        optional=optional,
        rules=[SwedishPhone()],
    )


def email(label=EMAIL_LABEL, required=EMAIL_REQUIRED, optional=False):
    return text(
        label, required, limit=254, autocomplete="email", optional=optional, rules=[EmailAddress()]
    )


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def choice(label, required, choices, *, hint=""):
    """One of `choices`; `required`: the message when none is chosen ("Välj …")."""
    return RadiosField(
        label,
        description=hint,
        choices=_options(choices),
        validators=[Required(required)],
        invalid=required,
    )


def choices(label, required, options, *, hint=""):
    return CheckboxesField(
        label,
        description=hint,
        choices=_options(options),
        validators=[Required(required)],
        invalid=required,
        requirement=required,
    )


def consent(label, required):
    return BooleanField(label, validators=[Required(required)], widget=CheckboxInput())


def personnummer(label, required, *, hint=PERSONNUMMER_HINT, age: ConfiguredAge | None = None):
    rules = [ValidPersonnummer(), *([age] if age else [])]
    return text(label, required, hint=hint, limit=20, rules=rules)


def only_when(other: str, answer: str, field):
    """Ask `field` only when the field `other` has `answer`."""
    field.kwargs["validators"].insert(0, OnlyWhen(other, answer))
    return field
