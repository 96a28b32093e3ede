"""The e-services: citizens' interest registrations and applications.

`create_app` builds the public service. It shares the templates, the stylesheet and
the site configuration with the information site, so both read and look the same.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, url_for

from site_builder.filters import swedish_date, tel_href
from site_builder.navigation import main_menu


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then the instance config, then the environment, then `test_config`."""
    from form_service import commands
    from form_service.core import security, settings
    from form_service.core.settings import public_settings
    from form_service.eservices import FLOWS
    from form_service.storage import schema
    from form_service.views import forms, languages, patterns, status
    from form_service.web import errors, health, json_logs
    from form_service.web.app_base import base_app

    app = base_app(__name__, settings.configure, test_config)
    config = app.extensions["site_config"]
    app.extensions["flows_by_path"] = {
        service.url.removeprefix(config.eservice_prefix).strip("/"): FLOWS[key]
        for key, service in config.eservices.items()
        if key in FLOWS
    }
    menu = _menu_links(app, main_menu(Path(public_settings(app).CONTENT_DIR), config))
    app.add_template_filter(swedish_date, "swedish_date")
    app.add_template_filter(tel_href, "tel_href")
    app.context_processor(lambda: _layout(app, menu))
    schema.init_app(app)
    json_logs.init_app(app, "public")
    languages.init_app(app)  # first: a refused CSRF token's page is in the language too
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(forms.bp)
    app.register_blueprint(status.bp)
    app.register_blueprint(health.bp, keys=health.public_keys_loaded)
    patterns.init_app(app)
    commands.register(app)
    return app


def _section() -> str:
    """The unit whose contact block a page shows: that of the form being filled in."""
    from flask import current_app, request

    flow_path = (request.view_args or {}).get("flow_path", "") if request else ""
    flow = current_app.extensions["flows_by_path"].get(flow_path.strip("/"))
    return flow.unit_section if flow else "standard"


def _menu_links(app: Flask, menu: list) -> list:
    """The main menu with the information site's address in front of each link: the
    same for every page, so built once rather than on every render."""
    from form_service.core.settings import public_settings

    site_url = public_settings(app).SITE_URL
    return [type(item)(item.title, site_url + item.url) for item in menu]


def _asset_url(known: dict[tuple[str, str], str], filename: str) -> str:
    """A static file's address, worked out once per app, file and prefix (`SCRIPT_NAME`,
    when the service is mounted under one): the layout asks for two on every page."""
    from flask import has_request_context, request

    if not has_request_context():
        return url_for("static", filename=filename)
    key = (request.script_root, filename)
    if key not in known:
        known[key] = url_for("static", filename=filename)
    return known[key]


# How many pages' layouts `_layout` remembers per app and site configuration: every
# step of every e-service in every language, with and without `?tillbaka=granska`,
# fits; an address made up by a visitor beyond that is worked out each time.
LAYOUTS_KEPT = 1024


def _layout(app: Flask, menu: list) -> dict[str, Any]:
    """What base.html needs, as the information site gives it.

    The same for every request to the same page in the same language, so worked out
    once per app, site configuration (a reloaded `site.yaml` starts afresh) and page:
    the address with its query (the language menu links the page itself), the
    blueprint and e-service it belongs to, and the chosen language.
    """
    from flask import has_request_context, request

    from form_service.core.i18n import current_language

    if not has_request_context():
        return _layout_of(app, menu)
    config = app.extensions["site_config"]
    kept = app.extensions.get("layouts")
    if kept is None or kept[0] is not config:
        kept = app.extensions["layouts"] = (config, {})
    key = (
        request.script_root,
        request.path,
        request.query_string,
        request.blueprint,
        (request.view_args or {}).get("flow_path"),
        current_language(),
    )
    found = kept[1].get(key)
    if found is None:
        found = _layout_of(app, menu)
        if len(kept[1]) < LAYOUTS_KEPT:
            kept[1][key] = found
    return found


def _layout_of(app: Flask, menu: list) -> dict[str, Any]:
    from form_service.core.settings import public_settings
    from form_service.views import languages

    site_url = public_settings(app).SITE_URL
    config = app.extensions["site_config"]

    def on_site(path: str) -> str:
        return site_url + path

    return {
        "site": config,
        "main_menu": menu,
        "asset_url": partial(_asset_url, app.extensions.setdefault("asset_urls", {})),
        "site_url": on_site,
        "contact_unit": config.unit_for_section(_section()),
        **languages.frame(on_site),
        # The layout's header and footer as base.html writes them from the above,
        # kept by base.html after the first page it renders with this layout.
        "frame_parts": {},
    }
