"""Intresseanmälan – bli familjehem."""

from __future__ import annotations

import datetime as dt

from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer
from form_service.eservices.flows import AnswerRule, Answers, Flow, People, Person, Step
from form_service.eservices.workflow import CLOSED, IN_PROGRESS, RECEIVED, Status, transitions
from form_service.forms import familjehem, volunteer

MINIMUM_AGE = (
    "Du måste vara minst {minimum} år för att bli familjehem, eftersom ett barn som bor "
    "hos er behöver vuxna med livserfarenhet och en stabil vardag"
)


def old_enough(answers: Answers, ages: dict, today: dt.date) -> str | None:
    """The applicant is at least `alder.familjehem_minst` in site.yaml, checked where the
    personnummer is given (the volunteer's own lower limit is the field's)."""
    number = (answers.get("om-dig") or {}).get("personnummer") or ""
    try:
        age = parse_personnummer(number, today).age_on(today)
    except InvalidPersonnummer:
        return None  # the step's own rules report the number itself
    minimum = ages["familjehem_minst"]
    return MINIMUM_AGE.format(minimum=minimum) if age < minimum else None


ESERVICE = Flow(
    key="intresse-familjehem",
    unit_section="familjehem",
    steps=(
        Step("om-dig", "Om dig", familjehem.AboutYou),
        Step("partner", "Din partner", familjehem.Partner, when=("om-dig", "partner", "ja")),
        Step("hushallet", "Hushållet", familjehem.Household),
        Step("hemmet", "Hemmet", familjehem.Home),
        Step("arbete-och-tid", "Arbete och tid", familjehem.WorkAndTime),
        Step("erfarenhet", "Erfarenhet", familjehem.Experience),
        Step("onskemal", "Vad ni kan tänka er", familjehem.Wishes),
        Step("referenser", "Referenser", volunteer.References),
        Step("samtycke", "Samtycke", volunteer.Consent),
    ),
    people=People(
        applicant=Person("om-dig", "fornamn", "efternamn", "personnummer"),
        email=("om-dig", "epost"),
    ),
    statuses=(
        RECEIVED,
        Status("kontaktad", "Kontaktad", IN_PROGRESS),
        Status("utbildning", "Utbildning", IN_PROGRESS),
        Status("utredning", "Familjehemsutredning", IN_PROGRESS),
        Status("godkand", "Godkänd", "Klar. Vi har kontakt med er om uppdrag.", closed=True),
        Status("ej-aktuell", "Ej aktuell", CLOSED, closed=True),
    ),
    # The training and the investigation often run side by side, so either may come
    # first after the first contact; "ej aktuell" at any point; a closed one reopens.
    transitions=transitions(
        {
            RECEIVED.key: ("kontaktad", "ej-aktuell"),
            "kontaktad": ("utbildning", "utredning", "ej-aktuell"),
            "utbildning": ("utredning", "ej-aktuell"),
            "utredning": ("utbildning", "godkand", "ej-aktuell"),
            "godkand": ("ej-aktuell",),
            "ej-aktuell": ("kontaktad",),
        }
    ),
    sent_heading="Intresseanmälan är skickad",
    next_steps=(
        "Socialtjänsten hör av sig till er, oftast på telefon.",
        "Om det blir aktuellt går ni en grundutbildning för familjehem före ett uppdrag.",
        "Om ni samtycker gör vi en familjehemsutredning: samtal, hembesök, "
        "registerkontroller och samtal med era referenser.",
    ),
    rules=(
        AnswerRule(
            asked_on="om-dig",
            field="personnummer",
            check=old_enough,
            reads=(("om-dig", "personnummer"),),
        ),
    ),
)
