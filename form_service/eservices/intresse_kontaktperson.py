"""Intresseanmälan – bli kontaktperson."""

from __future__ import annotations

from form_service.eservices import workflow
from form_service.eservices.flows import Flow, People, Person, Step
from form_service.eservices.rules import age_for_children
from form_service.forms import volunteer as intresse

ESERVICE = Flow(
    key="intresse-kontaktperson",
    unit_section="kontaktperson",
    steps=(
        Step("uppdrag", "Uppdrag", intresse.Assignment),
        Step("om-dig", "Om dig", intresse.AboutYou),
        Step("tid-och-intressen", "Tid och intressen", intresse.TimeAndInterests),
        Step("referenser", "Referenser", intresse.References),
        Step("samtycke", "Samtycke", intresse.Consent),
    ),
    people=People(
        applicant=Person("om-dig", "fornamn", "efternamn", "personnummer"),
        email=("om-dig", "epost"),
    ),
    statuses=workflow.VOLUNTEER,
    transitions=workflow.VOLUNTEER_TRANSITIONS,
    sent_heading="Intresseanmälan är skickad",
    next_steps=(
        "Socialtjänsten hör av sig till dig, oftast på telefon.",
        "Om det blir aktuellt bjuder vi in dig till ett informationsmöte och en intervju.",
        "Om du samtycker gör vi registerkontroller och pratar med dina referenser.",
    ),
    rules=(
        age_for_children(
            chosen=("uppdrag", "uppdrag"),
            with_children=intresse.ASSIGNMENTS_WITH_CHILDREN,
            number=("om-dig", "personnummer"),
            fixed_on="uppdrag",  # assignments with adults are still open to the person
            message=(
                "För uppdrag med barn och unga måste du vara minst {minimum} år, eftersom barn "
                "behöver en vuxen med mer livserfarenhet. Gå tillbaka till Uppdrag och välj "
                "bara uppdrag med vuxna (från {adults} år), eller rätta personnumret om det är fel"
            ),
        ),
    ),
)
