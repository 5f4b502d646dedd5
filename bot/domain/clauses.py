"""Finding the sentences of a terms document that speak about training AI on content.

Built from linguistic patterns, never from platform names: an AI/ML term near a training verb
(train, develop, improve, inform ...), consent / opt-in / opt-out / objection phrases,
prohibitions aimed at users, scrapers and other third parties, and negations ("will not use ...
to train"). English and French, with German, Spanish, Portuguese, Italian, Dutch and Japanese
vocabulary for the core concepts (bot.domain.lexicon).

This module walks the document (blocks, sentences, list lead-ins, sentences that an extraction
split across blank lines); bot.domain.sentence reads each sentence; bot.domain.readings says
who trains, on what, for what and with which control.

Every `Clause.quote` is a real substring of the given text once whitespace is collapsed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot.domain.ai_terms import _PREFILTER_SHORT, _PREFILTER_WORDS
from bot.domain.en_rules import (
    BACK_REFERENCE,
    BAN_HEADING,
    SUBJECT,
    is_exception_lead_in,
    is_lead_in,
)
from bot.domain.lexicon import TRAINING_PURPOSE
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
from bot.domain.sentence import LICENSED, UNCLEAR, Clause, analyse

__all__ = ["LICENSED", "UNCLEAR", "Clause", "find_ai_clauses", "match_form", "split_sentences"]

log = logging.getLogger(__name__)

_TRAINING_PURPOSE = re.compile(TRAINING_PURPOSE, re.I)


_SHORT_CASED = ("AI", "IA", "ML", "KI", "A.I", "GAI", "Ai ", "LLM")


_STEMS = ("train", "learn", "model")  # words holding one are only looked for if it occurs


class _Prefilter:
    """Cheap test before the real analysis: plain substring search is far faster than regex.

    Only the words that occur somewhere in the document are looked for block by block, and the
    short acronyms (AI, IA, ML, KI) only where they are written in capitals."""

    def __init__(self, text: str) -> None:
        lower = text.lower()
        ascii_only = lower.isascii()
        stems = {stem for stem in _STEMS if stem in lower}
        self.words = tuple(
            w
            for w in _PREFILTER_WORDS
            if (w.isascii() or not ascii_only)
            and all(stem in stems for stem in _STEMS if stem in w)
            and w in lower
        )
        self.short = any(t in text for t in _SHORT_CASED) or "a.i." in lower

    def __call__(self, block: str, lower: str) -> bool:
        if any(w in lower for w in self.words):
            return True
        return (
            self.short
            and any(t in block for t in _SHORT_CASED)
            and bool(_PREFILTER_SHORT.search(lower))
        )


MAX_ANALYSED = 3000  # sentences mentioning AI; real terms have a few dozen
_MAX_SENTENCE = 3000  # characters; longer run-ons are cut at ; or , for quoting


# A block that stops mid-sentence and a next block that carries on: an extraction put a blank
# line inside a sentence ("... to train\n\nour models."). Headings and list items are left alone.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OPEN_WORDS = _words(
    "to the our your its their and or of for with a an by on in may will not de des du la le "
    "les et ou pour nos vos zu und oder von der die das para y o del el di e per il om en van "
    "het te uw onze ihre unsere"
)
_ITEM_END = re.compile(r"[,;:]\s*\w+$")  # "...; or": the end of a list item
_COMPOUND_TAIL = re.compile(
    r"^(?:learning|intelligence|models?|networks?|artificielle|automatique|g[ée]n[ée]rati\w*"
    r"|training|d'intelligence|d'apprentissage)\b",
    re.I,
)
_CARRIES_ON = re.compile(r"^[a-zà-ÿ]")
# "... to train AI models\n\nunless you opt in.": a clause that cannot start a sentence
_CONJUNCTION = re.compile(r"^(?:unless|except|including|excluding|without|whereas|nor)\b")
_WRAPPED = re.compile(r"^[A-Za-zÀ-ÿ(]")
_STOPS = frozenset(".!?:;。")
_CJK_STOP = re.compile(r"(?<=。)(?=\S)")


def _continues(previous: str, block: str, wrapped: bool) -> bool:
    if previous[-1:] in _STOPS or previous.startswith("#") or LIST_ITEM.match(block):
        return False  # (cheapest test first: most blocks end with a full stop)
    if wrapped and len(previous) >= 60 and len(block) >= 30 and _WRAPPED.match(block):
        return previous[-1:].isalpha()  # hard-wrapped prose, one line per block
    if not _CARRIES_ON.match(block):
        return False
    if previous.startswith("|") or block.startswith("|") or len(previous.split()) < 4:
        return False
    if previous.rsplit(" ", 1)[-1].lower() in _OPEN_WORDS:
        return not _ITEM_END.search(previous[-40:])
    return previous[-1:].isalpha() and bool(
        _COMPOUND_TAIL.match(block) or _CONJUNCTION.match(block)
    )


def _hard_wrapped(raw: list[str]) -> bool:
    """Most long lines stop mid-sentence: an extraction that kept the page's line breaks."""
    long = [b for b in raw if len(b) >= 60]
    open_ended = sum(1 for b in long if b[-1:] not in _STOPS and b[-1:].isalpha())
    return len(long) >= 10 and open_ended >= 0.5 * len(long)


