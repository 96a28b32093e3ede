"""The statuses a submission moves through, and the sets that several e-services share.

Each e-service's declaration (`form_service/eservices/`) says which statuses it has,
in the order the staff side offers them; `form_service.eservices.status` finds one.
The public status lookup shows an applicant the plainer `public` wording, which never
reveals internal steps such as a register check.
"""

from __future__ import annotations

from dataclasses import dataclass

from form_service.core.i18n import lazy_gettext as _l


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

APPLICATION = (
    RECEIVED,
    Status("kontaktad", "Kontaktad", IN_PROGRESS),
    Status("utreds", "Utreds", IN_PROGRESS),
    Status(
        "overford", "Överförd till akt", _l("Klar. Handläggningen fortsätter i ditt ärende."), True
    ),
    Status("avslutad", "Avslutad", CLOSED, closed=True),
)


def unknown(key: str) -> Status:
    """A status no workflow has (any more): it reads as itself."""
    return Status(key, key, IN_PROGRESS)
