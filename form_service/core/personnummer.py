"""Swedish personnummer and samordningsnummer: parse what people type, store 12 digits.

python-stdnum does the format and the check digit (Luhn) for personnummer; it
does not know samordningsnummer (day of birth + 60) and gives no 12-digit form
or age on a given day, so those are added here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import ValidationError

from form_service.core.i18n import N_

COORDINATION_OFFSET = 60
ALLOWED = re.compile(r"^\s*([0-9]{6}|[0-9]{8})\s*([-+]?)\s*([0-9]{4})\s*$")


class InvalidPersonnummer(ValueError):
    """The text is not a personnummer or samordningsnummer; `reason` says why, in Swedish
    (the catalogs' source: the validator shows it in the person's language)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Personnummer:
    """A checked personnummer or samordningsnummer."""

    digits: str  # 12 digits: YYYYMMDDNNNC (samordningsnummer keep day + 60)
    birth_date: dt.date
    is_coordination_number: bool

    def __str__(self) -> str:
        return f"{self.digits[:8]}-{self.digits[8:]}"

    @property
    def masked(self) -> str:
        """`YYYYMMDD-****`, for lists where the whole number is not needed."""
        return f"{self.digits[:8]}-****"

    def age_on(self, day: dt.date) -> int:
        """Whole years of age on `day`."""
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def parse_personnummer(text: str, today: dt.date | None = None) -> Personnummer:
    """Accept 10 or 12 digits, with or without `-`/`+` and spaces.

    With 10 digits the century is the latest one that puts the birth date in the
    past, one century earlier with `+` (people aged 100 or more).
    """
    today = today or dt.date.today()
    match = ALLOWED.match(_ascii_digits(text or ""))
    if not match:
        raise InvalidPersonnummer(
            N_("Skriv personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-XXXX")
        )
    date_part, separator, tail = match.groups()
    month, day = int(date_part[-4:-2]), int(date_part[-2:])
    is_coordination = day > COORDINATION_OFFSET
    birth_day = day - COORDINATION_OFFSET if is_coordination else day
    if len(date_part) == 8:
        born = _date_or_none(int(date_part[:4]), month, birth_day)
    else:
        born = _date_in_latest_century(int(date_part[:2]), month, birth_day, separator, today)
    if born is None or born > today:
        raise InvalidPersonnummer(N_("Personnumret innehåller inget giltigt födelsedatum"))
    try:
        luhn.validate(date_part[-6:] + tail)
    except ValidationError:
        raise InvalidPersonnummer(
            N_("Personnumret stämmer inte. Kontrollera de fyra sista siffrorna")
        ) from None
    return Personnummer(f"{born.year:04d}{date_part[-4:]}{tail}", born, is_coordination)


def _date_in_latest_century(
    two_digit_year: int, month: int, day: int, separator: str, today: dt.date
) -> dt.date | None:
    """The latest date with these digits that is not in the future (`+`: 100 years earlier)."""
    year = today.year // 100 * 100 + two_digit_year
    born = _date_or_none(year, month, day)
    if born is None or born > today:
        year -= 100
    if separator == "+":
        year -= 100
    return _date_or_none(year, month, day)


def _ascii_digits(text: str) -> str:
    """Digits typed on, say, an Arabic keyboard (٠١٢…) count as 0–9."""
    return "".join(
        str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in text
    )


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
