"""`form-service`: the commands operators run (by hand or from cron).

The public service's commands (keygen, migrate, purge-drafts, send-mail) and the
staff side's (staff …, purge), which run where `SUBMISSION_PRIVATE_KEY` is.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING

from form_service.crypto import generate_keypair, new_draft_key
from form_service.settings import ConfigurationError
from form_service.staff import cli as staff_cli

if TYPE_CHECKING:
    from flask import Flask


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="form-service", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="kommando")
    commands.add_parser("keygen", help="skapa nycklar för en ny installation").set_defaults(
        run=_keygen
    )
    commands.add_parser("migrate", help="uppdatera databasens schema").set_defaults(run=_migrate)
    purge = commands.add_parser("purge-drafts", help="ta bort utkast som har gått ut")
    purge.set_defaults(run=_purge_drafts)
    mail = commands.add_parser("send-mail", help="skicka e-post som väntar i utkorgen")
    mail.add_argument("--loop", action="store_true", help="fortsätt skicka tills processen stoppas")
    mail.add_argument(
        "--interval",
        type=float,
        default=30,
        metavar="SEKUNDER",
        help="med --loop: hur ofta utkorgen gås igenom (30)",
    )
    mail.set_defaults(run=_send_mail)
    staff_cli.add_commands(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ConfigurationError as fault:
        print(f"Fel: {fault}", file=sys.stderr)
        return 2


def _keygen(_args: argparse.Namespace) -> int:
    public, private = generate_keypair()
    print("# Den publika e-tjänstens miljö:")
    print(f"SUBMISSION_PUBLIC_KEY={public}")
    print(f"DRAFT_KEY={new_draft_key()}")
    print("# Bara handläggarstödets miljö (aldrig på den publika servern):")
    print(f"SUBMISSION_PRIVATE_KEY={private}")
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    """Run before the services start, and after each upgrade: they do not migrate."""
    from sqlalchemy.exc import SQLAlchemyError

    from form_service.storage.schema import migrate

    try:
        ran = migrate()
    except SQLAlchemyError as error:
        print(
            f"Fel: databasen gick inte att uppdatera ({error.__class__.__name__}). "
            "Kontrollera DATABASE_URL och att databasen är igång, och försök igen.",
            file=sys.stderr,
        )
        return 1
    if ran:
        print(f"Databasen är uppdaterad (körde {', '.join(ran)}).")
    else:
        print("Databasen var redan uppdaterad.")
    return 0


def _purge_drafts(_args: argparse.Namespace) -> int:
    from form_service import create_app
    from form_service.storage.db import session_scope
    from form_service.storage.drafts import purge_expired_drafts

    app = create_app()
    with session_scope(app) as session:
        count = purge_expired_drafts(session)
    print(f"{count} utkast som gått ut togs bort.")
    return 0


def _send_mail(args: argparse.Namespace) -> int:
    """Send what is due, once (from a timer) or every `--interval` seconds (as a
    service). Never from a web worker: a hung mail server then holds only this."""
    from form_service import create_app
    from form_service.mail import deliver_notifications

    app = create_app()
    if args.loop:
        return _send_mail_until_stopped(app, args.interval)
    sent, failed = deliver_notifications(app)
    print(f"{sent} skickade, {failed} misslyckades (försöks igen senare).")
    return 1 if failed else 0


def _send_mail_until_stopped(app: Flask, interval: float) -> int:
    """Until SIGTERM or Ctrl+C; a round under way finishes first."""
    from form_service.mail.sending import send_until_stopped

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signal, _frame: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        send_until_stopped(app, interval, stop)
    return 0
