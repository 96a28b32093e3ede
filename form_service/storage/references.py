"""Short codes people read aloud or type: no look-alikes such as 0/O or 1/I/L."""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
STATUS_CODE_LENGTH = 10


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference() -> str:
    """An 8-character reference for the receipt (31^8 ≈ 850 billion possibilities)."""
    return new_code(REFERENCE_LENGTH)


def status_code_for(secret: str, sending_key: str) -> str:
    """The one-time code of the submission sent with this check page's key.

    Derived, not stored: a double click or a resend after a lost response reaches the
    server without the first response's session, and can still show the same code.
    Knowing it takes the random key that only the applicant's browser held and the
    server's secret; the database keeps only a hash of the key.
    """
    digest = hmac.new(secret.encode(), f"statuskod:{sending_key}".encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest(), "big")
    characters = []
    for _ in range(STATUS_CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[index])
    return "".join(characters)


def hash_sending_key(sending_key: str) -> str:
    """What the database keeps of the key: enough to find a resend, not to derive a code."""
    return hashlib.sha256(sending_key.encode()).hexdigest()


def hash_status_code(secret: str, reference: str, code: str) -> str:
    """Kept instead of the code: useless without the server's secret key."""
    message = f"{reference}:{code.upper()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
