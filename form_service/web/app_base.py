"""What the public service and the staff side are both built on.

Both read the shared templates and static files, keep their state in the instance
folder (`INSTANCE_PATH`), take their settings in the same layers, and refuse to start
without a retention time for every form: `base_app` does that once for both factories.
Both pick up a changed `site.yaml` on the next request (`site_config_reload`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.templating import Environment
from itsdangerous import URLSafeTimedSerializer

from form_service.core import clock, i18n
from form_service.core.configuration import ConfigurationError, instance_folder
from form_service.core.site_config_reload import SiteConfigReloader, load_checked_config
from site_builder.config import SiteConfig
from site_builder.errors import ContentError, ContentErrors
from site_builder.resources import STATIC_DIR, TEMPLATES_DIR

Configure = Callable[[Flask, dict[str, Any] | None], None]


def base_app(import_name: str, configure: Configure, test_config: dict[str, Any] | None) -> Flask:
    """A configured app with the site configuration in `extensions`, kept current."""
    app = App(
        import_name,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_path=str(instance_folder()),
        instance_relative_config=True,
    )
    app.jinja_environment = SnapshotGlobalsEnvironment
    app.session_interface = OneSerializerSessions()
    configure(app, test_config)
    clock.install(app, test_config)
    content_dir = Path(app.extensions["settings"].CONTENT_DIR)
    reloader = SiteConfigReloader(app, content_dir)  # stamp first: a later change is seen
    app.extensions["site_config"] = _site_config(content_dir)
    reloader.install()
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    # `_()` in the templates: the request's language (the staff side stays Swedish). A
    # plain global rather than Jinja's i18n extension, whose `_` goes through two more
    # calls each time; the templates need no {% trans %} blocks.
    app.jinja_env.globals["_"] = i18n.template_gettext
    return app


class App(Flask):
    """Flask, asking once per function whether it is a coroutine function.

    Flask calls `ensure_sync` on every view, before- and after-request function,
    context processor and teardown of every request, and each call asks `inspect`
    again (about ten a request). The answer cannot change, so it is remembered: the
    same functions are returned, as Flask's own method returns them. Bounded, in case
    something hands it new functions on every request.
    """

    SYNC_FUNCTIONS_KEPT = 1024

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known: dict[Any, Callable[..., Any]] = self.__dict__.setdefault("_sync_functions", {})
        try:
            return known[func]
        except (KeyError, TypeError):  # TypeError: an unhashable callable
            found = super().ensure_sync(func)
        try:
            if len(known) < self.SYNC_FUNCTIONS_KEPT:
                known[func] = found
        except TypeError:
            pass
        return found


class OneSerializerSessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, with its signing serializer made once per set of
    keys rather than twice a request (to read the cookie, and to write it): the same
    keys, salt, key derivation and digest, so the same cookie."""

    def __init__(self) -> None:
        self._made: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._made is None or self._made[0] != keys:
            self._made = (keys, super().get_signing_serializer(app))
        return self._made[1]


class SnapshotGlobalsEnvironment(Environment):
    """Flask's template environment, whose templates keep the globals in a plain dict.

    Jinja gives each template a `ChainMap` over the environment's globals, and on every
    render and every `{% import %}` (the layout imports four template files) it builds
    a set of the globals' names and walks the chain to compare them: a tenth of what
    rendering a form step costs. A dict made when the template is first loaded holds
    the same names: the apps add their globals while they are built (Flask refuses
    `add_template_global` once a request has been served), before any template loads.
    """

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:  # type: ignore[override]
        return {**self.globals, **(d or {})}


def _site_config(content_dir: Path) -> SiteConfig:
    """`site.yaml`, or a configuration fault naming the file and what is wrong in it."""
    if not content_dir.is_dir():  # an installed program is not beside the checkout's content/
        raise ConfigurationError(
            f"CONTENT_DIR={content_dir} finns inte: sätt CONTENT_DIR till mappen med "
            "webbplatsens innehåll och site.yaml (se docs/drift.md)."
        )
    try:
        return load_checked_config(content_dir)
    except (ContentError, ContentErrors) as fault:
        raise ConfigurationError(
            f"Webbplatsens inställningar går inte att läsa (CONTENT_DIR={content_dir}): {fault}"
        ) from fault
