"""Ansökan till Kontaktgruppen: a child joins a queue for a place in the group."""

from __future__ import annotations

from form_service.core.i18n import N_
from form_service.core.i18n import lazy_gettext as _l
from form_service.eservices.flows import Flow, People, Person, Queue, Step
from form_service.eservices.workflow import CLOSED, RECEIVED, Status, transitions
from form_service.forms import applications as ansokan

TITLE = N_("Ansökan till Kontaktgruppen")  # its title in site.yaml, as the catalogs translate it
WAITING = Status("i-ko", "I kö", _l("Barnet står i kö till Kontaktgruppen."))
OFFERED = Status(
    "erbjuden-plats", "Erbjuden plats", _l("Barnet har erbjudits en plats i Kontaktgruppen.")
)

ESERVICE = Flow(
    key="ansokan-kontaktgruppen",
    unit_section="kontaktgruppen",
    steps=(
        Step("skyddade-uppgifter", _l("Skyddade personuppgifter"), ansokan.ProtectedIdentity),
        Step("om-dig", _l("Om dig som vårdnadshavare"), ansokan.Applicant),
        Step("vardnad", _l("Vårdnad"), ansokan.Custody),
        Step("barnet", _l("Barnet"), ansokan.ChildInGroup),
        Step("varfor", _l("Varför Kontaktgruppen"), ansokan.WhyTheGroup),
        Step("kontakt", _l("Kontakt"), ansokan.Contact),
        Step("intygande", _l("Intygande"), ansokan.Confirmation),
    ),
    people=People(
        applicant=Person("om-dig", "fornamn", "efternamn", "personnummer"),
        email=("om-dig", "epost"),
        subject=Person("barnet", "barn_fornamn", "barn_efternamn", "barn_personnummer"),
    ),
    statuses=(
        RECEIVED,
        WAITING,
        OFFERED,
        Status("deltar", "Deltar", _l("Barnet deltar i Kontaktgruppen."), closed=True),
        Status("avslutad", "Avslutad", CLOSED, closed=True),
    ),
    # A new application joins the queue, or is offered a place at once; a family that
    # declines an offer goes back to the queue; a closed one can join it again.
    transitions=transitions(
        {
            RECEIVED.key: (WAITING.key, OFFERED.key, "avslutad"),
            WAITING.key: (OFFERED.key, "avslutad"),
            OFFERED.key: ("deltar", WAITING.key, "avslutad"),
            "deltar": ("avslutad",),
            "avslutad": (WAITING.key,),
        }
    ),
    sent_heading=_l("Ansökan är skickad"),
    privacy_note=_l("Ansökan blir en allmän handling som skyddas av socialtjänstsekretess."),
    next_steps=(
        _l("Barnet står nu i kö till Kontaktgruppen. Ansökan är ingen garanti för en plats."),
        _l("Socialtjänsten läser ansökan och bedömer barnets behov."),
        _l("Vi kontaktar dig på det sätt du valt."),
    ),
    stop=("skyddade-uppgifter", "skyddad", "ja"),
    translated=True,
    queue=Queue(
        title="Kö till Kontaktgruppen",
        lead="Barn som väntar på plats, i den ordning ansökningarna kom in.",
        counted="barn",
        waiting=(RECEIVED.key, WAITING.key),
        offered=OFFERED.key,
    ),
)
