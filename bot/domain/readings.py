"""The richer reading of one AI sentence: who trains, on what, for what, with which control.

Read from the sentence's wording alone (the same sentence whose quote is the evidence):
- actor: `service` (the platform), `partners` (companies it picks: affiliates, providers),
  `third_parties` (scrapers, AI companies, anyone), `users` (users training, or barred from it);
- data: `uploads` (content, works, posts), `inputs` (prompts, chats, what you type),
  `personal_data`, `usage_data` (activity, interactions), `responses` (answers to surveys and
  forms), `public_data`; empty when unstated;
- purpose: `generative` (generative AI, language models), `other_ml` (recommendations, safety,
  moderation, search, ads, speech ... listed in `uses`), `unstated`;
- control: `opt_in`, `opt_out` (and `where`: settings, form, email), `none`, `plan` (it
  depends on the plan or account type).
"""

from __future__ import annotations

import logging
import re

from bot.domain.models import Aspect, Reading
from bot.domain.pattern_code import compile_pattern
from bot.domain.sentence import LICENSED, Clause

log = logging.getLogger(__name__)

_F = 0  # sentences are lower-cased before matching
_PARTNERS = compile_pattern(
    r"\b(?:our|its) (?:\w+ )?(?:partners|affiliates|service providers|subsidiaries|group companies"
    r"|vendors)\b|\bpartenaires\b|\bpartner\b|\bsocios\b|\bparceiros\b",
    _F,
)
_SCRAPERS = compile_pattern(
    r"\bscrap\w*|\bcrawl\w*|\brobots?\b|\bbots?\b|\bautomated\b|\bmining\b|\bfouille|moissonnage"
    r"|\bthird[- ]part|\bai (?:companies|developers)|\bothers\b|\btiers\b|\bdritte|\bterceros",
    _F,
)
_USERS = compile_pattern(
    r"\byou\b|\busers?\b|\bmembers?\b|\bcustomers?\b|\butilisateurs?\b|\bmembres?\b|\bnutzer",
    _F,
)
# (name, words, phrases): a sentence holds the name when one of its words is among `words`
# or one of `phrases` occurs in it (word sets: far cheaper than a regex of alternatives)
_Table = tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DATA: _Table = (
    (
        "inputs",
        _w(
            "input inputs prompt prompts chat chats conversation conversations queries message"
            " messages entrées saisie saisies eingaben"
        ),
        ("what you type", "what you write", "what you say", "what you ask", "text you "),
    ),
    (
        "personal_data",
        _w("persoonsgegevens 個人情報"),
        (
            "personal data",
            "personal information",
            "information about you",
            "données personnelles",
            "donnees personnelles",
            "données à caractère personnel",
            "personenbezogene",
            "datos personales",
            "información personal",
            "informaciones personales",
            "dados pessoais",
            "informação pessoal",
            "informações pessoais",
            "dati personali",
            "informazioni personali",
            "informations personnelles",
            "個人情報",
        ),
    ),
    (
        "usage_data",
        _w(
            "usage activity activities interaction interactions listening browsing behavior"
            " behaviour utilisation nutzung"
        ),
        ("how you use",),
    ),
    (
        # what people answer in the surveys and forms a user runs (not an AI's "responses")
        "responses",
        frozenset(),
        (
            "response data",
            "survey response",
            "survey answer",
            "survey data",
            "form response",
            "questionnaire response",
            "responses in a survey",
            "responses to surveys",
        ),
    ),
    (
        "public_data",
        frozenset(),
        ("publicly available", "publicly accessible", "public post", "public content"),
    ),
    (
        "uploads",
        _w(
            "content upload uploads work works post posts music song songs track tracks"
            " recording recordings video videos photo photos image images artwork artworks file"
            " files contenu contenus oeuvres œuvres inhalt inhalte contenido contenidos conteúdo"
            " conteúdos conteudo contenuto contenuti inhoud"
        ),
        ("コンテンツ",),
    ),
)
_GENERATIVE = compile_pattern(
    r"\bgenerat\w*|g[ée]n[ée]rati\w*|language models?|\bllms?\b|foundation(?:al)? models?"
    r"|\bchatbots?\b|\bgpt\b|synthesi[sz]\w*|mod[eè]les? de langage|sprachmodell\w*|生成",
    _F,
)
_USES: _Table = (
    (
        "recommendations",
        frozenset(),
        ("recommend", "personalis", "personaliz", "recommand", "empfehl", "recomend", "raccomand"),
    ),
    (
        "safety",
        _w(
            "safe safety safer security fraud spam abuse harmful integrity fraude fraudes frode"
            " frodi betrug missbrauch abuso abusos"
        ),
        (
            "moderat",
            "sécurit",
            "securit",
            "protect",
            "segurid",
            "seguran",
            "sicurezz",
            "sicherheit",
        ),
    ),
    ("search", _w("search recherche suche"), ()),
    ("advertising", _w("ads"), ("advertis", "publicit", "werbung")),
    ("speech", frozenset(), ("speech", "voice recognition", "transcri", "reconnaissance vocale")),
    ("translation", frozenset(), ("translat", "tradu", "übersetz")),
)
TIER = compile_pattern(
    r"\b(?:free|paid|unpaid|premium|business|enterprise|team|pro|education|consumer|commercial"
    r"|standard|discounted|workspace|organi[sz]ation|school|government)"
    r" (?:plans?|tiers?|accounts?|customers?|users?|versions?|subscriptions?|services?"
    r"|offerings?|agreements?|contracts?|workspaces?|editions?|data|subscribers?|members?)\b"
    r"|\b(?:through|via|using|from) (?:our |the )?(?:\w+ )?api\b"
    r"|\b(?:paid|business|enterprise|team) workspaces?\b"
    r"|\bplans? (?:you|your)\b"
    r"|\b(?:offre|abonnement) (?:gratuit|payant)",
    _F,
)
_WHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "settings",
        compile_pattern(r"settings?|param[eè]tres|einstellungen|configuraci|toggle|switch", _F),
    ),
    ("form", compile_pattern(r"\bform\b|formulaire|formular|\bportal\b", _F)),
    ("email", compile_pattern(r"e-?mail|contact(?:ing)? us|write to us|courriel", _F)),
)


