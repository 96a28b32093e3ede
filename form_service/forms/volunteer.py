"""Intresseanmälan: becoming a kontaktperson, or a kontaktfamilj or stödfamilj.

Convictions are never asked about: the register checks are made later, with the
person's consent, which the last step asks for.
"""

from __future__ import annotations

from form_service.core.validators import ConfiguredAge, Postcode
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

ASSIGNMENTS = [
    ("barn-och-unga", "Barn och unga"),
    ("ensamkommande", "Ensamkommande barn och unga"),
    ("vuxna-och-aldre", "Vuxna och äldre"),
    ("funktionsnedsattning", "En person med funktionsnedsättning"),
    ("sarskilt-kvalificerad", "Särskilt kvalificerad kontaktperson"),
    ("vid-umgange", "Kontaktperson vid umgänge"),
]
FAMILY_ASSIGNMENTS = [
    ("kontaktfamilj", "Kontaktfamilj"),
    ("stodfamilj", "Stödfamilj för ett barn med funktionsnedsättning (LSS)"),
]
ASSIGNMENTS_WITH_CHILDREN = {
    "kontaktfamilj",
    "stodfamilj",
    "barn-och-unga",
    "ensamkommande",
    "sarskilt-kvalificerad",
    "vid-umgange",
}
HOW_OFTEN = [
    ("varje-vecka", "Varje vecka"),
    ("varannan-vecka", "Varannan vecka"),
    ("nagon-gang-i-manaden", "Någon gång i månaden"),
]
VOLUNTEER_AGE = ConfiguredAge("volontar_minst", None, "Du måste vara minst %(youngest)s år")


class Assignment(StepForm):
    uppdrag = choices(
        "Vilka uppdrag är du intresserad av?",
        "Välj minst ett uppdrag",
        ASSIGNMENTS,
        hint="Välj alla som passar. Vi pratar om vad som passar dig bäst när vi ringer.",
    )


class FamilyAssignment(StepForm):
    uppdrag = choices(
        "Vad är ni intresserade av?",
        "Välj minst ett alternativ",
        FAMILY_ASSIGNMENTS,
        hint="Välj ett eller båda. Vi berättar mer om skillnaden när vi ringer.",
    )


class AboutYou(StepForm):
    fornamn = name("Förnamn", "Ange ditt förnamn", "given-name")
    efternamn = name("Efternamn", "Ange ditt efternamn", "family-name")
    personnummer = personnummer("Personnummer", "Ange ditt personnummer", age=VOLUNTEER_AGE)
    adress = text("Gatuadress", "Ange din gatuadress", autocomplete="address-line1")
    postnummer = text(
        "Postnummer",
        "Ange ditt postnummer",
        limit=10,
        autocomplete="postal-code",
        rules=[Postcode()],
    )
    ort = text("Ort", "Ange din ort", autocomplete="address-level2")
    telefon = phone()
    epost = email()
    sprak = text(
        "Vilka språk talar du?",
        "Ange vilka språk du talar",
        hint="Till exempel svenska och arabiska",
    )
    sysselsattning = text(
        "Vad arbetar eller studerar du med?", "Ange din sysselsättning", optional=True
    )
    korkort = choice("Har du körkort?", "Välj om du har körkort", YES_NO)
    bil = choice("Har du tillgång till bil?", "Välj om du har tillgång till bil", YES_NO)


class TimeAndInterests(StepForm):
    hur_ofta = choice("Hur ofta kan du träffas?", "Välj hur ofta du kan träffas", HOW_OFTEN)
    nar = long_text(
        "När på veckan kan du träffas?",
        "Skriv när du kan träffas",
        limit=500,
        hint="Till exempel vardagskvällar eller helger",
    )
    intressen = long_text("Vad har du för intressen?", "Skriv dina intressen", limit=1000)
    erfarenhet = long_text(
        "Vilken erfarenhet har du av barn, unga eller vuxna som behöver stöd?",
        "Skriv din erfarenhet",
        limit=2000,
        optional=True,
    )
    motivering = long_text(
        "Varför vill du bli kontaktperson?", "Skriv varför du vill bli kontaktperson"
    )


