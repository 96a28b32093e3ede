"""Template filters: Swedish dates ("3 mars 2026") whatever the locale, and tel: links."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def swedish_date(value: dt.date) -> str:
    """`2026-03-03` → `3 mars 2026`."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def tel_href(number: str) -> str:
    """`070-174 06 05` → `0701740605`, for `tel:` links (a leading + is kept)."""
    return ("+" if number.strip().startswith("+") else "") + "".join(
        c for c in number if c.isdigit()
    )
