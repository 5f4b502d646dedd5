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

from bot.domain.ai_terms import BASE, Vocab, full_vocab, is_intl
from bot.domain.en_rules import (
    AI_EXPLAINER,
    AI_OBJECT,
    AI_SCRAPERS,
    BACK_TO_USE,
    COMPANY_CONSENT,
    CONFIGURABLE,
    DISCLAIMS,
    EXAMPLE,
    GENERAL_CONTENT,
    GENERIC_OBJECTION,
    HEDGE,
    IF_YOU_TRAIN,
    INCLUDING_AI,
    NAMED_CATEGORIES,
    OTHERS_BANNED,
    OWN_CLAUSE,
    OWN_DATA,
    PASSIVE_USE,
    REFERS,
    REQUIRES_LICENCE,
    RESERVATION,
    SERVICE_AFTER,
    SETTING_ON,
    SOURCING_NEG,
    STATUS_OF,
    STRONG_TRAIN,
    TDM_RESERVED,
    THEIR_AI_MODELS,
    THEIR_OWN,
    TRAINED_ON,
    TRAINING_EXPLAINED,
    UNLESS_YOU_ACT,
    USER_ASKS_NOT,
    USER_OFFER,
    VENDOR_DUTY,
    feedback_only,
    settings_unrelated,
    trains_product,
)
from bot.domain.models import Aspect
from bot.domain.pattern_code import compile_pattern
from bot.domain.sentence_cues import (
    AI_LAW,
    CANNOT_GRASP,
    COMPETE,
    DATA_USED_TO_TRAIN,
    EXCEPT,
    FOR_THEIR_TRAINING,
    GERUND,
    GRANTS_YOU,
    HARVEST,
    INCLUDING_AI_ANY,
    LAW_WORDS,
    NARROW_OBJECT,
    OUTPUT_TO_TRAIN,
    PREFS_KEPT,
    TAKEN_FROM_US,
    THIS_HELPS,
    UNLEARN,
    UNLESS_OPTED_OUT,
    USERS_DATA,
    WE_DISABLED,
    WE_SUBJECT,
    WE_WILL,
    WEAK_VERB,
    YOU_MAY_STILL,
    company_subject,
    enumerated_purpose,
    in_indemnity,
    is_heading,
    ml_on_users_data,
    negated_before,
    training_position,
    uses_content_in_ai,
)

log = logging.getLogger(__name__)

_SETTING_WORDS = ("mode", "setting", "option", "toggle", "switch", "control")
LICENSED = "licensed"  # about content licensed from rights holders, not users' own uploads
UNCLEAR = "unclear"
_SWITCHED = ("disabled", "deactivated", "turned off", "switched off", "opted out")  # WE_DISABLED


@dataclass(frozen=True)
class Clause:
    """One sentence about AI and content, quoted exactly as in the source text."""

    quote: str
    aspect: Aspect
    signals: tuple[str, ...] = ()
    reading: str = ""  # yes/no/opt_in/opt_out/unclear | prohibited/allowed/... | licensed
    position: int = 0  # index of the sentence in the document
    context: str = ""  # the text the reading was made on (the sentence, joined with context)


# "Do you train AI on my content?" answered "No, never.": a summary box's refusal
_ANSWER_NO = compile_pattern(r"\W*(?:no|never|nope|non|nein)\b(?!\s+(?:one|longer|later)\b)")
_ASKS_SERVICE = compile_pattern(
    r"^\W*(?:do|does|will|would|can|could|is|are)\s+(?:you|we|they|[a-z][\w&.-]*)\s+(?:ever\s+)?"
    r"(?:use|train|sell|share|feed|be used)|\bused (?:to|for) (?:\w+ )?train",
    re.I,
)


def _answered_no(
    orig: str, cased: str, m: str, position: int, next_match: str, v: Vocab
) -> list[Clause]:
    if not (_ASKS_SERVICE.search(m) and training_position(m, cased, v) >= 0):
        return []
    signals = ("ai", "training", "negation", "answered")
    return [Clause(orig, Aspect.PLATFORM, signals, "no", position, cased + " " + next_match)]


OFF_BY_DEFAULT = compile_pattern(r"\b(?:off|disabled|deactivated|unchecked) by default\b")
_OFFERED_TO = (" you", "user", "artist", "creator", "member", "anyone")
_WITHOUT = ("without", "ohne", "sans", "sin ", "senza", "sem ", "zonder")


