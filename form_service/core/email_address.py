"""One e-mail address, checked for its form only (no lookup on the network).

The same check guards the e-mail field and the sender: a list such as
`x@exempel.example,postmaster` is one text to a form but several recipients to an
SMTP server, so a receipt would go to every one of them.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class NotOneAddress(ValueError):
    """The text is not exactly one e-mail address."""


def looks_like_several(text: str) -> bool:
    """A list of addresses, as people type them: separated by commas or semicolons,
    or with more than one @."""
    return "," in text or ";" in text or text.count("@") > 1


def one_address(text: str) -> str:
    """The address to send to, or NotOneAddress: never a list, a display name
    ("Namn <a@b.se>"), a quoted local part or a domain without a dot."""
    if looks_like_several(text):
        raise NotOneAddress("several addresses")
    try:
        valid = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise NotOneAddress(str(error)) from None
    return valid.ascii_email or valid.normalized
