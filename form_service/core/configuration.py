"""How an app's settings are declared once, read in layers and used by attribute.

Each app declares its settings as one frozen dataclass (`form_service/core/settings.py`,
`form_service/staff/settings.py`): a field per setting, with its type, its default and
the sentence the README's table shows (`settings_tables.py` writes those tables from
the declarations). `load` fills the dataclass from the layers in order: defaults, the
app's own instance file, the environment, then a test's overrides; the result lives in
`app.extensions["settings"]` and, for Flask and its extensions, in `app.config`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import tempfile
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask
from gunicorn.errors import AppImportError

from form_service.core.crypto import generate_keypair, new_draft_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
Declaration = TypeVar("Declaration")
TRUE_WORDS = ("1", "true", "yes", "ja", "on")
FALSE_WORDS = ("0", "false", "no", "nej", "off", "")


class ConfigurationError(RuntimeError, AppImportError):
    """A setting is missing or malformed, so the service must not start.

    Its message is one Swedish line for the operator: what is wrong and where to set
    it. The `form-service` commands print it instead of a traceback, and so does
    gunicorn, which prints an `AppImportError` as its message alone and stops.
    """


def instance_folder() -> Path:
    """Where the settings files, development keys and default database are:
    `INSTANCE_PATH`, or `instance/` in the project."""
    return Path(os.environ.get("INSTANCE_PATH") or PROJECT_ROOT / "instance").resolve()


def setting(
    default: Any,
    description: str,
    *,
    shown_default: str | None = None,
    required: bool = False,
    environment_only: bool = False,
) -> Any:
    """One declared setting: a dataclass field that carries its README row.

    `shown_default` is what the table says when the real default reads badly there (an
    absolute path); `required` settings have no default outside development;
    `environment_only` ones are read before the instance file is found.
    """
    return dataclasses.field(
        default=default,
        metadata={
            "description": description,
            "shown_default": shown_default,
            "required": required,
            "environment_only": environment_only,
        },
    )


@dataclass(frozen=True)
class Declared:
    """One row of a declaration, as the loader and the README table see it."""

    name: str
    type: type
    default: Any
    description: str
    shown_default: str | None
    required: bool
    environment_only: bool


def declared(declaration: type) -> list[Declared]:
    """The settings of a declaration, in the order they are written."""
    hints = typing.get_type_hints(declaration)
    return [
        Declared(
            name=field.name,
            type=_plain_type(hints[field.name]),
            default=field.default,
            description=field.metadata["description"],
            shown_default=field.metadata["shown_default"],
            required=field.metadata["required"],
            environment_only=field.metadata["environment_only"],
        )
        for field in dataclasses.fields(declaration)
    ]


def _plain_type(hint: Any) -> type:
    """`int`, `bool` or `str`, also when the hint allows None (`str | None`)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


@dataclass(frozen=True)
class InstanceFile:
    """The file in the instance folder that this app, and only this app, reads."""

    name: str

    def path(self, app: Flask) -> Path:
        return Path(app.instance_path) / self.name

    def read(self, app: Flask) -> dict[str, Any]:
        """Its upper-case assignments, or nothing when there is no such file."""
        path = self.path(app)
        if not path.exists():
            return {}
        scope: dict[str, Any] = {"__file__": str(path)}
        try:
            exec(compile(path.read_bytes(), str(path), "exec"), scope)  # noqa: S102 - the operator's file
        except Exception as fault:  # the file is Python: any error in it is the operator's
            line = f" på rad {fault.lineno}" if isinstance(fault, SyntaxError) else ""
            raise ConfigurationError(
                f"Inställningsfilen {path} går inte att läsa{line} "
                f"({type(fault).__name__}); rätta den (se README, Settings)."
            ) from fault
        return {name: value for name, value in scope.items() if name.isupper()}


