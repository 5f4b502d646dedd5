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

from bot.domain.gate import Prefilter
from bot.domain.headings import AI_HEADING, USERS_DATA_NAMED, named_by_heading
from bot.domain.lead_ins import (
    BACK_REFERENCE,
    BAN_HEADING,
    SUBJECT,
    is_exception_lead_in,
    is_lead_in,
    is_purpose_lead_in,
    is_refusal_lead_in,
)
from bot.domain.lexicon import TRAINING_PURPOSE
from bot.domain.models import Aspect
from bot.domain.normalize import (
    ENUM,
    LIST_ITEM,
    SPACE_NEEDLES,
    blocks,
    line_blocks,
    looks_like_item,
    normalize_block,
    split_block,
    split_sentences,
)
from bot.domain.pattern_code import compile_pattern
from bot.domain.regex_guard import compile_guarded
from bot.domain.sentence import LICENSED, UNCLEAR, Clause, analyse

__all__ = [
    "LICENSED",
    "UNCLEAR",
    "Clause",
    "clauses_if_ai",
    "find_ai_clauses",
    "match_form",
    "split_sentences",
]

log = logging.getLogger(__name__)

# (behind the test for its literal words: most sentences have none, bot.domain.regex_guard)
_TRAINING_PURPOSE = compile_guarded(TRAINING_PURPOSE, re.I)


# "Answer:" (or "A:") between an FAQ's question and its answer: a label, not the answer
_ANSWER_LABEL = compile_pattern(
    r"^(?:#+\s*)?(?:answer|a|r[ée]ponse|antwort|respuesta)\s*:\s*\w{0,3}$", re.I
)


MAX_ANALYSED = 3000  # sentences mentioning AI; real terms have a few dozen
# How many blocks after a lead-in ("You may not:"), a heading of bans, a purposes lead-in or a
# refusal's exceptions may still be its list items. A block's reading depends on the blocks
# before it only through these counters (each set to this, then counting down, or reset; a block
# without AI leaves the exceptions' one alone) and on the block just before it. So after
# _LIST_REACH blocks that mention no AI the counters are what those blocks alone make them,
# whatever came before: the finder reads only the last _CONTEXT_BLOCKS of a longer run.
_LIST_REACH = 30
_CONTEXT_BLOCKS = _LIST_REACH + 1
# every kind of lead-in needs BASE._LEAD_IN to match, which needs one of these: tested first
_LEAD_IN_NEEDS = (":", "the following", "as follows")
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
_ITEM_END = compile_pattern(r"[,;:]\s*\w+$")  # "...; or": the end of a list item
_COMPOUND_TAIL = compile_pattern(
    r"^(?:learning|intelligence|models?|networks?|artificielle|automatique|g[ée]n[ée]rati\w*"
    r"|training|d'intelligence|d'apprentissage)\b",
    re.I,
)
_CARRIES_ON = compile_pattern(r"^[a-zà-ÿ]")
# "... to train AI models\n\nunless you opt in.": a clause that cannot start a sentence
_CONJUNCTION = compile_pattern(r"^(?:unless|except|including|excluding|without|whereas|nor)\b")
_WRAPPED = compile_pattern(r"^[A-Za-zÀ-ÿ(]")
_STOPS = frozenset(".!?:;。")
_CJK_STOP = compile_pattern(r"(?<=。)(?=\S)")


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


def _line_blocks(text: str) -> tuple[list[tuple[str, int]], list[str]]:
    """`blocks(text)`, each with the index of the line of `text` (split at "\\n\\n") it is
    (-1: not a whole line), and those lines. Normalised text has one block per line, lines
    apart by one blank line: most lines are their own block, without `blocks`' line walk."""
    lines = text.split("\n\n")
    if "\r" in text or "<" in text or text.count("\n") != 2 * (len(lines) - 1):
        return [(b, -1) for b in blocks(text)], lines  # not one line per block: the long way
    out: list[tuple[str, int]] = []
    # With none of these anywhere, no line has spaces to collapse: a line starting with a letter
    # (no "a) " marker) and not ending in a space is its own block, as line_blocks would say.
    spaced = any(map(text.__contains__, SPACE_NEEDLES))
    for k, line in enumerate(lines):
        if not spaced and line[:1].isalpha() and ")" not in line[:8] and not line[-1].isspace():
            out.append((line, k))
            continue
        found = line_blocks(line)  # lines apart by a blank line are read apart
        if len(found) == 1 and found[0] == line:
            out.append((line, k))
        else:
            out.extend((b, -1) for b in found)
    return out, lines


