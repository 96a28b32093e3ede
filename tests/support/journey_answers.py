"""Answers a citizen gives in each e-service, shared by the journey and browser tests.

Phone numbers come from the range Post- och telestyrelsen reserves for fiction;
the only personnummer are Skatteverket's published examples.
"""

import datetime as dt

VOLUNTEER = {
    "uppdrag": {"uppdrag": ["vuxna-och-aldre", "funktionsnedsattning"]},
    "om-dig": {
        "fornamn": "Åsa", "efternamn": "Öberg", "personnummer": "811218-9876",
        "adress": "Exempelgatan 1", "postnummer": "12345", "ort": "Exempelstad",
        "telefon": "070-174 06 20", "epost": "asa@exempel.example", "sprak": "svenska",
        "sysselsattning": "", "korkort": "ja", "bil": "nej",
    },
    "tid-och-intressen": {
        "hur_ofta": "varje-vecka", "nar": "Vardagskvällar", "intressen": "Friluftsliv",
        "erfarenhet": "", "motivering": "Jag vill göra skillnad.",
    },
    "referenser": {
        "referens1_namn": "Karin Berg", "referens1_relation": "Kollega",
        "referens1_telefon": "070-174 06 21",
        "referens2_namn": "محمد علي", "referens2_relation": "Granne",
        "referens2_telefon": "+46 70 174 06 22",
    },
    "samtycke": {"samtycke": "y", "intygande": "y"},
}  # fmt: skip

FAMILY = {
    "uppdrag": {"uppdrag": ["kontaktfamilj", "stodfamilj"]},
    "om-dig": VOLUNTEER["om-dig"],
    "hushallet": {
        "partner": "nej", "barn_i_hemmet": "7 och 10 år", "andra_i_hemmet": "", "boende": "villa",
        "sovplats": "eget-rum", "husdjur": "En katt", "rokning": "nej", "hur_mycket": "en-helg",
    },
    "intressen": {"intressen": "Skogen och matlagning", "erfarenhet": "",
                  "motivering": "Vi har tid och plats."},
    "referenser": VOLUNTEER["referenser"],
    "samtycke": VOLUNTEER["samtycke"],
}  # fmt: skip

FOSTER_FAMILY = {
    "om-dig": {**VOLUNTEER["om-dig"], "partner": "ja"},
    "partner": {
        "partner_fornamn": "Sven", "partner_efternamn": "Ek", "partner_personnummer": "640823-3234",
        "partner_telefon": "070-174 06 27", "partner_epost": "", "partner_samtycke": "y",
    },
    "hushallet": {"barn_i_hemmet": "12 år", "andra_i_hemmet": "Min pappa, 80 år", "husdjur": ""},
    "hemmet": {"boende": "villa", "rum": "5", "eget_rum": "ja"},
    "arbete-och-tid": {"arbete": "Jag arbetar heltid som lärare, Sven deltid.",
                       "tid": "Sven kan vara hemma det första halvåret."},
    "erfarenhet": {"erfarenhet": "Egna barn och kontaktfamilj i fem år."},
    "onskemal": {"uppdrag": ["kortare", "langre"], "aldrar": ["4-6", "7-12"],
                 "motivering": "Vi har plats och tid."},
    "referenser": VOLUNTEER["referenser"],
    "samtycke": VOLUNTEER["samtycke"],
}  # fmt: skip

FOR_MYSELF = {
    "skyddade-uppgifter": {"skyddad": "nej"},
    "for-vem": {"for_vem": "mig"},
    "om-dig": {"fornamn": "Sven", "efternamn": "Ek", "personnummer": "640823-3234",
               "telefon": "070-174 06 23", "epost": ""},
    "stod": {"stod": "Någon att prata med och gå promenader med."},
    "kontakt": {"kontaktsatt": "telefon", "tolk": "nej"},
    "intygande": {"intygande": "y"},
}  # fmt: skip

FOR_MY_CHILD = {
    "skyddade-uppgifter": {"skyddad": "nej"},
    "for-vem": {"for_vem": "barn"},
    "om-dig": FOR_MYSELF["om-dig"],
    "barnet": {"barn_fornamn": "Alva", "barn_efternamn": "Lind",
               "barn_personnummer": "811218-9876"},
    "vardnad": {"vardnad": "gemensam", "annan_vardnadshavare": "Maja Lind",
                "annan_telefon": "070-174 06 26", "annan_samtycker": "vet-inte"},
    "stod": {"stod": "Någon att vara med på fritiden."},
    "kontakt": {"kontaktsatt": "brev", "tolk": "ja", "tolk_sprak": "arabiska"},
    "intygande": {"intygande": "y"},
}  # fmt: skip

KONTAKTGRUPPEN = {
    "skyddade-uppgifter": {"skyddad": "nej"},
    "om-dig": {"fornamn": "Lina", "efternamn": "Ek", "personnummer": "640823-3234",
               "telefon": "070-174 06 24", "epost": "lina@exempel.example"},
    "vardnad": {"vardnad": "gemensam", "annan_vardnadshavare": "Sven Ek",
                "annan_telefon": "070-174 06 25", "annan_samtycker": "ja"},
    "barnet": {"barn_fornamn": "Alva", "barn_efternamn": "Ek", "barn_personnummer": "811218-9876",
               "skola": "Exempelskolan", "arskurs": "7"},
    "varfor": {"skal": ["inga-fritidsaktiviteter", "trygg-vuxen"], "beskrivning": "",
               "barnets_onskemal": "Vill spela fotboll.", "kontakt_skola": "ja"},
    "kontakt": {"kontaktsatt": "e-post", "tolk": "ja", "tolk_sprak": "tigrinja"},
    "intygande": {"intygande": "y"},
}  # fmt: skip
CHILD_DAY = dt.date(1995, 6, 1)  # the day the example number 811218-9876 belongs to a 13-year-old
