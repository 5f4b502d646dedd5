"""Finding the sentences of a terms document that speak about training AI on content.

Built from linguistic patterns, never from platform names: an AI/ML term near a training verb
(train, develop, improve, inform ...), consent / opt-in / opt-out / objection phrases,
prohibitions aimed at users, scrapers and other third parties, and negations ("will not use ...
to train"). English first, with the common French wording (intelligence artificielle,
apprentissage automatique, fouille de textes et de données, entraînement ...).

Every `Clause.quote` is a real substring of the given text once whitespace is collapsed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.domain.models import Aspect
from bot.domain.normalize import blocks, normalize_block, strip_markers

log = logging.getLogger(__name__)

# Per-clause readings. Platform: the PlatformTraining values; third party: ThirdPartyTraining
# values; plus two readings that carry no verdict of their own.
LICENSED = "licensed"  # about content licensed from rights holders, not users' own uploads
UNCLEAR = "unclear"

_F = re.I
# ---------------------------------------------------------------- vocabulary (match form: lower)
_AI = re.compile(
    r"artificial[- ]intelligence|machine[- ]intelligence|machine[- ]learning|deep[- ]learning"
    r"|neural[- ]net\w*|language[- ]models?|\bllms?\b|\bgenai\b|generative (?:ai|models?)"
    r"|foundation(?:al)? models?|\bml (?:models?|systems?|algorithms?)"
    r"|\bai[- ]?(?:models?|training)"
    r"|intelligences? artificielles?|apprentissage automatique|apprentissage profond"
    r"|mod[eè]les? d'(?:ia|intelligence|apprentissage)",
    _F,
)
_AI_CASED = re.compile(r"(?<![\w.])(?:AI|A\.I\.|IA|GAI|LLMs?|ML)(?![\w])")  # on the original text
_TRAIN_MODELS = re.compile(
    r"\b(?:train\w*|fine[- ]tun\w*)\s+(?:\w+\s+){0,3}?(?:models?|algorithms?)\b"
    r"|\b(?:models?|algorithms?) (?:are |is )?trained\b"
    r"|\bentra[iî]n\w*\s+(?:\w+\s+){0,3}?mod[eè]les?",
    _F,
)
_TDM = re.compile(
    r"text (?:and|&|and/or) data[- ]mining|\bdata[- ]mining|\btdm\b|fouilles? de textes"
    r"|moissonnage|text and/or data mining",
    _F,
)
_TRAIN_VERB = re.compile(
    r"\b(?:train|trains|trained|training|retrain\w*|fine[- ]tun\w*|inform|informs|informing"
    r"|develop|develops|developed|developing|development|improve|improves|improved|improving"
    r"|improvement|ingest\w*|teach\w*|datasets?|serve as inputs? to|as inputs? (?:to|for)"
    r"|entra[iî]n\w*|d[ée]velopp\w*|am[ée]lior\w*)\b",
    _F,
)
_AI_THEN_TRAIN = re.compile(
    r"(?:\bai|model|models|llms?|intelligence|learning)\)?\s+(?:model\s+)?(?:training|trained on"
    r"|development|improvement)",
    _F,
)
_USE_CONTENT = re.compile(
    r"\b(?:use|uses|using|used|utili[sz]\w*|reproduc\w*|extract\w*|collect\w*|mine|mining"
    r"|scrap\w*|ingest\w*|exploit\w*|copy|copies|download\w*|access)\b[^.;]{0,160}?"
    r"\b(?:content|contents|works?|data|music|recordings?|materials?|fichiers|[oœ]euvres"
    r"|donn[ée]es|contenus?|information|uploads?|posts?|images?|art)\b",
    _F,
)
_NEG = re.compile(
    r"\b(?:not|never|neither|nor|no longer|won't|don't|doesn't|cannot|can't|shan't|aren't"
    r"|isn't)\b|\bne\b|\bn'",
    _F,
)
_NEG_IGNORE = re.compile(
    r"(?:if|whether|unless|when) you (?:do|would|does|are|have) $|prefer $|not only $|whether or $",
    _F,
)
_CONSENT_NEG = re.compile(
    r"\bwithout\s+(?:\S+\s+){0,4}?(?:consent|permission|authori[sz]ation|approval|agreement)"
    r"|\bunless\s+(?:you|they|the \w+)\s+(?:\w+\s+)?"
    r"(?:consent|agree|opt[- ]?in|choose|allow|permit)"
    r"|\bopt[- ]?in\b|sans (?:\S+\s+){0,3}?(?:consentement|autorisation|accord)",
    _F,
)
_CONSENT_POS = re.compile(
    r"\b(?:with|upon|subject to) (?:your|the artist's|the user's|their|the creator's)"
    r" (?:\w+ )?(?:consent|permission|authori[sz]ation)|\bopt[- ]?in\b|\bonly if you\b"
    r"|\bif you (?:choose|decide|agree|allow|consent|opt)|\byou (?:can|may) (?:choose to )?allow\b"
    r"|off by default|explicit consent|express (?:written )?(?:consent|permission)",
    _F,
)
_OPT_OUT = re.compile(
    r"\bopt(?:ing)?[- ]?out\b|\bright to object\b|\b(?:you )?(?:can|may) object\b|\bobject to\b"
    r"|\bturn(?:ing)? (?:it |this )?off\b|\bswitch(?:ing)? off\b|\btoggle\b"
    r"|\b(?:in|via|through|using) (?:your |the )?(?:privacy |account |data )?settings\b"
    r"|\byou (?:can|may) (?:choose|decide) not\b|\bwithdraw (?:your )?consent\b"
    r"|vous opposer|d[ée]sactiv\w*",
    _F,
)
_PROHIBIT = re.compile(
    r"\b(?:may not|must not|shall not|will not|cannot|can't|not to|agree not|agrees not"
    r"|undertakes? not|are not (?:allowed|permitted)|is not (?:allowed|permitted)|prohibit\w*"
    r"|forbid\w*|not permitted|not allowed|no right|do not grant|does not grant|refrain\w*"
    r"|restrict\w*|reserves? (?:all|the|its)?\s*rights?|opt[- ]?out of)\b"
    r"|interdit\w*|s'engage \w+ ne|s'oppose|\bne pas\b|\bne peu\w+",
    _F,
)
_USER_ACTOR = re.compile(
    r"^(?:not to|not\b)|\byou (?:may|must|shall|will|agree to|should|can) not\b"
    r"|\byou (?:agree|undertake|represent and warrant that you will) not\b|\bundertakes? not\b"
    r"|\b(?:grant|give)s? you\b"
    r"|\b(?:users?|members?|customers?|visitors?|licensees?) (?:may|must|shall"
    r"|are|agree|undertakes?) not\b|\bno (?:user|one|person)\b|s'engage|\ble membre\b"
    r"|\ble client\b|\bl'utilisateur\b|\bles utilisateurs\b",
    _F,
)
_THIRD_ACTOR = re.compile(
    r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:may|can|will|shall|are|is|must|to|from|who)\b"
    r"|\b(?:permit|allow|licen[cs]e|sell|authori[sz]e)\w*\s+(?:\S+\s+){0,8}?(?:to\s+)?"
    r"(?:third[- ]part\w+|others|partners|companies|developers)\b"
    r"|\b(?:any|other) (?:third[- ]part\w+|users?|persons?|entity|entities|one)\b(?! (?:ai|model))"
    r"|\b(?:others|anyone)\b|\bscrap\w*|\bcrawl\w*|\brobots?\b|\bautomated means\b"
    r"|\bbots?\b|\bmin(?:e|ing)\b|\bfouilles?\b|\bmoissonnage|\bai (?:companies|developers)",
    _F,
)
_PLATFORM_ACTOR = re.compile(
    r"\b(?:we|us)\b|\bour (?!site|website|service|services|platform|app|apps|network)"
    r"|\byour (?:content|data|information|music|uploads?|posts?|recordings?|works?|art|inputs?)"
    r"\b[^.]{0,40}\b(?:may|will|can|could|is|are) be used|\bnous\b|\bnotre\b|\bnos\b",
    _F,
)
_COMPANY_SUBJECT = re.compile(
    r"(?:^|, |\bthat )((?:[A-Z][\w&'.-]*\s){1,3})(?:will|may|does|do|shall|uses|use|agrees|won't"
    r"|doesn't|is|can|might|reserves)\b"
)
_NOT_COMPANY = re.compile(
    r"^(?:you|your|users?|the users?|members?|customers?|they|it|this"
    r"|these|those|such|any|each|no|le|la|les|if|for|in|when|where)\b"
    r"|\buser\b",
    _F,
)
_THIRD_AGENT = re.compile(
    r"\bby (?:any )?(?:third[- ]part\w+|others|other users|ai companies)\b", _F
)
_STRONG_THIRD = re.compile(
    r"\bthird[- ]part(?:y|ies)(?:'s)?\s+(?:\w+\s+)?(?:may|can|will|to)\s+(?:\w+\s+)?(?:use|train"
    r"|access|collect)|\b(?:permit|allow|licen[cs]e|sell|share|authori[sz]e|provide)\w*\s+(?:\S+\s+)"
    r"{0,8}?(?:to|with)\s+(?:\w+\s+)?(?:third[- ]part\w+|others|partners|companies|developers)\b"
    r"|\b(?:third[- ]part\w+|partners|others|ai companies|developers) (?:may|can) (?:\w+ )?(?:use"
    r"|train)",
    _F,
)
_LEAD_PROHIBIT = re.compile(
    r"\b(?:not(?! only)|never|prohibited|forbidden)\b|interdit|ne pas|s'engage", _F
)
_LIST_ITEM = re.compile(r"^\s*(?:[*+\-]\s|\d{1,3}[.)]\s|\(?(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)\s)", _F)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:they|it|these|those|such (?:services|providers|companies))\s", _F
)
_DEFINITION = re.compile(
    r"^(?:for (?:the )?purposes? of [^,]{0,80}, )?[\"']?[\w' -]{2,60}[\"']? (?:means|désigne)\b"
    r"|\bshall be deemed to include\b|\bis defined as\b",
    _F,
)
_LICENSED = re.compile(
    r"under separate agreements?|owned or controlled by third[- ]party rights ?holders"
    r"|licensed (?:to us )?(?:content|catalog\w*|from (?:labels|rights ?holders))"
    r"|content (?:licensed|provided) (?:to us )?by (?:labels|rights ?holders)",
    _F,
)
_TAGGED = re.compile(r"\bno-?ai\b|\bnoimageai\b|(?:tagged|labell?ed|marked|designated?)\b", _F)
_GENERATIVE = re.compile(r"\bgenerat\w*|g[ée]n[ée]rati\w*|synthesi[sz]\w*|replicate", _F)
_PUBLIC = re.compile(r"publicly available|public(?:ly)? (?:posts?|content|information)", _F)
_LEAD_IN = re.compile(r":\s*$")
_PREFILTER_WORDS = (
    "intellig",
    "learning",
    "model",
    "mining",
    "fouille",
    "moissonn",
    "neural",
    "apprentissage",
    "entraîn",
    "entrain",
    "genai",
    "llm",
)
_PREFILTER_SHORT = re.compile(r"\b(?:ai|ia|ml|gai)\b|a\.i\.")


def _maybe_ai(lower: str) -> bool:
    """Cheap test before the real analysis (plain substring search is far faster than regex)."""
    return any(w in lower for w in _PREFILTER_WORDS) or bool(_PREFILTER_SHORT.search(lower))


_ENUM = re.compile(r"^\(?(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)\s+", _F)
_SUBJECT_START = re.compile(
    r"^(?:we|you|our|your|if|in|this|these|the|when|where|for|as|to the|please|notwithstanding)\b",
    _F,
)
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|nos|st|mr|mrs|ms|dr|vs|art|sec|para|approx|u\.s"
    r"|u\.k|p|pp|cf|al|jr|sr|dept|fig|ch|vol|op|seq)|\b[A-Z])\.$",
    _F,
)
_SENT_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-ZÀ-Ý])")
_MAX_SENTENCE = 3000  # characters; longer run-ons are cut at ; or , for quoting


@dataclass(frozen=True)
class Clause:
    """One sentence about AI and content, quoted exactly as in the source text."""

    quote: str
    aspect: Aspect
    signals: tuple[str, ...] = ()
    reading: str = ""  # yes/no/opt_in/opt_out/unclear | prohibited/allowed/... | licensed
    position: int = 0  # index of the sentence in the document


def _split_block(block: str) -> list[str]:
    text = strip_markers(block)
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start : m.start() + 1]
        if _ABBREV.search(head.rstrip(".!?\"')]") + "."):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` in order; each is a substring of the whitespace-collapsed text."""
    return [s for block in blocks(text) for s in _split_block(block)]


