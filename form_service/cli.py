"""`form-service`: the commands operators run (by hand or from cron), on click.

The commands are the apps' own (`commands.py` on the public service, and
`staff/commands.py` on the staff side, each registered on its app's `app.cli`). This
group gathers them under one program and gives each the app it belongs to, built
through Flask's CLI (`ScriptInfo`): the public service's commands never see the staff
side's settings, and the staff side's run where `SUBMISSION_PRIVATE_KEY` is.

Whatever stops a command is one line on standard error, never a traceback: missing or
malformed settings (`ConfigurationError`, exit status 2, as click's usage errors),
a database that cannot be reached (exit status 1), and one behind the code (exit
status 3, as the services).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

import click
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy.exc import SQLAlchemyError

from form_service import commands as public_commands
from form_service.core.configuration import ConfigurationError
from form_service.core.swedish_click import CONTEXT, Group
from form_service.staff import commands as staff_commands
from form_service.storage.schema import SchemaBehind

CONFIGURATION_FAULT = 2
DATABASE_FAULT = 1


def _public_app() -> Flask:
    from form_service import create_app

    with _quiet_start("form_service"):
        return create_app()


def _staff_app() -> Flask:
    from form_service.staff import create_staff_app

    with _quiet_start("form_service"):
        return create_staff_app()


@contextlib.contextmanager
def _quiet_start(logger_name: str) -> Iterator[None]:
    """An app logs when it starts without its database or with one behind the code; a
    command says so itself, in one Swedish line (`main`)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


APP_FOR_COMMAND: dict[str, Callable[[], Flask]] = {
    **{command.name: _public_app for command in public_commands.COMMANDS},
    **{command.name: _staff_app for command in staff_commands.COMMANDS},
}


@click.group(
    "form-service",
    cls=Group,
    help="E-tjänsternas och handläggarstödets kommandon för drift (se README).",
    context_settings=CONTEXT,
)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Give the chosen command its app: Flask's CLI builds it when the command asks."""
    factory = APP_FOR_COMMAND.get(ctx.invoked_subcommand or "")
    info = ScriptInfo(create_app=factory, set_debug_flag=False, load_dotenv_defaults=False)
    ctx.obj = info
    ctx.call_on_close(lambda: _close_database(info))


def _close_database(info: ScriptInfo) -> None:
    """Close the app's database connections when its command ends (it may run inside a
    longer process, such as a test, rather than exit)."""
    app = getattr(info, "_loaded_app", None)
    engine = app.extensions.get("db_engine") if app is not None else None
    if engine is not None:
        engine.dispose()


for _command in (*public_commands.COMMANDS, *staff_commands.COMMANDS):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run `form-service argv…`; return the exit status (the installed program exits with it)."""
    try:
        result = cli.main(args=argv, prog_name="form-service", standalone_mode=False)
    except click.ClickException as problem:  # a usage error: click's own lines, status 2
        problem.show()
        return problem.exit_code
    except click.Abort:
        click.echo("Avbrutet.", err=True)
        return 1
    except ConfigurationError as fault:
        click.echo(f"Fel: {fault}", err=True)
        return CONFIGURATION_FAULT
    except SQLAlchemyError as error:
        click.echo(_database_fault(error), err=True)
        return DATABASE_FAULT
    except SchemaBehind as behind:
        missing = ", ".join(behind.missing)
        click.echo(
            f"Fel: databasen saknar migreringarna {missing}; kör `form-service migrate`.", err=True
        )
        return behind.code
    return result if isinstance(result, int) else 0


def _database_fault(error: SQLAlchemyError) -> str:
    return (
        f"Fel: databasen går inte att nå eller är inte uppdaterad ({error.__class__.__name__}). "
        "Kontrollera DATABASE_URL, att databasen är igång och att `form-service migrate` "
        "har körts, och försök igen."
    )


if __name__ == "__main__":
    sys.exit(main())
