"""Curated history: known past events stored as events, so the bot can answer on day one."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.domain.history import HistoryEntry
from bot.services.ports import EventStore

log = logging.getLogger(__name__)


class HistoryService:
    def __init__(self, store: EventStore, known_platforms: set[str]) -> None:
        self.store = store
        self.known_platforms = known_platforms

    async def load(self, entries: Sequence[HistoryEntry]) -> int:
        """Store every entry once (idempotent); entries for untracked platforms are skipped.
        History events create no outbox rows: they are background, not news."""
        stored = 0
        for entry in entries:
            event = entry.to_event()
            if event.platform_id not in self.known_platforms:
                log.warning("history entry for untracked platform %r skipped", event.platform_id)
                continue
            if await self.store.record_event(event) is not None:
                stored += 1
        if stored:
            log.info("curated history: %d new events stored", stored)
        return stored