def _is_lead_in(match_form: str) -> bool:
    return bool(_LEAD_IN.search(match_form) and _LEAD_PROHIBIT.search(match_form))


def _company_subject(cased: str) -> bool:
    """A named subject (not 'you', 'users' ...) governs a verb: 'Bandcamp will not use'."""
    return any(not _NOT_COMPANY.search(h.group(1)) for h in _COMPANY_SUBJECT.finditer(cased))


def _negated_before(m: str, pos: int) -> bool:
    """A negation governs the verb at `pos` (within the same clause, before it)."""
    window_start = max(0, pos - 260)
    for neg in _NEG.finditer(m, window_start, pos):
        between = m[neg.end() : pos]
        if re.search(r"[;]|\bbut\b|\bhowever\b|\bexcept\b", between):
            continue
        if _NEG_IGNORE.search(m[max(0, neg.start() - 25) : neg.start()]):
            continue
        return True
    return False


def _ai_positions(m: str, cased: str) -> list[int]:
    return [a.start() for a in _AI.finditer(m)] + [a.start() for a in _AI_CASED.finditer(cased)]


def _uses_content_in_ai(m: str, cased: str) -> bool:
    """'use <content> ... in/for <AI>': someone uses content with AI (order matters)."""
    positions = _ai_positions(m, cased)
    return any(0 <= a - use.end() <= 200 for use in _USE_CONTENT.finditer(m) for a in positions)


