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
