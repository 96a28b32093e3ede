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

from form_service.core.i18n import format_number
from form_service.core.i18n import lazy_gettext as _l
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
    attacker nothing: the shape is public, only the pair is secret. `characters` and
    `wrong_length` are the field's own whole sentences (`%(length)s`: the length).
    """

    def __init__(self, length: int, characters: str, wrong_length: str) -> None:
        self.length = length
        self.characters = characters
        self.wrong_length = wrong_length

    def __call__(self, form: Any, field: Any) -> None:
        if not set(field.data) <= set(ALPHABET):
            raise ValidationError(str(self.characters))
        if len(field.data) != self.length:
            raise ValidationError(str(self.wrong_length) % {"length": format_number(self.length)})


def _code_field(label: str, hint: str, length: int, messages: tuple[str, str, str]):
    required, characters, wrong_length = messages
    return StringField(
        label,
        description=hint,
        filters=[normalise],
        validators=[Required(required), LooksLikeReceiptCode(length, characters, wrong_length)],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "dir": "ltr",
        },
    )


class StatusLookup(StepForm):
    referens = _code_field(
        _l("Referensnummer"),
        _l(
            "%(length)s tecken. Det står på sidan du fick när du skickade.", length=REFERENCE_LENGTH
        ),
        REFERENCE_LENGTH,
        (
            _l("Ange referensnumret"),
            _l(
                "Referensnumret innehåller bara bokstäverna A–Z och siffrorna 2–9 "
                "(aldrig I, L, O, 0 eller 1)"
            ),
            _l("Referensnumret ska ha %(length)s tecken"),
        ),
    )
    kod = _code_field(
        _l("Kod"),
        _l(
            "%(length)s tecken. Den stod under referensnumret när du skickade.",
            length=STATUS_CODE_LENGTH,
        ),
        STATUS_CODE_LENGTH,
        (
            _l("Ange koden"),
            _l(
                "Koden innehåller bara bokstäverna A–Z och siffrorna 2–9 "
                "(aldrig I, L, O, 0 eller 1)"
            ),
            _l("Koden ska ha %(length)s tecken"),
        ),
    )
