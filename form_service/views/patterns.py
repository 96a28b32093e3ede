"""A development-only page that shows every form component, empty and with errors.

Designers and the accessibility checks look at one page instead of walking every
form into every state. Registered only in debug mode or with `PATTERN_PAGE`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from form_service.core.settings import public_settings
from form_service.forms.base import (
    YES_NO,
    StepForm,
    choice,
    choices,
    consent,
    email,
    long_text,
    name,
    personnummer,
    phone,
    text,
)

bp = Blueprint("patterns", __name__)

# Every wrong answer a person could give, one per field: the error state of each component.
MISTAKES = MultiDict(
    {
        "fel-fornamn": "R2-D2",
        "fel-personnummer": "811218-9875",
        "fel-telefon": "123",
        "fel-epost": "namn@",
        "fel-ort": "Orten\x00",
        "fel-beskrivning": "",
        "fel-korkort": "kanske",
    }
)


class Components(StepForm):
    """One field of each kind the e-services use."""

    fornamn = name("Förnamn", "Ange ditt förnamn", "given-name")
    personnummer = personnummer("Personnummer", "Ange ditt personnummer")
    telefon = phone()
    epost = email(optional=True)
    ort = text("Ort", "Ange din ort", autocomplete="address-level2")
    beskrivning = long_text(
        "Berätta om dig själv", "Skriv något om dig själv", hint="Högst 2000 tecken"
    )
    korkort = choice("Har du körkort?", "Välj om du har körkort", YES_NO)
    sprak = choices(
        "Vilka språk talar du?",
        "Välj minst ett språk",
        [("sv", "Svenska"), ("ar", "Arabiska"), ("ti", "Tigrinja")],
        hint="Välj alla som stämmer.",
    )
    samtycke = consent("Jag har läst hur uppgifterna behandlas", "Kryssa i att du har läst")


@bp.route("/komponenter/", methods=["GET", "POST"])
def pattern_page() -> str:
    """The components empty (or as just sent), and every one of them in its error state."""
    # The page's one CSRF token (the form wrapper's) is checked by CSRFProtect.
    empty = Components(prefix="tom", meta={"csrf": False})
    if request.method == "POST":
        empty.validate()
    mistakes = Components(formdata=MISTAKES, prefix="fel", meta={"csrf": False})
    mistakes.validate()
    return render_template(
        "forms/patterns.html",
        empty=empty,
        mistakes=mistakes,
        **_example_service(),
    )


def _example_service() -> dict:
    """The first e-service, for the privacy box the page shows as it appears on a form."""
    flow = next(iter(current_app.extensions["flows_by_path"].values()))
    return {"flow": flow, "service": current_app.extensions["site_config"].eservices[flow.key]}


def init_app(app: Flask) -> None:
    """Register the page only where nobody but developers can reach it."""
    if app.debug or public_settings(app).PATTERN_PAGE:
        app.register_blueprint(bp)
