"""Ansökan om kontaktperson, for oneself or one's child."""

from __future__ import annotations

from form_service.eservices import workflow
from form_service.eservices.flows import Flow, People, Person, Step
from form_service.forms import applications as ansokan

FOR_A_CHILD = ("for-vem", "for_vem", "barn")

ESERVICE = Flow(
    key="ansokan-kontaktperson",
    unit_section="kontaktperson",
    steps=(
        Step("skyddade-uppgifter", "Skyddade personuppgifter", ansokan.ProtectedIdentity),
        Step("for-vem", "Vem ansökan gäller", ansokan.ForWhom),
        Step("om-dig", "Om dig", ansokan.Applicant),
        Step("barnet", "Barnet", ansokan.Child, when=FOR_A_CHILD),
        Step("vardnad", "Vårdnad", ansokan.Custody, when=FOR_A_CHILD),
        Step("stod", "Stöd", ansokan.SupportWanted),
        Step("kontakt", "Kontakt", ansokan.Contact),
        Step("intygande", "Intygande", ansokan.Confirmation),
    ),
    people=People(
        applicant=Person("om-dig", "fornamn", "efternamn", "personnummer"),
        email=("om-dig", "epost"),
        subject=Person("barnet", "barn_fornamn", "barn_efternamn", "barn_personnummer"),
    ),
    statuses=workflow.APPLICATION,
    transitions=workflow.APPLICATION_TRANSITIONS,
    sent_heading="Ansökan är skickad",
    privacy_note="Ansökan blir en allmän handling som skyddas av socialtjänstsekretess.",
    next_steps=(
        "En handläggare läser ansökan och kontaktar dig på det sätt du valt.",
        "Ni pratar om vilket stöd som passar och om vilken lag ansökan prövas enligt.",
        "Du får ett beslut. Du kan överklaga det om du inte är nöjd.",
    ),
    stop=("skyddade-uppgifter", "skyddad", "ja"),
)
