"""The status lookup: the reference and the one-time code from the receipt.

People copy these from a screenshot, a note or a text message, often with spaces,
dashes or in lower case, so both are normalised before they are checked; only what
cannot be a reference or a code at all gets a message of its own. Whether the pair
matches a submission is the view's business, with one message for every mismatch.
"""

from __future__ import annotations

import re
from typing import Any

from wtforms import StringField
from wtforms.validators import ValidationError

from form_service.core.validators import Required
from form_service.forms.base import StepForm
from form_service.storage.references import ALPHABET, REFERENCE_LENGTH, STATUS_CODE_LENGTH

# Spaces of every kind, the dashes a phone or word processor puts in, and the invisible
# characters that come along when a code is copied from a web page or a message.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u00ad\u200b-\u200d\u2060\ufeff]+")


def normalise(value: Any) -> Any:
    """`abcd-2345` and `ABCD 2345` are the same reference as `ABCD2345`."""
    return SEPARATORS.sub("", value).upper() if isinstance(value, str) else value


class LooksLikeReceiptCode:
    """Only characters a receipt can show, as many as it shows.

    Telling someone they typed an O where no code has one helps them and gives an
    attacker nothing: the shape is public, only the pair is secret.
    """

    def __init__(self, length: int, thing: str) -> None:
        self.length = length
        self.characters = (
            f"{thing.capitalize()} innehåller bara bokstäverna A–Z och siffrorna 2–9 "
            "(aldrig I, L, O, 0 eller 1)"
        )
        self.wrong_length = f"{thing.capitalize()} ska ha {length} tecken"

    def __call__(self, form: Any, field: Any) -> None:
        if not set(field.data) <= set(ALPHABET):
            raise ValidationError(self.characters)
        if len(field.data) != self.length:
            raise ValidationError(self.wrong_length)


def _code_field(label: str, thing: str, length: int, hint: str) -> StringField:
    return StringField(
        label,
        description=hint,
        filters=[normalise],
        validators=[Required(thing=thing), LooksLikeReceiptCode(length, thing)],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
        },
    )


class StatusLookup(StepForm):
    referens = _code_field(
        "Referensnummer",
        "referensnumret",
        REFERENCE_LENGTH,
        f"{REFERENCE_LENGTH} tecken. Det står på sidan du fick när du skickade.",
    )
    kod = _code_field(
        "Kod",
        "koden",
        STATUS_CODE_LENGTH,
        f"{STATUS_CODE_LENGTH} tecken. Den stod under referensnumret när du skickade.",
    )
