"""Error pages in Swedish, in the site's look, with the right status. Never a traceback.
On a page of a translated e-service they are in the language chosen there.

An error page never uses the database: the request's session is rolled back first
(what failed may have broken it), and the page needs nothing from it. When the
database cannot be reached, pages that need it say so with 503 and `Retry-After`.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from form_service.core.i18n import lazy_gettext as _l
from form_service.storage.db import discard_session

# What the database driver raises when the database is away, locked for too long, or
# every pooled connection is busy: all pass, so the page asks the person to come back.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 30

MESSAGES = {
    400: (
        _l("Något gick fel med det du skickade"),
        _l("Sidan kan ha varit öppen för länge. Gå tillbaka, ladda om sidan och försök igen."),
    ),
    404: (_l("Sidan finns inte"), _l("Kontrollera adressen, eller börja om från webbplatsen.")),
    405: (
        _l("Det gick inte att göra så"),
        _l("Sidan kan inte användas på det sättet. Gå tillbaka och försök igen."),
    ),
    413: (_l("Det du skickade var för stort"), _l("Skriv kortare svar och försök igen.")),
    429: (
        _l("För många försök"),
        _l("Du har skickat många gånger på kort tid. Vänta en stund och försök igen."),
    ),
    500: (
        _l("Något gick fel hos oss"),
        _l("Dina uppgifter är inte skickade. Försök igen om en stund eller ring oss."),
    ),
    503: (
        _l("E-tjänsten går inte att använda just nu"),
        _l(
            "Det är ett tillfälligt fel hos oss. Det du skrev på den här sidan är inte sparat "
            "och ingenting är skickat. Försök igen om några minuter eller ring oss."
        ),
    ),
}


def init_app(app: Flask, template: str = "errors/error.html", messages: dict | None = None) -> None:
    """Every error, expected or not, as a page in `template` with the right status.

    The staff side passes its own layout and wording; the handling is the same.
    """
    wording = messages or MESSAGES

    def page(status: int) -> tuple[str, int]:
        discard_session()
        heading, text = wording.get(status, wording[400 if status < 500 else 500])
        return render_template(template, heading=heading, text=text, status=status), status

    def unexpected(error: Exception) -> tuple[str, int]:
        current_app.logger.error("unexpected error: %s", error.__class__.__name__)
        return page(500)

    def unavailable(error: Exception) -> tuple[str, int, dict[str, str]]:
        # The class names only: the driver's message may quote the statement's values.
        names = [type(error).__name__]
        if getattr(error, "orig", None) is not None:
            names.append(type(error.orig).__name__)
        current_app.logger.warning("database unavailable: %s", "/".join(names))
        return *page(503), {"Retry-After": str(RETRY_AFTER_SECONDS)}

    app.register_error_handler(CSRFError, lambda _error: page(400))
    app.register_error_handler(HTTPException, lambda error: page(error.code or 500))
    for kind in UNAVAILABLE:
        app.register_error_handler(kind, unavailable)
    app.register_error_handler(Exception, unexpected)