def _joined_blocks(text: str) -> list[str]:
    out: list[str] = []
    raw = blocks(text)
    wrapped = _hard_wrapped(raw)
    for block in raw:
        if out and _continues(out[-1], block, wrapped):
            out[-1] = out[-1] + " " + block
        else:
            out.append(block)
    return out


def _sentences(block: str) -> list[str]:
    parts = split_block(block)
    if "。" not in block:
        return parts
    return [p for s in parts for p in _CJK_STOP.split(s) if p.strip()]


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
    exceptions = 0  # blocks left that may still be the listed exceptions of a refusal
    banned = 0  # blocks left that may still be items under a heading of bans
    position = 0
    previous = ""  # normalised last sentence of the previous block (its reading context)
    previous_raw = ""  # or the raw block it comes from, normalised only when needed
    analysed = 0
    maybe_ai = _Prefilter(text)
    joined = _joined_blocks(text)
    for k, block in enumerate(joined):
        lower = block.lower()
        if banned and (len(block) > 300 or block.startswith("#") or SUBJECT.match(lower)):
            banned = 0  # the list under the heading has ended
        elif banned:
            banned -= 1
        if not maybe_ai(block, lower):
            # nothing about AI here: only keep the context that later blocks may need
            position += 1
            if lead_in and not (LIST_ITEM.match(block) or looks_like_item([lower])):
                lead_in = 0
            tail = lower[-48:].rstrip()
            if len(block) < 80 and BAN_HEADING.match(lower):  # "## Prohibited activities"
                banned = 30
            if (tail.endswith(":") or "following" in tail or "as follows" in tail) and is_lead_in(
                normalize_block(split_block(block)[-1]).lower()  # its last sentence only
            ):
                lead_in = 30
            elif lead_in:
                lead_in -= 1
            previous, previous_raw = "", block
            continue
        sentences = _sentences(block)[: MAX_ANALYSED * 2]
        forms = [match_form(s) for s in sentences]
        if (lead_in or exceptions) and not (LIST_ITEM.match(block) or looks_like_item(forms)):
            lead_in = exceptions = 0
        first = len(out)
        for i, (sentence, form) in enumerate(zip(sentences, forms, strict=True)):
            position += 1
            if i + 1 < len(forms):
                nxt = forms[i + 1].lower()
                for later in forms[i + 2 : i + 4]:  # "If you don't want ... used in this way, ..."
                    if BACK_REFERENCE.search(later.lower()):
                        nxt = nxt + " " + later.lower()
                        break
            else:  # the first sentence of the next paragraph ("If you don't want this, ...")
                following = split_block(joined[k + 1])[:1] if k + 1 < len(joined) else []
                nxt = match_form(following[0][:600]).lower() if following else ""
            quote = sentence[:_MAX_SENTENCE]
            cased = form
            if ENUM.sub("", form, count=1)[:1].islower():
                if not previous and previous_raw:
                    tail = split_block(previous_raw)
                    previous = match_form(tail[-1]) if tail else ""
                if previous:
                    cased = previous[-1500:] + " " + form
            found = []
            if analysed < MAX_ANALYSED and maybe_ai(cased, cased.lower()):
                analysed += 1
                found = analyse(quote, cased[:_MAX_SENTENCE], lead_in + banned > 0, position, nxt)
                out.extend(found)
            if (
                not found
                and i
                and analysed < MAX_ANALYSED
                and _TRAINING_PURPOSE.search(form)
                and maybe_ai(forms[i - 1], forms[i - 1].lower())
            ):
                # "This chatbot is an AI system. Your data will not be used for training
                # purposes.": the purpose is the AI's training (the AI sentence read after it)
                analysed += 1
                context = f"{form} {forms[i - 1][-600:]}"
                out.extend(analyse(quote, context, lead_in + banned > 0, position, nxt))
            previous, previous_raw = cased, ""
        if analysed >= MAX_ANALYSED:
            log.warning("stopped after %d sentences about AI; the text looks abnormal", analysed)
            break
        if exceptions:  # a case in which the refusal does not hold: training by that choice
            out[first:] = [_as_exception(c) for c in out[first:]]
        last = forms[-1].lower() if forms else ""
        if is_lead_in(last):
            lead_in = 30
        elif lead_in:
            lead_in -= 1
        if is_exception_lead_in(last):
            exceptions = 30
        elif exceptions:
            exceptions -= 1
    return out


def _as_exception(clause: Clause) -> Clause:
    if clause.aspect is not Aspect.PLATFORM or clause.reading not in ("yes", "opt_out"):
        return clause
    return replace(clause, reading="opt_in", signals=(*clause.signals, "listed_exception"))
