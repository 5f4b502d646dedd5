"""Recognising one real change reported twice: once by the page watcher, once by a change feed."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from bot.domain.models import EventSource, PolicyEvent
from bot.domain.normalize import split_sentences
from bot.domain.timeutil import parse_iso

LIVE_SOURCES = (EventSource.WATCH, EventSource.FEED)
SAME_CHANGE_WINDOW = timedelta(days=30)
MAX_SENTENCE_PRINTS = 1000
# Share of all the sentences either report changed that both report. Page and feed extractions of
# one edit share 0.61-0.83 on the SoundCloud corpus; a follow-up edit shares 0.07 with the first.
SAME_SENTENCES_SHARE = 0.5
_NOT_WORD = re.compile(r"[\W_]+")


def clause_key(quote: str) -> str:
    """Two extractions of one sentence differ in markup and punctuation, not in words."""
    return _NOT_WORD.sub(" ", quote.casefold()).strip()


def _prints(keys: set[str]) -> set[str]:
    return {hashlib.blake2b(key.encode(), digest_size=6).hexdigest() for key in keys if key}


def _sentence_keys(units: set[str]) -> set[str]:
    return {clause_key(sentence) for unit in units for sentence in split_sentences(unit)}


def changed_sentence_prints(old_normalized: str, new_normalized: str) -> tuple[str, ...]:
    """Fingerprints of the sentences only one of two normalised versions has, sorted (the
    first MAX_SENTENCE_PRINTS of them), so two extractions of one edit give the same prints.

    Only the blocks one version has are split into sentences: a normalised text is its blocks
    joined by blank lines, `split_sentences` reads each block on its own, and a sentence of a
    block both versions have is in both sets. (A text with `<` is read whole: a tag the block
    splitter breaks on could span a blank line.)"""
    if "<" in old_normalized or "<" in new_normalized:
        old_keys = _sentence_keys({old_normalized})
        new_keys = _sentence_keys({new_normalized})
        return tuple(sorted(_prints(old_keys) ^ _prints(new_keys))[:MAX_SENTENCE_PRINTS])
    old_units = set(old_normalized.split("\n\n"))
    new_units = set(new_normalized.split("\n\n"))
    common = old_units & new_units
    candidates = _sentence_keys(old_units - common) ^ _sentence_keys(new_units - common)
    # A candidate may still be a sentence of a shared block (a sentence said twice): it is in
    # both versions then. Its key is part of that block's key (and of the key of all shared
    # blocks joined), so only blocks whose key holds it are split.
    shared: set[str] = set()
    if candidates:
        everywhere = clause_key("\n".join(common))
        unit_keys: dict[str, str] = {}
        for key in candidates:
            if key not in everywhere:
                continue
            for unit in common:
                unit_key = unit_keys.get(unit)
                if unit_key is None:
                    unit_key = unit_keys[unit] = clause_key(unit)
                if key in unit_key and key in _sentence_keys({unit}):
                    shared.add(key)
                    break
    return tuple(sorted(_prints(candidates - shared))[:MAX_SENTENCE_PRINTS])


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
