"""Policy events and the outbox rows created with them, in the same transaction."""

from __future__ import annotations

import hashlib
import json
import logging

import aiosqlite

from bot.adapters.store.database import Database
from bot.adapters.store.state import upsert_state
from bot.domain.models import (
    ALL_PLATFORMS,
    Change,
    DeliveryStatus,
    EventSource,
    PolicyEvent,
    Verdict,
)
from bot.domain.timeutil import SystemClock, iso

log = logging.getLogger(__name__)


def event_dedup_key(event: PolicyEvent) -> str:
    change = event.change
    material = json.dumps(
        [
            event.platform_id,
            event.document_kind,
            event.url,
            event.occurred_at,
            event.source.value,
            list(change.added),
            list(change.removed),
            change.after.platform_training.value,
            change.summary,
        ]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def change_to_json(change: Change) -> str:
    return json.dumps({**change.to_dict(), "changed_sentences": list(change.changed_sentences)})


def change_from_json(text: str) -> Change:
    data = json.loads(text)
    return Change(
        ai_relevant=bool(data["ai_relevant"]),
        before=Verdict.from_dict(data["before"]),
        after=Verdict.from_dict(data["after"]),
        added=tuple(data.get("added", ())),
        removed=tuple(data.get("removed", ())),
        summary=data.get("summary", ""),
        changed_sentences=tuple(data.get("changed_sentences", ())),
        confidence=float(data.get("confidence", 1.0)),  # rows from before confidence: 1.0
    )


def event_from_row(row: aiosqlite.Row) -> PolicyEvent:
    return PolicyEvent(
        id=row["id"],
        platform_id=row["platform_id"],
        document_kind=row["document_kind"],
        url=row["url"],
        occurred_at=row["occurred_at"],
        detected_at=row["detected_at"],
        source=EventSource(row["source"]),
        title=row["title"],
        change=change_from_json(row["change_json"]),
    )


async def insert_event(
    db: aiosqlite.Connection, event: PolicyEvent, snapshot_id: int | None = None
) -> int | None:
    """Insert the event and one outbox row per subscribed target. Caller holds the transaction.
    Returns None when the same event was stored before."""
    detected = event.detected_at or iso(SystemClock().now())
    cursor = await db.execute(
        "INSERT INTO events (platform_id, document_kind, url, occurred_at, detected_at,"
        " source, ai_relevant, title, change_json, dedup_key, snapshot_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
        (
            event.platform_id,
            event.document_kind,
            event.url,
            event.occurred_at,
            detected,
            event.source.value,
            int(event.ai_relevant),
            event.title,
            change_to_json(event.change),
            event_dedup_key(event),
            snapshot_id,
        ),
    )
    if cursor.rowcount == 0:
        return None
    event_id = cursor.lastrowid
    if event.source is EventSource.HISTORY:
        return event_id  # curated history is background knowledge, not news to post
    await db.execute(
        "INSERT INTO deliveries (event_id, subscription_id, medium, target, status,"
        " next_attempt_at, created_at)"
        " SELECT ?, MIN(id), medium, target, ?, ?, ? FROM subscriptions"
        " WHERE active = 1 AND platform_id IN (?, ?) AND (only_ai_changes = 0 OR ?)"
        " GROUP BY medium, target ON CONFLICT (event_id, medium, target) DO NOTHING",
        (
            event_id,
            DeliveryStatus.PENDING.value,
            detected,
            detected,
            event.platform_id,
            ALL_PLATFORMS,
            int(event.ai_relevant),
        ),
    )
    return event_id


class EventRepository:
    database: Database

    async def record_event(
        self, event: PolicyEvent, state: dict[str, str] | None = None
    ) -> int | None:
        async with self.database.transaction() as db:
            event_id = await insert_event(db, event)
            for key, value in (state or {}).items():
                await upsert_state(db, key, value)
        return event_id

    async def events(
        self, platform_id: str | None = None, *, ai_only: bool = False, limit: int = 100
    ) -> list[PolicyEvent]:
        clauses, args = [], []
        if platform_id is not None:
            clauses.append("platform_id = ?")
            args.append(platform_id)
        if ai_only:
            clauses.append("ai_relevant = 1")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT * FROM events {where} ORDER BY occurred_at DESC, id DESC LIMIT ?"
        async with self.database.connection.execute(query, (*args, limit)) as cursor:
            return [event_from_row(row) async for row in cursor]

    async def event(self, event_id: int) -> PolicyEvent | None:
        async with self.database.connection.execute(
            "SELECT * FROM events WHERE id = ?", (event_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return event_from_row(row) if row else None
