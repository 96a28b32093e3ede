"""The staff side's commands: accounts (`staff add|disable|reset-password|list|totp`)
and deletion of expired submissions (`purge`, meant for cron).

Registered on the staff app (`create_staff_app` adds them to `app.cli`), which they
get from Flask's CLI (`with_appcontext`, which `AppGroup` adds to each command): a
configuration fault shows before a password is asked for. Passwords are asked for
twice without echo, or read from standard input with `--password-stdin` (for
scripts); never given on the command line, where they would end up in the shell
history and the process list.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from form_service.core.clock import now
from form_service.core.swedish_click import CONTEXT, Command
from form_service.core.swedish_click import StaffAppGroup as AppGroup
from form_service.staff.access import ROLES
from form_service.staff.audit_commands import audit as audit_log
from form_service.staff.settings import staff_settings

staff = AppGroup("staff", help="Handläggarstödets användare.", context_settings=CONTEXT)
PASSWORD_STDIN = click.option(
    "--password-stdin", is_flag=True, help="Läs lösenordet från standard in (för skript)."
)


@staff.command("add", help="Lägg till en användare.")
@click.argument("username")
@click.option("--name", required=True, help="Personens namn, som det visas.")
@click.option("--role", type=click.Choice(sorted(ROLES)), default="handlaggare", show_default=True)
@PASSWORD_STDIN
def add(username: str, name: str, role: str, password_stdin: bool) -> None:
    from form_service.staff.users import add_user

    password = _password(password_stdin)
    _in_transaction(
        lambda db: add_user(
            db, username=username, display_name=name, role=role, password=password, at=now()
        ),
        "Användaren {0.username} ({0.role}) är tillagd.",
    )


@staff.command("disable", help="Stäng av en användare (loggas ut direkt).")
@click.argument("username")
def disable(username: str) -> None:
    from form_service.staff.users import disable_user

    _in_transaction(lambda db: disable_user(db, username), "{0.username} är avstängd och utloggad.")


@staff.command("reset-password", help="Ge en användare ett nytt lösenord.")
@click.argument("username")
@PASSWORD_STDIN
def reset(username: str, password_stdin: bool) -> None:
    from form_service.staff.users import reset_password

    password = _password(password_stdin)
    _in_transaction(
        lambda db: reset_password(db, username, password, staff_settings().SECRET_KEY),
        "{0.username} har fått ett nytt lösenord och är utloggad överallt.",
    )


@staff.command("list", help="Lista användarna.")
def list_users() -> None:
    from sqlalchemy import select

    from form_service.storage.db import session_scope
    from form_service.storage.models import StaffUser

    with session_scope(current_app) as db:
        for user in db.scalars(select(StaffUser).order_by(StaffUser.username)):
            state = "aktiv" if user.active else "avstängd"
            click.echo(f"{user.username}\t{user.role}\t{state}\t{user.display_name}")


@staff.command("totp", help="Ny hemlighet för tvåstegsinloggning.")
@click.argument("username")
def totp(username: str) -> None:
    import pyotp

    from form_service.staff.users import new_totp_secret

    def make(db: Session) -> Any:
        private_key = staff_settings().SUBMISSION_PRIVATE_KEY
        user, secret = new_totp_secret(db, username, private_key)
        uri = pyotp.TOTP(secret).provisioning_uri(user.username, issuer_name="Handläggarstöd")
        click.echo(f"Lägg in i appen för tvåstegsinloggning: {uri}")
        return user

    _in_transaction(make, "Tvåstegsinloggning är inställd för {0.username}.")


@click.command(
    "purge",
    cls=Command,
    context_settings=CONTEXT,
    help="Radera ärenden som passerat gallringsdatum.",
)
@click.option("--dry-run", is_flag=True, help="Visa bara vad som skulle raderas.")
@click.option("--quiet", "-q", is_flag=True, help="Skriv inga förlopp, bara resultatet.")
@with_appcontext
def purge(dry_run: bool, quiet: bool) -> None:
    """Stages and their counts on stderr (a bar on a terminal); the result on stdout.
    The audit log has its own retention (`form-service audit purge`): not touched here."""
    from form_service.core.swedish_time import local
    from form_service.staff.purge import forget_stale_logins
    from form_service.staff.purge import purge as purge_submissions
    from form_service.storage.db import session_scope
    from site_builder.progress import Progress

    moment = now()
    progress = Progress.for_terminal(quiet=quiet)
    with session_scope(current_app) as db:
        rows = purge_submissions(
            db, local(moment).date(), moment, dry_run=dry_run, progress=progress
        )
        if not dry_run:
            with progress.stage("Glömmer avslutade inloggningar"):
                forget_stale_logins(db, moment, staff_settings().STAFF_SESSION_HOURS)
        for row in rows:
            click.echo(f"{row.reference}\t{row.form_kind}\tgallras {row.retain_until.isoformat()}")
    verb = "skulle raderas (inget är raderat)" if dry_run else "raderades"
    click.echo(f"{len(rows)} ärenden {verb}.")


def _in_transaction(change: Callable[[Session], Any], done: str) -> None:
    """Make `change` in one transaction and say `done` about its result; an account
    problem (unknown user, weak password) is one line and exit status 1."""
    from form_service.staff.passwords import WeakPassword
    from form_service.staff.users import AccountProblem
    from form_service.storage.db import session_scope

    try:
        with session_scope(current_app) as db:
            message = done.format(change(db))
    except (AccountProblem, WeakPassword) as problem:
        click.echo(f"Fel: {problem}", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(message)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Lösenord (minst 12 tecken): ")
    if getpass.getpass("Samma lösenord igen: ") != first:
        click.echo("Fel: lösenorden var inte lika.", err=True)
        raise click.exceptions.Exit(1)
    return first


COMMANDS = (staff, purge, audit_log)


def register(app: Flask) -> None:
    """The staff side's commands on its `flask` command line."""
    for command in COMMANDS:
        app.cli.add_command(command)
