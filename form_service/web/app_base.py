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

from form_service.core import clock, i18n
from form_service.core.configuration import ConfigurationError, instance_folder
from form_service.core.site_config_reload import SiteConfigReloader, load_checked_config
from site_builder.config import SiteConfig
from site_builder.errors import ContentError, ContentErrors

PROJECT_ROOT = Path(__file__).resolve().parents[2]
Configure = Callable[[Flask, dict[str, Any] | None], None]


def base_app(import_name: str, configure: Configure, test_config: dict[str, Any] | None) -> Flask:
    """A configured app with the site configuration in `extensions`, kept current."""
    app = Flask(
        import_name,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(instance_folder()),
        instance_relative_config=True,
    )
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


def _site_config(content_dir: Path) -> SiteConfig:
    """`site.yaml`, or a configuration fault naming the file and what is wrong in it."""
    try:
        return load_checked_config(content_dir)
    except (ContentError, ContentErrors) as fault:
        raise ConfigurationError(
            f"Webbplatsens inställningar går inte att läsa (CONTENT_DIR={content_dir}): {fault}"
        ) from fault
