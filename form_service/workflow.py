"""The statuses a submission moves through, per form kind, in one place.

The staff side offers these statuses in this order; the public status lookup shows
an applicant the plainer `public` wording, which never reveals internal steps such
as a register check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str  # what case officers see
    public: str  # what the applicant sees when looking up their submission
    closed: bool = False


RECEIVED = Status("ny", "Ny", "Mottagen. Ingen handläggare har börjat med den än.")
IN_PROGRESS = "Under handläggning."
CLOSED = "Avslutad."

VOLUNTEER = (
    RECEIVED,
    Status("kontaktad", "Kontaktad", IN_PROGRESS),
    Status("intervju", "Intervju", IN_PROGRESS),
    Status("registerkontroll", "Registerkontroll", IN_PROGRESS),
    Status("godkand", "Godkänd", "Klar. Vi har kontakt med dig om uppdrag.", closed=True),
    Status("ej-aktuell", "Ej aktuell", CLOSED, closed=True),
)

APPLICATION = (
    RECEIVED,
    Status("kontaktad", "Kontaktad", IN_PROGRESS),
    Status("utreds", "Utreds", IN_PROGRESS),
    Status("overford", "Överförd till akt", "Klar. Handläggningen fortsätter i ditt ärende.", True),
    Status("avslutad", "Avslutad", CLOSED, closed=True),
)

KONTAKTGRUPPEN = (
    RECEIVED,
    Status("i-ko", "I kö", "Barnet står i kö till Kontaktgruppen."),
    Status("erbjuden-plats", "Erbjuden plats", "Barnet har erbjudits en plats i Kontaktgruppen."),
    Status("deltar", "Deltar", "Barnet deltar i Kontaktgruppen.", closed=True),
    Status("avslutad", "Avslutad", CLOSED, closed=True),
)

WORKFLOWS: dict[str, tuple[Status, ...]] = {
    "intresse-kontaktperson": VOLUNTEER,
    "intresse-kontaktfamilj": VOLUNTEER,
    "ansokan-kontaktperson": APPLICATION,
    "ansokan-kontaktgruppen": KONTAKTGRUPPEN,
}

WAITING_IN_QUEUE = ("ny", "i-ko")  # Kontaktgruppen statuses that hold a place in the queue
OFFERED_PLACE = "erbjuden-plats"


def statuses_for(form_kind: str) -> tuple[Status, ...]:
    return WORKFLOWS.get(form_kind, (RECEIVED,))


def status(form_kind: str, key: str) -> Status:
    """The status by key; an unknown key (an old workflow) reads as itself."""
    for candidate in statuses_for(form_kind):
        if candidate.key == key:
            return candidate
    return Status(key, key, IN_PROGRESS)


def all_statuses() -> list[Status]:
    """Every status once, in workflow order, for the inbox's filter."""
    seen: dict[str, Status] = {}
    for workflow in WORKFLOWS.values():
        for candidate in workflow:
            seen.setdefault(candidate.key, candidate)
    return list(seen.values())
