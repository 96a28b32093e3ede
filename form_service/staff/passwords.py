"""Staff passwords, hashed with Argon2id.

Production uses argon2-cffi's recommended parameters (RFC 9106, low memory).
`STAFF_PASSWORD_HASHING=fast` selects the library's cheapest parameters, for test
suites only: a stored hash records its own parameters, so either setting verifies
any hash.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from form_service.staff.settings import staff_settings

MINIMUM_LENGTH = 12
PROFILES = {"standard": profiles.RFC_9106_LOW_MEMORY, "fast": profiles.CHEAPEST}


class WeakPassword(ValueError):
    """The password does not meet the minimum; the message says why, in Swedish."""


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher().hash(password)


def check_strength(password: str) -> None:
    if len(password) < MINIMUM_LENGTH:
        raise WeakPassword(f"Lösenordet måste ha minst {MINIMUM_LENGTH} tecken.")
    if password.strip() != password or "\x00" in password:
        raise WeakPassword("Lösenordet får inte börja eller sluta med mellanslag.")


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Also spends the time of a check when the user is unknown, so a wrong name cannot
    be told from a wrong password by how long the answer takes."""
    hasher = _hasher()
    try:
        return hasher.verify(stored_hash or _unknown_user_hash(hasher), password) and bool(
            stored_hash
        )
    except (VerificationError, InvalidHashError):
        return False


def _hasher() -> PasswordHasher:
    return _hasher_for(staff_settings().STAFF_PASSWORD_HASHING)


@functools.cache
def _hasher_for(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(PROFILES.get(profile, PROFILES["standard"]))


@functools.cache
def _unknown_user_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("ingen-sådan-användare")
