"""Encryption of what citizens send: the public service can seal but never open it.

Answers are sealed with a public key (a libsodium sealed box): the public-facing
service holds only `SUBMISSION_PUBLIC_KEY`, so a break-in there reveals nothing
already stored. Only the staff service holds `SUBMISSION_PRIVATE_KEY`.

Drafts kept between a form's steps must be readable by the public service itself,
so they use a separate secret key, `DRAFT_KEY`, and expire within a day.

Where each half lives in production: the public key and the draft key in the public
service's environment (or its secrets manager); the private key only in the staff
service's environment, never on the public server or in the repository.
`form-service keygen` makes a new set.
"""

from __future__ import annotations

import base64

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random


class CannotOpen(Exception):
    """The data was not sealed with this key, or has been altered."""


def generate_keypair() -> tuple[str, str]:
    """A new (public, private) key pair, base64 encoded for environment variables."""
    private = PrivateKey.generate()
    return _b64(bytes(private.public_key)), _b64(bytes(private))


def public_key_of(private_key: str) -> str:
    """The public half, so the staff side can seal its own notes with only its one key."""
    return _b64(bytes(PrivateKey(base64.b64decode(private_key)).public_key))


def new_draft_key() -> str:
    return _b64(random(SecretBox.KEY_SIZE))


def seal(public_key: str, plaintext: bytes) -> bytes:
    return SealedBox(PublicKey(base64.b64decode(public_key))).encrypt(plaintext)


def unseal(private_key: str, sealed: bytes) -> bytes:
    try:
        return SealedBox(PrivateKey(base64.b64decode(private_key))).decrypt(sealed)
    except CryptoError:
        raise CannotOpen from None


def lock_draft(draft_key: str, plaintext: bytes) -> bytes:
    return bytes(SecretBox(base64.b64decode(draft_key)).encrypt(plaintext))


def unlock_draft(draft_key: str, locked: bytes) -> bytes:
    try:
        return SecretBox(base64.b64decode(draft_key)).decrypt(locked)
    except CryptoError:
        raise CannotOpen from None


def lock_recipient(draft_key: str, address: str, language: str = "") -> bytes:
    """The applicant's address for a receipt e-mail, which this service itself must
    read to send it, so sealed with its own `DRAFT_KEY` rather than the staff side's
    public key; the outbox erases it once the e-mail has gone. `language`: the key of
    the language the receipt is written in ('' for Swedish), locked with the address
    (a language is no column's business: it can hint at ethnic origin)."""
    return lock_draft(draft_key, (f"{language}\n{address}" if language else address).encode())


def open_recipient(draft_key: str, locked: bytes) -> str:
    return open_recipient_and_language(draft_key, locked)[0]


def open_recipient_and_language(draft_key: str, locked: bytes) -> tuple[str, str]:
    """The address and the language key ('' for Swedish, and for every address locked
    before receipts had languages). An address never holds a line break."""
    language, _newline, address = unlock_draft(draft_key, locked).decode().rpartition("\n")
    return address, language


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
