"""Encryption of what citizens send: the public service can seal but never open it.

Answers are sealed with a public key (a libsodium sealed box): the public-facing
service holds only `SUBMISSION_PUBLIC_KEY`, so a break-in there reveals nothing
already stored. Only the staff service holds `SUBMISSION_PRIVATE_KEY`.

Drafts kept between a form's steps must be readable by the public service itself,
so they use a separate secret key, `DRAFT_KEY`, and expire within a day.

Where each half lives in production: the public key and the draft key in the public
service's environment (or its secrets manager); the private key only in the staff
service's environment, never on the public server or in the repository.
`form-service keygen` makes a new set, `form-service keys new` a new pair for a key
rotation (see `keyring.py`).

Every sealed row records the id of the key that sealed it (`key_id`): a short
fingerprint of the public half, which both sides can compute and which reveals
nothing about the private half.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random

KEY_BYTES = 32


class CannotOpen(Exception):
    """The data was not sealed with this key, or has been altered."""


def generate_keypair() -> tuple[str, str]:
    """A new (public, private) key pair, base64 encoded for environment variables."""
    private = PrivateKey.generate()
    return _b64(bytes(private.public_key)), _b64(bytes(private))


def public_key_of(private_key: str) -> str:
    """The public half, so the staff side can seal its own notes with only its one key."""
    return _b64(bytes(PrivateKey(base64.b64decode(private_key)).public_key))


@functools.lru_cache(maxsize=32)
def key_id(public_key: str) -> str:
    """The public key's short fingerprint (16 hex digits): stored with each sealed row
    so the staff side knows which private key opens it, and shown to operators."""
    return hashlib.sha256(b"kontaktstod-key-id:" + base64.b64decode(public_key)).hexdigest()[:16]


def is_key(text: str) -> bool:
    """Whether `text` is a key as the settings give it: 32 bytes, base64 encoded."""
    try:
        return len(base64.b64decode(text, validate=True)) == KEY_BYTES
    except (binascii.Error, ValueError):
        return False


def new_draft_key() -> str:
    return _b64(random(SecretBox.KEY_SIZE))


def seal(public_key: str, plaintext: bytes) -> bytes:
    return _sealing_box(public_key).encrypt(plaintext)


def unseal(private_key: str, sealed: bytes) -> bytes:
    try:
        return _opening_box(private_key).decrypt(sealed)
    except CryptoError:
        raise CannotOpen from None


@functools.lru_cache(maxsize=8)
def _sealing_box(public_key: str) -> SealedBox:
    return SealedBox(PublicKey(base64.b64decode(public_key)))


@functools.lru_cache(maxsize=8)
def _opening_box(private_key: str) -> SealedBox:
    """Made once per key: making one derives the public key (a scalar multiplication),
    which an export or `keys rewrap` would otherwise do for every row."""
    return SealedBox(PrivateKey(base64.b64decode(private_key)))


def lock_draft(draft_key: str, plaintext: bytes) -> bytes:
    return bytes(_draft_box(draft_key).encrypt(plaintext))


def unlock_draft(draft_key: str, locked: bytes) -> bytes:
    try:
        return _draft_box(draft_key).decrypt(locked)
    except CryptoError:
        raise CannotOpen from None


@functools.lru_cache(maxsize=4)
def _draft_box(draft_key: str) -> SecretBox:
    """The box for `DRAFT_KEY`, made once: every form page opens its draft with it."""
    return SecretBox(base64.b64decode(draft_key))


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
