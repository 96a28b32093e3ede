"""The staff side's forms, declared like the public ones: one class per form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from form_service.forms.base import RadiosField, long_text


class SwedishDateField(DateField):
    """A date as the browser's date picker sends it; anything else is told in Swedish,
    not with WTForms' English "Not a valid date value."."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-23") from None


class LoginForm(FlaskForm):
    anvandarnamn = StringField(
        "Användarnamn",
        validators=[
            InputRequired("Skriv ditt användarnamn"),
            Length(max=80, message="Användarnamnet är högst 80 tecken"),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"},
    )
    losenord = PasswordField(
        "Lösenord",
        validators=[
            InputRequired("Skriv ditt lösenord"),
            Length(max=200, message="Lösenordet är högst 200 tecken"),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):
    kod = StringField(
        "Engångskod",
        description="Sex siffror från appen för tvåstegsinloggning.",
        validators=[
            InputRequired("Skriv koden från appen"),
            Length(max=10, message="Koden är högst 10 tecken"),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class StatusForm(FlaskForm):
    status = RadiosField("Ny status", validators=[InputRequired("Välj en status")])


class NoteForm(FlaskForm):
    anteckning = long_text(
        "Ny anteckning",
        "Skriv anteckningen",
        hint="Syns bara för handläggare. Skriv bara det som behövs för handläggningen.",
        limit=4000,
    )


class AssignForm(FlaskForm):
    handlaggare = SelectField("Handläggare", validate_choice=True)


class ConfirmDeleteForm(FlaskForm):
    bekraftelse = BooleanField(
        "Jag förstår att uppgifterna raderas för alltid och inte går att få tillbaka",
        validators=[DataRequired("Kryssa i rutan för att bekräfta att du vill radera")],
    )


class ExportForm(FlaskForm):
    """The inbox's current filter, sent back in the body (never in the URL)."""

    formular = HiddenField()
    status = HiddenField()
    fran = HiddenField()
    till = HiddenField()
    referens = HiddenField()
    tilldelad = HiddenField()
    format = HiddenField()


class PersonSearchForm(FlaskForm):
    personnummer = StringField(
        "Personnummer eller samordningsnummer",
        description="10 eller 12 siffror. Söker i alla svar: den sökande, barn och partner.",
        validators=[
            InputRequired("Skriv ett personnummer"),
            Length(max=20, message="Skriv högst 20 tecken"),
        ],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )


class FilterForm(FlaskForm):
    """The inbox's filters: read from the query string, so no CSRF token."""

    class Meta:
        csrf = False

    referens = StringField(
        "Referensnummer",
        validators=[Optional(), Length(max=20, message="Referensnumret är högst 20 tecken")],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"},
    )
    formular = SelectField("Formulär", validate_choice=False)
    status = SelectField("Status", validate_choice=False)
    tilldelad = SelectField(
        "Handläggare",
        choices=[
            SelectChoice("", "Alla"),
            SelectChoice("mig", "Tilldelade mig"),
            SelectChoice("ingen", "Inte tilldelade"),
        ],
        validate_choice=False,
    )
    fran = SwedishDateField("Mottagen från och med", validators=[Optional()])
    till = SwedishDateField("Mottagen till och med", validators=[Optional()])