class FamilyInterests(StepForm):
    intressen = long_text(
        "Vad tycker ni om att göra tillsammans?", "Skriv vad ni tycker om att göra", limit=1000
    )
    erfarenhet = long_text(
        "Vilken erfarenhet har ni av barn?", "Skriv er erfarenhet", limit=2000, optional=True
    )
    motivering = long_text(
        "Varför vill ni bli kontaktfamilj eller stödfamilj?",
        "Skriv varför ni vill bli kontaktfamilj eller stödfamilj",
    )


class References(StepForm):
    referens1_namn = name("Första referensens namn", "Ange namnet på din första referens")
    referens1_relation = text(
        "Hur känner du den första referensen?", "Ange hur du känner din första referens"
    )
    referens1_telefon = phone(
        "Första referensens telefonnummer", "Ange telefonnumret till din första referens"
    )
    referens2_namn = name("Andra referensens namn", "Ange namnet på din andra referens")
    referens2_relation = text(
        "Hur känner du den andra referensen?", "Ange hur du känner din andra referens"
    )
    referens2_telefon = phone(
        "Andra referensens telefonnummer", "Ange telefonnumret till din andra referens"
    )


class Consent(StepForm):
    samtycke = consent(
        "Jag samtycker till att socialtjänsten senare hämtar utdrag ur belastningsregistret, "
        "misstankeregistret och socialtjänstens register, kontrollerar uppgifter hos "
        "Kronofogden och kontaktar mina referenser",
        "Kryssa i att du samtycker till kontrollerna",
    )
    intygande = consent(
        "Jag intygar att uppgifterna är riktiga",
        "Kryssa i att du intygar att uppgifterna är riktiga",
    )


HOMES = [("lagenhet", "Lägenhet"), ("radhus", "Radhus"), ("villa", "Villa"), ("annat", "Annat")]
SLEEPING = [
    ("eget-rum", "Ja, ett eget rum"),
    ("egen-sang", "Ja, en egen säng"),
    ("nej", "Nej"),
]
HOW_MANY = [
    ("1-2-dagar", "1–2 dagar i månaden"),
    ("en-helg", "En helg i månaden"),
    ("tva-helger", "Två helger i månaden"),
    ("mer", "Mer än så"),
]


class Household(StepForm):
    partner = choice("Har du en partner som bor med dig?", "Välj om du har en partner", YES_NO)
    partner_namn = only_when("partner", "ja", name("Partnerns namn", "Ange partnerns namn"))
    partner_personnummer = only_when(
        "partner",
        "ja",
        personnummer("Partnerns personnummer", "Ange partnerns personnummer", age=VOLUNTEER_AGE),
    )
    partner_samtycke = only_when(
        "partner",
        "ja",
        consent(
            "Min partner samtycker också till registerkontrollerna",
            "Kryssa i att din partner samtycker",
        ),
    )
    barn_i_hemmet = long_text(
        "Vilka barn bor i hemmet, och hur gamla är de?",
        "Skriv vilka barn som bor hemma",
        limit=500,
        optional=True,
        hint="Skriv bara åldrarna, till exempel 4 och 9 år",
    )
    andra_i_hemmet = long_text(
        "Bor någon mer i hemmet?", "Skriv vilka mer som bor hemma", limit=500, optional=True
    )
    boende = choice("Hur bor ni?", "Välj hur ni bor", HOMES)
    sovplats = choice(
        "Kan barnet få ett eget rum eller en egen säng?",
        "Välj om barnet får en egen sovplats",
        SLEEPING,
    )
    husdjur = text(
        "Har ni husdjur? Vilka?",
        "Ange era husdjur",
        optional=True,
        hint="Vi frågar för att kunna ta hänsyn till allergier",
    )
    rokning = choice("Röker någon i hemmet?", "Välj om någon röker", YES_NO)
    hur_mycket = choice(
        "Hur ofta kan ni ta emot ett barn?", "Välj hur ofta ni kan ta emot ett barn", HOW_MANY
    )
