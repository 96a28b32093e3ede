"""The statuses a submission moves through, and the sets that several e-services share.

Each e-service's declaration (`form_service/eservices/`) says which statuses it has,
in the order the staff side offers them, and which status may follow which (its
`transitions`); `form_service.eservices.status` finds one. The staff side offers only
the statuses that may follow the current one and refuses any other.
The public status lookup shows an applicant the plainer `public` wording, which never
reveals internal steps such as a register check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from form_service.core.i18n import lazy_gettext as _l

Transitions = tuple[tuple[str, tuple[str, ...]], ...]  # (from, the statuses that may follow)


@dataclass(frozen=True)
class Status:
    key: str
    label: str  # what case officers see
    public: str  # what the applicant sees when looking up their submission (translated)
    closed: bool = False


RECEIVED = Status("ny", "Ny", _l("Mottagen. Ingen handläggare har börjat med den än."))
IN_PROGRESS = _l("Under handläggning.")
CLOSED = _l("Avslutad.")

VOLUNTEER = (
    RECEIVED,
    Status("kontaktad", "Kontaktad", IN_PROGRESS),
    Status("intervju", "Intervju", IN_PROGRESS),
    Status("registerkontroll", "Registerkontroll", IN_PROGRESS),
    Status("godkand", "Godkänd", _l("Klar. Vi har kontakt med dig om uppdrag."), closed=True),
    Status("ej-aktuell", "Ej aktuell", CLOSED, closed=True),
)


def transitions(allowed: Mapping[str, tuple[str, ...]]) -> Transitions:
    """A declaration's transitions from a readable mapping: status → what may follow it."""
    return tuple((key, tuple(following)) for key, following in allowed.items())


# Forward one step at a time or out ("ej aktuell") at any point; an approved volunteer
# can become unavailable, and a closed one can be taken up again when they return.
VOLUNTEER_TRANSITIONS = transitions(
    {
        "ny": ("kontaktad", "ej-aktuell"),
        "kontaktad": ("intervju", "ej-aktuell"),
        "intervju": ("registerkontroll", "ej-aktuell"),
        "registerkontroll": ("godkand", "ej-aktuell"),
        "godkand": ("ej-aktuell",),
        "ej-aktuell": ("kontaktad",),
    }
)

APPLICATION = (
    RECEIVED,
    Status("kontaktad", "Kontaktad", IN_PROGRESS),
    Status("utreds", "Utreds", IN_PROGRESS),
    Status(
        "overford", "Överförd till akt", _l("Klar. Handläggningen fortsätter i ditt ärende."), True
    ),
    Status("avslutad", "Avslutad", CLOSED, closed=True),
)

# An application is taken up (contact first, or straight to an investigation), then
# transferred to the case file or closed; a closed one can be reopened.
APPLICATION_TRANSITIONS = transitions(
    {
        "ny": ("kontaktad", "utreds", "avslutad"),
        "kontaktad": ("utreds", "avslutad"),
        "utreds": ("overford", "avslutad"),
        "overford": ("utreds",),
        "avslutad": ("kontaktad",),
    }
)


def unknown(key: str) -> Status:
    """A status no workflow has (any more): it reads as itself."""
    return Status(key, key, IN_PROGRESS)
