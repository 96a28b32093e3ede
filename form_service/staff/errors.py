"""The staff side's error pages: Swedish, in its own layout, never a traceback."""

from __future__ import annotations

from flask import Flask

from form_service.web import errors as error_pages

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
    503: ("Handläggarstödet går inte att använda just nu", "Databasen svarar inte. Ingenting "
          "ändrades. Försök igen om några minuter, och kontakta IT-stöd om det fortsätter."),
}  # fmt: skip


def init_app(app: Flask) -> None:
    error_pages.init_app(app, "staff/error.html", MESSAGES)
