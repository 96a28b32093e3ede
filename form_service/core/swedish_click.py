"""click's command classes with the help option described in Swedish, like the
commands' own help texts (`form-service --help`, `form-service staff add --help`)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

HELP_TEXT = "Visa den här hjälpen och avsluta."
CONTEXT = {"help_option_names": ["-h", "--help"]}


class _SwedishHelp:
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(_SwedishHelp, click.Command):
    """A command whose `--help` says what it does in Swedish."""


class Group(_SwedishHelp, click.Group):
    """A group of commands, each with Swedish help."""

    command_class = Command


class StaffAppGroup(_SwedishHelp, AppGroup):
    """A Flask `AppGroup` (each command runs in its app's context), in Swedish."""

    command_class = Command
