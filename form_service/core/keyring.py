"""The staff side's keyring: the current private key and the older ones still needed.

A key rotation (docs/drift.md, "Byta nyckel") gives the staff side a new current key
(`SUBMISSION_PRIVATE_KEY`) while the previous one moves to
`SUBMISSION_OLD_PRIVATE_KEYS`, so rows sealed with either open. `form-service keys
rewrap` then re-seals the old rows with the current key, after which the old key can
be retired: taken out of the keyring and destroyed.

Each sealed row names the key that sealed it (`crypto.key_id`), so the ring opens it
with that key alone. Rows sealed before key ids existed have none (`LEGACY`): the ring
tries its keys on them, the current one first. A row whose key is not in the ring is
not an error of the program but of the keyring: it reads as `KeyMissing`, which the
staff side shows as one Swedish sentence (`unreadable`) instead of the answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from form_service.core.configuration import ConfigurationError
from form_service.core.crypto import CannotOpen, is_key, key_id, public_key_of, seal, unseal

LEGACY = None  # a row sealed before key ids were recorded
SEPARATORS = re.compile(r"[\s,]+")


class KeyMissing(CannotOpen):
    """The row was sealed with a key that is not in the keyring."""

    def __init__(self, wanted: str | None) -> None:
        super().__init__(wanted)
        self.wanted = wanted


def unreadable(wanted: str | None) -> str:
    """What the staff side shows instead of a row it cannot open."""
    if wanted is LEGACY:
        return (
            "Kan inte öppnas: förseglad (före nyckel-id:n) med en nyckel som inte finns i "
            "nyckelringen."
        )
    return f"Kan inte öppnas: förseglad med nyckel {wanted}, som inte finns i nyckelringen."


@dataclass(frozen=True)
class Keyring:
    """Private keys by key id; `current` seals, all of them open. Its repr shows key
    ids only, so a keyring in a log or a traceback gives no key away."""

    current: str = field(repr=False)
    older: tuple[str, ...] = field(default=(), repr=False)
    faults: tuple[str, ...] = field(default=())

    @classmethod
    def from_settings(cls, current: str | None, older: str | None) -> Keyring:
        """The keyring the settings give; a malformed key is a fault (named by its
        setting and place, never by its value), and is left out."""
        faults = []
        if not current or not is_key(current):
            faults.append("SUBMISSION_PRIVATE_KEY är ingen nyckel (32 byte i base64).")
            current = ""
        kept = []
        for place, text in enumerate(_keys_in(older or ""), start=1):
            if is_key(text):
                kept.append(text)
            else:
                faults.append(
                    f"Nyckel nummer {place} i SUBMISSION_OLD_PRIVATE_KEYS är ingen nyckel "
                    "(32 byte i base64)."
                )
        return cls(current, tuple(kept), tuple(faults))

    @cached_property
    def current_public(self) -> str:
        return public_key_of(self.current)

    @cached_property
    def current_id(self) -> str:
        return key_id(self.current_public)

    def ids(self) -> list[str]:
        """The key ids in the ring, the current key's first."""
        return list(self._by_id)

    def check(self) -> None:
        """Refuse a keyring with a malformed key, in one Swedish line."""
        if self.faults:
            raise ConfigurationError(
                f"{' '.join(self.faults)} Rätta handläggarstödets inställningar (se docs/drift.md)."
            )

    def holds(self, wanted: str | None) -> bool:
        return wanted is LEGACY or wanted in self._by_id

    def seal(self, plaintext: bytes) -> tuple[bytes, str]:
        """Sealed with the current key, and that key's id to store with it; a keyring
        with a malformed key seals nothing (the operator must correct it first)."""
        self.check()
        return seal(self.current_public, plaintext), self.current_id

    def open(self, sealed: bytes, wanted: str | None) -> bytes:
        """Opened with the key `wanted` names, or with each key for a legacy row.

        Raises `KeyMissing` when no key in the ring opens it, `CannotOpen` when the
        named key is there but the data does not open (altered).
        """
        keys = self._by_id
        if wanted is not LEGACY:
            if wanted not in keys:
                raise KeyMissing(wanted)
            return unseal(keys[wanted], sealed)
        for private in keys.values():
            try:
                return unseal(private, sealed)
            except CannotOpen:
                continue
        raise KeyMissing(LEGACY)

    @cached_property
    def _by_id(self) -> dict[str, str]:
        """Worked out once: deriving a public key costs a scalar multiplication."""
        keys = [key for key in (self.current, *self.older) if key]
        return {key_id(public_key_of(key)): key for key in keys}


def _keys_in(text: str) -> list[str]:
    return [part for part in SEPARATORS.split(text.strip()) if part]
