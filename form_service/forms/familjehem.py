"""Intresseanmälan – bli familjehem: a family that could let a child live with them.

The person and a partner, if they would be a familjehem together, each give their
personnummer and consent to the register checks a familjehem investigation makes.
Convictions are never asked about. The questions about the person, the references
and the consents are the volunteer forms' own.
"""

from __future__ import annotations

from form_service.core.validators import ConfiguredAge
from form_service.forms import volunteer
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

PARTNER_AGE = ConfiguredAge(
    "familjehem_minst", None, "Din partner måste vara minst %(youngest)s år för att bli familjehem"
)
ASSIGNMENTS = [
    ("jourhem", "Jourhem – ta emot ett barn med kort varsel, för en kortare tid"),
    ("kortare", "En kortare placering"),
    ("langre", "En lång placering, tills barnet blir vuxet"),
]
AGES = [
    ("0-3", "0–3 år"),
    ("4-6", "4–6 år"),
    ("7-12", "7–12 år"),
    ("13-17", "13–17 år"),
]


class AboutYou(volunteer.AboutYou):
    """The volunteer's questions, and whether a partner applies too. The higher age
    limit for a familjehem is a rule of the declaration, on this step's personnummer."""

    partner = choice(
        "Har du en partner som vill bli familjehem tillsammans med dig?",
        "Välj om du har en partner som vill bli familjehem med dig",
        YES_NO,
    )


class Partner(StepForm):
    partner_fornamn = name("Partnerns förnamn", "Ange partnerns förnamn")
    partner_efternamn = name("Partnerns efternamn", "Ange partnerns efternamn")
    partner_personnummer = personnummer(
        "Partnerns personnummer", "Ange partnerns personnummer", age=PARTNER_AGE
    )
    partner_telefon = phone("Partnerns telefonnummer", "Ange partnerns telefonnummer")
    partner_epost = email("Partnerns e-postadress", "Ange partnerns e-postadress", optional=True)
    partner_samtycke = consent(
        "Min partner samtycker till samma registerkontroller som jag",
        "Kryssa i att din partner samtycker till registerkontrollerna",
    )


class Household(StepForm):
    barn_i_hemmet = long_text(
        "Vilka barn bor i hemmet, och hur gamla är de?",
        "Skriv vilka barn som bor hemma",
        limit=500,
        optional=True,
        hint="Skriv bara åldrarna, till exempel 4 och 9 år",
    )
    andra_i_hemmet = long_text(
        "Bor någon mer i hemmet? Hur gammal är hen?",
        "Skriv vilka mer som bor hemma",
        limit=500,
        optional=True,
        hint="Till exempel en förälder eller ett vuxet barn",
    )
    husdjur = text(
        "Har ni husdjur? Vilka?",
        "Ange era husdjur",
        optional=True,
        hint="Vi frågar för att kunna ta hänsyn till allergier",
    )


class Home(StepForm):
    boende = choice("Hur bor ni?", "Välj hur ni bor", volunteer.HOMES)
    rum = text("Hur många rum har bostaden?", "Ange hur många rum bostaden har", limit=20)
    eget_rum = choice(
        "Kan ett barn få ett eget rum hos er?", "Välj om ett barn kan få ett eget rum", YES_NO
    )


class WorkAndTime(StepForm):
    arbete = long_text(
        "Vad arbetar eller studerar ni med, och hur mycket?",
        "Skriv vad ni arbetar med",
        limit=1000,
        hint="Till exempel heltid, deltid eller skift",
    )
    tid = long_text(
        "Hur mycket tid har ni för ett barn?",
        "Skriv hur mycket tid ni har",
        limit=1000,
        hint="Till exempel om någon av er kan vara hemma eller gå ner i tid i början",
    )


class Experience(StepForm):
    erfarenhet = long_text(
        "Vilken erfarenhet har ni av barn?",
        "Skriv er erfarenhet av barn",
        hint="Till exempel egna barn, arbete med barn eller uppdrag som kontaktfamilj",
    )


class Wishes(StepForm):
    uppdrag = choices(
        "Vad kan ni tänka er?",
        "Välj minst ett alternativ",
        ASSIGNMENTS,
        hint="Välj alla som passar. Vi pratar om skillnaden när vi träffas.",
    )
    aldrar = choices(
        "Hur gamla barn kan ni tänka er att ta emot?",
        "Välj minst en ålder",
        AGES,
        hint="Välj alla som passar.",
    )
    motivering = long_text("Varför vill ni bli familjehem?", "Skriv varför ni vill bli familjehem")
