"""Recognising one real change reported twice: once by the page watcher, once by a change feed.

The sentence splitter (bot.domain.normalize) is imported on first use: a watch cycle in which
no page changed never loads it."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from datetime import timedelta

from bot.domain.models import EventSource, PolicyEvent
from bot.domain.pattern_code import compile_pattern
from bot.domain.timeutil import parse_iso

LIVE_SOURCES = (EventSource.WATCH, EventSource.FEED)
SAME_CHANGE_WINDOW = timedelta(days=30)
MAX_SENTENCE_PRINTS = 1000
# Share of all the sentences either report changed that both report. Page and feed extractions of
# one edit share 0.61-0.83 on the SoundCloud corpus; a follow-up edit shares 0.07 with the first.
SAME_SENTENCES_SHARE = 0.5
_NOT_WORD = compile_pattern(r"[\W_]+")
# Below this many characters of shared text per candidate, the key of all the shared text is
# computed once to rule candidates out (one pass; otherwise a search per candidate is cheaper).
_KEY_ALL_BELOW = 200
# starts of what `normalize.blocks` breaks a text at (its `_BR`), and more
_TAG_LIKE = compile_pattern(r"<\s*/?\s*(?:br|p|div|li|ul|ol|tr|h[1-6]|table)", re.I)


def clause_key(quote: str) -> str:
    """Two extractions of one sentence differ in markup and punctuation, not in words."""
    return _NOT_WORD.sub(" ", quote.casefold()).strip()


def _prints(keys: set[str]) -> set[str]:
    return {hashlib.blake2b(key.encode(), digest_size=6).hexdigest() for key in keys if key}


def _sentence_keys(units: set[str]) -> set[str]:
    return {clause_key(sentence) for unit in units for sentence in _sentences(unit)}


def _sentences(unit: str) -> list[str]:
    """`split_sentences(unit)`; a unit of one line (a normalised block) without the line walk."""
    from bot.domain.normalize import line_blocks, split_block, split_sentences

    if "\n" in unit or "\r" in unit or "<" in unit:
        return split_sentences(unit)
    return [sentence for block in line_blocks(unit) for sentence in split_block(block)]


def changed_sentence_prints(old_normalized: str, new_normalized: str) -> tuple[str, ...]:
    """Fingerprints of the sentences only one of two normalised versions has, sorted (the
    first MAX_SENTENCE_PRINTS of them), so two extractions of one edit give the same prints.

    Only the blocks one version has are split into sentences: a normalised text is its blocks
    joined by blank lines, `split_sentences` reads each block on its own, and a sentence of a
    block both versions have is in both sets. (A text with something like a tag the block
    splitter breaks on, `<br>`, `</p>` ..., is read whole: it could span a blank line.)"""
    if _TAG_LIKE.search(old_normalized) or _TAG_LIKE.search(new_normalized):
        old_keys = _sentence_keys({old_normalized})
        new_keys = _sentence_keys({new_normalized})
        return tuple(sorted(_prints(old_keys) ^ _prints(new_keys))[:MAX_SENTENCE_PRINTS])
    old_units = set(old_normalized.split("\n\n"))
    new_units = set(new_normalized.split("\n\n"))
    common = old_units & new_units
    candidates = _sentence_keys(old_units - common) ^ _sentence_keys(new_units - common)
    # A candidate may still be a sentence of a shared block (a sentence said twice): it is in
    # both versions then.
    changed = candidates - _in_shared_blocks(candidates, common)
    return tuple(sorted(_prints(changed))[:MAX_SENTENCE_PRINTS])


def _in_shared_blocks(candidates: set[str], common: set[str]) -> set[str]:
    """The candidate keys that are also the key of a sentence of a shared block.

    A key is part of its block's key, so a block is split for a key only when it may hold it:
    with few shared blocks, those whose key holds it; with many, those that hold all its words
    once case-folded (each word of a key is a piece of a run of word characters of the
    case-folded sentence, and so of its block), found by one search for its longest word over
    all of them joined, instead of computing every shared block's key."""
    if not candidates or not common:
        return set()
    units = list(common)
    folded = [unit.casefold() for unit in units]
    starts = list(itertools.accumulate((len(f) + 1 for f in folded[:-1]), initial=0))
    everywhere = "\n".join(folded)  # (no word runs across the line breaks between blocks)
    everywhere_key = (
        clause_key(everywhere) if len(everywhere) < _KEY_ALL_BELOW * len(candidates) else None
    )
    unit_keys: dict[int, str] = {}
    shared: set[str] = set()
    for key in candidates:
        if everywhere_key is not None and key not in everywhere_key:
            continue
        words = sorted(set(key.split(" ")), key=len, reverse=True)
        at = everywhere.find(words[0])
        while at >= 0:
            k = bisect.bisect_right(starts, at) - 1
            if all(word in folded[k] for word in words[1:]):
                unit_key = unit_keys.get(k)
                if unit_key is None:
                    unit_key = unit_keys[k] = clause_key(units[k])
                if key in unit_key and key in _sentence_keys({units[k]}):
                    shared.add(key)
                    break
            if k + 1 == len(units):
                break
            at = everywhere.find(words[0], starts[k + 1])
    return shared


def _same_sentences(new: tuple[str, ...], earlier: tuple[str, ...]) -> bool:
    if not new or not earlier:
        return False
    new_set, earlier_set = set(new), set(earlier)
    return len(new_set & earlier_set) >= SAME_SENTENCES_SHARE * len(new_set | earlier_set)


def reports_same_change(new: PolicyEvent, earlier: PolicyEvent) -> bool:
    """True when `earlier` (already announced, from the other live source) told the same story:
    same platform and document kind, same verdict after, and no AI clause added or removed
    beyond its; for changes that leave the AI clauses alone, mostly the same sentences changed."""
    if new.source not in LIVE_SOURCES or earlier.source not in LIVE_SOURCES:
        return False
    if new.ai_relevant != earlier.ai_relevant:
        return False
    if new.source is earlier.source:
        return False  # one source never reports one change twice: its snapshots differ
    if (new.platform_id, new.document_kind) != (earlier.platform_id, earlier.document_kind):
        return False
    if not new.change.after.same_outcome(earlier.change.after):
        return False
    seen_at = parse_iso(earlier.detected_at or earlier.occurred_at)
    now = parse_iso(new.detected_at or new.occurred_at)
    if abs(now - seen_at) > SAME_CHANGE_WINDOW:
        return False
    if not new.ai_relevant:
        return _same_sentences(new.change.changed_sentences, earlier.change.changed_sentences)
    added = {clause_key(q) for q in new.change.added}
    removed = {clause_key(q) for q in new.change.removed}
    if not added and not removed:
        return False  # a verdict-only change carries nothing to compare
    return added <= {clause_key(q) for q in earlier.change.added} and removed <= {
        clause_key(q) for q in earlier.change.removed
    }
