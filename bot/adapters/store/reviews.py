"""Held events: the operator's review queue, and releasing or discarding their outbox rows."""

from __future__ import annotations

import logging

from bot.adapters.store.events import event_from_row
from bot.adapters.store.sql import Engine
from bot.domain.models import DeliveryStatus, PolicyEvent, ReviewState

log = logging.getLogger(__name__)


class ReviewRepository:
    database: Engine

    async def held_events(self, limit: int = 50) -> list[PolicyEvent]:
        """Events waiting for the operator, oldest first."""
        rows = await self.database.sql.fetchall(
            "SELECT * FROM events WHERE review = ? ORDER BY id LIMIT ?",
            (ReviewState.HELD.value, limit),
        )
        return [event_from_row(row) for row in rows]

    async def unprompted_held_events(self, limit: int = 20) -> list[PolicyEvent]:
        """Held events whose review prompt has not been posted yet."""
        rows = await self.database.sql.fetchall(
            "SELECT * FROM events WHERE review = ? AND review_prompt = '' ORDER BY id LIMIT ?",
            (ReviewState.HELD.value, limit),
        )
        return [event_from_row(row) for row in rows]

    async def mark_review_prompted(self, event_id: int, where: str) -> None:
        async with self.database.transaction() as db:
            await db.execute(
                "UPDATE events SET review_prompt = ? WHERE id = ?", (where[:200], event_id)
            )

    async def review_prompt(self, event_id: int) -> str:
        prompt = await self.database.sql.fetchval(
            "SELECT review_prompt FROM events WHERE id = ?", (event_id,)
        )
        return "" if prompt is None else str(prompt)

    async def resolve_review(
        self, event_id: int, decision: ReviewState, at: str, by: str
    ) -> PolicyEvent | None:
        """Confirm (its held rows become due now) or discard (they never go) a held event, in one
        transaction. None when the event is not held (unknown, or already decided)."""
        if decision not in (ReviewState.CONFIRMED, ReviewState.DISCARDED):
            raise ValueError(f"not a review decision: {decision!r}")
        confirmed = decision is ReviewState.CONFIRMED
        status = DeliveryStatus.PENDING if confirmed else DeliveryStatus.DISCARDED
        async with self.database.transaction() as db:
            changed = await db.execute(
                "UPDATE events SET review = ?, reviewed_at = ?, reviewed_by = ?"
                " WHERE id = ? AND review = ?",
                (decision.value, at, by[:200], event_id, ReviewState.HELD.value),
            )
            if changed == 0:
                return None
            await db.execute(
                "UPDATE deliveries SET status = ?, next_attempt_at = ? WHERE event_id = ?"
                " AND status = ?",
                (status.value, at, event_id, DeliveryStatus.HELD.value),
            )
            row = await db.fetchone("SELECT * FROM events WHERE id = ?", (event_id,))
        return event_from_row(row) if row else None
