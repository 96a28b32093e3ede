"""Numbers that must read left to right inside right-to-left text.

In Arabic or Dari text, the Unicode bidirectional algorithm reorders the groups of a
phone number written with spaces ("070-174 06 05" can show as "05 06 174-070").
Wrapping each such number in `<bdi dir="ltr">` isolates it, so it reads as written.
"""

from __future__ import annotations

import re

# Digits in groups joined by spaces, hyphens or dashes: phone numbers, postcodes, ranges.
NUMBER_RUN = re.compile(r"\+?\d[\d\u2010-\u2014 -]*\d")
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def isolate_numbers(html: str) -> str:
    """`html` with every run of grouped digits in its text (never in tags) isolated."""

    def in_text(match: re.Match[str]) -> str:
        text = NUMBER_RUN.sub(lambda n: f'<bdi dir="ltr">{n.group(0)}</bdi>', match.group(1))
        return f">{text}<"

    return TEXT_BETWEEN_TAGS.sub(in_text, f">{html}<")[1:-1]
