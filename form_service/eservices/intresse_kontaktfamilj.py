"""Intresseanmälan – bli kontaktfamilj eller stödfamilj."""

from __future__ import annotations

from form_service.eservices import workflow
from form_service.eservices.flows import Flow, People, Person, Step
from form_service.eservices.rules import age_for_children
from form_service.forms import volunteer as intresse

ESERVICE = Flow(
    key="intresse-kontaktfamilj",
    unit_section="kontaktfamilj",
    steps=(
        Step("uppdrag", "Uppdrag", intresse.FamilyAssignment),
        Step("om-dig", "Om dig", intresse.AboutYou),
        Step("hushallet", "Hushållet", intresse.Household),
        Step("intressen", "Intressen och erfarenhet", intresse.FamilyInterests),
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
        "Socialtjänsten hör av sig till er, oftast på telefon.",
        "Om det blir aktuellt träffas vi för samtal, gärna hemma hos er.",
        "Om ni samtycker gör vi registerkontroller och pratar med era referenser.",
    ),
    rules=(
        age_for_children(
            chosen=("uppdrag", "uppdrag"),
            with_children=intresse.ASSIGNMENTS_WITH_CHILDREN,
            number=("om-dig", "personnummer"),
            message=(
                "Du måste vara minst {minimum} år för att bli kontaktfamilj eller stödfamilj, "
                "eftersom barn behöver en vuxen med mer livserfarenhet. Från {adults} år kan du "
                "anmäla intresse för att bli kontaktperson för vuxna"
            ),
        ),
    ),
)