def _training_position(m: str, cased: str) -> int:
    """Where a training verb governs an AI term (verb before term, or 'AI training'); -1 if none."""
    hit = _TRAIN_MODELS.search(m)
    if hit:
        return hit.start()
    hit = _AI_THEN_TRAIN.search(m)
    if hit and (_AI.search(m) or _AI_CASED.search(cased)):
        return hit.start()
    ai_positions = _ai_positions(m, cased)
    if not ai_positions:
        return -1
    for verb in _TRAIN_VERB.finditer(m):
        if any(0 <= a - verb.end() <= 110 for a in ai_positions):
            return verb.start()
    return -1


def _analyse(orig: str, cased: str, lead_in: bool, position: int, next_match: str) -> list[Clause]:
    """Readings of one sentence: `orig` as quoted, `cased` its normalised form."""
    m = cased.lower()
    has_ai = bool(_AI.search(m) or _AI_CASED.search(cased) or _TRAIN_MODELS.search(m))
    has_tdm = bool(_TDM.search(m))
    if not (has_ai or has_tdm):
        return []
    train_at = _training_position(m, cased) if has_ai else -1
    ai_use = has_ai and _uses_content_in_ai(m, cased)
    if train_at < 0 and not has_tdm and not ai_use:
        return []
    signals: list[str] = ["ai"] if has_ai else []
    if has_tdm:
        signals.append("tdm")
    if train_at >= 0:
        signals.append("training")
    if _GENERATIVE.search(m):
        signals.append("generative")
    if _PUBLIC.search(m):
        signals.append("public_data")
    consent_neg = bool(_CONSENT_NEG.search(m))
    consent_pos = bool(_CONSENT_POS.search(m))
    opt_out = bool(_OPT_OUT.search(m) or (train_at >= 0 and _OPT_OUT.search(next_match)))
    if opt_out:
        signals.append("opt_out")
    if consent_neg or consent_pos:
        signals.append("consent")
    user_actor = bool(_USER_ACTOR.search(m)) or lead_in
    third = user_actor or bool(_THIRD_ACTOR.search(m)) or has_tdm
    platform_actor = bool(_PLATFORM_ACTOR.search(m)) or _company_subject(cased)
    if _THIRD_AGENT.search(m) and not re.search(r"\bwe\b", m):
        platform_actor, third = False, True
    out: list[Clause] = []

    def add(aspect: Aspect, reading: str, extra: tuple[str, ...] = ()) -> None:
        out.append(Clause(orig, aspect, tuple(signals) + extra, reading, position))

    if _LICENSED.search(m):
        add(Aspect.PLATFORM, LICENSED, ("licensed",))
        return out
    if _DEFINITION.search(m) and not lead_in:
        return out  # a definition states no policy
    negated = train_at >= 0 and _negated_before(m, train_at)
    if negated:
        signals.append("negation")
    # -- the platform itself (or partners it picks)
    platform_clause = (
        train_at >= 0
        and (platform_actor or not third)
        and not (user_actor and not re.search(r"\bwe (?:will|do|shall|may)\b|\bwe won't\b", m))
    )
    prohibition = bool(_PROHIBIT.search(m))
    if platform_clause and prohibition and not negated and not opt_out:
        platform_clause = False  # a restriction: it speaks about others' use
        third = True
    if platform_clause:
        if _PRONOUN_SUBJECT.match(cased) and not platform_actor:
            add(Aspect.PLATFORM, UNCLEAR, ("unresolved_subject",))
        elif negated:
            add(Aspect.PLATFORM, "opt_in" if consent_neg or consent_pos else "no")
        elif opt_out:
            add(Aspect.PLATFORM, "opt_out")
        elif consent_pos:
            add(Aspect.PLATFORM, "opt_in")
        else:
            add(Aspect.PLATFORM, "yes")
    # -- others: users, scrapers, AI companies
    if third and (train_at >= 0 or has_tdm or ai_use):
        prohibited = (
            user_actor
            or prohibition
            or negated
            or (platform_clause and out and out[-1].reading in ("no", "opt_in"))
        )
        if prohibited:
            reading = "opt_out" if _TAGGED.search(m) else "prohibited"
        elif opt_out:
            reading = "opt_out"
        elif consent_pos:
            reading = "opt_in"
        else:
            reading = "allowed"
        if prohibited or _STRONG_THIRD.search(m):
            add(Aspect.THIRD_PARTY, reading)
    return out


