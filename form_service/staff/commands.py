"""The staff side's commands: accounts (`staff add|disable|reset-password|list|totp`),
deletion of expired submissions (`purge`, meant for cron) and key rotation (`keys
new|status|rewrap`; the procedure is in docs/drift.md).

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
from form_service.staff.settings import keyring, staff_settings

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
        user, secret = new_totp_secret(db, username, keyring())
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name="Handläggarstöd")
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


keys = AppGroup("keys", help="Nyckelbyte: nya nycklar och omförsegling.", context_settings=CONTEXT)


@keys.command(
    "new",
    with_appcontext=False,
    help=(
        "Skapa ett nytt nyckelpar: den privata nyckeln skrivs till en fil som bara ägaren "
        "kan läsa, den publika skrivs ut."
    ),
)
@click.option(
    "--private-key-file",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    metavar="FIL",
    help="Ny fil för den privata nyckeln (skrivs aldrig över; rättigheter 600).",
)
def new_keys(private_key_file: str) -> None:
    """The private key never goes to standard output, which may end up in a log or a
    terminal's scrollback: only to a new file, readable by its owner alone."""
    from form_service.core.crypto import generate_keypair, key_id
    from form_service.staff.key_files import KeyFileProblem, write_private_key

    public, private = generate_keypair()
    identity = key_id(public)
    try:
        path = write_private_key(private_key_file, private, identity)
    except KeyFileProblem as problem:
        click.echo(f"Fel: {problem}", err=True)
        raise click.exceptions.Exit(1) from None
    click.echo(f"Nytt nyckelpar med nyckel-id {identity}.")
    click.echo(f"Den privata nyckeln står i {path} (bara läsbar för ägaren).")
    click.echo("1. Lägg en kopia av filen i kommunens nyckelförvar, skild från databasens kopior.")
    click.echo(
        "2. Handläggarstödets miljöfil: flytta värdet i SUBMISSION_PRIVATE_KEY till "
        "SUBMISSION_OLD_PRIVATE_KEYS, sätt SUBMISSION_PRIVATE_KEY till den nya nyckeln ur "
        "filen och starta om handläggarstödet."
    )
    click.echo("3. Sedan e-tjänstens miljöfil (efter steg 2), och starta om e-tjänsten:")
    click.echo(f"SUBMISSION_PUBLIC_KEY={public}")
    click.echo("4. Kör `form-service keys rewrap`, 5. ta bort den gamla nyckeln (docs/drift.md).")


@keys.command("status", help="Visa hur många förseglade rader varje nyckel behövs för.")
def key_status() -> None:
    from form_service.staff.rotation import status

    ring = keyring()
    ring.check()
    counts = status(current_app, ring)
    click.echo(f"Nuvarande nyckel: {ring.current_id}")
    for key in ring.ids()[1:]:
        click.echo(f"Gammal nyckel i nyckelringen: {key}")
    for count in counts:
        click.echo(
            f"{count.column.name}\t{count.key_id or 'utan nyckel-id'}\t{count.state}\t{count.rows}"
        )
    click.echo(_verdict(ring, counts))


@keys.command(
    "rewrap", help="Försegla om med den nuvarande nyckeln allt som en gammal nyckel förseglade."
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="Rader per transaktion.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    metavar="RADER",
    help="Sluta efter så här många rader (kör igen för att fortsätta).",
)
@click.option("--quiet", is_flag=True, help="Skriv inga steg eller förloppsstaplar.")
def rewrap(batch_size: int, limit: int | None, quiet: bool) -> None:
    """Stoppable at any moment: SIGINT (Ctrl+C) and SIGTERM finish the batch under way
    and stop; SIGKILL loses only that batch. Either way, run it again to go on."""
    import signal
    import threading

    from form_service.staff.rotation import rewrap as rewrap_rows
    from form_service.staff.rotation import status
    from site_builder.progress import Progress

    ring = keyring()
    ring.check()
    asked = threading.Event()
    previous = {
        number: signal.signal(number, lambda _number, _frame: asked.set())
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        run = rewrap_rows(
            current_app,
            ring,
            Progress.for_terminal(quiet=quiet),
            batch_size=batch_size,
            limit=limit,
            stop=asked.is_set,
        )
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo(f"{run.resealed} rader förseglades om med nyckel {ring.current_id}.")
    if run.unopenable:
        click.echo(
            f"{run.unopenable} rader kunde inte öppnas: deras nyckel finns inte i "
            "nyckelringen (se `form-service keys status`).",
            err=True,
        )
    counts = status(current_app, ring)
    if run.stopped and _waiting(counts):
        click.echo(
            "Avbrutet innan allt var klart: kör `form-service keys rewrap` igen för att fortsätta."
        )
    click.echo(_verdict(ring, counts))
    if asked.is_set() or run.unopenable:
        raise click.exceptions.Exit(1)


def _waiting(counts) -> int:
    """Rows that an old key (or, without a key id, perhaps an old key) sealed."""
    return sum(c.rows for c in counts if c.state in ("gammal", "okänd"))


def _verdict(ring, counts) -> str:
    """The line IT acts on: whether an old key is still needed, and by how many rows."""
    waiting = _waiting(counts)
    missing = {c.key_id: 0 for c in counts if c.state == "saknas"}
    for c in counts:
        if c.state == "saknas":
            missing[c.key_id] += c.rows
    lines = []
    if waiting:
        lines.append(
            f"{waiting} rader behöver fortfarande en gammal nyckel: kör `form-service keys "
            "rewrap` innan en gammal nyckel tas bort."
        )
    for key, rows in missing.items():
        lines.append(
            f"{rows} rader är förseglade med nyckel {key}, som inte finns i nyckelringen: "
            "de går inte att öppna förrän den läggs till."
        )
    if not waiting:
        old = ", ".join(ring.ids()[1:])
        lines.append(
            "Ingen rad behöver en gammal nyckel"
            + (
                f": {old} kan tas bort ur SUBMISSION_OLD_PRIVATE_KEYS och förstöras."
                if old
                else "."
            )
        )
    return "\n".join(lines)


COMMANDS = (staff, purge, keys, audit_log)


def register(app: Flask) -> None:
    """The staff side's commands on its `flask` command line."""
    for command in COMMANDS:
        app.cli.add_command(command)
