"""The staff side's error pages: Swedish, in its own layout, never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Något gick fel med det du skickade", "Sidan kan ha varit öppen för länge. Ladda om "
          "sidan och försök igen."),
    403: ("Du har inte behörighet", "Sidan kräver en annan roll. Kontakta en administratör om "
          "du behöver den."),
    404: ("Sidan finns inte", "Ärendet kan ha raderats, eller adressen är fel."),
    405: ("Det gick inte att göra så", "Gå tillbaka och försök igen."),
    413: ("Det du skickade var för stort", "Skriv kortare och försök igen."),
    429: ("För många försök", "Vänta en stund och försök igen."),
    500: ("Något gick fel", "Ingenting ändrades. Försök igen, och kontakta IT-stöd om det "
          "upprepas."),
}  # fmt: skip


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, lambda _error: _page(400))
    app.register_error_handler(HTTPException, lambda error: _page(error.code or 500))
    app.register_error_handler(Exception, _unexpected)


def _unexpected(error: Exception) -> tuple[str, int]:
    current_app.logger.error("unexpected error: %s", error.__class__.__name__)
    return _page(500)


def _page(status: int) -> tuple[str, int]:
    heading, text = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_template("staff/error.html", heading=heading, text=text), status