def match_form(sentence: str) -> str:
    """The text patterns are matched against: markup gone, plain quotes (case kept)."""
    return normalize_block(sentence)


def find_ai_clauses(text: str) -> list[Clause]:
    """Every sentence of `text` that says something about training AI on content.

    A sentence can yield two clauses (one per aspect) with the same quote. A list item inherits
    the prohibition of a lead-in ("You may not:"), and a fragment that starts in lower case
    (the rest of a list) is read together with the sentence before it."""
    out: list[Clause] = []
    lead_in = 0  # blocks left that may still be items of a prohibiting lead-in
    position = 0
    previous = ""  # normalised last sentence of the previous block (its reading context)
    previous_raw = ""  # or the raw block it comes from, normalised only when needed
    for block in blocks(text):
        lower = block.lower()
        if not _maybe_ai(lower):
            # nothing about AI here: only keep the context that later blocks may need
            position += 1
            if lead_in and not (_LIST_ITEM.match(block) or _looks_like_item([lower])):
                lead_in = 0
            if lower.rstrip().endswith(":") and _is_lead_in(normalize_block(block).lower()):
                lead_in = 30
            elif lead_in:
                lead_in -= 1
            previous, previous_raw = "", block
            continue
        sentences = _split_block(block)
        forms = [match_form(s) for s in sentences]
        if lead_in and not (_LIST_ITEM.match(block) or _looks_like_item(forms)):
            lead_in = 0
        for i, (sentence, form) in enumerate(zip(sentences, forms, strict=True)):
            position += 1
            nxt = forms[i + 1].lower() if i + 1 < len(forms) else ""
            quote = sentence[:_MAX_SENTENCE]
            cased = form
            if _ENUM.sub("", form, count=1)[:1].islower():
                if not previous and previous_raw:
                    tail = _split_block(previous_raw)
                    previous = match_form(tail[-1]) if tail else ""
                if previous:
                    cased = previous[-1500:] + " " + form
            out.extend(_analyse(quote, cased, lead_in > 0, position, nxt))
            previous, previous_raw = cased, ""
        last = forms[-1].lower() if forms else ""
        if _is_lead_in(last):
            lead_in = 30
        elif lead_in:
            lead_in -= 1
    return out


def _looks_like_item(forms: list[str]) -> bool:
    """A block that reads like one item of a list (no subject of its own, ends like an item)."""
    if not forms or len(forms) > 6:
        return False
    first, last = forms[0], forms[-1].rstrip()
    return not _SUBJECT_START.match(first) and bool(re.search(r"(?:[;,.]|\bor|\band)$", last))
