"""Parts of one sentence joined by ", and", "; " or ", but": which part a training mention is
in, and whether others are named only in another part. Used by bot.domain.sentence_facts
and bot.domain.sentence."""

from __future__ import annotations

import re

from bot.domain.pattern_code import compile_pattern

_BREAK = compile_pattern(r";\s*|,\s*(?:and|but|while|whereas)\s+")
# a part whose subject is the user's data and whose verb is a passive use ("your data is never
# used as AI training input", "and the content you share will not be used to train ...")
_DATA_USED = compile_pattern(
    r"(?:your|the|our|all|any|such)\b[^,;]{0,60}?\b(?:is|are|will be|won't be|will not be"
    r"|will never be|is not|are not|is never|are never|may be|can be|might be|could be)\b"
    r"[^,;]{0,20}?\b(?:used|trained on|fed)\b"
)


def others_only_elsewhere(m: str, at: int, others: re.Pattern[str]) -> bool:
    """Whether `others` (third parties) are named in `m` only outside the part that holds the
    training mention at `at`, and that part is a passive use of the user's data: "Your data is
    not shared with third parties, and your data is never used to train AI models" (the second
    part is the service's own statement; the first is about sharing)."""
    breaks = list(_BREAK.finditer(m))
    if not breaks:
        return False
    begin = max((b.end() for b in breaks if b.end() <= at), default=0)
    end = min((b.start() for b in breaks if b.start() >= at), default=len(m))
    part = m[begin:end]
    named_outside = bool(others.search(m[:begin]) or others.search(m[end:]))
    return named_outside and not others.search(part) and bool(_DATA_USED.match(part))
