"""The staff side's commands: accounts (`staff add|disable|reset-password|list|totp`)
and deletion of expired submissions (`purge`, meant for cron).

Passwords are asked for twice without echo, or read from standard input with
`--password-stdin` (for scripts); never given on the command line, where they would
end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from flask import Flask

from form_service.staff.access import ROLES


def add_commands(commands: Any) -> None:
    staff = commands.add_parser("staff", help="handläggarstödets användare")
    actions = staff.add_subparsers(required=True, metavar="åtgärd")
    add = actions.add_parser("add", help="lägg till en användare")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="personens namn, som det visas")
    add.add_argument("--role", choices=sorted(ROLES), default="handlaggare")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(run=_add)
    disable = actions.add_parser("disable", help="stäng av en användare (loggas ut direkt)")
    disable.add_argument("username")
    disable.set_defaults(run=_disable)
    reset = actions.add_parser("reset-password", help="ge en användare ett nytt lösenord")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")
    reset.set_defaults(run=_reset)
    actions.add_parser("list", help="lista användarna").set_defaults(run=_list)
    totp = actions.add_parser("totp", help="ny hemlighet för tvåstegsinloggning")
    totp.add_argument("username")
    totp.set_defaults(run=_totp)
    purge = commands.add_parser("purge", help="radera ärenden som passerat gallringsdatum")
    purge.add_argument("--dry-run", action="store_true", help="visa bara vad som skulle raderas")
    purge.set_defaults(run=_purge)


def _add(args: argparse.Namespace) -> int:
    from form_service.staff.users import add_user

    app = _app()  # a configuration fault shows before the password is asked for
    password = _password(args.password_stdin)
    return _in_transaction(
        lambda db, app: add_user(
            db,
            username=args.username,
            display_name=args.name,
            role=args.role,
            password=password,
            at=app.extensions["now"](),
        ),
        "Användaren {0.username} ({0.role}) är tillagd.",
        app,
    )


def _disable(args: argparse.Namespace) -> int:
    from form_service.staff.users import disable_user

    return _in_transaction(
        lambda db, _app: disable_user(db, args.username),
        "{0.username} är avstängd och utloggad.",
    )


def _reset(args: argparse.Namespace) -> int:
    from form_service.staff.users import reset_password

    app = _app()
    password = _password(args.password_stdin)
    return _in_transaction(
        lambda db, app: reset_password(db, args.username, password, app.config["SECRET_KEY"]),
        "{0.username} har fått ett nytt lösenord och är utloggad överallt.",
        app,
    )


def _totp(args: argparse.Namespace) -> int:
    import pyotp

    from form_service.staff.users import new_totp_secret

    def make(db, app):
        user, secret = new_totp_secret(db, args.username, app.config["SUBMISSION_PRIVATE_KEY"])
        uri = pyotp.TOTP(secret).provisioning_uri(user.username, issuer_name="Handläggarstöd")
        print(f"Lägg in i appen för tvåstegsinloggning: {uri}")
        return user

    return _in_transaction(make, "Tvåstegsinloggning är inställd för {0.username}.")


def _list(_args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from form_service.storage.db import session_scope
    from form_service.storage.models import StaffUser

    app = _app()
    with session_scope(app) as db:
        for user in db.scalars(select(StaffUser).order_by(StaffUser.username)):
            state = "aktiv" if user.active else "avstängd"
            print(f"{user.username}\t{user.role}\t{state}\t{user.display_name}")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from form_service.staff.purge import forget_stale_logins, purge
    from form_service.storage.db import session_scope
    from form_service.swedish_time import local

    app = _app()
    moment = app.extensions["now"]()
    with app.app_context(), session_scope(app) as db:
        rows = purge(db, local(moment).date(), moment, dry_run=args.dry_run)
        if not args.dry_run:
            forget_stale_logins(db, moment, app.config["STAFF_SESSION_HOURS"])
        for row in rows:
            print(f"{row.reference}\t{row.form_kind}\tgallras {row.retain_until.isoformat()}")
    verb = "skulle raderas (inget är raderat)" if args.dry_run else "raderades"
    print(f"{len(rows)} ärenden {verb}.")
    return 0


def _in_transaction(change, done: str, app: Flask | None = None) -> int:
    from form_service.staff.passwords import WeakPassword
    from form_service.staff.users import AccountProblem
    from form_service.storage.db import session_scope

    app = app or _app()
    try:
        with app.app_context(), session_scope(app) as db:
            result = change(db, app)
            message = done.format(result)
    except (AccountProblem, WeakPassword) as problem:
        print(f"Fel: {problem}", file=sys.stderr)
        return 1
    print(message)
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Lösenord (minst 12 tecken): ")
    if getpass.getpass("Samma lösenord igen: ") != first:
        print("Fel: lösenorden var inte lika.", file=sys.stderr)
        raise SystemExit(1)
    return first


def _app() -> Flask:
    from form_service.staff import create_staff_app

    return create_staff_app()
