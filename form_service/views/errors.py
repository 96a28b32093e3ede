"""Error pages in Swedish, in the site's look, with the right status. Never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (
        "Något gick fel med det du skickade",
        "Sidan kan ha varit öppen för länge. Gå tillbaka, ladda om sidan och försök igen.",
    ),
    404: ("Sidan finns inte", "Kontrollera adressen, eller börja om från webbplatsen."),
    405: (
        "Det gick inte att göra så",
        "Sidan kan inte användas på det sättet. Gå tillbaka och försök igen.",
    ),
    413: ("Det du skickade var för stort", "Skriv kortare svar och försök igen."),
    429: (
        "För många försök",
        "Du har skickat många gånger på kort tid. Vänta en stund och försök igen.",
    ),
    500: (
        "Något gick fel hos oss",
        "Dina uppgifter är inte skickade. Försök igen om en stund eller ring oss.",
    ),
}


def init_app(app: Flask, template: str = "errors/error.html", messages: dict | None = None) -> None:
    """Every error, expected or not, as a page in `template` with the right status.

    The staff side passes its own layout and wording; the handling is the same.
    """
    wording = messages or MESSAGES

    def page(status: int) -> tuple[str, int]:
        heading, text = wording.get(status, wording[400 if status < 500 else 500])
        return render_template(template, heading=heading, text=text, status=status), status

    def unexpected(error: Exception) -> tuple[str, int]:
        current_app.logger.error("unexpected error: %s", error.__class__.__name__)
        return page(500)

    app.register_error_handler(CSRFError, lambda _error: page(400))
    app.register_error_handler(HTTPException, lambda error: page(error.code or 500))
    app.register_error_handler(Exception, unexpected)
