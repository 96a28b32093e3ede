"""Ansökan om kontaktperson, for oneself or one's child."""

from __future__ import annotations

from form_service.core.i18n import N_
from form_service.core.i18n import lazy_gettext as _l
from form_service.eservices import workflow
from form_service.eservices.flows import Flow, People, Person, Step
from form_service.forms import applications as ansokan

FOR_A_CHILD = ("for-vem", "for_vem", "barn")
TITLE = N_("Ansökan om kontaktperson")  # its title in site.yaml, as the catalogs translate it

ESERVICE = Flow(
    key="ansokan-kontaktperson",
    unit_section="kontaktperson",
    steps=(
        Step("skyddade-uppgifter", _l("Skyddade personuppgifter"), ansokan.ProtectedIdentity),
        Step("for-vem", _l("Vem ansökan gäller"), ansokan.ForWhom),
        Step("om-dig", _l("Om dig"), ansokan.Applicant),
        Step("barnet", _l("Barnet"), ansokan.Child, when=FOR_A_CHILD),
        Step("vardnad", _l("Vårdnad"), ansokan.Custody, when=FOR_A_CHILD),
        Step("stod", _l("Stöd"), ansokan.SupportWanted),
        Step("kontakt", _l("Kontakt"), ansokan.Contact),
        Step("intygande", _l("Intygande"), ansokan.Confirmation),
    ),
    people=People(
        applicant=Person("om-dig", "fornamn", "efternamn", "personnummer"),
        email=("om-dig", "epost"),
        subject=Person("barnet", "barn_fornamn", "barn_efternamn", "barn_personnummer"),
    ),
    statuses=workflow.APPLICATION,
    transitions=workflow.APPLICATION_TRANSITIONS,
    sent_heading=_l("Ansökan är skickad"),
    privacy_note=_l("Ansökan blir en allmän handling som skyddas av socialtjänstsekretess."),
    next_steps=(
        _l("En handläggare läser ansökan och kontaktar dig på det sätt du valt."),
        _l("Ni pratar om vilket stöd som passar och om vilken lag ansökan prövas enligt."),
        _l("Du får ett beslut. Du kan överklaga det om du inte är nöjd."),
    ),
    stop=("skyddade-uppgifter", "skyddad", "ja"),
    translated=True,
)