def _joined(raw: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The blocks with the ones an extraction split mid-sentence joined (-1: joined)."""
    out: list[tuple[str, int]] = []
    wrapped = _hard_wrapped([b for b, _ in raw])
    for block, line in raw:
        if out and out[-1][0][-1:] not in _STOPS and _continues(out[-1][0], block, wrapped):
            out[-1] = (out[-1][0] + " " + block, -1)
        else:
            out.append((block, line))
    return out


def _selection(text: str, maybe_ai: Prefilter) -> list[tuple[str, str, bool]]:
    """(block, block.lower(), maybe_ai(block, block.lower())) for each of `_joined_blocks(text)`:
    a block that is a whole line of the text takes both from the line's, found at once."""
    raw, lines = _line_blocks(text)
    hits = maybe_ai.line_hits(lines)
    out: list[tuple[str, str, bool]] = []
    for block, line in _joined(raw):
        if hits and line >= 0:
            out.append((block, hits[1][line], hits[0][line]))
        else:
            lower = block.lower()
            out.append((block, lower, maybe_ai(block, lower)))
    return out


def _joined_blocks(text: str) -> list[str]:
    return [b for b, _ in _joined(_line_blocks(text)[0])]


def _sentences(block: str) -> list[str]:
    parts = split_block(block)
    if "。" not in block:
        return parts
    return [p for s in parts for p in _CJK_STOP.split(s) if p.strip()]


def match_form(sentence: str) -> str:
    """The text patterns are matched against: markup gone, plain quotes (case kept)."""
    return normalize_block(sentence)


def clauses_if_ai(text: str) -> list[Clause]:
    """`find_ai_clauses(text) if mentions_ai(text) else []` (bot.domain.prefilter), with the
    text lowered and scanned for the gate words once for both."""
    maybe_ai = Prefilter(text)
    if not maybe_ai.words and not maybe_ai.short:
        # no gate word and no capital short form: no block can pass the finder's gate, whatever
        # mentions_ai says of a lower-case "ai" (the finder would find nothing)
        return []
    return _find(text, maybe_ai) if maybe_ai.mentions_ai() else []


def find_ai_clauses(text: str) -> list[Clause]:
    """Every sentence of `text` that says something about training AI on content.

    A sentence can yield two clauses (one per aspect) with the same quote. A list item inherits
    the prohibition of a lead-in ("You may not:"), and a fragment that starts in lower case
    (the rest of a list) is read together with the sentence before it."""
    return _find(text, Prefilter(text))


def _find(text: str, maybe_ai: Prefilter) -> list[Clause]:
    out: list[Clause] = []
    lead_in = 0  # blocks left that may still be items of a prohibiting lead-in
    exceptions = 0  # blocks left that may still be the listed exceptions of a refusal
    banned = 0  # blocks left that may still be items under a heading of bans
    # blocks left that may still be items of a lead-in read before them (_read_before_items):
    # the service's purposes for users' data, or its refusal ("We will never:")
    items = 0
    items_lead = ""  # that lead-in (its last sentence)
    items_always = False  # read before every item (a refusal), or before one that says nothing
    position = 0
    previous = ""  # normalised last sentence of the previous block (its reading context)
    previous_raw = ""  # or the raw block it comes from, normalised only when needed
    analysed = 0
    heading = ""  # the previous block, when it was a heading naming AI training
    selected = _selection(text, maybe_ai)
    joined = [b for b, _, _ in selected]
    next_ai = _next_ai([ai for _, _, ai in selected])
    skip_until = 0
    for k, (block, lower, ai) in enumerate(selected):
        if k < skip_until:
            continue
        if banned and (len(block) > 300 or block.startswith("#") or SUBJECT.match(lower)):
            banned = 0  # the list under the heading has ended
        elif banned:
            banned -= 1
        if not ai:
            # nothing about AI here: only keep the context that later blocks may need
            position += 1
            if heading and analysed < MAX_ANALYSED:
                # "## AI training\n\nYour content may be used for this purpose.": the purpose
                # the sentence refers back to is the heading's
                lead = _sentences(block)[:1]
                form = match_form(lead[0][:600]) if lead else ""
                back = BACK_REFERENCE.search(form.lower())
                named = named_by_heading(heading, form)
                if (back or named) and USERS_DATA_NAMED.search(form):
                    analysed += 1  # (read with the heading in place of "this purpose")
                    context = named or form[: back.start()] + heading + form[back.end() :]
                    quote = lead[0][:_MAX_SENTENCE]
                    out.extend(analyse(quote, context, lead_in + banned > 0, position, ""))
                heading = ""
            if lead_in and not (LIST_ITEM.match(block) or looks_like_item([lower])):
                lead_in = 0
            tail = lower[-48:].rstrip()
            if len(block) < 80 and BAN_HEADING.match(lower):  # "## Prohibited activities"
                banned = _LIST_REACH
            if items and not (LIST_ITEM.match(block) or looks_like_item([lower])):
                items = 0
            elif items:
                items -= 1
            last_form = ""  # its last sentence, when it may be a lead-in
            if tail.endswith(":") or "following" in tail or "as follows" in tail:
                last_form = normalize_block(split_block(block)[-1])
            if last_form and is_lead_in(last_form.lower()):
                lead_in = _LIST_REACH
            elif lead_in:
                lead_in -= 1
            always = _read_before_items(last_form.lower()) if last_form else None
            if always is not None:
                items, items_lead, items_always = _LIST_REACH, last_form, always
            previous, previous_raw = "", block
            upcoming = next_ai[k + 1]
            if upcoming == len(selected):
                break  # no block after this one mentions AI: nothing more to find
            if upcoming - (k + 1) > _CONTEXT_BLOCKS:
                # a long run of blocks without AI: only its last _CONTEXT_BLOCKS can still
                # matter (see _LIST_REACH), read from a clean state; the rest only count
                skip_until = upcoming - _CONTEXT_BLOCKS
                position += skip_until - (k + 1)
                lead_in = banned = items = 0
            continue
        sentences = _sentences(block)[: MAX_ANALYSED * 2]
        forms = [match_form(s) for s in sentences]
        if (lead_in or exceptions or items) and not (
            LIST_ITEM.match(block) or looks_like_item(forms)
        ):
            lead_in = exceptions = items = 0
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
                after = (
                    k + 2 if k + 2 < len(joined) and _ANSWER_LABEL.match(joined[k + 1]) else k + 1
                )
                following = split_block(joined[after])[:1] if after < len(joined) else []
                nxt = match_form(following[0][:600]).lower() if following else ""
            quote = sentence[:_MAX_SENTENCE]
            cased = (heading and not i and named_by_heading(heading, form)) or form
            if ENUM.sub("", form, count=1)[:1].islower():
                if not previous and previous_raw:
                    tail = split_block(previous_raw)
                    previous = match_form(tail[-1]) if tail else ""
                if previous:
                    cased = previous[-1500:] + " " + form
            if items and items_always and not i:  # an item of "We will never:", read after it
                cased = f"{items_lead[-600:]} {ENUM.sub('', form, count=1)}"
            found = []
            if analysed < MAX_ANALYSED and maybe_ai(cased, cased.lower()):
                analysed += 1
                found = analyse(quote, cased[:_MAX_SENTENCE], lead_in + banned > 0, position, nxt)
                if not found and items and not items_always:
                    # an item of "We use your information for the following purposes:" that
                    # says nothing on its own: read after the lead-in, which names the data
                    context = f"{items_lead[-600:]} {form}"[:_MAX_SENTENCE]
                    found = analyse(quote, context, lead_in + banned > 0, position, nxt)
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
        heading = ""
        if len(forms) == 1 and len(out) == first and len(last) < 80 and AI_HEADING.search(last):
            heading = forms[0].rstrip(" :")
        may_lead = any(map(last.__contains__, _LEAD_IN_NEEDS))
        if may_lead and is_lead_in(last):
            lead_in = _LIST_REACH
        elif lead_in:
            lead_in -= 1
        always = _read_before_items(last) if may_lead else None
        if always is not None:
            items, items_lead, items_always = _LIST_REACH, forms[-1], always
        elif items:
            items -= 1
        if may_lead and is_exception_lead_in(last):
            exceptions = _LIST_REACH
        elif exceptions:
            exceptions -= 1
    return out


def _read_before_items(lower_form: str) -> bool | None:
    """A lead-in whose list items are read after it: True for the service's refusal ("We will
    never:"), read before every item; False for the service's purposes for users' data ("We use
    your information for the following purposes:"), read before an item that says nothing on its
    own; None for any other sentence."""
    if is_refusal_lead_in(lower_form):
        return True
    if is_purpose_lead_in(lower_form):
        return False
    return None


def _next_ai(ai: list[bool]) -> list[int]:
    """For each index (and one past the end), the index of the first block from there on that
    mentions AI (len(ai) when none does)."""
    out = [len(ai)] * (len(ai) + 1)
    for k in range(len(ai) - 1, -1, -1):
        out[k] = k if ai[k] else out[k + 1]
    return out


def _as_exception(clause: Clause) -> Clause:
    if clause.aspect is not Aspect.PLATFORM or clause.reading not in ("yes", "opt_out"):
        return clause
    return replace(clause, reading="opt_in", signals=(*clause.signals, "listed_exception"))
