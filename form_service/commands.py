"""The public service's commands: `keygen`, `migrate`, `purge-drafts`, `send-mail`.

Registered on the public app (`create_app` adds them to `app.cli`), so `flask --app
form_service …` runs them too; `form-service` (`cli.py`) is how operators run them.
Commands that need the app get it from Flask's CLI (`with_appcontext`); `keygen` and
`migrate` need none of its settings.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from form_service.core.crypto import generate_keypair, new_draft_key
from form_service.core.swedish_click import CONTEXT, Command


@click.command(
    "keygen", cls=Command, context_settings=CONTEXT, help="Skapa nycklar för en ny installation."
)
def keygen() -> None:
    public, private = generate_keypair()
    click.echo("# Den publika e-tjänstens miljö:")
    click.echo(f"SUBMISSION_PUBLIC_KEY={public}")
    click.echo(f"DRAFT_KEY={new_draft_key()}")
    click.echo("# Bara handläggarstödets miljö (aldrig på den publika servern):")
    click.echo(f"SUBMISSION_PRIVATE_KEY={private}")


@click.command(
    "migrate",
    cls=Command,
    context_settings=CONTEXT,
    help="Uppdatera databasens schema (behöver bara DATABASE_URL).",
)
def migrate() -> None:
    """Run before the services start, and after each upgrade: they do not migrate."""
    from sqlalchemy.exc import SQLAlchemyError

    from form_service.storage.schema import migrate as run_migrations

    try:
        ran = run_migrations()
    except SQLAlchemyError as error:
        click.echo(
            f"Fel: databasen gick inte att uppdatera ({error.__class__.__name__}). "
            "Kontrollera DATABASE_URL och att databasen är igång, och försök igen.",
            err=True,
        )
        raise click.exceptions.Exit(1) from None
    if ran:
        click.echo(f"Databasen är uppdaterad (körde {', '.join(ran)}).")
    else:
        click.echo("Databasen var redan uppdaterad.")


@click.command(
    "purge-drafts", cls=Command, context_settings=CONTEXT, help="Ta bort utkast som har gått ut."
)
@click.option("--quiet", "-q", is_flag=True, help="Skriv inga förlopp, bara resultatet.")
@with_appcontext
def purge_drafts(quiet: bool) -> None:
    """The stage on stderr (as `site-builder build` reports its stages); the count on stdout."""
    from form_service.storage.db import session_scope
    from form_service.storage.drafts import expired_draft_count, purge_expired_drafts
    from site_builder.progress import Progress, plural

    progress = Progress.for_terminal(quiet=quiet)
    with session_scope(current_app) as session:
        label = f"Tar bort {plural(expired_draft_count(session), 'utkast', 'utkast')} som gått ut"
        with progress.stage(label):
            count = purge_expired_drafts(session)
    click.echo(f"{count} utkast som gått ut togs bort.")


@click.command(
    "send-mail", cls=Command, context_settings=CONTEXT, help="Skicka e-post som väntar i utkorgen."
)
@click.option("--loop", is_flag=True, help="Fortsätt skicka tills processen stoppas.")
@click.option(
    "--interval",
    type=float,
    default=30,
    metavar="SEKUNDER",
    help="Med --loop: hur ofta utkorgen gås igenom (30).",
)
@with_appcontext
def send_mail(loop: bool, interval: float) -> None:
    """Send what is due, once (from a timer) or every `--interval` seconds (as a
    service). Never from a web worker: a hung mail server then holds only this."""
    from form_service.mail import deliver_notifications

    app = current_app._get_current_object()
    if loop:
        _send_mail_until_stopped(app, interval)
        return
    sent, failed = deliver_notifications(app)
    click.echo(f"{sent} skickade, {failed} misslyckades (försöks igen senare).")
    if failed:
        raise click.exceptions.Exit(1)


def _send_mail_until_stopped(app: Flask, interval: float) -> None:
    """Until SIGTERM or Ctrl+C; a round under way finishes first."""
    from form_service.mail.sending import send_until_stopped

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signal, _frame: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        send_until_stopped(app, interval, stop)


COMMANDS = (keygen, migrate, purge_drafts, send_mail)


def register(app: Flask) -> None:
    """The public service's commands on its `flask` command line."""
    for command in COMMANDS:
        app.cli.add_command(command)
