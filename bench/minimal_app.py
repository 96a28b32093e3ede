"""The yardstick for `request_cpu.py`: a minimal Flask app rendering a small Jinja page.

Whatever our e-services cost per request is compared with this, run under the same
gunicorn in the same run, so the ratio says what our own code adds to what any Flask
page costs on this machine. Start: `gunicorn 'minimal_app:create_app()'` from bench/.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template

ITEMS = ["Kontaktperson", "Kontaktfamilj", "Kontaktgruppen", "Familjehem", "Kontakt"]


def create_app() -> Flask:
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "minimal_templates"))

    @app.get("/")
    def page() -> str:
        return render_template("page.html", title="En liten sida", items=ITEMS)

    return app
