"""What one sentence about AI says, gathered step by step for bot.domain.sentence.analyse.

`analyse` reads a sentence in stages, each filling in a `Facts`:
1. `find_subject`: is AI, text-and-data mining or training named, and where;
2. `find_controls`: consent, opt-out, a setting (the next sentence may hold the control);
3. `find_actors`: who trains (the service, partners it picks, third parties, users);
4. `find_negation`: whether a negation governs the training, once the negations that are not
   refusals (a disclaimer, the user's request, kept preferences) are set aside;
5. `find_rules_for_others`: whether the sentence is a rule for others' use (a prohibition, the
   company's consent, a licence required from it, outputs used to build rival models).
`analyse` then decides the readings from these facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.ai_terms import Vocab
from bot.domain.en_rules import (
    AI_EXPLAINER,
    AI_SCRAPERS,
    BACK_TO_USE,
    BOTH_AGENTS,
    COMPANY_CONSENT,
    CONSENT_REFERS_BACK,
    DISCLAIMS,
    GENERIC_OBJECTION,
    IF_YOU_TRAIN,
    INCLUDING_AI,
    OTHERS_BANNED,
    OTHERS_WHO_TRAIN,
    OWN_CLAUSE,
    OWN_DATA,
    REFERS,
    REQUIRES_LICENCE,
    SERVICE_AFTER,
    SETTING_ON,
    THEIR_AI_MODELS,
    THEIR_OWN,
    TRAINED_ON,
    TRANSFER_BY_US,
    UNLESS_YOU_ACT,
    USER_OFFER,
    settings_unrelated,
    trains_product,
)
from bot.domain.negation import negated_before, user_asks_not
from bot.domain.pattern_code import compile_pattern
from bot.domain.sentence_cues import (
    CANNOT_GRASP,
    COMPETE,
    DATA_USED_TO_TRAIN,
    FOR_THEIR_TRAINING,
    GRANTS_YOU,
    HARVEST,
    IMPERSONAL_BAN,
    INCLUDING_AI_ANY,
    OUTPUT_TO_TRAIN,
    PREFS_KEPT,
    TAKEN_FROM_US,
    UNLEARN,
    UNLESS_OPTED_OUT,
    USERS_DATA,
    WE_DISABLED,
    WE_SUBJECT,
    WEAK_VERB,
    company_subject,
    in_indemnity,
    training_position,
    uses_content_in_ai,
)
from bot.domain.sentence_parts import others_only_elsewhere

_SETTING_WORDS = ("mode", "setting", "option", "toggle", "switch", "control")
_SETTING_WORDS += ("delete", "remove", "erase")  # ("if you delete a chat, it is not trained on")
_SWITCHED = ("disabled", "deactivated", "turned off", "switched off", "opted out")  # WE_DISABLED
# the setting that would read as an opt-out is the user's consent: off until the user turns it on
SETTING_IS_CONSENT = compile_pattern(
    r"\b(?:off|disabled|deactivated|unchecked) by default\b"
    # 'only if you enable "Help improve" will ...': the setting is the user's consent
    r"|\bonly (?:if|when|once) you (?:\w+ )?(?:enable|turn on|switch on|activate|tick|check)\b"
)
_OFFERED_TO = (" you", "user", "artist", "creator", "member", "anyone")
_WITHOUT = ("without", "ohne", "sans", "sin ", "senza", "sem ", "zonder")


@dataclass
class Facts:
    """What one sentence says; each stage of `analyse` fills in its part."""

    m: str  # the sentence in lower case
    cased: str  # the sentence, normalised, case kept
    v: Vocab
    has_ai: bool
    has_tdm: bool  # text-and-data mining, or AI scrapers, named
    train_at: int  # where training is named (-1: nowhere)
    implicit: re.Match[str] | None  # training said without an AI word ("learns from your content")
    ai_use: bool  # users' content used in AI, training not named
    including: re.Match[str] | None  # "improve our services, including with AI"
    signals: list[str] = field(default_factory=list)
    context: str = ""  # the text the reading rests on (the sentence, maybe with the next one)
    # the controls
    consent_neg: bool = False  # "without your consent"
    consent_pos: bool = False  # "with your consent", "if you choose to"
    opt_out: bool = False
    # who trains
    user_actor: bool = False  # the user, or anyone the sentence bans
    third: bool = False  # others than the service
    platform_actor: bool = False
    third_agent: bool = False  # a third party acts for itself
    users_train: bool = False  # users train their own models
    # the negation
    m_neg: str = ""  # `m` with the negations that are no refusal blanked out
    asks: re.Match[str] | None = None  # "you may ask us not to use it for training"
    negated: bool = False
    setting_on: bool = False  # the refusal holds once the user switches a setting on
    prohibition: bool = False

    def signal(self, name: str) -> None:
        if name not in self.signals:
            self.signals.append(name)


# what may follow "such as <AI>" when AI is an example of what is developed ("new technologies,
# such as artificial intelligence."), not of a product name ("such as AI DJ")
_AFTER_EXAMPLE = compile_pattern(r"\s*(?:[,.;)]|$|and\b|or\b|models?\b|systems?\b|technolog)")
_TOOL_BEFORE = compile_pattern(r"\b(?:using|use of|uses|with|by means of|techniques|methods)\b")


def _example_of_what_is_made(m: str, example: re.Match[str]) -> bool:
    return bool(
        _AFTER_EXAMPLE.match(m, example.end())
        and not _TOOL_BEFORE.search(m, max(0, example.start() - 40), example.start())
    )


def refers_back(control: re.Match[str] | None, text: str) -> bool:
    """`control` (an opt-out found in `text`) counts: a bare "object" / "oppose" only when
    `text` refers back to the use ("object to this", "vous opposer à ce traitement")."""
    return control is not None and not (
        GENERIC_OBJECTION.search(control.group(0)) and not REFERS.search(text)
    )


def find_subject(m: str, cased: str, v: Vocab) -> Facts | None:
    """AI, mining and training in the sentence, or None when it says nothing of them (or only
    how AI works, what a model was trained on, or what an indemnity covers)."""
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
        return None
    if implicit is not None:
        train_at = implicit.start()
    if train_at >= 0 and "your" not in m and "learn" in m and AI_EXPLAINER.search(m):
        return None  # how AI works in general ("models learn the patterns of their training data")
    if train_at >= 0 and "train" in m and TRAINED_ON.search(m) and not OWN_DATA.search(m):
        return None  # what a model was trained on, none of it the users' (ML is the product)
    if train_at >= 0 and "infring" in m and in_indemnity(m, train_at):
        return None  # the training named in the claims an indemnity covers is no policy
    ai_use = has_ai and uses_content_in_ai(m, cased, v)
    listed = "including" in m or "such as" in m
    including = INCLUDING_AI.search(m) if has_ai and listed else None
    if (
        including
        and including.group(0).startswith("such")
        and not _example_of_what_is_made(m, including)
    ):
        including = None  # "by using technologies such as AI": the tool, not what is developed
    if including is None and has_ai and "opted out" in m and "including" in m:
        # "to improve our products, including AI features, provided you have not opted out":
        # the user's data serves the AI features unless refused (broad wording, an opt-out)
        including = INCLUDING_AI_ANY.search(m) if UNLESS_OPTED_OUT.search(m) else None
    if including and not WEAK_VERB.search(m):
        including = None  # "including AI" must qualify something developed or improved
    return Facts(m, cased, v, has_ai, has_tdm, train_at, implicit, ai_use, including)


def find_controls(f: Facts, next_match: str) -> None:
    """Consent and opt-out, in the sentence or (an opt-out, a setting) in the next one."""
    m, v, train_at = f.m, f.v, f.train_at
    f.signals = ["ai"] if f.has_ai else ["implicit"] if f.implicit else []
    if f.has_tdm:
        f.signals.append("tdm")
    if train_at >= 0:
        f.signals.append("training")
    if v._GENERATIVE.search(m):
        f.signals.append("generative")
    if v._PUBLIC.search(m):
        f.signals.append("public_data")
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
    related = train_at >= 0 or f.ai_use
    opt_out = bool(v._OPT_OUT.search(m))
    f.context = f.cased
    later = v._OPT_OUT.search(next_match) if not opt_out and related else None
    if refers_back(later, next_match):
        opt_out, f.context = True, f"{f.cased} {next_match}"  # "You can turn this off in Settings."
    if not opt_out and not consent_pos:
        if v._SETTINGS.search(m):
            opt_out = True
        elif related and v._SETTINGS.search(next_match) and not settings_unrelated(next_match):
            opt_out, f.context = True, f"{f.cased} {next_match}"
    if (
        related
        and not (opt_out or consent_pos or consent_neg)
        and CONSENT_REFERS_BACK.match(next_match)
        and v._CONSENT_POS.search(next_match)
    ):  # "... to train our models. We will only do so if you give us your consent."
        consent_pos, f.context = True, f"{f.cased} {next_match}"
    if opt_out and consent_pos and SETTING_IS_CONSENT.search(m):
        opt_out = False  # 'the "Share data" toggle is off by default': the user must switch it on
    if opt_out:
        f.signals.append("opt_out")
    if consent_neg or consent_pos:
        f.signals.append("consent")
    f.consent_neg, f.consent_pos, f.opt_out = consent_neg, consent_pos, opt_out


def find_actors(f: Facts, lead_in: bool) -> None:
    """Who trains: the service (or partners it picks), third parties, or users."""
    m, v, train_at = f.m, f.v, f.train_at
    # "Content here may not be used to train AI", "members ... must not train AI": a ban
    banned = ("not" in m or "no " in m[:8]) and OTHERS_BANNED.search(m)
    if not banned and IMPERSONAL_BAN.search(m) and not v._PLATFORM_ACTOR.search(m):
        banned = True  # "es ist nicht gestattet, Inhalte ... zu verwenden": a rule for everyone
    f.user_actor = bool(v._USER_ACTOR.search(m) or banned) or lead_in
    f.third = (
        f.user_actor or f.has_tdm or bool(v._THIRD_ACTOR.search(m) or v._STRONG_THIRD.search(m))
    )
    f.platform_actor = bool(v._PLATFORM_ACTOR.search(m)) or company_subject(f.cased)
    if f.third and not (f.platform_actor or f.user_actor) and train_at >= 0:  # (both, apart)
        f.platform_actor = others_only_elsewhere(m, train_at, v._THIRD_ACTOR)
    third_agent = bool(v._THIRD_AGENT.search(m)) and not re.search(r"\bwe\b", m)
    if (
        not f.platform_actor
        and "their" in m
        and (
            THEIR_OWN.search(m)
            or (THEIR_AI_MODELS.search(m) and not v._PRONOUN_SUBJECT.match(f.cased))
        )
    ):
        third_agent = third_agent or not re.search(r"\b(?:we|us|our)\b", m)  # their products
    if "their own" in m and FOR_THEIR_TRAINING.search(m) and v._CONSENT_NEG.search(m):
        # "(providers must) not use your data for their own AI training without your consent":
        # others' training the user decides on (a provider's contract alone stays the service's)
        third_agent = True
    if third_agent:
        f.platform_actor, f.third = False, True
    if ("us" in m or "either" in m) and BOTH_AGENTS.search(m):
        f.platform_actor = f.third = True  # "whether by us or by third parties": both
    f.third_agent = third_agent
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
    f.users_train = users_train or (
        ("train" in m or "fine" in m or "teach" in m)
        and any(map(m.__contains__, _OFFERED_TO))
        and bool(USER_OFFER.search(m))
    )
    if not f.users_train and (" who " in m or " that " in m):
        others = OTHERS_WHO_TRAIN.search(m)
        f.users_train = bool(
            others
            and train_at >= others.start()
            and not USERS_DATA.search(m)
            and not TRANSFER_BY_US.search(m)
        )  # "we fund researchers who train models": they train their own


def find_negation(f: Facts) -> None:
    """Whether a refusal governs the training, leaving aside the negations that are not one:
    kept preferences, a disclaimer of responsibility, the user's request not to be trained on."""
    m, v, train_at = f.m, f.v, f.train_at
    kept = PREFS_KEPT.search(m) if "prefer" in m or "setting" in m or "opt" in m else None
    if kept:
        # "this will not affect the preferences you have set for model training": the user
        # has a say over the training; that negation is about the preferences, not the use
        m_neg = m[: kept.start()] + " " * (kept.end() - kept.start()) + m[kept.end() :]
        f.opt_out = True
        f.signal("opt_out")
    else:
        m_neg = m
    disclaimer = None
    if train_at >= 0 and ("responsib" in m or "liab" in m or "control" in m):
        disclaimer = DISCLAIMS.search(m_neg, 0, train_at)
    if disclaimer and not SERVICE_AFTER.search(m, disclaimer.end()):
        # "we are not responsible for providers' use of your inputs for their model training":
        # the negation disclaims responsibility, it does not refuse; the training is others'
        m_neg = DISCLAIMS.sub(lambda h: " " * len(h.group(0)), m_neg)
    asks = user_asks_not(m_neg) if train_at >= 0 else None
    if asks:
        # "you may ask us not to use it for training": the negation is the user's request (an
        # opt-out), not the service's refusal
        m_neg = m_neg[: asks.start()] + " " * (asks.end() - asks.start()) + m_neg[asks.end() :]
        f.opt_out = True
        f.signal("opt_out")
    negated = train_at >= 0 and negated_before(m_neg, train_at, v)
    if disclaimer and not negated and not SERVICE_AFTER.search(m, disclaimer.end()):
        f.platform_actor, f.third, f.third_agent = False, True, True
    if (
        not negated
        and train_at >= 0
        and any(map(m.__contains__, _SWITCHED))
        and WE_DISABLED.search(m)
    ):
        negated = True
    if negated and f.implicit is not None and f.implicit.group(0).lower().startswith("unlearn"):
        negated = False  # "cannot unlearn it": the learning stays
    # "If you enable Private Mode, your files are never trained on": the refusal holds once the
    # user switches a named setting on, so the user controls the training (an opt-out)
    setting = SETTING_ON.search(m) if negated and any(map(m.__contains__, _SETTING_WORDS)) else None
    if setting is not None:
        lo, hi = sorted((setting.start(), train_at))
        f.setting_on = ";" not in m[lo:hi]  # the condition and the refusal in one clause
    if f.setting_on:
        f.opt_out = True
        f.signal("opt_out")
    if (
        f.consent_neg
        and not negated
        and train_at >= 0
        and not f.opt_out
        and UNLESS_YOU_ACT.search(m)
    ):
        f.opt_out = True  # "we may share it for training unless you turn on <a setting>"
        f.signals.append("opt_out")
    if negated:
        f.signals.append("negation")
    f.m_neg, f.asks, f.negated = m_neg, asks, negated