def _refers_back(control: re.Match[str] | None, text: str) -> bool:
    """`control` (an opt-out found in `text`) counts: a bare "object" / "oppose" only when
    `text` refers back to the use ("object to this", "vous opposer à ce traitement")."""
    return control is not None and not (
        GENERIC_OBJECTION.search(control.group(0)) and not REFERS.search(text)
    )


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
        if m.endswith("?") and _ANSWER_NO.match(next_match):
            return _answered_no(orig, cased, m, position, next_match, v)
        return []  # a heading, label or question, not a statement
    has_ai = bool(v._AI.search(m) or v._AI_CASED.search(cased) or v._TRAIN_MODELS.search(m))
    has_tdm = bool(v._TDM.search(m)) or (
        ("compet" in m or "distil" in m or (has_ai and any(map(m.__contains__, HARVEST))))
        and bool(AI_SCRAPERS.search(m))
    )
    train_at = training_position(m, cased, v) if has_ai else -1
    implicit = None if has_ai else v._TRAIN_NO_AI.search(m)  # "learns from your content"
    if implicit is None and not has_ai and "train" in m:
        implicit = trains_product(m)  # "use your content to train the features of the Service"
    if has_ai and train_at < 0:
        # "for machine learning purposes", "our AI learns from your content"
        implicit = v._ML_PURPOSE.search(m) or (v._TRAIN_NO_AI.search(m) if "learn" in m else None)
    if (
        implicit is not None
        and not v._DATA_NOUN.search(m)
        and not (implicit.group(0).startswith("train ") and USERS_DATA.search(m))
    ):  # (but "your choices may help train our engine" speaks of the user's own use)
        implicit = None
    if implicit is not None and DATA_USED_TO_TRAIN.search(m) and not USERS_DATA.search(m):
        implicit = None  # "the data used to train it may be biased": how the model was made
    if not (has_ai or has_tdm or implicit):
        return []
    if implicit is not None:
        train_at = implicit.start()
    if train_at >= 0 and "your" not in m and "learn" in m and AI_EXPLAINER.search(m):
        return []  # how AI works in general ("models learn the patterns of their training data")
    if train_at >= 0 and "train" in m and TRAINED_ON.search(m) and not OWN_DATA.search(m):
        return []  # what a model was trained on, none of it the users' (ML is the product)
    if train_at >= 0 and "infring" in m and in_indemnity(m, train_at):
        return []  # the training named in the claims an indemnity covers is no policy
    ai_use = has_ai and uses_content_in_ai(m, cased, v)
    including = INCLUDING_AI.search(m) if has_ai and "including" in m else None
    if including is None and has_ai and "opted out" in m and "including" in m:
        # "to improve our products, including AI features, provided you have not opted out":
        # the user's data serves the AI features unless refused (broad wording, an opt-out)
        including = INCLUDING_AI_ANY.search(m) if UNLESS_OPTED_OUT.search(m) else None
    if including and not WEAK_VERB.search(m):
        including = None  # "including AI" must qualify something developed or improved
    if train_at < 0 and not has_tdm and not ai_use and not including:
        if v._BROAD_ML.search(m) and not (v._PROHIBIT.search(m) or v._USER_ACTOR.search(m)):
            # "develop new features, including through machine learning": broad wording
            return [Clause(orig, Aspect.PLATFORM, ("ai", "broad"), UNCLEAR, position, cased)]
        if (
            has_ai
            and ml_on_users_data(m, next_match)
            and not (v._PROHIBIT.search(m) or v._USER_ACTOR.search(m) or v._NEG.search(m))
        ):  # "we use machine learning to process your personal data": broad wording
            context = f"{cased} {next_match}" if THIS_HELPS.match(next_match) else cased
            said, later = m, v._OPT_OUT.search(m)
            if later is None:
                said, later = next_match, v._OPT_OUT.search(next_match)
            if _refers_back(later, said):
                # "... If you prefer that we not analyze your files, you can opt out": a control
                context = f"{cased} {next_match}"
                return [
                    Clause(
                        orig,
                        Aspect.PLATFORM,
                        ("ai", "broad", "opt_out"),
                        "opt_out",
                        position,
                        context,
                    )
                ]
            return [Clause(orig, Aspect.PLATFORM, ("ai", "broad"), UNCLEAR, position, context)]
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
    if (consent_neg or consent_pos) and train_at >= 0:
        # "We do not train on it, and it is not read by humans except with your consent": an
        # exception after a new clause belongs to that clause, unless it speaks of the use again
        start = m.rfind(";", 0, train_at) + 1  # ("If you enable alerts, we ...; we do not ...")
        own = OWN_CLAUSE.search(m, train_at)
        end = own.start() if own and not BACK_TO_USE.search(m, own.end()) else len(m)
        if start or end < len(m):
            consent_neg = bool(v._CONSENT_NEG.search(m, start, end))
            consent_pos = bool(v._CONSENT_POS.search(m, start, end))
    related = train_at >= 0 or ai_use
    opt_out = bool(v._OPT_OUT.search(m))
    context = cased
    later = v._OPT_OUT.search(next_match) if not opt_out and related else None
    if _refers_back(later, next_match):
        opt_out, context = True, cased + " " + next_match  # "You can turn this off in Settings."
    if not opt_out and not consent_pos:
        if v._SETTINGS.search(m):
            opt_out = True
        elif related and v._SETTINGS.search(next_match) and not settings_unrelated(next_match):
            opt_out, context = True, cased + " " + next_match
    if opt_out and consent_pos and OFF_BY_DEFAULT.search(m):
        opt_out = False  # 'the "Share data" toggle is off by default': the user must switch it on
    if opt_out:
        signals.append("opt_out")
    if consent_neg or consent_pos:
        signals.append("consent")
    # "Content here may not be used to train AI", "members ... must not train AI": a ban
    banned = ("not" in m or "no " in m[:8]) and OTHERS_BANNED.search(m)
    user_actor = bool(v._USER_ACTOR.search(m) or banned) or lead_in
    third = user_actor or has_tdm or bool(v._THIRD_ACTOR.search(m) or v._STRONG_THIRD.search(m))
    platform_actor = bool(v._PLATFORM_ACTOR.search(m)) or company_subject(cased)
    third_agent = bool(v._THIRD_AGENT.search(m)) and not re.search(r"\bwe\b", m)
    if (
        not platform_actor
        and "their" in m
        and (
            THEIR_OWN.search(m)
            or (THEIR_AI_MODELS.search(m) and not v._PRONOUN_SUBJECT.match(cased))
        )
    ):
        third_agent = third_agent or not re.search(r"\b(?:we|us|our)\b", m)  # their products
    if "their own" in m and FOR_THEIR_TRAINING.search(m) and v._CONSENT_NEG.search(m):
        # "(providers must) not use your data for their own AI training without your consent":
        # others' training the user decides on (a provider's contract alone stays the service's)
        third_agent = True
    if third_agent:
        platform_actor, third = False, True
    user_trains = v._USER_TRAINS.search(m)
    users_train = bool(user_trains) and (
        not WE_SUBJECT.search(m)
        or bool(IF_YOU_TRAIN.match(m))
        # "(2) we assign the outputs to you. (3) You may use them ..., including training other
        # models": the service spoke before; the training is in the user's permission
        or (
            train_at > user_trains.start()
            and user_trains.group(0).startswith(("you ", "users ", "customers ", "developers "))
            and not WE_SUBJECT.search(m, user_trains.start())
        )
    )
    users_train = users_train or (
        ("train" in m or "fine" in m)
        and any(map(m.__contains__, _OFFERED_TO))
        and bool(USER_OFFER.search(m))
    )
    out: list[Clause] = []

    def add(aspect: Aspect, reading: str, extra: tuple[str, ...] = ()) -> None:
        out.append(Clause(orig, aspect, tuple(signals) + extra, reading, position, context))

    if v._LICENSED.search(m) and not user_actor:  # ("Licensee shall not use Licensed Content")
        add(Aspect.PLATFORM, LICENSED, ("licensed",))
        return out
    if train_at >= 0 and "not" in m and VENDOR_DUTY.search(m):
        # "our providers are contractually bound not to train on it": about the service's
        # partners, not others at large; says nothing alone of the service's own training
        add(Aspect.PLATFORM, UNCLEAR, ("vendor_duty",))
        return out
    if v._DEFINITION.search(m) and not lead_in:
        return out  # a definition states no policy
    kept = PREFS_KEPT.search(m) if "prefer" in m or "setting" in m or "opt" in m else None
    if kept:
        # "this will not affect the preferences you have set for model training": the user
        # has a say over the training; that negation is about the preferences, not the use
        m_neg = m[: kept.start()] + " " * (kept.end() - kept.start()) + m[kept.end() :]
        opt_out = True
        if "opt_out" not in signals:
            signals.append("opt_out")
    else:
        m_neg = m
    disclaimer = None
    if train_at >= 0 and ("responsib" in m or "liab" in m or "control" in m):
        disclaimer = DISCLAIMS.search(m_neg, 0, train_at)
    if disclaimer and not SERVICE_AFTER.search(m, disclaimer.end()):
        # "we are not responsible for providers' use of your inputs for their model training":
        # the negation disclaims responsibility, it does not refuse; the training is others'
        m_neg = DISCLAIMS.sub(lambda h: " " * len(h.group(0)), m_neg)
    asks = None
    if train_at >= 0 and any(w in m_neg for w in (" us", "that we", " the ", "not to")):
        asks = USER_ASKS_NOT.search(m_neg)
    if asks:
        # "you may ask us not to use it for training": the negation is the user's request (an
        # opt-out), not the service's refusal
        m_neg = m_neg[: asks.start()] + " " * (asks.end() - asks.start()) + m_neg[asks.end() :]
        opt_out = True
        if "opt_out" not in signals:
            signals.append("opt_out")
    negated = train_at >= 0 and negated_before(m_neg, train_at, v)
    if disclaimer and not negated and not SERVICE_AFTER.search(m, disclaimer.end()):
        platform_actor, third, third_agent = False, True, True
    if (
        not negated
        and train_at >= 0
        and any(map(m.__contains__, _SWITCHED))
        and WE_DISABLED.search(m)
    ):
        negated = True
    if negated and implicit is not None and implicit.group(0).lower().startswith("unlearn"):
        negated = False  # "cannot unlearn it": the learning stays
    # "If you enable Private Mode, your files are never trained on": the refusal holds once the
    # user switches a named setting on, so the user controls the training (an opt-out)
    setting = SETTING_ON.search(m) if negated and any(map(m.__contains__, _SETTING_WORDS)) else None
    setting_on = False
    if setting is not None:
        lo, hi = sorted((setting.start(), train_at))
        setting_on = ";" not in m[lo:hi]  # the condition and the refusal in one clause
    if setting_on and "opt_out" not in signals:
        opt_out = True
        signals.append("opt_out")
    if consent_neg and not negated and train_at >= 0 and not opt_out and UNLESS_YOU_ACT.search(m):
        opt_out = True  # "we may share it for training unless you turn on <a setting>"
        signals.append("opt_out")
    if negated:
        signals.append("negation")
    # "cannot unlearn it" confirms the use, it forbids nothing
    # ("it cannot understand irony" describes what the system can do, it forbids nothing)
    read = CANNOT_GRASP.sub("", UNLEARN.sub("", m if asks is None else m_neg))
    prohibition = bool(v._PROHIBIT.search(read))
    if not platform_actor and TAKEN_FROM_US.match(m):
        user_actor = third = True  # "anything plucked from our site to train AI": others' use
    if (
        any(map(m.__contains__, _WITHOUT))
        and COMPANY_CONSENT.search(m)
        and not v._PLATFORM_ACTOR.search(COMPANY_CONSENT.sub(" ", m))
    ):
        # "... without the prior written consent of X": X's consent, a rule for others' use
        platform_actor, user_actor, third = False, True, True
    if "requir" in m and REQUIRES_LICENCE.search(m) and not re.search(r"\bwe\b|\byour?\b", m):
        platform_actor, user_actor, third = False, True, True  # "... requires a licence from us"
    if COMPETE.search(m) and not platform_actor:
        user_actor = third = True  # "... models that compete with ours": a ban on users
    conditional = bool(IF_YOU_TRAIN.match(m)) and not prohibition  # "If you train ..., credit us"
    if (
        OUTPUT_TO_TRAIN.search(m)
        and not WE_SUBJECT.search(m)
        and not conditional
        # "you agree that X may use ... outputs, to train", "the Company may use ..."
        and not company_subject(cased)
    ):
        user_actor = third = True  # "using AI output to develop models": a ban on users
    if users_train and user_actor and GRANTS_YOU.search(m) and not (prohibition or negated):
        user_actor = False  # "grants you the right to fine-tune our models": a permission
    if users_train and not (prohibition or user_actor):
        return out  # users train their own models: machine learning is the product
    # -- the platform itself (or partners it picks)
    platform_clause = (
        train_at >= 0
        and (platform_actor or not third)
        and not (user_actor and not WE_WILL.search(m))
        and not users_train
    )
    if platform_clause and v._PERMIT_NEG.search(m_neg) and not v._OWN_USE_NEG.search(m):
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
        elif not (negated or opt_out or consent_pos) and "status" in m and STATUS_OF.search(m):
            pass  # "we show the status of training for each model": a report, not a use
        elif (
            not (negated or opt_out or consent_pos)
            and TRAINING_EXPLAINED.search(m)
            and not USERS_DATA.search(m)
        ):
            pass  # "a note explaining our model training process": information, not a use
        elif (
            not (negated or opt_out or consent_pos or WE_SUBJECT.search(m))
            and "configur" in m
            and CONFIGURABLE.search(m)
        ):
            add(Aspect.PLATFORM, UNCLEAR, ("setting",))  # training as an admin's setting
        elif negated and opt_out and (setting_on or EXCEPT.search(m, train_at)):
            add(Aspect.PLATFORM, "opt_out")  # "we do not ... except if you have not opted out"
        elif negated and not (consent_neg or consent_pos) and (EXAMPLE.match(m) or HEDGE.search(m)):
            # "For example, what you share with <feature> is not used to train ...": a refusal
            # given as an example covers that case, not the user's content in general
            add(Aspect.PLATFORM, UNCLEAR, ("example",))
        elif (
            negated
            and not (consent_neg or consent_pos)
            and m.count("train") < 2
            and SOURCING_NEG.search(m_neg)
        ):
            pass  # "we do not actively seek out personal data to train": sourcing, no refusal
        elif negated:
            # "we do not use the content of emails to train": one kind of data, no user's
            narrow = (
                ("narrow",)
                if (NARROW_OBJECT.search(m) and not USERS_DATA.search(m))
                or (NAMED_CATEGORIES.search(m) and not GENERAL_CONTENT.search(m))
                else ()
            )
            add(Aspect.PLATFORM, "opt_in" if consent_neg or consent_pos else "no", narrow)
        elif opt_out:
            add(Aspect.PLATFORM, "opt_out")
        elif consent_pos:
            add(Aspect.PLATFORM, "opt_in")
        elif (
            enumerated_purpose(m, cased, v)
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
            (ai_use and platform_actor and WEAK_VERB.search(m) and USERS_DATA.search(m))
            or including
        )
    ):
        # "we may use your content to improve our services, including through machine
        # learning": AI is named, training is not ruled out, nor stated (but one may object)
        add(Aspect.PLATFORM, "opt_out" if opt_out else UNCLEAR, ("broad",))
    # -- others: users, scrapers, AI companies
    if (
        has_tdm
        and ("reserv" in m or "vor" in m)
        and TDM_RESERVED.search(m)
        and not USERS_DATA.search(m)
    ):
        prohibition = third = True  # the rights holder's opt-out of mining (DSM art. 4(3))
    if prohibition and not platform_actor and not platform_clause:
        third = True  # "any use of the files with AI is forbidden": a rule for everyone else
    if ai_use and train_at < 0 and not has_tdm and third:
        # "you may not ... distribute AI Content in a misleading way": a rule about AI-made
        # content names no use of content in AI, so it is no ban on AI training
        ai_use = uses_content_in_ai(m, cased, v, ai_made=False)
    if third and (train_at >= 0 or has_tdm or ai_use):
        prohibited = (
            user_actor
            or prohibition
            or negated
            or bool(v._PERMIT_NEG.search(m))
            or (platform_clause and out and out[-1].reading in ("no", "opt_in"))
        )
        if prohibited:
            reading = "opt_out" if setting_on or v._TAGGED.search(m) else "prohibited"
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
