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

from bot.domain.ai_terms import (
    _AI,
    _AI_CASED,
    _AI_PRODUCT,
    _AI_THEN_TRAIN,
    _COMPANY_SUBJECT,
    _CONSENT_NEG,
    _CONSENT_POS,
    _DATA_NOUN,
    _DEFINITION,
    _GENERATIVE,
    _INSTRUMENT,
    _LEAD_IN,
    _LEAD_PROHIBIT,
    _LICENSED,
    _NEG,
    _NEG_IGNORE,
    _NOT_COMPANY,
    _OPT_OUT,
    _OWN_USE_NEG,
    _PERMIT_NEG,
    _PLATFORM_ACTOR,
    _PREFILTER_SHORT,
    _PREFILTER_WORDS,
    _PROHIBIT,
    _PRONOUN_SUBJECT,
    _PUBLIC,
    _SETTINGS,
    _STRONG_THIRD,
    _TAGGED,
    _TDM,
    _THIRD_ACTOR,
    _THIRD_AGENT,
    _TRAIN_MODELS,
    _TRAIN_VERB,
    _USE_CONTENT,
    _USER_ACTOR,
)
from bot.domain.models import Aspect
from bot.domain.normalize import (
    ENUM,
    LIST_ITEM,
    blocks,
    looks_like_item,
    normalize_block,
    split_block,
    split_sentences,
)

__all__ = ["LICENSED", "UNCLEAR", "Clause", "find_ai_clauses", "match_form", "split_sentences"]

log = logging.getLogger(__name__)

# Per-clause readings. Platform: the PlatformTraining values; third party: ThirdPartyTraining
# values; plus two readings that carry no verdict of their own.
LICENSED = "licensed"  # about content licensed from rights holders, not users' own uploads
UNCLEAR = "unclear"


def _maybe_ai(lower: str) -> bool:
    """Cheap test before the real analysis (plain substring search is far faster than regex)."""
    return any(w in lower for w in _PREFILTER_WORDS) or bool(_PREFILTER_SHORT.search(lower))


MAX_ANALYSED = 3000  # sentences mentioning AI; real terms have a few dozen
_MAX_SENTENCE = 3000  # characters; longer run-ons are cut at ; or , for quoting


@dataclass(frozen=True)
class Clause:
    """One sentence about AI and content, quoted exactly as in the source text."""

    quote: str
    aspect: Aspect
    signals: tuple[str, ...] = ()
    reading: str = ""  # yes/no/opt_in/opt_out/unclear | prohibited/allowed/... | licensed
    position: int = 0  # index of the sentence in the document


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
        if re.search(r"[;]|\bbut\b|\bexcept\b", between):
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
    has_data = bool(_DATA_NOUN.search(m))
    for verb in _TRAIN_VERB.finditer(m):
        weak = not verb.group(0).lower().startswith(("train", "entra", "fine", "ingest"))
        for a in ai_positions:
            if not 0 <= a - verb.end() <= 110 or _INSTRUMENT.search(m, verb.end(), a):
                continue
            if weak and not has_data and _AI_PRODUCT.match(m, a):
                continue  # "we are developing new AI features": a product, not training
            return verb.start()
    return -1


def _analyse(orig: str, cased: str, lead_in: bool, position: int, next_match: str) -> list[Clause]:
    """Readings of one sentence: `orig` as quoted, `cased` its normalised form."""
    m = cased.lower()
    if len(m.split()) <= 10 and not re.search(r"[.!?;:]\W*$", m):
        return []  # a heading or label, not a statement
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
    related = train_at >= 0 or ai_use
    opt_out = bool(_OPT_OUT.search(m) or (related and _OPT_OUT.search(next_match)))
    if (
        not opt_out
        and not consent_pos
        and (_SETTINGS.search(m) or (related and _SETTINGS.search(next_match)))
    ):
        opt_out = True
    if opt_out:
        signals.append("opt_out")
    if consent_neg or consent_pos:
        signals.append("consent")
    user_actor = bool(_USER_ACTOR.search(m)) or lead_in
    third = user_actor or has_tdm or bool(_THIRD_ACTOR.search(m) or _STRONG_THIRD.search(m))
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
    if platform_clause and _PERMIT_NEG.search(m) and not _OWN_USE_NEG.search(m):
        platform_clause = False  # "does not permit the use of content to train": others' use
        third = True
    restriction = bool(_PROHIBIT.search(m, 0, train_at)) or (prohibition and not platform_actor)
    if platform_clause and restriction and not negated and not opt_out:
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
            or bool(_PERMIT_NEG.search(m))
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
    analysed = 0
    for block in blocks(text):
        lower = block.lower()
        if not _maybe_ai(lower):
            # nothing about AI here: only keep the context that later blocks may need
            position += 1
            if lead_in and not (LIST_ITEM.match(block) or looks_like_item([lower])):
                lead_in = 0
            if lower.rstrip().endswith(":") and _is_lead_in(normalize_block(block).lower()):
                lead_in = 30
            elif lead_in:
                lead_in -= 1
            previous, previous_raw = "", block
            continue
        sentences = split_block(block)[: MAX_ANALYSED * 2]
        forms = [match_form(s) for s in sentences]
        if lead_in and not (LIST_ITEM.match(block) or looks_like_item(forms)):
            lead_in = 0
        for i, (sentence, form) in enumerate(zip(sentences, forms, strict=True)):
            position += 1
            nxt = forms[i + 1].lower() if i + 1 < len(forms) else ""
            quote = sentence[:_MAX_SENTENCE]
            cased = form
            if ENUM.sub("", form, count=1)[:1].islower():
                if not previous and previous_raw:
                    tail = split_block(previous_raw)
                    previous = match_form(tail[-1]) if tail else ""
                if previous:
                    cased = previous[-1500:] + " " + form
            if analysed < MAX_ANALYSED and _maybe_ai(cased.lower()):
                analysed += 1
                out.extend(_analyse(quote, cased[:_MAX_SENTENCE], lead_in > 0, position, nxt))
            previous, previous_raw = cased, ""
        if analysed >= MAX_ANALYSED:
            log.warning("stopped after %d sentences about AI; the text looks abnormal", analysed)
            break
        last = forms[-1].lower() if forms else ""
        if _is_lead_in(last):
            lead_in = 30
        elif lead_in:
            lead_in -= 1
    return out