_TOKEN = compile_pattern(r"\w+")


def _found(table: _Table, m: str) -> tuple[str, ...]:
    words = set(_TOKEN.findall(m))
    return tuple(
        name
        for name, vocabulary, phrases in table
        if not vocabulary.isdisjoint(words) or any(p in m for p in phrases)
    )


def _actor(clause: Clause, m: str) -> str:
    if clause.aspect is Aspect.THIRD_PARTY:
        if _SCRAPERS.search(m):
            return "third_parties"
        return "users" if _USERS.search(m) else "third_parties"
    return "partners" if _PARTNERS.search(m) and not re.search(r"\bwe\b|\bnous\b", m) else "service"


def _control(value: str, m: str) -> tuple[str, str]:
    if TIER.search(m) and value in ("yes", "opt_out", "no", "opt_in"):
        control = "plan"
    elif value in ("opt_in", "opt_out"):
        control = value
    elif value in ("yes", "allowed"):
        control = "none"
    else:
        control = ""
    where = ""
    if control in ("opt_out", "plan", "opt_in"):
        where = next((name for name, p in _WHERE if p.search(m)), "")
    return control, where


def reading_of(clause: Clause) -> Reading:
    """The four-axis reading of one clause (its context: the sentence as read)."""
    context = clause.context or clause.quote
    text = clause.quote[:600]
    if not context.endswith(clause.quote[-40:]):  # the next sentence was read with it
        text += " " + context[-300:]
    m = text.lower()
    data = _found(_DATA, m)
    if "public_data" in clause.signals and "public_data" not in data:
        data += ("public_data",)
    uses = _found(_USES, m)
    if "generative" in clause.signals or _GENERATIVE.search(m):
        purpose = "generative"
    elif uses:
        purpose = "other_ml"
    else:
        purpose = "unstated"
    value = "" if clause.reading == LICENSED else clause.reading
    control, where = _control(value, m)
    return Reading(
        quote=clause.quote,
        aspect=clause.aspect,
        value=value,
        actor=_actor(clause, m),
        data=data,
        purpose=purpose,
        uses=uses if purpose == "other_ml" else (),
        control=control,
        where=where,
    )
