"""`make run`: the built site and the e-services together on http://127.0.0.1:8000/,
and the staff side on http://127.0.0.1:8001/.

In production a web server serves `build/site` and proxies the e-service prefix
to gunicorn, and the staff side runs as its own process on an internal network;
this development server does the same in one process, on two ports.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import mimetypes
import threading
from pathlib import Path
from typing import Any

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from form_service.core.security_headers import security_headers
from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAIL_INTERVAL_SECONDS = 2


class BuiltSite:
    """Serves a built site folder the way the production web server does: its own 404
    page, and the same security headers as the e-services (`core/security_headers.py`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = self._file_for(request.path)
        if path is None:
            missing = self.folder / "404.html"
            response = Response(missing.read_bytes(), 404, mimetype="text/html")
        else:
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response = Response(path.read_bytes(), mimetype=mimetype)
        response.headers.update(security_headers(secure=request.scheme == "https", site=True))
        return response(environ, start_response)

    def _file_for(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/")
        if url_path.endswith("/"):
            relative += "index.html"
        candidate = (self.folder / relative).resolve()
        if not candidate.is_relative_to(self.folder) or not candidate.is_file():
            return None
        return candidate


def make_app(
    site_dir: Path, form_config: dict[str, Any] | None = None, *, send_mail: bool = False
) -> Any:
    """The site at `/` and the form service at its configured prefix; with
    `send_mail`, a thread sends the outbox as `form-service send-mail --loop` would."""
    from form_service import create_app
    from form_service.mail.sending import send_in_background

    prefix = load_site_config(PROJECT_ROOT / "content").eservice_prefix.rstrip("/")
    forms = create_app({"ENV_NAME": "development", **(form_config or {})})
    if send_mail:
        logging.getLogger("form_service.mail").setLevel(logging.INFO)  # what would be sent
        forms.extensions["mail_sender_stop"] = send_in_background(forms, MAIL_INTERVAL_SECONDS)
    return DispatcherMiddleware(BuiltSite(site_dir), {prefix: forms})


def make_staff_app() -> Any:
    """The staff side with a development administrator, so there is someone to log in as."""
    from form_service.staff import create_staff_app
    from form_service.staff.dev_account import ensure_development_account

    app = create_staff_app({"ENV_NAME": "development"})
    app.extensions["dev_login"] = ensure_development_account(app)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=PROJECT_ROOT / "build" / "site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--staff-port", type=int, default=8001)
    args = parser.parse_args()
    site = make_server("127.0.0.1", args.port, make_app(args.site, send_mail=True), threaded=True)
    staff_app = make_staff_app()
    staff = make_server("127.0.0.1", args.staff_port, staff_app, threaded=True)
    username, password = staff_app.extensions["dev_login"]
    print(f"Webbplatsen och e-tjänsterna: http://127.0.0.1:{args.port}/")
    print(f"Handläggarstödet: http://127.0.0.1:{args.staff_port}/")
    print(f"  logga in som {username} med lösenordet {password} (bara för utveckling)")
    print("Avsluta med Ctrl+C.", flush=True)  # the whole banner, also into a pipe or file
    threading.Thread(target=staff.serve_forever, daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        site.serve_forever()


if __name__ == "__main__":
    main()
