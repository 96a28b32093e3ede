"""Ansökan: a contact person for yourself or your child, and a place in Kontaktgruppen.

People with protected personal data must not use the e-service: the first step asks,
and a "yes" stops the form before anything is stored.
"""

from __future__ import annotations

from form_service.core.i18n import lazy_gettext as _l
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

CONTACT_WAYS = [("telefon", _l("Telefon")), ("e-post", _l("E-post")), ("brev", _l("Brev"))]
CUSTODY = [("gemensam", _l("Gemensam vårdnad")), ("ensam", _l("Ensam vårdnad"))]
CHILD_AGE = ConfiguredAge(
    "kontaktgruppen_minst",
    "kontaktgruppen_hogst",
    _l("Barnet ska vara mellan %(youngest)s och %(oldest)s år när du ansöker"),
)
REASONS = [
    ("inga-fritidsaktiviteter", _l("Barnet har inga andra fritidsaktiviteter")),
    ("ekonomi", _l("Familjen har ont om pengar")),
    ("trygg-vuxen", _l("Barnet behöver en trygg vuxen i sociala sammanhang")),
    ("ensamhet", _l("Barnet är ofta ensamt")),
]


class ProtectedIdentity(StepForm):
    skyddad = choice(
        _l("Har du eller barnet skyddade personuppgifter?"),
        _l("Välj om det finns skyddade personuppgifter"),
        YES_NO,
        hint=_l("Till exempel sekretessmarkering eller skyddad folkbokföring."),
    )


class ForWhom(StepForm):
    for_vem = choice(
        _l("Vem ansöker du för?"),
        _l("Välj vem du ansöker för"),
        [("mig", _l("Mig själv")), ("barn", _l("Mitt barn (jag är vårdnadshavare)"))],
    )


class Applicant(StepForm):
    fornamn = name(_l("Förnamn"), _l("Ange ditt förnamn"), "given-name")
    efternamn = name(_l("Efternamn"), _l("Ange ditt efternamn"), "family-name")
    personnummer = personnummer(_l("Personnummer"), _l("Ange ditt personnummer"))
    telefon = phone()
    epost = email(optional=True)


class Child(StepForm):
    barn_fornamn = name(_l("Barnets förnamn"), _l("Ange barnets förnamn"))
    barn_efternamn = name(_l("Barnets efternamn"), _l("Ange barnets efternamn"))
    barn_personnummer = personnummer(_l("Barnets personnummer"), _l("Ange barnets personnummer"))


class Custody(StepForm):
    vardnad = choice(_l("Hur ser vårdnaden ut?"), _l("Välj hur vårdnaden ser ut"), CUSTODY)
    annan_vardnadshavare = only_when(
        "vardnad",
        "gemensam",
        name(_l("Den andra vårdnadshavarens namn"), _l("Ange den andra vårdnadshavarens namn")),
    )
    annan_telefon = only_when(
        "vardnad",
        "gemensam",
        phone(
            _l("Den andra vårdnadshavarens telefonnummer"),
            _l("Ange den andra vårdnadshavarens telefonnummer"),
        ),
    )
    annan_samtycker = only_when(
        "vardnad",
        "gemensam",
        choice(
            _l("Är den andra vårdnadshavaren med på ansökan?"),
            _l("Välj om den andra vårdnadshavaren är med på ansökan"),
            [("ja", _l("Ja")), ("nej", _l("Nej")), ("vet-inte", _l("Vet inte"))],
        ),
    )


class SupportWanted(StepForm):
    stod = long_text(
        _l("Vilket stöd önskas?"),
        _l("Skriv vilket stöd som önskas"),
        hint=_l(
            "Till exempel någon att prata med, göra aktiviteter med eller få hjälp av i vardagen."
        ),
    )


class Contact(StepForm):
    kontaktsatt = choice(
        _l("Hur vill du att vi kontaktar dig?"), _l("Välj hur vi ska kontakta dig"), CONTACT_WAYS
    )
    tolk = choice(_l("Behöver du tolk?"), _l("Välj om du behöver tolk"), YES_NO)
    tolk_sprak = only_when(
        "tolk", "ja", text(_l("Vilket språk?"), _l("Ange språket du behöver tolk till"))
    )


class ChildInGroup(StepForm):
    barn_fornamn = name(_l("Barnets förnamn"), _l("Ange barnets förnamn"))
    barn_efternamn = name(_l("Barnets efternamn"), _l("Ange barnets efternamn"))
    barn_personnummer = personnummer(
        _l("Barnets personnummer"), _l("Ange barnets personnummer"), age=CHILD_AGE
    )
    skola = text(_l("Skola"), _l("Ange barnets skola"))
    arskurs = text(_l("Årskurs"), _l("Ange barnets årskurs"), limit=20)


class WhyTheGroup(StepForm):
    skal = choices(
        _l("Varför skulle Kontaktgruppen vara bra för barnet?"),
        _l("Välj minst ett skäl"),
        REASONS,
        hint=_l("Välj det som stämmer."),
    )
    beskrivning = long_text(
        _l("Berätta mer om du vill"),
        _l("Skriv mer om barnet"),
        optional=True,
        hint=_l("Skriv inte om barnets hälsa mer än vad som behövs för ansökan."),
    )
    barnets_onskemal = long_text(
        _l("Vad vill barnet själv?"), _l("Skriv vad barnet själv vill"), limit=1000
    )
    kontakt_skola = choice(
        _l("Får vi kontakta barnets skola?"), _l("Välj om vi får kontakta skolan"), YES_NO
    )


class Confirmation(StepForm):
    intygande = consent(
        _l("Jag intygar att uppgifterna är riktiga"),
        _l("Kryssa i att du intygar att uppgifterna är riktiga"),
    )
