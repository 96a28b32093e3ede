"""Which counters judge a log-in attempt: guessing is stopped where it comes from,
and nobody can lock a case officer out by knowing their user name.

Three counters, each keyed by a keyed hash (see `throttle.py`):

- **the address** (`STAFF_ADDRESS_LOCK_AFTER`): every failure from one address, for
  any account, slows it from half the limit and locks it at the limit. This is what
  stops one machine guessing many accounts.
- **the account from this address** (`STAFF_SLOW_AFTER`, `STAFF_LOCK_AFTER`): one
  address guessing one account is slowed after a few failures and locked out of that
  account; the owner at their own desk is not. A new password lifts these locks.
- **the account** from all addresses together: it never slows or locks anyone, since
  then anyone who knows a user name could lock its owner out. From
  `STAFF_LOCK_AFTER` failures on, the account is *under attack*: the audit log says
  so once, for the administrators, and an account with a second factor (a TOTP app)
  must give its code even when `STAFF_TOTP` is off. An account without one still
  gets in with the right password from an address that is not itself stopped. The
  counter is cleared by a complete log-in or a new password, and is forgotten by the
  nightly purge after a day without failures.

Locks last `STAFF_LOCK_MINUTES`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from form_service.staff import throttle

if TYPE_CHECKING:
    from form_service.staff.settings import StaffSettings


@dataclass(frozen=True)
class LoginGuard:
    """The counters of one attempt: this user name, from this address."""

    address_key: str
    pair_key: str
    account_key: str
    address_limits: throttle.Limits
    pair_limits: throttle.Limits
    attack_after: int

    @classmethod
    def for_attempt(
        cls, settings: StaffSettings, username: str, address: str, password_hash: str = ""
    ) -> LoginGuard:
        """`password_hash` is the account's (salted) hash, if it exists: a new password
        then starts new counters for it from every address, which lifts its locks."""
        secret, lock_minutes = settings.SECRET_KEY, settings.STAFF_LOCK_MINUTES
        address_lock = settings.STAFF_ADDRESS_LOCK_AFTER
        pair = f"{address}|{username}|{password_hash}"
        return cls(
            address_key=throttle.key_for(secret, "adress", address),
            pair_key=throttle.key_for(secret, "konto-adress", pair),
            account_key=throttle.key_for(secret, "konto", username),
            address_limits=throttle.Limits(max(1, address_lock // 2), address_lock, lock_minutes),
            pair_limits=throttle.Limits(
                settings.STAFF_SLOW_AFTER, settings.STAFF_LOCK_AFTER, lock_minutes
            ),
            attack_after=settings.STAFF_LOCK_AFTER,
        )

    def wait(self, db: Session, now: dt.datetime) -> dt.timedelta | None:
        """How long this address must wait before trying this account, or None."""
        waits = [
            throttle.wait_before_next(db, self.address_key, self.address_limits, now),
            throttle.wait_before_next(db, self.pair_key, self.pair_limits, now),
        ]
        return max((w for w in waits if w), default=None)

    def note_failure(self, db: Session, now: dt.datetime) -> bool:
        """Count a wrong password or code; True when it puts the account under attack."""
        throttle.note_failure(db, self.address_key, self.address_limits, now)
        throttle.note_failure(db, self.pair_key, self.pair_limits, now)
        return throttle.count_failure(db, self.account_key, now) == self.attack_after

    def under_attack(self, db: Session) -> bool:
        return throttle.failures(db, self.account_key) >= self.attack_after

    def note_logged_in(self, db: Session) -> None:
        """Password and (if asked for) code were right: this account's counters end
        (not the address's, which may be a whole office's)."""
        throttle.forget(db, self.pair_key)
        throttle.forget(db, self.account_key)
