"""The staff side (handläggarstöd): case officers read and work through submissions.

A separate Flask application, run as its own process on its own port: it alone
holds `SUBMISSION_PRIVATE_KEY`, so the public service keeps working, and keeps
nothing readable, without it. Every route is guarded (see `access.py`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, url_for

# The staff side's own stylesheet lives here, not in static/, which the site builder
# publishes on the public site.
ASSETS = Blueprint(
    "staff_assets", __name__, static_folder="static", static_url_path="/static/staff"
)


def create_staff_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then the instance config, then the environment, then `test_config`."""
    from form_service.core import security
    from form_service.staff import commands, errors, settings
    from form_service.staff.views import admin, auth, cases, exports, lists
    from form_service.storage import schema
    from form_service.web import health, json_logs
    from form_service.web.app_base import base_app

    app = base_app(__name__, settings.configure, test_config)
    _add_filters(app)
    schema.init_app(app)
    json_logs.init_app(app, "staff")
    security.init_staff_app(app)
    errors.init_app(app)
    for blueprint in (auth.bp, cases.bp, lists.bp, exports.bp, admin.bp, ASSETS):
        app.register_blueprint(blueprint)
    app.register_blueprint(health.bp, keys=health.staff_keys_loaded)
    app.context_processor(_layout)
    app.after_request(_never_indexed)
    commands.register(app)
    return app


def _layout() -> dict[str, Any]:
    """What staff/layout.html needs. The user is the copy `current_user` made, never a
    database row: an error page must render when the database session cannot."""
    from flask import current_app

    from form_service.eservices import queued
    from form_service.staff.access import ADMINISTRATOR, shown_user

    user = shown_user()
    queues = [flow.queue for flow in queued() if flow.queue]
    return {
        "site": current_app.extensions["site_config"],
        "staff_user": user,
        "is_admin": bool(user and user.role == ADMINISTRATOR),
        "queue_label": queues[0].title if len(queues) == 1 else "Köer",
        "asset_url": lambda filename: url_for("static", filename=filename),
        "staff_asset_url": lambda filename: url_for("staff_assets.static", filename=filename),
    }


def _add_filters(app: Flask) -> None:
    from form_service import eservices
    from form_service.core.swedish_time import local
    from form_service.eservices.answers import by_step

    app.add_template_filter(lambda moment: local(moment).strftime("%Y-%m-%d %H:%M"), "local_time")
    app.add_template_filter(by_step, "by_step")
    app.add_template_filter(
        lambda row: eservices.status(row.form_kind, row.status).label, "status_label"
    )
    app.add_template_filter(
        lambda kind: (
            app.extensions["site_config"].eservices[kind].titel
            if kind in app.extensions["site_config"].eservices
            else kind
        ),
        "form_title",
    )


def _never_indexed(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response
