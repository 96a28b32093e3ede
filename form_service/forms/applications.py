"""Ansökan: a contact person for yourself or your child, and a place in Kontaktgruppen.

People with protected personal data must not use the e-service: the first step asks,
and a "yes" stops the form before anything is stored.
"""

from __future__ import annotations

from form_service.core.validators import ConfiguredAge
from form_service.forms.base import (
    YES_NO,
    StepForm,
    choice,
    choices,
    consent,
    email,
    long_text,
    name,
    only_when,
    personnummer,
    phone,
    text,
)

CONTACT_WAYS = [("telefon", "Telefon"), ("e-post", "E-post"), ("brev", "Brev")]
CUSTODY = [("gemensam", "Gemensam vårdnad"), ("ensam", "Ensam vårdnad")]
CHILD_AGE = ConfiguredAge(
    "kontaktgruppen_minst",
    "kontaktgruppen_hogst",
    "Barnet ska vara mellan {youngest} och {oldest} år när du ansöker",
)
REASONS = [
    ("inga-fritidsaktiviteter", "Barnet har inga andra fritidsaktiviteter"),
    ("ekonomi", "Familjen har ont om pengar"),
    ("trygg-vuxen", "Barnet behöver en trygg vuxen i sociala sammanhang"),
    ("ensamhet", "Barnet är ofta ensamt"),
]


class ProtectedIdentity(StepForm):
    skyddad = choice(
        "Har du eller barnet skyddade personuppgifter?",
        "om det finns skyddade personuppgifter",
        YES_NO,
        hint="Till exempel sekretessmarkering eller skyddad folkbokföring.",
    )


class ForWhom(StepForm):
    for_vem = choice(
        "Vem ansöker du för?",
        "vem du ansöker för",
        [("mig", "Mig själv"), ("barn", "Mitt barn (jag är vårdnadshavare)")],
    )


class Applicant(StepForm):
    fornamn = name("Förnamn", "ditt förnamn", "given-name")
    efternamn = name("Efternamn", "ditt efternamn", "family-name")
    personnummer = personnummer("Personnummer", "ditt personnummer")
    telefon = phone()
    epost = email(optional=True)


class Child(StepForm):
    barn_fornamn = name("Barnets förnamn", "barnets förnamn")
    barn_efternamn = name("Barnets efternamn", "barnets efternamn")
    barn_personnummer = personnummer("Barnets personnummer", "barnets personnummer")


class Custody(StepForm):
    vardnad = choice("Hur ser vårdnaden ut?", "hur vårdnaden ser ut", CUSTODY)
    annan_vardnadshavare = only_when(
        "vardnad",
        "gemensam",
        name("Den andra vårdnadshavarens namn", "den andra vårdnadshavarens namn"),
    )
    annan_telefon = only_when(
        "vardnad",
        "gemensam",
        phone(
            "Den andra vårdnadshavarens telefonnummer", "den andra vårdnadshavarens telefonnummer"
        ),
    )
    annan_samtycker = only_when(
        "vardnad",
        "gemensam",
        choice(
            "Är den andra vårdnadshavaren med på ansökan?",
            "om den andra vårdnadshavaren är med på ansökan",
            [("ja", "Ja"), ("nej", "Nej"), ("vet-inte", "Vet inte")],
        ),
    )


class SupportWanted(StepForm):
    stod = long_text(
        "Vilket stöd önskas?",
        "vilket stöd som önskas",
        hint="Till exempel någon att prata med, göra aktiviteter med eller få hjälp av i vardagen.",
    )


class Contact(StepForm):
    kontaktsatt = choice(
        "Hur vill du att vi kontaktar dig?", "hur vi ska kontakta dig", CONTACT_WAYS
    )
    tolk = choice("Behöver du tolk?", "om du behöver tolk", YES_NO)
    tolk_sprak = only_when("tolk", "ja", text("Vilket språk?", "språket du behöver tolk till"))


class ChildInGroup(StepForm):
    barn_fornamn = name("Barnets förnamn", "barnets förnamn")
    barn_efternamn = name("Barnets efternamn", "barnets efternamn")
    barn_personnummer = personnummer("Barnets personnummer", "barnets personnummer", age=CHILD_AGE)
    skola = text("Skola", "barnets skola")
    arskurs = text("Årskurs", "barnets årskurs", limit=20)


class WhyTheGroup(StepForm):
    skal = choices(
        "Varför skulle Kontaktgruppen vara bra för barnet?",
        "minst ett skäl",
        REASONS,
        hint="Välj det som stämmer.",
    )
    beskrivning = long_text(
        "Berätta mer om du vill",
        "mer om barnet",
        optional=True,
        hint="Skriv inte om barnets hälsa mer än vad som behövs för ansökan.",
    )
    barnets_onskemal = long_text("Vad vill barnet själv?", "vad barnet själv vill", limit=1000)
    kontakt_skola = choice("Får vi kontakta barnets skola?", "om vi får kontakta skolan", YES_NO)


class Confirmation(StepForm):
    intygande = consent(
        "Jag intygar att uppgifterna är riktiga", "du intygar att uppgifterna är riktiga"
    )
