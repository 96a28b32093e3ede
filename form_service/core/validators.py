"""Field validators: small callables named as assertions, each message a whole sentence.

`Required(_l("Ange ditt telefonnummer"))`: every message is a plain Swedish sentence
that tells the person what to do, written whole (never put together from words) so
that a translator can translate it (`form_service/core/i18n.py`); placeholders are
named (`%(limit)s`) and filled in after translation. A validator's
`input_attributes` tell the browser what kind of input it expects (`type="tel"`,
`inputmode="numeric"`); the forms render them on every field the validator checks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import ClassVar

from wtforms import Field, Form
from wtforms.validators import StopValidation, ValidationError

from form_service.core.email_address import NotOneAddress, looks_like_several, one_address
from form_service.core.i18n import format_number, gettext
from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer

Today = Callable[[], dt.date]


class Required:
    """The field must have a value; `message` says what to do ("Ange ditt förnamn")."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        data = field.data
        empty = (
            data is None
            or data == []
            or data is False
            or (isinstance(data, str) and not data.strip())
        )
        if empty:
            field.errors[:] = []
            raise StopValidation(self.message)


class MayBeEmpty:
    """An empty field is fine, and nothing else is checked."""

    field_flags: ClassVar[dict[str, bool]] = {"optional": True}

    def __call__(self, form: Form, field: Field) -> None:
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []
            raise StopValidation()


class ShorterThan:
    """At most `limit` characters, so nobody can store a novel in a name field.

    One sentence for every field: it is shown under the field and links to it from the
    error summary, so it need not name the question.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, str) and len(field.data) > self.limit:
            raise ValidationError(
                gettext(
                    "Texten är för lång. Skriv högst %(limit)s tecken",
                    limit=format_number(self.limit),
                )
            )


class PlainText:
    """No control characters or NUL bytes (line breaks are allowed in free text)."""

    # Unicode's control characters (category Cc) are exactly U+0000–U+001F and
    # U+007F–U+009F: one pattern finds them faster than asking for each character.
    CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
    CONTROLS_BUT_LINE_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

    def __init__(self, multiline: bool = False) -> None:
        self.pattern = self.CONTROLS_BUT_LINE_BREAKS if multiline else self.CONTROLS

    def __call__(self, form: Form, field: Field) -> None:
        text = field.data if isinstance(field.data, str) else ""
        if self.pattern.search(text):
            raise ValidationError(
                gettext("Texten innehåller otillåtna tecken. Skriv den igen utan specialtecken")
            )


# Digits, phone numbers and addresses are typed left to right also on a right-to-left page.
LEFT_TO_RIGHT = {"dir": "ltr"}


class ValidPersonnummer:
    """A personnummer or samordningsnummer; the field's data becomes the 12-digit form."""

    input_attributes: ClassVar[dict[str, str]] = {"inputmode": "numeric", **LEFT_TO_RIGHT}

    def __init__(self, today: Today | None = None) -> None:
        self.today = today

    def __call__(self, form: Form, field: Field) -> None:
        try:
            number = parse_personnummer(field.data or "", _today(self.today))
        except InvalidPersonnummer as error:
            raise ValidationError(gettext(error.reason)) from None
        field.data = str(number)


class AgeBetween:
    """The person the personnummer belongs to is within an age range today."""

    def __init__(
        self, youngest: int | None, oldest: int | None, message: str, today: Today = dt.date.today
    ) -> None:
        self.youngest, self.oldest, self.message, self.today = youngest, oldest, message, today

    def __call__(self, form: Form, field: Field) -> None:
        try:
            age = parse_personnummer(field.data or "", self.today()).age_on(self.today())
        except InvalidPersonnummer:
            return  # ValidPersonnummer reports the number itself
        if (self.youngest is not None and age < self.youngest) or (
            self.oldest is not None and age > self.oldest
        ):
            raise ValidationError(self.message)


def _today(given: Today | None) -> dt.date:
    """The given clock, else the app's (tests freeze it), else the system's."""
    if given is not None:
        return given()
    from flask import current_app, has_app_context

    if has_app_context() and "clock" in current_app.extensions:
        return current_app.extensions["clock"].today()
    return dt.date.today()


