"""The operator's review of low-confidence changes: list what is held, confirm or discard it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.domain.models import PolicyEvent, ReviewState
from bot.domain.timeutil import iso
from bot.services.errors import UserFacingError
from bot.services.metrics import Metrics
from bot.services.ports import Clock, ReviewStore

log = logging.getLogger(__name__)


class NotHeld(UserFacingError):
    """The event is not waiting for review (unknown id, or already confirmed or discarded)."""

    def __init__(self, event_id: int) -> None:
        super().__init__(f"event {event_id} is not waiting for review")
        self.event_id = event_id


class ReviewService:
    def __init__(
        self,
        store: ReviewStore,
        clock: Clock,
        metrics: Metrics,
        on_release: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.on_release = on_release  # wakes the fan-out once confirmed rows are due
        self._listeners: list[Callable[[], None]] = []

    def on_held(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever new events may be waiting (a review prompt poster)."""
        self._listeners.append(listener)

    def held_changed(self) -> None:
        for listener in self._listeners:
            listener()

    async def pending(self, limit: int = 50) -> list[PolicyEvent]:
        return await self.store.held_events(limit)

    async def confirm(self, event_id: int, by: str) -> PolicyEvent:
        return await self._resolve(event_id, ReviewState.CONFIRMED, by)

    async def discard(self, event_id: int, by: str) -> PolicyEvent:
        return await self._resolve(event_id, ReviewState.DISCARDED, by)

    async def _resolve(self, event_id: int, decision: ReviewState, by: str) -> PolicyEvent:
        event = await self.store.resolve_review(event_id, decision, iso(self.clock.now()), by)
        if event is None:
            raise NotHeld(event_id)
        log.info("event %d %s by %s", event_id, decision.value, by)
        self.metrics.inc("termswatch_reviews_total", {"decision": decision.value})
        if decision is ReviewState.CONFIRMED and self.on_release:
            self.on_release()
        return event
