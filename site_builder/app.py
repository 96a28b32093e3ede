"""The Flask app behind the site: the freezer renders it, the editor preview serves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template, url_for
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup

from site_builder.errors import ContentErrors
from site_builder.filters import swedish_date, tel_href
from site_builder.resources import CHECKOUT_CONTENT_DIR, STATIC_DIR, TEMPLATES_DIR
from site_builder.site_source import FixedSiteSource, PreviewSiteSource

DEFAULT_CONTENT_DIR = CHECKOUT_CONTENT_DIR


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the site app: defaults, then the instance config, then `test_config`.

    With `SITE` set (a built `Site`) it serves that site, as the freezer needs;
    otherwise it is the editor preview of `CONTENT_DIR`, drafts included.
    """
    app = Flask(
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
        instance_relative_config=True,
    )
    app.config.from_mapping(CONTENT_DIR=str(DEFAULT_CONTENT_DIR), SITE=None, PREVIEW=False)
    app.config.from_pyfile("site_builder.cfg", silent=True)
    if test_config:
        app.config.from_mapping(test_config)

    site = app.config["SITE"]
    if site is not None:
        app.extensions["site_source"] = FixedSiteSource(site)
    else:
        app.config["PREVIEW"] = True
        app.extensions["site_source"] = PreviewSiteSource(Path(app.config["CONTENT_DIR"]))

    from site_builder import views

    app.register_blueprint(views.bp)
    app.register_error_handler(404, views.page_not_found)
    app.register_error_handler(ContentErrors, _content_errors_page)
    app.add_template_filter(swedish_date, "swedish_date")
    app.add_template_filter(tel_href, "tel_href")
    app.context_processor(_layout_context)
    # The shared templates' few `_()` calls (the e-services' words) read as Swedish here.
    app.jinja_env.globals["_"] = _swedish
    if app.config.get("TEMPLATE_CACHE_DIR"):
        # Compiled templates kept between builds make a small rebuild much faster.
        cache_dir = Path(app.config["TEMPLATE_CACHE_DIR"])
        cache_dir.mkdir(parents=True, exist_ok=True)
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir))
    return app


def _swedish(message: str, **values: Any) -> Markup:
    """`_()` as the e-services' templates use it, untranslated: the Swedish source."""
    return Markup(message) % values if values else Markup(message)  # noqa: S704 (templates' text)


def _layout_context() -> dict[str, Any]:
    """What base.html needs on every page, in the form service's terms too."""
    from flask import current_app

    source = current_app.extensions["site_source"]
    try:
        site = source.current()
    except ContentErrors:
        return {"preview": True}  # the content-errors page stands alone
    return {
        "site": site.config,
        "main_menu": site.main_menu,
        "asset_url": lambda filename: url_for("static", filename=filename),
        "site_url": lambda path: path,
        "preview": current_app.config["PREVIEW"],
        "content_faults": source.faults().elsewhere(),
    }


def _content_errors_page(error: ContentErrors) -> tuple[str, int]:
    """In the preview, a content fault shows as a list of what to fix, not a traceback."""
    return render_template("site/content-errors.html", errors=error.errors), 500
