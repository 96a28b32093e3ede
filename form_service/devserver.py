"""`make run`: the built site and the e-services together on http://127.0.0.1:8000/.

In production a web server serves `build/site` and proxies the e-service prefix
to gunicorn; this development server does the same in one process.
"""

from __future__ import annotations

import argparse
import mimetypes
from pathlib import Path
from typing import Any

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class BuiltSite:
    """Serves a built site folder the way a web server would, with its own 404 page."""

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
        return response(environ, start_response)

    def _file_for(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/")
        if url_path.endswith("/"):
            relative += "index.html"
        candidate = (self.folder / relative).resolve()
        if not candidate.is_relative_to(self.folder) or not candidate.is_file():
            return None
        return candidate


def make_app(site_dir: Path, form_config: dict[str, Any] | None = None) -> Any:
    """The site at `/` and the form service at its configured prefix."""
    from form_service import create_app

    prefix = load_site_config(PROJECT_ROOT / "content").eservice_prefix.rstrip("/")
    forms = create_app({"ENV_NAME": "development", **(form_config or {})})
    return DispatcherMiddleware(BuiltSite(site_dir), {prefix: forms})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=PROJECT_ROOT / "build" / "site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    print(f"Webbplatsen och e-tjänsterna: http://127.0.0.1:{args.port}/ (avsluta med Ctrl+C)")
    run_simple("127.0.0.1", args.port, make_app(args.site), use_reloader=False, threaded=True)


if __name__ == "__main__":
    main()