def load(
    app: Flask,
    declaration: type[Declaration],
    instance_file: InstanceFile,
    test_config: dict[str, Any] | None,
    *,
    forbidden: tuple[str, ...] = (),
) -> Declaration:
    """Defaults, then the app's instance file, then the environment, then `test_config`.

    Refuses to go on without the required settings, except in development, where
    missing ones come from throwaway keys in the instance folder, and refuses any
    `forbidden` setting, whichever layer brings it.
    """
    rows = declared(declaration)
    from_file = instance_file.read(app)
    layers = {
        f"{instance_file.path(app)}": from_file,
        "miljövariablerna": {name: os.environ[name] for name in forbidden if name in os.environ},
        "testinställningarna": test_config or {},
    }
    _refuse_forbidden(forbidden, layers)
    app.config.update(from_file)
    if test_config:
        app.config.update(test_config)
    values = {row.name: _value(row, from_file, test_config or {}) for row in rows}
    development = values.get("ENV_NAME") == "development" or app.testing
    if development:
        _fill_development_keys(app, values, [row.name for row in rows if row.required])
    missing = [row.name for row in rows if row.required and not values[row.name]]
    if missing:
        raise ConfigurationError(
            f"Inställningar saknas: {', '.join(missing)}. Sätt dem som miljövariabler "
            f"eller i {instance_file.path(app)} (se README, Settings); på en utvecklardator "
            "räcker ENV_NAME=development, som skapar nycklar för utveckling."
        )
    app.config.update(values)
    loaded = declaration(**values)
    app.extensions["settings"] = loaded
    return loaded


def _refuse_forbidden(forbidden: tuple[str, ...], layers: dict[str, dict[str, Any]]) -> None:
    for where, layer in layers.items():
        for name in forbidden:
            if layer.get(name):
                raise ConfigurationError(
                    f"{name} hör bara till handläggarstödet och får aldrig nå den publika "
                    f"e-tjänsten, men finns i {where}; ta bort den därifrån."
                )


def _value(row: Declared, from_file: dict[str, Any], test_config: dict[str, Any]) -> Any:
    """The last layer that gives the setting wins; each layer's value is checked."""
    value, source = row.default, None
    if row.name in from_file and not row.environment_only:
        value, source = from_file[row.name], "inställningsfilen"
    if row.name in os.environ:
        value, source = os.environ[row.name], "miljövariabeln"
    if row.name in test_config:
        value, source = test_config[row.name], "testinställningen"
    return value if source is None else _typed(row, value, source)


def _typed(row: Declared, value: Any, source: str) -> Any:
    """`value` as the declared type: text from the environment or the file is parsed,
    a path is text, anything else must already be of that type."""
    if value is None or type(value) is row.type:
        return value
    if row.type is str and isinstance(value, os.PathLike):
        return os.fspath(value)
    parsed = _parsed(row.type, value) if isinstance(value, str) else None
    if parsed is None:
        raise ConfigurationError(
            f"Inställningen {row.name} ska vara {_TYPE_WORDS[row.type]}, men {source} är "
            f"{value!r}; rätta den (se README, Settings)."
        )
    return parsed


def _parsed(kind: type, text: str) -> int | bool | None:
    word = text.strip().lower()
    if kind is bool and word in TRUE_WORDS + FALSE_WORDS:
        return word in TRUE_WORDS
    if kind is int and word.lstrip("-").isdigit():
        return int(word)
    return None


_TYPE_WORDS = {int: "ett heltal", bool: "true eller false", str: "en text"}


def _fill_development_keys(app: Flask, values: dict[str, Any], required: list[str]) -> None:
    """Throwaway keys for development, kept in the instance folder between restarts.

    Only the keys this app declares as required are taken from the shared file: the
    public service never gets `SUBMISSION_PRIVATE_KEY`, although the file holds it for
    the staff side.
    """
    if all(values[name] for name in required):
        return
    path = Path(app.instance_path) / "dev-keys.json"
    if not path.exists():
        public, private = generate_keypair()
        keys = {
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SUBMISSION_PUBLIC_KEY": public,
            "SUBMISSION_PRIVATE_KEY": private,
            "DRAFT_KEY": new_draft_key(),
        }
        _write_once(path, json.dumps(keys))
    keys = json.loads(path.read_text())
    for name in required:
        if not values[name]:
            values[name] = keys.get(name)


def _write_once(path: Path, text: str) -> None:
    """Write a private file whole, unless another process has just written it.

    Two processes starting together (the public service and the staff side, or test
    workers) must end up with the same keys, and neither may read a half-written file:
    the text goes to a temporary file that is then linked into place, which fails if
    the file is already there.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as draft:
        draft.write(text)  # mkstemp: readable by the owner only
    try:
        os.link(draft.name, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(draft.name)