def AtLeastAge(years: int, message: str, today: Today = dt.date.today) -> AgeBetween:
    """A minimum age, for volunteers."""
    return AgeBetween(years, None, message, today)


PHONE = re.compile(r"^(?:\+46|0046|0)[1-9][0-9]{6,9}$")


class SwedishPhone:
    """A Swedish phone number, also with +46; stored without spaces and dashes.

    "+46 (0)70-…" is how many people write it: the trunk 0 after +46 is dropped.
    """

    input_attributes: ClassVar[dict[str, str]] = {"type": "tel", **LEFT_TO_RIGHT}

    def __call__(self, form: Form, field: Field) -> None:
        compact = re.sub(r"[\s\-()]", "", field.data or "")
        compact = re.sub(r"^(\+46|0046)0", r"\1", compact)
        if not PHONE.match(compact):
            raise ValidationError(
                gettext("Skriv ett svenskt telefonnummer, till exempel 070-123 45 67")
            )
        field.data = compact


class Postcode:
    """Five digits, shown as `123 45`."""

    input_attributes: ClassVar[dict[str, str]] = {"inputmode": "numeric", **LEFT_TO_RIGHT}

    def __call__(self, form: Form, field: Field) -> None:
        digits = re.sub(r"\s", "", field.data or "")
        if not re.fullmatch(r"[1-9][0-9]{4}", digits):
            raise ValidationError(gettext("Skriv postnumret med fem siffror, till exempel 123 45"))
        field.data = f"{digits[:3]} {digits[3:]}"


class EmailAddress:
    """Exactly one e-mail address, by its form only: nothing is looked up on the network."""

    input_attributes: ClassVar[dict[str, str]] = {"type": "email", **LEFT_TO_RIGHT}

    def __call__(self, form: Form, field: Field) -> None:
        text = field.data or ""
        if looks_like_several(text):
            raise ValidationError(
                gettext("Skriv bara en e-postadress, till exempel namn@exempel.se")
            )
        try:
            one_address(text)
        except NotOneAddress:
            raise ValidationError(
                gettext("Skriv e-postadressen i rätt format, till exempel namn@exempel.se")
            ) from None


class PersonName:
    """A name in any script: letters with spaces, hyphens and apostrophes between."""

    def __call__(self, form: Form, field: Field) -> None:
        text = field.data or ""
        letters = [c for c in text if unicodedata.category(c)[0] in ("L", "M")]
        allowed = all(unicodedata.category(c)[0] in ("L", "M") or c in " -'’." for c in text)
        if not letters or not allowed:
            raise ValidationError(gettext("Skriv namnet med bokstäver"))


class ConfiguredAge:
    """An age range whose limits live in the site configuration (`alder` in site.yaml).

    Read when validating, so the forms and the pages always state the same limits.
    The message may use %(youngest)s and %(oldest)s, written as the language writes numbers.
    """

    def __init__(self, youngest_key: str | None, oldest_key: str | None, message: str) -> None:
        self.youngest_key, self.oldest_key, self.message = youngest_key, oldest_key, message

    def __call__(self, form: Form, field: Field) -> None:
        from flask import current_app

        ages = current_app.extensions["site_config"].ages
        youngest = ages[self.youngest_key] if self.youngest_key else None
        oldest = ages[self.oldest_key] if self.oldest_key else None
        numbers = {
            "youngest": "" if youngest is None else format_number(youngest),
            "oldest": "" if oldest is None else format_number(oldest),
        }
        message = str(self.message) % numbers
        AgeBetween(youngest, oldest, message, current_app.extensions["clock"].today)(form, field)


class OnlyWhen:
    """Check this field only when another field has a given answer; otherwise drop it.

    Put first in the chain: a question that does not apply is neither required nor
    kept (an answer left over from an earlier choice is thrown away).
    """

    def __init__(self, other: str, answer: str) -> None:
        self.other, self.answer = other, answer

    def __call__(self, form: Form, field: Field) -> None:
        given = form[self.other].data
        applies = self.answer in given if isinstance(given, list) else given == self.answer
        if not applies:
            field.errors[:] = []
            field.data = None
            raise StopValidation()
