"""What the AI-clause vocabulary is made of: a pattern's text and flags (`Source`), built by
`pattern`, which drops the other languages' alternatives a stand-in lexicon left out (`GONE`).
Compiled on first use by bot.domain.ai_terms.Vocab.
"""

from __future__ import annotations

import re
from typing import NamedTuple

CASELESS = int(re.IGNORECASE)
GONE = "\ue000"  # marks a left-out alternative; removed before compiling


class Source(NamedTuple):
    """A pattern's text and flags, compiled by `ai_terms.Vocab` on first use."""

    source: str
    flags: int


def pattern(source: str, flags: int = 0) -> Source:
    """The pattern to compile, with the left-out alternatives removed (an alternative that
    never matches still costs a test at every position)."""
    return Source(source.replace("|" + GONE, "").replace(GONE + "|", ""), int(flags))
