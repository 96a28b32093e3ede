"""`form-service audit purge`: the audit log's own retention, meant for a monthly timer.

Kept apart from the accounts' commands: the only command that removes anything from
the audit log, and it logs that it did.
"""

from __future__ import annotations

import getpass
import os

import click
from flask import current_app

from form_service.core.clock import now
from form_service.core.swedish_click import CONTEXT
from form_service.core.swedish_click import StaffAppGroup as AppGroup
from form_service.staff.settings import staff_settings

audit = AppGroup("audit", help="Loggens egen gallring.", context_settings=CONTEXT)
NOT_SET = (
    "AUDIT_RETENTION_YEARS är inte satt, så loggen gallras inte. Kommunen beslutar i sin "
    "dokumenthanteringsplan hur många år loggen sparas (se docs/drift.md)."
)


@audit.command(
    "purge", help="Gallra loggposter som är äldre än AUDIT_RETENTION_YEARS år (loggas själv)."
)
@click.option("--dry-run", is_flag=True, help="Visa bara vad som skulle gallras.")
@click.option("--quiet", "-q", is_flag=True, help="Skriv inga förlopp, bara resultatet.")
def purge(dry_run: bool, quiet: bool) -> None:
    from form_service.core.swedish_time import local
    from form_service.staff.audit_retention import cut_off, purge_audit_log
    from form_service.storage.db import session_scope
    from site_builder.progress import Progress

    years = staff_settings().AUDIT_RETENTION_YEARS
    if years is None:
        click.echo(NOT_SET)
        return
    if years < 1:
        click.echo("Fel: AUDIT_RETENTION_YEARS måste vara minst 1 (år).", err=True)
        raise click.exceptions.Exit(1)
    moment = now()
    before = cut_off(local(moment).date(), years)
    progress = Progress.for_terminal(quiet=quiet)
    with session_scope(current_app) as db:
        purged = purge_audit_log(
            db, before=before, at=moment, ran_by=_who(), dry_run=dry_run, progress=progress
        )
    if dry_run:
        click.echo(f"Skulle gallras (inget är raderat): {purged.describe()}.")
    else:
        click.echo(f"Loggen är gallrad: {purged.describe()} (äldre än {years} år).")


def _who() -> str:
    """The operating-system user who ran the command (a timer's service user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"