def find_rules_for_others(f: Facts) -> None:
    """A prohibition, or wording that makes the sentence a rule for others' use: the company's
    consent, a licence required from it, rival models, AI output used to build models."""
    m, v = f.m, f.v
    # "cannot unlearn it" confirms the use, it forbids nothing
    # ("it cannot understand irony" describes what the system can do, it forbids nothing)
    read = CANNOT_GRASP.sub("", UNLEARN.sub("", m if f.asks is None else f.m_neg))
    f.prohibition = bool(v._PROHIBIT.search(read))
    if not f.platform_actor and TAKEN_FROM_US.match(m):
        f.user_actor = f.third = True  # "anything plucked from our site to train AI": others' use
    if (
        any(map(m.__contains__, _WITHOUT))
        and COMPANY_CONSENT.search(m)
        and not v._PLATFORM_ACTOR.search(COMPANY_CONSENT.sub(" ", m))
    ):
        # "... without the prior written consent of X": X's consent, a rule for others' use
        f.platform_actor, f.user_actor, f.third = False, True, True
    if "requir" in m and REQUIRES_LICENCE.search(m) and not re.search(r"\bwe\b|\byour?\b", m):
        f.platform_actor, f.user_actor, f.third = False, True, True  # "... requires a licence"
    if COMPETE.search(m) and not f.platform_actor:
        f.user_actor = f.third = True  # "... models that compete with ours": a ban on users
    conditional = bool(IF_YOU_TRAIN.match(m)) and not f.prohibition  # "If you train ..., credit us"
    if (
        OUTPUT_TO_TRAIN.search(m)
        and not WE_SUBJECT.search(m)
        and not conditional
        # "you agree that X may use ... outputs, to train", "the Company may use ..."
        and not company_subject(f.cased)
    ):
        f.user_actor = f.third = True  # "using AI output to develop models": a ban on users
    if f.users_train and f.user_actor and GRANTS_YOU.search(m) and not (f.prohibition or f.negated):
        f.user_actor = False  # "grants you the right to fine-tune our models": a permission
