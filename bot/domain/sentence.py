"""Reading one sentence about AI: which aspect it speaks about and what it says.

`analyse` turns one sentence (with the context the clause finder gives it: a prohibiting
lead-in, the next sentence) into zero, one or two `Clause`s, from linguistic patterns alone
(bot.domain.ai_terms): bot.domain.sentence_facts gathers what the sentence says, and `analyse`
decides the readings from it. The richer reading of each clause (who trains, on what, for what,
with which control) is added by bot.domain.readings.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.domain.ai_terms import BASE, Vocab, full_vocab, is_intl
from bot.domain.en_rules import (
    AI_OBJECT,
    CONFIGURABLE,
    EXAMPLE,
    GENERAL_CONTENT,
    HEDGE,
    NAMED_CATEGORIES,
    PASSIVE_USE,
    RESERVATION,
    SOURCING_NEG,
    STATUS_OF,
    STRONG_TRAIN,
    TDM_RESERVED,
    TRAINING_EXPLAINED,
    VENDOR_DUTY,
    feedback_only,
)
from bot.domain.models import Aspect
from bot.domain.pattern_code import compile_pattern
from bot.domain.sentence_cues import (
    AI_LAW,
    EXCEPT,
    GERUND,
    LAW_WORDS,
    NARROW_OBJECT,
    THIS_HELPS,
    USERS_DATA,
    WE_SUBJECT,
    WE_WILL,
    WEAK_VERB,
    YOU_MAY_STILL,
    enumerated_purpose,
    is_heading,
    is_question,
    ml_on_users_data,
    training_position,
    uses_content_in_ai,
)
from bot.domain.sentence_facts import (
    Facts,
    find_actors,
    find_controls,
    find_negation,
    find_rules_for_others,
    find_subject,
    refers_back,
)
from bot.domain.sentence_parts import others_only_elsewhere

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


# "With the exception of content you make public, nothing you store is used to train ...": the
# refusal leaves the public content out of it, so that content may be trained on
_PUBLIC_EXCEPTED = compile_pattern(
    r"\b(?:with the exception of|except(?: for)?|other than|apart from|save for|but not)"
    r" (?:\w+ ){0,6}?(?:public(?:ly)?|made public)\b"
)
# "Do you train AI on my content?" answered "No, never.": a summary box's refusal
_ANSWER_NO = compile_pattern(r"\W*(?:no|never|nope|non|nein)\b(?!\s+(?:one|longer|later)\b)")
_ASKS_SERVICE = compile_pattern(
    # (after an FAQ's "Q:" and a word of markup before it: '??? note "Q: Are you ...')
    r"^\W*(?:(?!why|how|what|when|where|which|who)\w+\W+)??(?:q(?:uestion)?\s*[:.]\s*)?"
    r"(?:do|does|will|would|can|could|is|are)\s+(?:you|we|they|[a-z][\w&.-]*)\s+(?:ever\s+)?"
    r"(?:use|using|train|training|sell|share|feed|be used)|\bused (?:to|for) (?:\w+ )?train",
    re.I,
)


def _answered_no(
    orig: str, cased: str, m: str, position: int, next_match: str, v: Vocab
) -> list[Clause]:
    if not (_ASKS_SERVICE.search(m) and training_position(m, cased, v) >= 0):
        return []
    signals = ("ai", "training", "negation", "answered")
    return [Clause(orig, Aspect.PLATFORM, signals, "no", position, cased + " " + next_match)]


def analyse(orig: str, cased: str, lead_in: bool, position: int, next_match: str) -> list[Clause]:
    """Readings of one sentence: `orig` as quoted, `cased` its normalised form."""
    m = cased.lower()
    if any(map(m.__contains__, LAW_WORDS)) and AI_LAW.search(
        m
    ):  # "AI laws", "the AI Act": a law's name, not a use of AI
        cased = AI_LAW.sub(lambda h: " " * len(h.group(0)), cased)
        m = cased.lower()
    if " you from " in m and YOU_MAY_STILL.search(m):  # a permission for the user (a carve-out)
        cased = YOU_MAY_STILL.sub(lambda h: " " * len(h.group(0)), cased)
        m = cased.lower()
    v = full_vocab() if is_intl(m) else BASE
    if is_heading(m) and not (lead_in and GERUND.match(m)):  # (an item: "Using ... to train")
        if is_question(m) and _ANSWER_NO.match(next_match):
            return _answered_no(orig, cased, m, position, next_match, v)
        return []  # a heading, label or question, not a statement
    f = find_subject(m, cased, v)
    if f is None:
        return []
    if f.train_at < 0 and not f.has_tdm and not f.ai_use and not f.including:
        return _broad_only(f, orig, position, next_match)
    find_controls(f, next_match)
    find_actors(f, lead_in)
    out: list[Clause] = []

    def add(aspect: Aspect, reading: str, extra: tuple[str, ...] = ()) -> None:
        out.append(Clause(orig, aspect, tuple(f.signals) + extra, reading, position, f.context))

    if v._LICENSED.search(m) and not f.user_actor:  # ("Licensee shall not use Licensed Content")
        add(Aspect.PLATFORM, LICENSED, ("licensed",))
        return out
    if f.train_at >= 0 and "not" in m and VENDOR_DUTY.search(m):
        # "our providers are contractually bound not to train on it": about the service's
        # partners, not others at large; says nothing alone of the service's own training
        add(Aspect.PLATFORM, UNCLEAR, ("vendor_duty",))
        return out
    if v._DEFINITION.search(m) and not lead_in:
        return out  # a definition states no policy
    find_negation(f)
    find_rules_for_others(f)
    if f.users_train and not (f.prohibition or f.user_actor):
        return out  # users train their own models: machine learning is the product
    # -- the platform itself (or partners it picks)
    platform_clause = _speaks_of_platform(f)
    if platform_clause:
        reading = _platform_reading(f)
        if reading is not None:
            add(Aspect.PLATFORM, *reading)
    elif (
        f.train_at < 0
        and not (f.user_actor or f.prohibition or f.third or f.negated)
        and (
            (f.ai_use and f.platform_actor and WEAK_VERB.search(m) and USERS_DATA.search(m))
            or f.including
        )
    ):
        # "we may use your content to improve our services, including through machine
        # learning": AI is named, training is not ruled out, nor stated (but one may object)
        add(Aspect.PLATFORM, "opt_out" if f.opt_out else UNCLEAR, ("broad",))
    # -- others: users, scrapers, AI companies
    last = out[-1].reading if out else ""
    third_reading = _third_party_reading(
        f, platform_clause, platform_clause and last in ("no", "opt_in")
    )
    if third_reading is not None:
        add(Aspect.THIRD_PARTY, third_reading)
    return out


def _broad_only(f: Facts, orig: str, position: int, next_match: str) -> list[Clause]:
    """A sentence naming AI with neither training, mining nor a use of content in AI: broad
    wording at most ("develop new features, including through machine learning")."""
    m, v, cased = f.m, f.v, f.cased
    if v._BROAD_ML.search(m) and not (v._PROHIBIT.search(m) or v._USER_ACTOR.search(m)):
        return [Clause(orig, Aspect.PLATFORM, ("ai", "broad"), UNCLEAR, position, cased)]
    if not (
        f.has_ai
        and ml_on_users_data(m, next_match)
        and not (v._PROHIBIT.search(m) or v._USER_ACTOR.search(m) or v._NEG.search(m))
    ):
        return []
    # "we use machine learning to process your personal data": broad wording
    context = f"{cased} {next_match}" if THIS_HELPS.match(next_match) else cased
    said, later = m, v._OPT_OUT.search(m)
    if later is None:
        said, later = next_match, v._OPT_OUT.search(next_match)
    if refers_back(later, said):
        # "... If you prefer that we not analyze your files, you can opt out": a control
        signals = ("ai", "broad", "opt_out")
        return [
            Clause(orig, Aspect.PLATFORM, signals, "opt_out", position, f"{cased} {next_match}")
        ]
    return [Clause(orig, Aspect.PLATFORM, ("ai", "broad"), UNCLEAR, position, context)]


def _speaks_of_platform(f: Facts) -> bool:
    """Whether the sentence speaks of the service's own training (rather than rules for others);
    a restriction or reservation it turns out to be is recorded in `f`."""
    m, v = f.m, f.v
    platform_clause = (
        f.train_at >= 0
        and (f.platform_actor or not f.third)
        and not (f.user_actor and not WE_WILL.search(m))
        and not f.users_train
    )
    if (
        platform_clause
        and v._PERMIT_NEG.search(f.m_neg)
        and not v._OWN_USE_NEG.search(m)
        and not others_only_elsewhere(m, f.train_at, v._THIRD_ACTOR)  # (sharing, apart)
    ):
        f.third = True  # "does not permit the use of content to train": others' use
        return False
    restriction = bool(f.prohibition and v._PROHIBIT.search(m, 0, f.train_at)) or (
        f.prohibition and not f.platform_actor
    )
    if platform_clause and restriction and not f.negated and not f.opt_out:
        f.third = True  # a restriction: it speaks about others' use
        return False
    if platform_clause and "reserve" in m and RESERVATION.search(m):
        # "we reserve all rights against AI training": a rule for others
        f.third = f.prohibition = True
        return False
    return platform_clause


def _platform_reading(f: Facts) -> tuple[str, tuple[str, ...]] | None:
    """The reading of a sentence about the service's own training, with its extra signals;
    None when it reports or explains training rather than using users' content."""
    m, cased, v = f.m, f.cased, f.v
    negated, opt_out, consent_neg, consent_pos = f.negated, f.opt_out, f.consent_neg, f.consent_pos
    if v._PRONOUN_SUBJECT.match(cased) and not f.platform_actor and not PASSIVE_USE.search(m):
        return UNCLEAR, ("unresolved_subject",)
    if not (negated or opt_out or consent_pos) and "status" in m and STATUS_OF.search(m):
        return None  # "we show the status of training for each model": a report, not a use
    if (
        not (negated or opt_out or consent_pos)
        and TRAINING_EXPLAINED.search(m)
        and not USERS_DATA.search(m)
    ):
        return None  # "a note explaining our model training process": information, not a use
    if (
        not (negated or opt_out or consent_pos or WE_SUBJECT.search(m))
        and "configur" in m
        and CONFIGURABLE.search(m)
    ):
        return UNCLEAR, ("setting",)  # training as an admin's setting
    if negated and opt_out and (f.setting_on or EXCEPT.search(m, f.train_at)):
        return "opt_out", ()  # "we do not ... except if you have not opted out"
    if negated and not (consent_neg or consent_pos) and (EXAMPLE.match(m) or HEDGE.search(m)):
        # "For example, what you share with <feature> is not used to train ...": a refusal
        # given as an example covers that case, not the user's content in general
        return UNCLEAR, ("example",)
    if negated:
        if (
            not (consent_neg or consent_pos)
            and m.count("train") < 2
            and SOURCING_NEG.search(f.m_neg)
        ):
            return None  # "we do not actively seek out personal data to train": sourcing
        # "we do not use the content of emails to train": one kind of data, no user's
        narrow = (
            ("narrow",)
            if (NARROW_OBJECT.search(m) and not USERS_DATA.search(m))
            or (NAMED_CATEGORIES.search(m) and not GENERAL_CONTENT.search(m))
            else ()
        )
        if not (consent_neg or consent_pos) and "public" in m and _PUBLIC_EXCEPTED.search(m):
            return UNCLEAR, ("public_data",)
        return ("opt_in" if consent_neg or consent_pos else "no"), narrow
    if opt_out:
        return "opt_out", ()
    if consent_pos:
        return "opt_in", ()
    including = f.including
    if (
        enumerated_purpose(m, cased, v)
        or (including and not STRONG_TRAIN.search(m) and not AI_OBJECT.match(m, including.end()))
        or feedback_only(m)
    ):
        # a list of purposes naming machine learning as one item; "improve our services
        # (including our AI models)"; "use your feedback to improve our AI": AI named among
        # what is improved or done, training on users' works not stated
        return UNCLEAR, ("broad",)
    return "yes", ()


