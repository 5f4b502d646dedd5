"""Czech, Polish, Swedish, Danish, Norwegian, Finnish and Greek words for the basics (AI, training,
use, data, negation, "we"), spliced into bot.domain.lexicon so that terms in these languages are
at least read: AI named on the user's data is then `unclear`, a training verb next to an AI word
and the user's data a use, a negation before it a refusal.

Words of the law and of terms in general (GDPR vocabulary: osobní údaje, dane osobowe,
personuppgifter, personoplysninger, personopplysninger, henkilötiedot, προσωπικά δεδομένα),
never one platform's phrasing; matched on lower-case text (Python's \\w and \\b know these
letters). Left out on purpose: the Finnish negation "en"/"et" and "me" (French and English
words), Italian-looking "vi" alone, bare Greek εκπαίδευση next to μοντέλο (staff training and
a "cooperation model" are common in Greek terms: the training verb must meet an AI word).
"""

from __future__ import annotations

AI_NX = (
    r"uměl\w* inteligenc\w*|strojov\w* učení\w*"  # cs
    r"|sztuczn\w* inteligencj\w*|uczeni\w* maszynow\w*"  # pl
    r"|artificiell\w* intelligens|maskininlärning\w*|språkmodell\w*"  # sv (no: språkmodell)
    r"|kunstig\w* intelligens|maskinlæring\w*|sprogmodel\w*"  # da, no
    r"|tekoäly\w*|koneoppim\w*|kielimalli\w*"  # fi
    r"|τεχνητ\w* νοημοσύν\w*|μηχανικ\w* μάθησ\w*|γλωσσικ\w* μοντέλ\w*"  # el
)
# training: trénovat, trenować, träna, træne, trene, kouluttaa, εκπαιδεύω
TRAIN_NX = (
    r"natrénov\w*|trénov\w*|wytrenow\w*|trenow\w*|träna\w*|träning\w*|træne\w*|træning\w*"
    r"|trene[rt]?|trening\w*|koulutta\w*|koulutet\w*|εκπαιδε[υύ]\w*|εκπαίδευσ\w*"
)
# "trénovat modely", "trenować modele", "träna våra modeller", "kouluttaa malleja"
TRAIN_MODELS_NX = (
    r"\b(?:natrénov|trénov|wytrenow|trenow|träna|tränar|træne|trene|koulutta)\w*\s+(?:[\w-]+\s+){0,2}?"
    r"(?:\w+-)?(?:model\w*|modell\w*|malle\w*)\b"
)
# Finnish puts the verb after its object: "tekoälymallien kouluttamiseen" (for training AI models)
AI_THEN_TRAIN_NX = r"\b(?:tekoäly|koneoppimis|kielimalli)\w*\s+(?:\w+\s+)?koulut\w*"
USE_NX = (
    r"použív\w*|použi\w*|využív\w*|využi\w*|zpracov\w*"  # cs
    r"|używ\w*|wykorzyst\w*|przetwarz\w*"  # pl
    r"|använd\w*|behandl\w*|bruge?r?|anvend\w*|bruk\w*"  # sv, da, no
    r"|käyt\w*|käsitel\w*|hyödyn\w*"  # fi
    r"|χρησιμοποι\w*|επεξεργ\w*"  # el
)
DATA_NX = (
    r"údaj\w*|obsah\w*"  # cs
    r"|dane|danych|danymi|treś[ćc]i?"  # pl
    r"|uppgifter|personuppgifter|innehåll\w*"  # sv
    r"|oplysninger|personoplysninger|opplysninger|personopplysninger|indhold\w*|innhold\w*"
    r"|tiedot|tietoja|tietojasi|tietojen|henkilötie\w*|sisältö\w*|sisällö\w*"  # fi
    r"|δεδομέν\w*|περιεχ[οό]μ[εέ]ν\w*|πληροφορ\w*"  # el
)
NEG_NX = (
    r"nikdy|nepoužív\w*|nevyužív\w*|nezpracov\w*|netrénuj\w*"  # cs: the verb's ne- prefix
    r"|nie|nigdy"  # pl
    r"|inte|aldrig|ikke|aldri"  # sv, da, no
    r"|emme|eivät|ei"  # fi
    r"|δεν|ποτέ|μην"  # el
)
WE_NX = (
    r"\b(?:náš|naše|našich|naši|nás|nasz\w*|oss|våra?|vårt|våre|vores|meidän|voimme|käytämme"
    r"|emme|kehitämme|käsittelemme|εμείς|μας)\b"
    r"|\bvi (?:använd|behandl|brug|bruk|anvend|tränar|træner|trener|kan|kommer|vil|får|må)\w*"
)
# bans aimed at users and others: "je zakázáno", "nesmí", "zabronione", "nie wolno", "förbjudet",
# "får inte", "forbudt", "må ikke", "kielletty", "ei saa", "απαγορεύεται"
PROHIBIT_NX = (
    r"\bzakázan\w*|\bnesmí\w*|\bzabronion\w*|\bnie wolno\b|\bförbjud\w*|\bfår inte\b"
    r"|\bforbud\w*|\bmå ikke\b|\bkielle\w*|\bei saa\b|απαγορε[υύ]\w*"
)
# others: third parties, other users, "someone else's"
OTHERS_NX = (
    r"\btřetí\w* stran\w*|\bjin\w* uživatel\w*|\bstron\w* trzeci\w*|\bosob\w* trzeci\w*"
    r"|\binn\w* użytkownik\w*|\btredje ?part\w*|\bnågon annans?\b|\bandra användare\b"
    r"|\bandre (?:brugere|brukere)\b|\bkolmans\w*|\bmuiden käyttäjien\b|\bτρίτ\w*"
)
# prefilter: one of these substrings must occur for a sentence to be read (with "intelig",
# "intellig", "model" and the short forms AI / KI of bot.domain.ai_terms). No training verb,
# since a training sentence names AI or a model; but Polish "trenowania" ("wykorzystywane do
# trenowania": used for training) is read as English "used for training" is, without either.
PREFILTER_NX = (
    "strojov",
    "maszynow",
    "trenowani",
    "maskinl",
    "tekoäl",
    "koneoppi",
    "τεχνητ",
    "μάθησ",
)
# one of these letters must occur in the text for PREFILTER_NX to be looked for at all
# (Scandinavian/Finnish, Czech, Polish and Greek letters)
LETTERS_NX = "åäøěřłęα"
