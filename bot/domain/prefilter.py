"""A whole-document pre-filter in front of the clause finder: no AI vocabulary, no clause.

The finder (`bot.domain.clauses.find_ai_clauses`) looks at a block only when the block contains
one of the finder's own gate words (`ai_terms._PREFILTER_WORDS`) or short forms
(`ai_terms._PREFILTER_SHORT`). Every block is a piece of the normalised text with whitespace
collapsed, so a document whose normalised text contains none of them has no block the finder
would read: its verdict is the empty one. One pass over the whole text decides that, instead of
one per block. The vocabulary is the finder's, imported, so it follows the detector's changes.
"""

from __future__ import annotations

from bot.domain.ai_terms import _PREFILTER_SHORT, _PREFILTER_WORDS, gated_words
from bot.domain.clauses import clauses_if_ai
from bot.domain.models import Verdict
from bot.domain.normalize import normalize_text
from bot.domain.verdict import verdict_from_clauses


def mentions_ai(text: str) -> bool:
    """True when the text contains any word the clause finder's gate looks for."""
    lower = text.lower()
    return (
        any(map(lower.__contains__, _PREFILTER_WORDS))
        or bool(_PREFILTER_SHORT.search(lower))
        or any(map(lower.__contains__, gated_words(lower)))
    )


def classify_normalized(normalized: str) -> Verdict:
    """`bot.domain.verdict.classify` for a text already passed through `normalize_text`
    (normalisation is idempotent, so the result is the same), skipping the finder when the
    text has no AI vocabulary at all (`clauses_if_ai`: `mentions_ai`, then the finder)."""
    return verdict_from_clauses(clauses_if_ai(normalized))


def classify_fast(text: str) -> Verdict:
    """Same verdict as `classify(text)`."""
    return classify_normalized(normalize_text(text))