def _third_party_reading(f: Facts, platform_clause: bool, platform_refuses: bool) -> str | None:
    """The reading for others' training (users, scrapers, AI companies), if the sentence gives
    one; `platform_clause`: it speaks of the service's own training, `platform_refuses`: and was
    read as a refusal or an opt-in."""
    m, v = f.m, f.v
    if (
        f.has_tdm
        and ("reserv" in m or "vor" in m)
        and TDM_RESERVED.search(m)
        and not USERS_DATA.search(m)
    ):
        f.prohibition = f.third = True  # the rights holder's opt-out of mining (DSM art. 4(3))
    if f.prohibition and not f.platform_actor and not platform_clause:
        f.third = True  # "any use of the files with AI is forbidden": a rule for everyone else
    ai_use = f.ai_use
    if ai_use and f.train_at < 0 and not f.has_tdm and f.third:
        # "you may not ... distribute AI Content in a misleading way": a rule about AI-made
        # content names no use of content in AI, so it is no ban on AI training
        ai_use = uses_content_in_ai(m, f.cased, v, ai_made=False)
    if not (f.third and (f.train_at >= 0 or f.has_tdm or ai_use)):
        return None
    prohibited = (
        f.user_actor
        or f.prohibition
        or f.negated
        or bool(v._PERMIT_NEG.search(m))
        or platform_refuses
    )
    if prohibited:
        reading = "opt_out" if f.setting_on or v._TAGGED.search(m) else "prohibited"
    elif f.opt_out:
        reading = "opt_out"
    elif f.consent_pos:
        reading = "opt_in"
    else:
        reading = "allowed"
    strong = f.third_agent or v._STRONG_THIRD.search(m)
    if prohibited or (strong and (f.train_at >= 0 or reading != "allowed")):
        return reading
    return None
