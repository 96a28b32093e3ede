"""What the public service and the staff side are both built on.

Both read the shared templates and static files, keep their state in the instance
folder, take their settings in the same layers, and refuse to start without a
retention time for every form: `base_app` does that once for both factories.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from form_service.retention import months_for
from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
Configure = Callable[[Flask, dict[str, Any] | None], None]


def base_app(import_name: str, configure: Configure, test_config: dict[str, Any] | None) -> Flask:
    """A configured app with the site configuration loaded into `extensions`."""
    app = Flask(
        import_name,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
    )
    configure(app, test_config)
    config = load_site_config(Path(app.config["CONTENT_DIR"]))
    for kind in config.eservices:
        months_for(config, kind)
    app.extensions["site_config"] = config
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    return app
