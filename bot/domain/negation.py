"""Whether a negation governs a training verb: the refusals of the sentence reader
(bot.domain.sentence_facts.find_negation), in any of the languages it reads."""

from __future__ import annotations

import re

from bot.domain.ai_terms import Vocab
from bot.domain.lexicon import NEG_AFTER_CJK
from bot.domain.pattern_code import compile_pattern

CJK = compile_pattern(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")
_NEG_AFTER_JA = compile_pattern(NEG_AFTER_CJK)
_BUT_NOT_LIMITED = compile_pattern(r"\bbut\s+not\s+(?:be\s+)?(?:limited|restricted)\s+to\b")
_NOT_LIMITED = compile_pattern(r",?\s+(?:be\s+)?(?:limited|restricted)\s+to\b")


# "X, but not Y, ...", "X (not Y) ...": a negation that leaves one noun phrase out of what the
# sentence speaks of, closed by a comma or a bracket before the verb
_CARVE_OUT = compile_pattern(r"(?:\bbut|,|\band|\()\s*$")
_LEFT_OUT = compile_pattern(
    r"\s*(?!to\b|be\b)(?:[\w'-]+\s+){0,4}?[\w'-]+\s*[,)]"
)  # (a noun phrase)


def negated_before(m: str, pos: int, v: Vocab) -> bool:
    """A negation governs the verb at `pos` (within the same clause, before it)."""
    window_start = max(0, pos - 260)
    for neg in v._NEG.finditer(m, window_start, pos):
        between = m[neg.end() : pos]
        if "limited" in between or "restricted" in between:
            between = _BUT_NOT_LIMITED.sub(" ", between)  # "including but not limited to"
        if re.search(r"[;；]|\bbut\b|\bexcept\b|但|除", between):  # (但: but, 除: except)
            continue
        if v._NEG_IGNORE.search(m[max(0, neg.start() - 25) : neg.start()]):
            continue
        if _NOT_LIMITED.match(m, neg.end()):
            continue  # "including but not limited to": a list, not a refusal
        if _CARVE_OUT.search(m, max(0, neg.start() - 6), neg.start()) and _LEFT_OUT.match(between):
            continue  # "public posts, but not private messages, to train": data left out
        return True
    if CJK.search(m):  # Japanese, Korean: the negation ends the sentence
        return bool(_NEG_AFTER_JA.search(m, pos))
    return bool(v._NEG_AFTER_VERB.match(m, pos))  # German, Dutch: after the verb and object


# "you may ask us not to use ...", "tell us at any time that you do not want ...", "you can
# request that we not use ...": the user's request to the service (its negation is the user's,
# not a refusal by the service)
USER_ASKS_NOT = compile_pattern(  # ("customers may notify the company that they do not want")
    r"\b(?:you|users?|customers?|members?) (?:\w+ ){0,6}?(?:tell|ask|request|instruct|notify"
    r"|inform|direct|let) (?:us|the (?:company|provider|service|platform|operator))\b(?: know)?"
    r"[^.;]{0,40}?(?:\bnot to\b|\bthat (?:you|we|they) (?:do not|don't|no longer|not|stop)\b"
    r"|\bto (?:stop|cease|exclude|not)\b)"
    r"|\byou (?:\w+ ){0,6}?(?:request|ask|demand|instruct|require)s? that we (?:do not|don't|not"
    r"|stop|cease|no longer)\b"
    # "you can choose not to allow this": the user's choice (an opt-out), not a ban
    r"|\byou (?:can|may|are free to) (?:\w+ )?(?:choose|decide|elect) not to\b"
    # "should you wish your data to be left out of the datasets ..., write to us": the same
    r"|\b(?:if|should) you (?:wish|want|would (?:like|prefer)|prefer)\b[^.;]{0,60}?\b(?:be )?"
    r"(?:left|kept) out of\b"
)
# "In uw instellingen kunt u aangeven dat uw foto's niet ... gebruikt", "Sie können festlegen,
# dass ... nicht", "vous pouvez indiquer que ... ne", "puede indicar que ... no": the negation is
# the user's choice (an opt-out), not the service's refusal; read up to that negation
_USER_CHOOSES_NOT = compile_pattern(
    r"\b(?:kunt|kan) (?:u|je) (?:\w+ ){0,4}?(?:aangeven|kiezen|instellen|bepalen|laten weten)"
    r" dat\b[^.;]{0,100}?\b(?:niet|geen)\b"
    r"|\bk[öo]nnen sie (?:\w+ ){0,4}?(?:festlegen|w[äa]hlen|angeben|einstellen|bestimmen),? dass\b"
    r"[^.;]{0,100}?\b(?:nicht|keine?)\b"
    r"|\bvous pouvez (?:\w+ ){0,4}?(?:indiquer|choisir|demander|pr[ée]ciser) (?:que|qu')"
    r"[^.;]{0,100}?(?:\bne\b|\bn')"
    r"|\bpuedes? (?:\w+ ){0,4}?(?:indicar|elegir|solicitar|especificar) que\b[^.;]{0,100}?\bno\b"
)
_CHOICE_WORDS = (" dat ", " dass", " que", " qu'")
_ASK_WORDS = (" us", "that we", " the ", "not to", "out of")


def user_asks_not(m: str) -> re.Match[str] | None:
    """Where the user asks the service not to use the content, or chooses that it not be used,
    if so: that negation is the user's (an opt-out), not the service's refusal."""
    asks = USER_ASKS_NOT.search(m) if any(map(m.__contains__, _ASK_WORDS)) else None
    if asks is None and any(map(m.__contains__, _CHOICE_WORDS)):
        asks = _USER_CHOOSES_NOT.search(m)
    return asks
