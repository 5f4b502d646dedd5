"""The richer reading of one AI sentence: who trains, on what, for what, with which control.

Read from the sentence's wording alone (the same sentence whose quote is the evidence):
- actor: `service` (the platform), `partners` (companies it picks: affiliates, providers),
  `third_parties` (scrapers, AI companies, anyone), `users` (users training, or barred from it);
- data: `uploads` (content, works, posts), `inputs` (prompts, chats, what you type),
  `personal_data`, `usage_data` (activity, interactions), `public_data`; empty when unstated;
- purpose: `generative` (generative AI, language models), `other_ml` (recommendations, safety,
  moderation, search, ads, speech ... listed in `uses`), `unstated`;
- control: `opt_in`, `opt_out` (and `where`: settings, form, email), `none`, `plan` (it
  depends on the plan or account type).
"""

from __future__ import annotations

import logging
import re

from bot.domain.models import Aspect, Reading
from bot.domain.sentence import LICENSED, Clause

log = logging.getLogger(__name__)

_F = re.I
_PARTNERS = re.compile(
    r"\b(?:our|its) (?:\w+ )?(?:partners|affiliates|service providers|subsidiaries|group companies"
    r"|vendors)\b|\bpartenaires\b|\bpartner\b|\bsocios\b|\bparceiros\b",
    _F,
)
_SCRAPERS = re.compile(
    r"\bscrap\w*|\bcrawl\w*|\brobots?\b|\bbots?\b|\bautomated\b|\bmining\b|\bfouille|moissonnage"
    r"|\bthird[- ]part|\bai (?:companies|developers)|\bothers\b|\btiers\b|\bdritte|\bterceros",
    _F,
)
_USERS = re.compile(
    r"\byou\b|\busers?\b|\bmembers?\b|\bcustomers?\b|\butilisateurs?\b|\bmembres?\b|\bnutzer",
    _F,
)
_DATA: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "inputs",
        re.compile(
            r"\binputs?\b|\bprompts?\b|\bchats?\b|\bconversations?\b|\bqueries\b|what you (?:type"
            r"|write|say|ask)|\btext you\b|\bmessages?\b|\bentrées\b|\beingaben\b|\bsaisies?\b",
            _F,
        ),
    ),
    (
        "personal_data",
        re.compile(
            r"personal (?:data|information)|information about you|donn[ée]es personnelles"
            r"|donn[ée]es [àa] caract[èe]re personnel|personenbezogene|datos personales"
            r"|dados pessoais|dati personali|persoonsgegevens|個人情報",
            _F,
        ),
    ),
    (
        "usage_data",
        re.compile(
            r"\busage\b|\bactivit\w*|\binteractions?\b|how you use|\blistening\b|\bbrowsing\b"
            r"|\bbehaviou?r\b|\butilisation\b|\bnutzung\b",
            _F,
        ),
    ),
    ("public_data", re.compile(r"publicly (?:available|accessible)|public (?:posts?|content)", _F)),
    (
        "uploads",
        re.compile(
            r"\bcontent\b|\buploads?\b|\bworks?\b|\bposts?\b|\bmusic\b|\bsongs?\b|\btracks?\b"
            r"|\brecordings?\b|\bvideos?\b|\bphotos?\b|\bimages?\b|\bartworks?\b|\bfiles?\b"
            r"|\bcontenus?\b|\b[oœ]euvres\b|\binhalte?\b|\bcontenidos?\b|\bconte[úu]dos?\b"
            r"|\bcontenuti?\b|\binhoud\b|コンテンツ",
            _F,
        ),
    ),
)
_GENERATIVE = re.compile(
    r"\bgenerat\w*|g[ée]n[ée]rati\w*|language models?|\bllms?\b|foundation(?:al)? models?"
    r"|\bchatbots?\b|\bgpt\b|synthesi[sz]\w*|mod[eè]les? de langage|sprachmodell\w*|生成",
    _F,
)
_USES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("recommendations", re.compile(r"recommend\w*|personali[sz]\w*|recommand\w*|empfehl\w*", _F)),
    (
        "safety",
        re.compile(
            r"\bsafe\w*|\bsecurity\b|\bfraud\w*|\bspam\b|\babuse\b|moderat\w*|integrity|s[ée]curit"
            r"|\bharmful\b|\bprotect\w*",
            _F,
        ),
    ),
    ("search", re.compile(r"\bsearch\b|\brecherche\b|\bsuche\b", _F)),
    ("advertising", re.compile(r"advertis\w*|\bads\b|publicit\w*|werbung", _F)),
    ("speech", re.compile(r"speech|voice recognition|transcri\w*|reconnaissance vocale", _F)),
    ("translation", re.compile(r"translat\w*|tradu\w*|übersetz\w*", _F)),
)
TIER = re.compile(
    r"\b(?:free|paid|unpaid|premium|business|enterprise|team|pro|education|consumer|commercial)"
    r" (?:plans?|tiers?|accounts?|customers?|users?|versions?|subscriptions?|services?"
    r"|offerings?)\b"
    r"|\bplans? (?:you|your)\b"
    r"|\b(?:offre|abonnement) (?:gratuit|payant)",
    _F,
)
_WHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "settings",
        re.compile(r"settings?|param[eè]tres|einstellungen|configuraci|toggle|switch", _F),
    ),
    ("form", re.compile(r"\bform\b|formulaire|formular|\bportal\b", _F)),
    ("email", re.compile(r"e-?mail|contact(?:ing)? us|write to us|courriel", _F)),
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
    data = tuple(name for name, p in _DATA if p.search(m))
    if "public_data" in clause.signals and "public_data" not in data:
        data += ("public_data",)
    uses = tuple(name for name, p in _USES if p.search(m))
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
