"""`form-service`: the commands operators run (by hand or from cron).

The public service's commands (keygen, migrate, purge-drafts, send-mail) and the
staff side's (staff …, purge), which run where `SUBMISSION_PRIVATE_KEY` is.
"""

from __future__ import annotations

import argparse
import sys

from form_service.crypto import generate_keypair, new_draft_key
from form_service.settings import ConfigurationError
from form_service.staff import cli as staff_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="form-service", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="kommando")
    commands.add_parser("keygen", help="skapa nycklar för en ny installation").set_defaults(
        run=_keygen
    )
    commands.add_parser("migrate", help="uppdatera databasens schema").set_defaults(run=_migrate)
    purge = commands.add_parser("purge-drafts", help="ta bort utkast som har gått ut")
    purge.set_defaults(run=_purge_drafts)
    mail = commands.add_parser("send-mail", help="skicka aviseringar som väntar i utkorgen")
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
    from form_service import create_app

    create_app()  # the app runs the migrations when it starts
    print("Databasen är uppdaterad.")
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


def _send_mail(_args: argparse.Namespace) -> int:
    from form_service import create_app
    from form_service.mail import deliver_notifications
    from form_service.storage.db import session_scope

    app = create_app()
    with app.app_context(), session_scope(app) as session:
        sent, failed = deliver_notifications(app, session)
    print(f"{sent} skickade, {failed} misslyckades (försöks igen senare).")
    return 1 if failed else 0
