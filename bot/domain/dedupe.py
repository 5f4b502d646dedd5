"""Recognising one real change reported twice: once by the page watcher, once by a change feed."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.models import EventSource, PolicyEvent
from bot.domain.timeutil import parse_iso

LIVE_SOURCES = (EventSource.WATCH, EventSource.FEED)
SAME_CHANGE_WINDOW = timedelta(days=30)
_NOT_WORD = re.compile(r"[\W_]+")


def clause_key(quote: str) -> str:
    """Two extractions of one sentence differ in markup and punctuation, not in words."""
    return _NOT_WORD.sub(" ", quote.casefold()).strip()


def reports_same_change(new: PolicyEvent, earlier: PolicyEvent) -> bool:
    """True when `earlier` (already announced, from the other live source) told the same story:
    same platform and document kind, same verdict after, no clause added or removed beyond its."""
    if new.source not in LIVE_SOURCES or earlier.source not in LIVE_SOURCES:
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
    added = {clause_key(q) for q in new.change.added}
    removed = {clause_key(q) for q in new.change.removed}
    if not added and not removed:
        return False  # a verdict-only change carries nothing to compare
    return added <= {clause_key(q) for q in earlier.change.added} and removed <= {
        clause_key(q) for q in earlier.change.removed
    }
