"""Reading one sentence about AI: which aspect it speaks about and what it says.

`analyse` turns one sentence (with the context the clause finder gives it: a prohibiting
lead-in, the next sentence) into zero, one or two `Clause`s, from linguistic patterns alone
(bot.domain.ai_terms). The richer reading of each clause (who trains, on what, for what, with
which control) is added by bot.domain.readings.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.domain.ai_terms import BASE, FULL, Vocab, is_intl
from bot.domain.en_rules import (
    ADJECTIVAL,
    AI_EXPLAINER,
    AI_OBJECT,
    AI_SCRAPERS,
    COMPANY_CONSENT,
    EXAMPLE,
    GENERIC_OBJECTION,
    HEDGE,
    IF_YOU_TRAIN,
    INCLUDING_AI,
    OTHERS_BANNED,
    PASSIVE_USE,
    REFERS,
    RESERVATION,
    STRONG_TRAIN,
    THEIR_OWN,
    USER_OFFER,
    VENDOR_DUTY,
    feedback_only,
)
from bot.domain.lexicon import NEG_JA
from bot.domain.models import Aspect

log = logging.getLogger(__name__)

LICENSED = "licensed"  # about content licensed from rights holders, not users' own uploads
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Clause:
    """One sentence about AI and content, quoted exactly as in the source text."""

    quote: str
    aspect: Aspect
    signals: tuple[str, ...] = ()
    reading: str = ""  # yes/no/opt_in/opt_out/unclear | prohibited/allowed/... | licensed
    position: int = 0  # index of the sentence in the document
    context: str = ""  # the text the reading was made on (the sentence, joined with context)


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_NEG_AFTER_JA = re.compile(NEG_JA)
_END = re.compile(r"[.!?;:。]\W*$")
# a short line with no full stop is a heading, unless it speaks like a promise
_STATEMENT = re.compile(
    r"^(?:we|you|your|our|no|not|never|nous|vos|votre|wir|ihre|wij|uw|nunca|n[ãa]o|nós|noi)\b"
    r"|\b(?:never|not|don't|won't|ne|nicht|niet|nunca|non|n[ãa]o)\b",
    re.I,
)
_QUESTION_HEAD = re.compile(
    r"^(?:how|what|why|which|when|does|do|is|are|can|comment|quels?)\b", re.I
)
_HARVEST = ("scrap", "crawl", "harvest", "collect", "mine", "mining")
_GERUND = re.compile(r"\W*\w+ing\b")
_UNLEARN = re.compile(r"\b(?:cannot|can't|can not|not able to|unable to) (?:\w+ )?\W?unlearn\w*")
_TRAINED_THING = re.compile(r"(?:systems?|syst[èe]mes|models?|mod[èe]les|tools|outils) $", re.I)
_AI_LAW = re.compile(
    r"\b(?:ai|artificial intelligence) (?:laws?|regulations?|act|legislation|rules)\b"
    r"|\b(?:eu )?ai act\b|\br[èe]glement (?:europ[ée]en )?sur l'(?:ia|intelligence artificielle)"
    r"|\bki-verordnung\b",
    re.I,
)
_LAW_WORDS = ("law", " act", "regulation", "legislation", "rules", "règlement", "verordnung")
_GRANTS_YOU = re.compile(r"\b(?:grant|give)s? you\b", re.I)
_OUTPUT_TO_TRAIN = re.compile(
    r"\b(?:ai[- ]generated content|outputs?|contenu g[ée]n[ée]r[ée] par (?:l')?ia|r[ée]sultats?"
    r"|generated content)\b[^.;]{0,80}?\b(?:to|pour|um|para|per)\s+(?:\w+\s+){0,2}?"
    r"(?:develop|train|build|improve|create|distill|d[ée]velopper|entra[iî]ner|am[ée]liorer|cr[ée]er)",
    re.I,
)
_COMPETE = re.compile(r"\bcompet\w*|\bconcurren\w*|\bkonkurr\w*|\bcompetenc\w*", re.I)
_EXCEPT = re.compile(
    r"\b(?:except|unless|other than|save where|sauf|à moins|außer|es sei denn|excepto|salvo"
    r"|exceto|tranne|behalve|tenzij)\b",
    re.I,
)
_WE_SUBJECT = re.compile(r"\b(?:we|us|nous|wir|wij)\b|当社|弊社", re.I)
_WE_WILL = re.compile(r"\bwe (?:will|do|shall|may)\b|\bwe won't\b", re.I)
_WEAK_VERB = re.compile(
    r"\b(?:develop\w*|improv\w*|enhanc\w*|d[ée]velopp\w*|am[ée]lior\w*|build\w*|verbesser\w*"
    r"|mejora\w*|melhora\w*|miglior\w*|verbeter\w*)\b",
    re.I,
)
_USERS_DATA = re.compile(
    r"\byour\b|\byou (?:provide|share|upload|post|submit|send|create)|\busers?'?\b|\bvos\b"
    r"|\bvotre\b|\bihre?\b|\bsus?\b|\btus?\b|\bseus?\b|\btuoi\b|\buw\b",
    re.I,
)


def _company_subject(cased: str) -> bool:
    v = BASE
    """A named subject (not 'you', 'users' ...) governs a verb: 'Bandcamp will not use'."""
    return any(not v._NOT_COMPANY.search(h.group(1)) for h in v._COMPANY_SUBJECT.finditer(cased))


_PREFS_KEPT = re.compile(
    r"\b(?:not|never|n't)\s+(?:\w+\s+)?(?:affect|override|change|alter|limit|overrule)\w*\s+"
    r"(?:\w+\s+){0,4}?(?:preferences|settings|choices|opt[- ]?outs?|elections)\b"
)
_INCLUDING_AI_ANY = re.compile(
    r"\bincluding,?\s+(?:our\s+|its\s+|the\s+)?(?:machine[- ]learning|artificial[- ]intelligence"
    r"|ai|ml)\b"
)
_UNLESS_OPTED_OUT = re.compile(
    r"\b(?:provided|unless|if|as long as|so long as)\s+(?:that\s+)?you\s+(?:have\s+not|haven't"
    r"|did not|didn't)\s+opted\s+out\b|\bunless\s+you\s+have\s+opted\s+out\b"
)
# "we have disabled model training (at our AI provider)": a refusal said with a verb
_WE_DISABLED = re.compile(
    r"\bwe (?:have |'ve |also )?(?:disabled|deactivated|turned off|switched off|opted out of)\s+"
    r"(?:the\s+)?(?:(?:ai|model|machine[- ]learning|data)\s+)?training\b"
)
# a subjectless item "anything copied from our website to train AI": a use by others
_TAKEN_FROM_US = re.compile(
    r"\W*(?:anything|any (?:content|material|data|text|images?)|content|material|data)\b"
    r"[^.;]{0,40}?\b(?:taken|plucked|scraped|copied|extracted|harvested|lifted|downloaded)\s+"
    r"from\s+(?:our|the|this)\s+(?:services?|sites?|website|platform|apps?)\b"
)
_BUT_NOT_LIMITED = re.compile(r"\bbut\s+not\s+(?:be\s+)?(?:limited|restricted)\s+to\b")
_NOT_LIMITED = re.compile(r",?\s+(?:be\s+)?(?:limited|restricted)\s+to\b")


def _negated_before(m: str, pos: int, v: Vocab) -> bool:
    """A negation governs the verb at `pos` (within the same clause, before it)."""
    window_start = max(0, pos - 260)
    for neg in v._NEG.finditer(m, window_start, pos):
        between = m[neg.end() : pos]
        if "limited" in between or "restricted" in between:
            between = _BUT_NOT_LIMITED.sub(" ", between)  # "including but not limited to"
        if re.search(r"[;]|\bbut\b|\bexcept\b", between):
            continue
        if v._NEG_IGNORE.search(m[max(0, neg.start() - 25) : neg.start()]):
            continue
        if _NOT_LIMITED.match(m, neg.end()):
            continue  # "including but not limited to": a list, not a refusal
        return True
    if _CJK.search(m):  # Japanese: the negation ends the sentence
        return bool(_NEG_AFTER_JA.search(m, pos))
    return bool(v._NEG_AFTER_VERB.match(m, pos))  # German, Dutch: after the verb and object


_positions_cache: dict[tuple[str, int], list[int]] = {}


def _ai_positions(m: str, cased: str, v: Vocab) -> list[int]:
    key = (cased, id(v))
    hit = _positions_cache.get(key)
    if hit is None:
        if len(_positions_cache) > 64:
            _positions_cache.clear()
        hit = [a.start() for a in v._AI.finditer(m)] + [
            a.start() for a in v._AI_CASED.finditer(cased)
        ]
        _positions_cache[key] = hit
    return hit


def _uses_content_in_ai(m: str, cased: str, v: Vocab) -> bool:
    """'use <content> ... in/for <AI>': someone uses content with AI (order matters)."""
    positions = _ai_positions(m, cased, v)
    return any(0 <= a - use.end() <= 200 for use in v._USE_CONTENT.finditer(m) for a in positions)


def _training_position(m: str, cased: str, v: Vocab) -> int:
    """Where a training verb governs an AI term (verb before term, or 'AI training'); -1 if none."""
    hit = v._TRAIN_MODELS.search(m)
    if hit:
        return hit.start()
    hit = v._AI_THEN_TRAIN.search(m)
    if hit and (v._AI.search(m) or v._AI_CASED.search(cased)):
        return hit.start()
    ai_positions = _ai_positions(m, cased, v)
    if not ai_positions:
        return -1
    has_data = bool(v._DATA_NOUN.search(m))
    for verb in v._TRAIN_VERB.finditer(m):
        if ADJECTIVAL.match(m, verb.start()):
            continue  # "fine-tuned versions of the models": a kind of model, no one's training
        strong = ("train", "entra", "fine", "ingest", "learn", "dataset", "serve", "as input")
        strong += ("former", "formation", "form")
        weak = not verb.group(0).lower().startswith(strong)
        for a in ai_positions:
            if not 0 <= a - verb.end() <= 110:
                continue
            tool = v._INSTRUMENT.search(m, verb.end(), a)
            trains = not weak and verb.group(0).lower().startswith("train") and has_data
            thing = (
                _TRAINED_THING.search(m, max(0, tool.start() - 16), tool.start()) if tool else None
            )
            if tool and not trains and (weak or not thing):
                continue  # "improve X using AI": AI is the tool ("systems using AI" are trained)
            if weak and not has_data:
                continue  # "we are developing new AI features / systems": no one's content
            return verb.start()
    return -1


_LIST_ITEMS = 5  # commas or semicolons: a sentence listing this many items is an enumeration


def _enumerated_purpose(m: str, cased: str, v: Vocab) -> bool:
    """Machine learning named as one item of a long list of purposes or processing operations,
    with no training verb and no model: the terms neither say nor rule out training on users'
    content ("... analytics, machine learning development and implementation, finance ...").
    AI named before the list starts is what the sentence is about ("Improve our AI
    technologies, such as ..."), not one item of it."""
    if m.count(",") + m.count(";") < _LIST_ITEMS:
        return False
    if v._STRONG_TRAINING.search(m) or v._MODEL_WORD.search(m):
        return False
    first_item_end = min(i for i in (m.find(","), m.find(";")) if i >= 0)
    return min(_ai_positions(m, cased, v), default=-1) > first_item_end


def _is_heading(m: str) -> bool:
    if _END.search(m) and not m.endswith("?"):
        return False
    if m.endswith("?") or _QUESTION_HEAD.match(m):
        return True  # a question states no policy: its answer does
    return len(m.split()) <= 10 and not _CJK.search(m) and not _STATEMENT.search(m)


# "Do you train AI on my content?" answered "No, never.": a summary box's refusal
_ANSWER_NO = re.compile(r"\W*(?:no|never|nope|non|nein)\b(?!\s+(?:one|longer|later)\b)")
_ASKS_SERVICE = re.compile(
    r"^\W*(?:do|does|will|would|can|could|is|are)\s+(?:you|we|they|[a-z][\w&.-]*)\s+(?:ever\s+)?"
    r"(?:use|train|sell|share|feed|be used)|\bused (?:to|for) (?:\w+ )?train",
    re.I,
)


def _answered_no(
    orig: str, cased: str, m: str, position: int, next_match: str, v: Vocab
) -> list[Clause]:
    if not (_ASKS_SERVICE.search(m) and _training_position(m, cased, v) >= 0):
        return []
    signals = ("ai", "training", "negation", "answered")
    return [Clause(orig, Aspect.PLATFORM, signals, "no", position, cased + " " + next_match)]


def analyse(orig: str, cased: str, lead_in: bool, position: int, next_match: str) -> list[Clause]:
    """Readings of one sentence: `orig` as quoted, `cased` its normalised form."""
    m = cased.lower()
    if any(w in m for w in _LAW_WORDS) and _AI_LAW.search(
        m
    ):  # "AI laws", "the AI Act": a law's name, not a use of AI
        cased = _AI_LAW.sub(lambda h: " " * len(h.group(0)), cased)
        m = cased.lower()
    v = FULL if is_intl(m) else BASE
    if _is_heading(m) and not (lead_in and _GERUND.match(m)):  # (an item: "Using ... to train")
        if m.endswith("?") and _ANSWER_NO.match(next_match):
            return _answered_no(orig, cased, m, position, next_match, v)
        return []  # a heading, label or question, not a statement
    has_ai = bool(v._AI.search(m) or v._AI_CASED.search(cased) or v._TRAIN_MODELS.search(m))
    has_tdm = bool(v._TDM.search(m)) or (
        ("compet" in m or "distil" in m or (has_ai and any(w in m for w in _HARVEST)))
        and bool(AI_SCRAPERS.search(m))
    )
    train_at = _training_position(m, cased, v) if has_ai else -1
    implicit = None if has_ai else v._TRAIN_NO_AI.search(m)  # "learns from your content"
    if has_ai and train_at < 0:
        # "for machine learning purposes", "our AI learns from your content"
        implicit = v._ML_PURPOSE.search(m) or (v._TRAIN_NO_AI.search(m) if "learn" in m else None)
    if (
        implicit is not None
        and not v._DATA_NOUN.search(m)
        and not (implicit.group(0).startswith("train ") and _USERS_DATA.search(m))
    ):  # (but "your choices may help train our engine" speaks of the user's own use)
        implicit = None
    if not (has_ai or has_tdm or implicit):
        return []
    if implicit is not None:
        train_at = implicit.start()
    if train_at >= 0 and "your" not in m and "learn" in m and AI_EXPLAINER.search(m):
        return []  # how AI works in general ("models learn the patterns of their training data")
    ai_use = has_ai and _uses_content_in_ai(m, cased, v)
    including = INCLUDING_AI.search(m) if has_ai and "including" in m else None
    if including is None and has_ai and "opted out" in m and "including" in m:
        # "to improve our products, including AI features, provided you have not opted out":
        # the user's data serves the AI features unless refused (broad wording, an opt-out)
        including = _INCLUDING_AI_ANY.search(m) if _UNLESS_OPTED_OUT.search(m) else None
    if including and not _WEAK_VERB.search(m):
        including = None  # "including AI" must qualify something developed or improved
    if train_at < 0 and not has_tdm and not ai_use and not including:
        if v._BROAD_ML.search(m) and not (v._PROHIBIT.search(m) or v._USER_ACTOR.search(m)):
            # "develop new features, including through machine learning": broad wording
            return [Clause(orig, Aspect.PLATFORM, ("ai", "broad"), UNCLEAR, position, cased)]
        return []
    signals: list[str] = ["ai"] if has_ai else ["implicit"] if implicit else []
    if has_tdm:
        signals.append("tdm")
    if train_at >= 0:
        signals.append("training")
    if v._GENERATIVE.search(m):
        signals.append("generative")
    if v._PUBLIC.search(m):
        signals.append("public_data")
    consent_neg = bool(v._CONSENT_NEG.search(m))
    consent_pos = bool(v._CONSENT_POS.search(m))
    related = train_at >= 0 or ai_use
    opt_out = bool(v._OPT_OUT.search(m))
    context = cased
    later = v._OPT_OUT.search(next_match) if not opt_out and related else None
    if later and not (GENERIC_OBJECTION.search(later.group(0)) and not REFERS.search(next_match)):
        opt_out, context = True, cased + " " + next_match  # "You can turn this off in Settings."
    if not opt_out and not consent_pos:
        if v._SETTINGS.search(m):
            opt_out = True
        elif related and v._SETTINGS.search(next_match):
            opt_out, context = True, cased + " " + next_match
    if opt_out:
        signals.append("opt_out")
    if consent_neg or consent_pos:
        signals.append("consent")
    # "Content here may not be used to train AI", "members ... must not train AI": a ban
    user_actor = (
        bool(v._USER_ACTOR.search(m) or ("not" in m and OTHERS_BANNED.search(m))) or lead_in
    )
    third = user_actor or has_tdm or bool(v._THIRD_ACTOR.search(m) or v._STRONG_THIRD.search(m))
    platform_actor = bool(v._PLATFORM_ACTOR.search(m)) or _company_subject(cased)
    third_agent = bool(v._THIRD_AGENT.search(m)) and not re.search(r"\bwe\b", m)
    if not platform_actor and "their" in m and THEIR_OWN.search(m):
        third_agent = third_agent or not re.search(r"\b(?:we|us|our)\b", m)  # their products
    if third_agent:
        platform_actor, third = False, True
    users_train = bool(v._USER_TRAINS.search(m)) and (
        not _WE_SUBJECT.search(m) or bool(IF_YOU_TRAIN.match(m))
    )
    users_train = users_train or (
        ("train" in m or "fine" in m)
        and (" you" in m or "user" in m)
        and bool(USER_OFFER.search(m))
    )
    out: list[Clause] = []

    def add(aspect: Aspect, reading: str, extra: tuple[str, ...] = ()) -> None:
        out.append(Clause(orig, aspect, tuple(signals) + extra, reading, position, context))

    if v._LICENSED.search(m):
        add(Aspect.PLATFORM, LICENSED, ("licensed",))
        return out
    if train_at >= 0 and "not" in m and VENDOR_DUTY.search(m):
        # "our providers are contractually bound not to train on it": about the service's
        # partners, not others at large; says nothing alone of the service's own training
        add(Aspect.PLATFORM, UNCLEAR, ("vendor_duty",))
        return out
    if v._DEFINITION.search(m) and not lead_in:
        return out  # a definition states no policy
    kept = _PREFS_KEPT.search(m) if "prefer" in m or "setting" in m or "opt" in m else None
    if kept:
        # "this will not affect the preferences you have set for model training": the user
        # has a say over the training; that negation is about the preferences, not the use
        m_neg = m[: kept.start()] + " " * (kept.end() - kept.start()) + m[kept.end() :]
        opt_out = True
        if "opt_out" not in signals:
            signals.append("opt_out")
    else:
        m_neg = m
    negated = train_at >= 0 and _negated_before(m_neg, train_at, v)
    if not negated and train_at >= 0 and "we" in m and _WE_DISABLED.search(m):
        negated = True
    if negated and implicit is not None and implicit.group(0).lower().startswith("unlearn"):
        negated = False  # "cannot unlearn it": the learning stays
    if negated:
        signals.append("negation")
    # "cannot unlearn it" confirms the use, it forbids nothing
    prohibition = bool(v._PROHIBIT.search(_UNLEARN.sub("", m)))
    if not platform_actor and _TAKEN_FROM_US.match(m):
        user_actor = third = True  # "anything plucked from our site to train AI": others' use
    if (
        "without" in m
        and COMPANY_CONSENT.search(m)
        and not v._PLATFORM_ACTOR.search(COMPANY_CONSENT.sub(" ", m))
    ):
        # "... without the prior written consent of X": X's consent, a rule for others' use
        platform_actor, user_actor, third = False, True, True
    if _COMPETE.search(m) and not platform_actor:
        user_actor = third = True  # "... models that compete with ours": a ban on users
    conditional = bool(IF_YOU_TRAIN.match(m)) and not prohibition  # "If you train ..., credit us"
    if _OUTPUT_TO_TRAIN.search(m) and not _WE_SUBJECT.search(m) and not conditional:
        user_actor = third = True  # "using AI output to develop models": a ban on users
    if users_train and user_actor and _GRANTS_YOU.search(m) and not (prohibition or negated):
        user_actor = False  # "grants you the right to fine-tune our models": a permission
    if users_train and not (prohibition or user_actor):
        return out  # users train their own models: machine learning is the product
    # -- the platform itself (or partners it picks)
    platform_clause = (
        train_at >= 0
        and (platform_actor or not third)
        and not (user_actor and not _WE_WILL.search(m))
        and not users_train
    )
    if platform_clause and v._PERMIT_NEG.search(m) and not v._OWN_USE_NEG.search(m):
        platform_clause = False  # "does not permit the use of content to train": others' use
        third = True
    restriction = bool(prohibition and v._PROHIBIT.search(m, 0, train_at)) or (
        prohibition and not platform_actor
    )
    if platform_clause and restriction and not negated and not opt_out:
        platform_clause = False  # a restriction: it speaks about others' use
        third = True
    if platform_clause and "reserve" in m and RESERVATION.search(m):
        # "we reserve all rights against AI training": a rule for others
        platform_clause, third, prohibition = False, True, True
    if platform_clause:
        if v._PRONOUN_SUBJECT.match(cased) and not platform_actor and not PASSIVE_USE.search(m):
            add(Aspect.PLATFORM, UNCLEAR, ("unresolved_subject",))
        elif negated and opt_out and _EXCEPT.search(m, train_at):
            add(Aspect.PLATFORM, "opt_out")  # "we do not ... except if you have not opted out"
        elif negated and not (consent_neg or consent_pos) and (EXAMPLE.match(m) or HEDGE.search(m)):
            # "For example, what you share with <feature> is not used to train ...": a refusal
            # given as an example covers that case, not the user's content in general
            add(Aspect.PLATFORM, UNCLEAR, ("example",))
        elif negated:
            add(Aspect.PLATFORM, "opt_in" if consent_neg or consent_pos else "no")
        elif opt_out:
            add(Aspect.PLATFORM, "opt_out")
        elif consent_pos:
            add(Aspect.PLATFORM, "opt_in")
        elif (
            _enumerated_purpose(m, cased, v)
            or (
                including and not STRONG_TRAIN.search(m) and not AI_OBJECT.match(m, including.end())
            )
            or feedback_only(m)
        ):
            # a list of purposes naming machine learning as one item; "improve our services
            # (including our AI models)"; "use your feedback to improve our AI": AI named among
            # what is improved or done, training on users' works not stated
            add(Aspect.PLATFORM, UNCLEAR, ("broad",))
        else:
            add(Aspect.PLATFORM, "yes")
    elif (
        train_at < 0
        and not (user_actor or prohibition or third or negated)
        and (
            (ai_use and platform_actor and _WEAK_VERB.search(m) and _USERS_DATA.search(m))
            or including
        )
    ):
        # "we may use your content to improve our services, including through machine
        # learning": AI is named, training is not ruled out, nor stated (but one may object)
        add(Aspect.PLATFORM, "opt_out" if opt_out else UNCLEAR, ("broad",))
    # -- others: users, scrapers, AI companies
    if prohibition and not platform_actor and not platform_clause:
        third = True  # "any use of the files with AI is forbidden": a rule for everyone else
    if third and (train_at >= 0 or has_tdm or ai_use):
        prohibited = (
            user_actor
            or prohibition
            or negated
            or bool(v._PERMIT_NEG.search(m))
            or (platform_clause and out and out[-1].reading in ("no", "opt_in"))
        )
        if prohibited:
            reading = "opt_out" if v._TAGGED.search(m) else "prohibited"
        elif opt_out:
            reading = "opt_out"
        elif consent_pos:
            reading = "opt_in"
        else:
            reading = "allowed"
        strong = third_agent or v._STRONG_THIRD.search(m)
        if prohibited or (strong and (train_at >= 0 or reading != "allowed")):
            add(Aspect.THIRD_PARTY, reading)
    return out
