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


def hash_status_code(secret: str, reference: str, code: str) -> str:
    """Kept instead of the code: useless without the server's secret key."""
    message = f"{reference}:{code.upper()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
