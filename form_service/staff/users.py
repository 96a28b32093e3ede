"""Staff accounts: created, disabled and given new passwords from the command line.

There is no sign-up page on purpose: an account exists because someone with access
to the server made it, and the audit log says who used it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from form_service.core.crypto import CannotOpen
from form_service.core.keyring import Keyring
from form_service.staff.access import ROLES, end_sessions_of
from form_service.staff.passwords import hash_password
from form_service.storage.models import LoginFailures, StaffUser

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class AccountProblem(ValueError):
    """Why an account command could not be done, in Swedish, for the operator."""


def find_user(db: Session, username: str) -> StaffUser | None:
    return db.scalars(select(StaffUser).where(StaffUser.username == username.lower())).first()


def add_user(
    db: Session, *, username: str, display_name: str, role: str, password: str, at: dt.datetime
) -> StaffUser:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountProblem(
            "Användarnamnet får bara innehålla a–z, siffror, punkt, bindestreck och "
            "understreck (2–40 tecken)."
        )
    if role not in ROLES:
        raise AccountProblem(f"Rollen ska vara en av: {', '.join(ROLES)}.")
    if not display_name.strip():
        raise AccountProblem("Ange personens namn.")
    if find_user(db, username) is not None:
        raise AccountProblem(f"Det finns redan en användare som heter {username}.")
    user = StaffUser(
        username=username,
        display_name=display_name.strip()[:120],
        role=role,
        password_hash=hash_password(password),
        active=True,
        created_at=at,
    )
    db.add(user)
    return user


def disable_user(db: Session, username: str) -> StaffUser:
    user = _existing(db, username)
    user.active = False
    end_sessions_of(db, user)
    return user


def reset_password(db: Session, username: str, password: str, secret: str) -> StaffUser:
    """A new password ends every session and lifts a lock-out of the account."""
    from form_service.staff.throttle import key_for

    user = _existing(db, username)
    user.password_hash = hash_password(password)
    user.active = True
    end_sessions_of(db, user)
    failures = db.get(LoginFailures, key_for(secret, "konto", user.username))
    if failures is not None:
        db.delete(failures)
    return user


def new_totp_secret(db: Session, username: str, keyring: Keyring) -> tuple[StaffUser, str]:
    """A new TOTP secret, sealed like the answers with the current key; returned once
    for the authenticator app."""
    user = _existing(db, username)
    secret = pyotp.random_base32()
    user.totp_sealed, user.totp_key_id = keyring.seal(secret.encode())
    return user, secret


def totp_matches(user: StaffUser, keyring: Keyring, code: str) -> bool:
    """Whether `code` is the account's current one. A secret the keyring cannot open
    (its key retired before `keys rewrap` reached it) matches nothing: the account needs
    a new secret (`form-service staff totp`), and the log says so."""
    if user.totp_sealed is None:
        return False
    try:
        secret = keyring.open(user.totp_sealed, user.totp_key_id).decode()
    except CannotOpen:
        logging.getLogger(__name__).error(
            "the TOTP secret of %s cannot be opened with the keyring (key %s)",
            user.username,
            user.totp_key_id,
        )
        return False
    return pyotp.TOTP(secret).verify(code.replace(" ", ""), valid_window=1)


def _existing(db: Session, username: str) -> StaffUser:
    user = find_user(db, username)
    if user is None:
        raise AccountProblem(f"Det finns ingen användare som heter {username}.")
    return user


def active_users(db: Session) -> list[StaffUser]:
    return list(
        db.scalars(select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.username))
    )
